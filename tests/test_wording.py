"""A claim reads the same everywhere: a table of made-up claims, each rendered through every output
(the fact sheet, the index cell, the CSV, the feed, a [[…]] reference, JSON-LD, the diff in Markdown
and JSON), each asserted to say the same words, markup aside."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from pathlib import Path
from xml.etree import ElementTree

import pytest
from factsheets.adapters.diff import fact_diff, to_json, to_markdown
from factsheets.check.references import substitute
from factsheets.factmodel.kinds import KINDS
from factsheets.pipeline import Pipeline
from factsheets.wording import claim_words, date_words, hedged

BASE_FILES = {
    "sources/wire.yaml": "id: wire\nname: Wire report\n",
    "people/jane-doe.yaml": "id: jane-doe\nname: Jane Doe\n",
    "organizations/harbour-front.yaml": "id: harbour-front\nname: Harbour Front\n",
    "organizations/ministry.yaml": "id: ministry\nname: Ministry of Ports\n",
}

# (case, kind, field, the claim in YAML (one list item), the words every output must show).
CASES = [
    ("figure", "incidents", "deaths", "{value: 95, according_to: people/jane-doe}", "95, according to Jane Doe"),
    (
        "range with group and date",
        "incidents",
        "injuries",
        "{value: {approx: 20}, group: dock workers, as_of: 2024-01-04, according_to: port officials}",
        "about 20 dock workers, according to port officials, as of 4 January 2024",
    ),
    ("place", "incidents", "location", "{value: Port Town}", "Port Town"),
    (
        "figure, allegedly",
        "incidents",
        "injuries",
        "{value: {at_least: 4}, hedge: allegedly, according_to: people/jane-doe}",
        "allegedly at least 4, according to Jane Doe",
    ),
    (
        "attributed sentence",
        "incidents",
        "statements",
        "{value: The blast was an attack., according_to: people/jane-doe}",
        "The blast was an attack. According to Jane Doe.",
    ),
    (
        "reported sentence",
        "incidents",
        "statements",
        "{value: The second blast came 20 minutes later., hedge: reportedly}",
        "Reportedly, the second blast came 20 minutes later.",
    ),
    (
        "disputed sentence",
        "incidents",
        "statements",
        "{value: The gate was open., status: disputed, according_to: organizations/ministry}",
        "The gate was open. Disputed, according to Ministry of Ports.",
    ),
    (
        "sentence naming its party",  # attribution written once: the sentence says who
        "incidents",
        "statements",
        "{value: 'The port chief, Jane Doe, said: “The gate was open.”', according_to: people/jane-doe}",
        "The port chief, Jane Doe, said: “The gate was open.”",
    ),
    (
        "sentence in straight quotes",  # escaped in HTML, still a sentence
        "incidents",
        "statements",
        """{value: 'The sign read "Keep out."', according_to: organizations/ministry}""",
        'The sign read "Keep out." According to Ministry of Ports.',
    ),
    (
        "no claim, immediately",
        "incidents",
        "responsibility",
        "{value: none_claimed, hedge: immediately}",
        "no group immediately claimed responsibility",
    ),
    (
        "claimed",
        "incidents",
        "perpetrators",
        "{value: organizations/harbour-front, responsibility: claimed, according_to: organizations/harbour-front}",
        "Harbour Front claimed responsibility",
    ),
    (
        "alleged",
        "incidents",
        "perpetrators",
        "{value: organizations/harbour-front, responsibility: alleged, according_to: people/jane-doe}",
        "Harbour Front, alleged by Jane Doe",
    ),
    (
        "suspected, no one named",
        "incidents",
        "perpetrators",
        "{value: organizations/harbour-front, responsibility: suspected}",
        "Harbour Front, suspected",
    ),
    (
        "member, with role and dates",
        "people",
        "member_of",
        "{value: organizations/ministry, role: spokesperson, from: 2020, until: 2023-05}",
        "Ministry of Ports, as spokesperson, from 2020 until May 2023",
    ),
    (
        "suspected member",
        "people",
        "member_of",
        "{value: organizations/harbour-front, certainty: suspected, according_to: organizations/ministry}",
        "Harbour Front, suspected by Ministry of Ports",
    ),
]
CLAIM_FIELDS = {"incidents": ("deaths", "injuries", "location", "statements"), "people": ()}  # [[…#field]]


def _subject(case: tuple) -> str:
    return "subject-" + str(CASES.index(case))


def _tree(root: Path, cases: list[tuple]) -> Path:
    """A fact tree with one entity per case, `subject-<n>`, holding the case's claim."""
    files = dict(BASE_FILES)
    for case in cases:
        _, kind, field, claim, _ = case
        with_sources = claim[:-1] + ", sources: [wire]}"
        files[f"{kind}/{_subject(case)}.yaml"] = (
            f"id: {_subject(case)}\nname: Subject {CASES.index(case)}\n{field}:\n  - {with_sources}\n"
        )
    for path, text in files.items():
        (root / "facts" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "facts" / path).write_text(text, encoding="utf-8")
    (root / "content").mkdir(exist_ok=True)
    return root


def _read(html: str) -> str:
    """What a reader reads: citations and notes dropped, tags dropped, whitespace folded."""
    html = re.sub(r'<sup class="fs-cite">.*?</sup>', "", html)
    html = re.sub(r'<span class="fs-note">.*?</span>', "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", re.sub(r"</?(a|span)\b[^>]*>", "", html))).split())


def _referable(case: tuple) -> bool:
    return case[2] in CLAIM_FIELDS[case[1]]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One build and one diff for every case: the table grows, the time hardly does."""
    root = tmp_path_factory.mktemp("wording")
    old, new = _tree(root / "old", []), _tree(root / "new", CASES)
    references = [f"- [[incidents/{_subject(c)}#{c[2]}]]" for c in CASES if _referable(c)]
    (new / "content" / "page.md").write_text("\n".join(references) + "\n", encoding="utf-8")
    result = Pipeline(new / "facts", new / "content").build()
    assert result.diagnostics == []
    diff = fact_diff(str(old / "facts"), str(new / "facts"))
    return result, new, diff


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_the_sheet_says_it(site, case):
    result, _, _ = site
    page = next(p for p in result.pages if p.src_uri == f"{case[1]}/{_subject(case)}.md")
    assert case[4] in _read(page.html)


@pytest.mark.parametrize("case", [c for c in CASES if c[2] in KINDS[c[1]].columns], ids=lambda c: c[0])
def test_the_index_cell_says_it(site, case):
    result, _, _ = site
    index = next(p for p in result.pages if p.src_uri == f"{case[1]}/index.md")
    row = index.html.split(f'href="{_subject(case)}/"')[1].split("</tr>")[0]
    assert case[4] in _read(row)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_the_csv_says_it(site, case):
    result, _, _ = site
    rows = csv.DictReader(io.StringIO(result.published[f"api/{case[1]}.csv"]))
    [row] = [r for r in rows if r["id"] == _subject(case)]
    assert row[f"{case[2]}_words"] == case[4]  # the words column beside the refs or values


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_the_feed_says_it(site, case):
    result, _, _ = site
    feed = ElementTree.fromstring(result.published["feed.xml"].split("\n", 1)[1])
    atom = "{http://www.w3.org/2005/Atom}"
    links = {e.find(f"{atom}link").get("href", ""): e for e in feed.iter(f"{atom}entry")}  # type: ignore[union-attr]
    [entry] = [e for href, e in links.items() if href.endswith(f"/{_subject(case)}/")]
    assert case[4] in (entry.findtext(f"{atom}content") or "")


@pytest.mark.parametrize("case", [c for c in CASES if _referable(c)], ids=lambda c: c[0])
def test_a_reference_says_it(site, case):
    result, new, _ = site
    text = f"It says: [[incidents/{_subject(case)}#{case[2]}]].\n"
    label = re.search(r"\[(.*)\]\(", substitute(text, result.base, lambda path: path))
    assert label is not None and unescape(label[1]) == case[4]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_jsonld_names_parties_by_name(site, case):
    result, _, _ = site
    data = json.loads(result.jsonld[f"{case[1]}/{_subject(case)}"])
    for node in [v for values in data.values() if isinstance(values, list) for v in values if isinstance(v, dict)]:
        assert "/" not in node.get("name", "")  # a name, never an id
    if "location" in data:
        assert [place["name"] for place in data["location"]] == [case[4]]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_the_diff_says_it(site, case):
    _, _, diff = site
    assert f"{case[4]} — source: wire" in to_markdown(diff)
    [added] = [e for e in json.loads(to_json(diff))["added"] if e["ref"] == f"{case[1]}/{_subject(case)}"]
    assert added["name"] == f"Subject {CASES.index(case)}"


# -- the parts, on their own -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, words",
    [
        ("2024-01-03", "3 January 2024"),
        ("2022-08", "August 2022"),
        ("2017~", "about 2017"),
        ("2017?", "2017 (uncertain)"),
    ],
)
def test_dates_in_words(text, words):
    assert date_words(text) == words


@pytest.mark.parametrize(
    "value, hedge, words",
    [
        ("95", "reportedly", "reportedly 95"),
        ("The blast came later.", "reportedly", "Reportedly, the blast came later."),
        ("Kerman's governor spoke.", "reportedly", "Reportedly, Kerman's governor spoke."),  # a name keeps its capital
        ("Port Town", "", "Port Town"),
    ],
)
def test_a_hedge_goes_where_a_writer_puts_it(value, hedge, words):
    assert hedged(value, hedge, str) == words


def test_a_changed_party_reads_by_name_in_the_diff(tmp_path):
    """`according_to` changed from one entity to another: names, never ids."""
    old = _tree(tmp_path / "old", [CASES[0]])
    new = _tree(tmp_path / "new", [CASES[0]])
    path = new / "facts/incidents/subject-0.yaml"
    path.write_text(
        path.read_text().replace("people/jane-doe", "organizations/ministry, as_of: 2024-01-03"), encoding="utf-8"
    )
    diff = fact_diff(str(old / "facts"), str(new / "facts"))
    text = to_markdown(diff)
    assert "according to Jane Doe → Ministry of Ports" in text
    assert "as of added: 3 January 2024" in text
    assert "people/jane-doe" not in text
    [changed] = json.loads(to_json(diff))["changed"]
    words = {(c["part"], c["old_words"], c["new_words"]) for c in changed["changes"]}
    assert words == {("according_to", "Jane Doe", "Ministry of Ports"), ("as_of", None, "3 January 2024")}


def test_sentences_follow_one_another_and_values_are_separated(tmp_path):
    root = _tree(tmp_path, [CASES[4], CASES[2]])
    more = "  - {value: The gate was open., sources: [wire]}\n"
    (root / "facts/incidents/subject-4.yaml").write_text(
        (root / "facts/incidents/subject-4.yaml").read_text() + more, encoding="utf-8"
    )
    more = "  - {value: Dock 4, sources: [wire]}\n"
    (root / "facts/incidents/subject-2.yaml").write_text(
        (root / "facts/incidents/subject-2.yaml").read_text() + more, encoding="utf-8"
    )
    result = Pipeline(root / "facts", root / "content").build()
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(result.published["api/incidents.csv"]))}
    assert rows["subject-4"]["statements_words"] == "The blast was an attack. According to Jane Doe. The gate was open."
    assert rows["subject-2"]["location_words"] == "Port Town; Dock 4"
    index = _read(next(p for p in result.pages if p.src_uri == "incidents/index.md").html)
    assert "Port Town; Dock 4" in index


def test_a_denial_stands_beside_its_allegation(tmp_path):
    root = _tree(tmp_path, [CASES[11]])
    path = root / "facts/incidents/subject-11.yaml"
    denial = "  - {value: organizations/harbour-front, responsibility: denied, sources: [wire]}\n"
    path.write_text(path.read_text() + denial, encoding="utf-8")
    result = Pipeline(root / "facts", root / "content").build()
    words = "Harbour Front, alleged by Jane Doe, which denied the allegation"
    [row] = csv.DictReader(io.StringIO(result.published["api/incidents.csv"]))
    assert row["perpetrators_words"] == words
    index = next(p for p in result.pages if p.src_uri == "incidents/index.md")
    assert words in _read(index.html)
    sheet = next(p for p in result.pages if p.src_uri == "incidents/subject-11.md")
    assert words in _read(sheet.html)
    [claim] = [c for c in result.base.records["incidents/subject-11"].entity.perpetrators if c.stands]
    assert claim_words(claim, result.base.name) == "Harbour Front, alleged by Jane Doe"  # the claim alone
