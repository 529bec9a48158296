"""Facts as data: responsibility and uncertain memberships, and JSON-LD that states only what the
sources state as fact, on the made-up story (the project's own facts: test_content.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from factsheets.factmodel.kinds import KINDS
from factsheets.factmodel.model import Claim
from factsheets.pipeline import Pipeline
from factsheets.site.publish import jsonld
from factsheets.wording import claim_words, hedge_words, sequence_words, value_words

from .conftest import STORY

BASE = Pipeline(STORY / "facts").check().base
SITE = "https://factsheets.example.org/"


# -- what the story's facts say ---------------------------------------------------------------------


def test_no_claim_of_responsibility_is_data_not_a_sentence():
    blasts = BASE.records["incidents/harbour-blasts"].entity
    assert [(c.value, claim_words(c)) for c in blasts.responsibility] == [
        ("none_claimed", "no group claimed responsibility, as of 3 January 2024")
    ]
    assert not [c for c in blasts.statements if "claimed responsibility" in c.value]


def test_an_adviser_served_under_a_president_and_the_president_shows_it():
    adviser = BASE.records["people/lee-tran"].entity
    assert [(c.value, c.role) for c in adviser.served_under] == [("people/ola-berg", "former adviser")]
    served_by = [r for r in BASE.incoming["people/ola-berg"] if r.field == "served_under"]
    assert [(r.subject, claim_words(r.claim, BASE.name, inverse=True)) for r in served_by] == [
        ("people/lee-tran", "Ola Berg, as former adviser")
    ]


def test_a_suspected_member_is_not_an_affiliation():
    suspect = BASE.records["people/sam-reyes"]
    [membership] = suspect.entity.member_of
    assert membership.certainty == "suspected" and not membership.is_fact and membership.stands
    assert claim_words(membership, BASE.name).startswith("Coastal Forces, suspected")
    assert "affiliation" not in jsonld(BASE, suspect, SITE)
    members = jsonld(BASE, BASE.records["organizations/coastal-forces"], SITE).get("member", [])
    assert f"{SITE}people/sam-reyes/#entity" not in [node["@id"] for node in members]


# -- JSON-LD against the claims, over every fact sheet -----------------------------------------------


def _backing(base, record, key: str) -> list[tuple[set[str], Claim]]:
    """The claims a JSON-LD property is drawn from, outgoing and incoming, each with the ways its
    value can be written: an entity's ref, a date as written or without its ~ or ?, words."""
    kind = KINDS[record.kind]
    claims = [
        ({str(claim.value), str(claim.value).rstrip("~?"), value_words(claim)}, claim)
        for field, prop in kind.jsonld.items()
        if prop.partition(":")[0] == key and isinstance(getattr(record.entity, field), list)
        for claim in getattr(record.entity, field)
        if isinstance(claim, Claim)
    ]
    claims += [
        ({item.subject}, item.claim)
        for field, prop in kind.jsonld_incoming.items()
        if prop == key
        for item in base.incoming.get(record.ref, [])
        if item.field == field
    ]
    return claims


def _stated(value: Any) -> str:
    """What one JSON-LD value states: the entity a node is, or its text or date."""
    if isinstance(value, dict) and "@id" in value:
        return value["@id"].removeprefix(SITE).removesuffix("/#entity")
    return value["name"] if isinstance(value, dict) else value


def jsonld_states_only_claims_that_are_facts(base, ref: str) -> None:
    record = base.records[ref]
    data = jsonld(base, record, SITE)
    for key, values in data.items():
        backing = _backing(base, record, key)
        if not backing:
            continue  # a plain field of the file (name, aliases, summary), not a claim
        for value in values if isinstance(values, list) else [values]:
            stated = _stated(value)
            facts = [claim for written, claim in backing if claim.is_fact and stated in written]
            assert facts, f"{ref}: JSON-LD {key} {stated!r} is not a claim its source states as fact"


@pytest.mark.parametrize("ref", sorted(BASE.records))
def test_jsonld_states_only_claims_that_are_facts(ref):
    jsonld_states_only_claims_that_are_facts(BASE, ref)


# -- the same, on facts made for it: each kind of uncertainty stays out ----------------------------


SOURCE = "id: s\nname: S\n"
FACTS = {
    "sources/s.yaml": SOURCE,
    "organizations/group.yaml": "id: group\nname: Group\n",
    "people/sure.yaml": "id: sure\nname: Sure\nmember_of:\n  - {value: organizations/group, sources: [s]}\n",
    "people/suspect.yaml": (
        "id: suspect\nname: Suspect\nmember_of:\n  - {value: organizations/group, certainty: suspected, sources: [s]}\n"
    ),
    "people/alleged.yaml": (
        "id: alleged\nname: Alleged\nmember_of:\n  - {value: organizations/group, certainty: alleged, sources: [s]}\n"
        "served_under:\n  - {value: people/sure, role: deputy, sources: [s]}\n"
    ),
    "incidents/attack.yaml": (
        "id: attack\nname: Attack\nperpetrators:\n"
        "  - {value: organizations/group, responsibility: alleged, sources: [s]}\n"
        "  - {value: people/sure, responsibility: denied, sources: [s]}\n"
        "  - {value: people/suspect, responsibility: claimed, status: disputed, sources: [s]}\n"
        "  - {value: people/sure, responsibility: claimed, named_by: organizations/group, sources: [s]}\n"
        "responsibility:\n  - {value: not_established, sources: [s]}\n"
    ),
}


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = tmp_path_factory.mktemp("facts")
    for path, text in FACTS.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    result = Pipeline(Path(root)).check()
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    return result.base


@pytest.mark.parametrize(
    "ref, key, expected",
    [
        ("people/sure", "affiliation", ["organizations/group"]),
        ("people/suspect", "affiliation", None),
        ("people/alleged", "affiliation", None),
        ("organizations/group", "member", ["people/sure"]),
        ("incidents/attack", "organizer", None),
    ],
)
def test_only_facts_reach_jsonld(made, ref, key, expected):
    value = jsonld(made, made.records[ref], SITE).get(key)
    assert ((value and [_stated(node) for node in value]) or None) == expected


def test_responsibility_reads_in_words(made):
    [claim] = made.records["incidents/attack"].entity.responsibility
    assert claim_words(claim) == "who is responsible has not been established"


@pytest.mark.parametrize(
    "ref, field, index, words",
    [
        ("incidents/attack", "perpetrators", 0, "alleged"),
        ("incidents/attack", "perpetrators", 1, "denied involvement"),
        ("incidents/attack", "perpetrators", 2, "disputed"),
        ("incidents/attack", "perpetrators", 3, "named in a claim"),
        ("incidents/attack", "responsibility", 0, ""),
        ("people/sure", "member_of", 0, ""),
        ("people/suspect", "member_of", 0, "suspected"),
        ("people/alleged", "member_of", 0, "alleged"),
        ("people/alleged", "served_under", 0, ""),
    ],
)
def test_a_claim_that_is_not_a_fact_says_so_in_a_word(made, ref, field, index, words):
    # What a picture's label adds to a relation, where no attribution or status is shown beside it.
    claim = getattr(made.records[ref].entity, field)[index]
    assert hedge_words(claim) == words
    assert bool(words) == (not claim.is_fact)


def test_a_person_named_in_a_groups_claim_is_named_by_it_never_a_perpetrator(made):
    claim = made.records["incidents/attack"].entity.perpetrators[3]
    assert claim_words(claim, made.name) == "Sure, named by Group in its claim of responsibility"
    assert sequence_words(claim, made.name, str, made.name) == "Sure, named by Group in its claim of responsibility"
    assert not claim.is_fact and "organizer" not in jsonld(made, made.records["incidents/attack"], SITE)
    [incoming] = [r for r in made.incoming["people/sure"] if r.field == "perpetrators" and r.claim.named_by]
    assert claim_words(incoming.claim, made.name, inverse=True) == claim_words(claim, made.name)
