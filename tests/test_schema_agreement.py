"""The JSON Schemas editors get and `factsheets validate` give one verdict on everything a JSON Schema
can express: dates (months, days of each month, leap years), unquoted years, the kind each reference
field takes, range shapes, text that isn't blank, whole numbers that aren't negative.

Left out, because no JSON Schema can say them: whether an id exists, at_least above at_most (two
values compared), and 89.0 (JSON has one number type: to a schema, 89.0 *is* the integer 89).
"""

from __future__ import annotations

import json

import jsonschema
import pytest
from factsheets.check.link import link
from factsheets.check.load import Document
from factsheets.check.validate import check_document
from factsheets.factmodel.kinds import KINDS
from factsheets.factmodel.schemas import SCHEMA_DIR
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

SCHEMAS = {
    kind: jsonschema.Draft202012Validator(json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")))
    for kind in KINDS
}


def _record(kind: str, id_: str):
    record, problems = check_document(Document(f"{kind}/{id_}.yaml", kind, id_, {"id": id_, "name": id_.upper()}))
    assert record is not None, problems
    return record


# Every reference the documents make points to one of these, so that existence never decides.
TARGETS = [_record(kind, id_) for kind in KINDS for id_ in ("a", "b")] + [_record("sources", "s")]


def validate_verdict(kind: str, data: dict) -> bool:
    record, problems = check_document(Document(f"{kind}/x.yaml", kind, "x", data))
    if record is None:
        return False
    _, linked = link([*TARGETS, record])
    return not [d for d in linked if d.severity == "error"]


def schema_verdict(kind: str, data: dict) -> bool:
    return SCHEMAS[kind].is_valid(data)


digits = st.sampled_from(["0000", "0400", "1900", "2000", "2019", "2023", "2024", "2100", "999", "20190"])
dates = st.one_of(
    st.builds(
        lambda y, m, d, mark, parts: "-".join([y, f"{m:02d}", f"{d:02d}"][:parts]) + mark,
        digits,
        st.integers(0, 13),
        st.integers(0, 32),
        st.sampled_from(["", "~", "?", "~?", " "]),
        st.integers(1, 3),
    ),
    st.sampled_from([2019, 999, 10000, -2019, True, None, "", "2019-1-5", "٢٠٢٤", "2024/01/03"]),
)
texts = st.sampled_from(["Commander", " a ", "", "   ", "\t", "\u3000", "\u00a0x", 5, 2.5, True, None, ["x"]])
counts = st.one_of(
    st.integers(-3, 300),
    st.sampled_from(["95", True, None, 95.5, [95]]),
    st.dictionaries(
        st.sampled_from(["at_least", "at_most", "approx", "exact"]),
        st.one_of(st.integers(-1, 300), st.none(), st.just("7")),
        max_size=3,
    ),
)
refs = st.builds(
    lambda kind, id_: f"{kind}/{id_}", st.sampled_from([*KINDS, "places", "People"]), st.sampled_from(["a", "b"])
) | st.sampled_from(["a", "people/", "people/A", "people/a-", 5])
sources = st.lists(st.sampled_from(["s", {"source": "s"}, {"source": "s", "quote": "   "}]), min_size=0, max_size=2)


def claim(value, **extra):
    return st.fixed_dictionaries({"value": value, "sources": sources}, optional=extra)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.fixed_dictionaries(
        {"id": st.just("x"), "name": texts},
        optional={
            "reviewed": dates,
            "aliases": st.lists(texts, max_size=2),
            "member_of": st.lists(claim(refs, role=texts, **{"from": dates}, until=dates, as_of=dates), max_size=2),
            "roles": st.lists(claim(texts, note=texts, according_to=texts), max_size=1),
        },
    )
)
def test_people_schema_and_validate_agree(data):
    assert schema_verdict("people", data) == validate_verdict("people", data), data


def _comparable(value) -> bool:
    """Not one of the cases a JSON Schema cannot express (see the module's docstring)."""
    if isinstance(value, float) and value.is_integer():
        return False
    if isinstance(value, dict):
        low, high = value.get("at_least"), value.get("at_most")
        if isinstance(low, int) and isinstance(high, int) and not isinstance(low, bool) and low > high:
            return False
    return True


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.fixed_dictionaries(
        {"id": st.just("x"), "name": st.just("X")},
        optional={
            "date": st.lists(claim(dates, as_of=dates), max_size=2),
            "deaths": st.lists(claim(counts, group=texts), max_size=2),
            "killed": st.lists(claim(refs), max_size=2),
            "perpetrators": st.lists(claim(refs, responsibility=st.sampled_from(["alleged", "blamed"])), max_size=1),
            "related": st.lists(claim(refs, relation=st.sampled_from(["follows", "caused"])), max_size=1),
        },
    )
)
def test_incidents_schema_and_validate_agree(data):
    for item in data.get("deaths", []):
        assume(_comparable(item["value"]))
    assert schema_verdict("incidents", data) == validate_verdict("incidents", data), data


# The probes of issue 15, each once, with the verdict both must give.
PROBES = [
    ("people", {"member_of": [{"value": "organizations/a", "from": "2019-04-31", "sources": ["s"]}]}, False),
    ("people", {"member_of": [{"value": "organizations/a", "from": "2019-13", "sources": ["s"]}]}, False),
    ("people", {"member_of": [{"value": "people/a", "sources": ["s"]}]}, False),
    ("people", {"member_of": [{"value": "organizations/a", "role": "   ", "sources": ["s"]}]}, False),
    ("people", {"member_of": [{"value": "organizations/a", "from": 2019, "sources": ["s"]}]}, True),
    ("people", {"member_of": [{"value": "organizations/a", "from": "2024-02-29", "sources": ["s"]}]}, True),
    ("people", {"member_of": [{"value": "organizations/a", "from": "2023-02-29", "sources": ["s"]}]}, False),
    ("incidents", {"killed": [{"value": "organizations/a", "sources": ["s"]}]}, False),
    ("incidents", {"deaths": [{"value": {}, "sources": ["s"]}]}, False),
    ("incidents", {"deaths": [{"value": {"approx": 5, "at_most": 9}, "sources": ["s"]}]}, False),
    ("incidents", {"deaths": [{"value": {"approx": 5, "at_most": None}, "sources": ["s"]}]}, True),
    ("incidents", {"deaths": [{"value": {"at_least": 17}, "sources": ["s"]}]}, True),
    ("incidents", {"deaths": [{"value": -1, "sources": ["s"]}]}, False),
]


@pytest.mark.parametrize("kind, data, valid", PROBES)
def test_issue_probes(kind, data, valid):
    data = {"id": "x", "name": "X", **data}
    assert (schema_verdict(kind, data), validate_verdict(kind, data)) == (valid, valid)
