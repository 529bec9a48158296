"""Each step of the pipeline on the small fact tree in fixtures/mini, and golden HTML."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from html import unescape
from pathlib import Path
from typing import Annotated

import pytest
from factsheets.adapters.scaffold import skeleton
from factsheets.check import load, references
from factsheets.check.link import link
from factsheets.check.validate import validate
from factsheets.factmodel.kinds import KINDS, Kind
from factsheets.factmodel.model import Claim, Entity, Field, Incident, Range, RefClaim, TextClaim, relates
from factsheets.factmodel.schemas import schema_text
from factsheets.pipeline import Pipeline
from factsheets.site import pages as render_module
from factsheets.site.pages import Reuse
from factsheets.text import md
from factsheets.wording import date_words, figure_words

from .test_kind_lists import missing_from_docs, missing_from_editor_settings, missing_from_nav

MINI = Path(__file__).parent / "fixtures" / "mini"
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def built():
    result = Pipeline(MINI / "facts", MINI / "content").build()
    assert result.diagnostics == []
    return result


@pytest.mark.parametrize(
    "text, path, position",
    [
        ("id: x\nname: X\n", ("name",), (2, 7)),
        ("id: x\ndeaths:\n  - value: 5\n    sources: [a, b]\n", ("deaths", 0, "sources", 1), (4, 18)),
        ("id: x\nsummary: >\n  folded\n  text\n", ("summary",), (2, 10)),
    ],
)
def test_load_records_where_each_value_was_written(text, path, position):
    document, problems = load.parse(text.encode(), "f.yaml", "incidents", "x")
    assert problems == []
    assert document.position(path) == position


@pytest.mark.parametrize(
    "text, value",
    [
        ("v: NO", "NO"),
        ("v: 1:20", "1:20"),
        ("v: 0777", "0777"),
        ("v: 01234", "01234"),
        ("v: 2024-01-03", "2024-01-03"),
        ("v: 95", 95),
        ("v: true", True),
        ("v: 'true'", "true"),
        ("v: ~", None),
    ],
)
def test_load_never_changes_what_an_editor_wrote(text, value):
    document, _ = load.parse(text.encode(), "f.yaml", "incidents", "x")
    assert document.data["v"] == value


def test_validate_and_link_the_mini_tree():
    files, problems = load.fact_files(MINI / "facts")
    documents, unreadable = load.load(files)
    records, invalid = validate(documents)
    base, linked = link(records)
    assert problems == unreadable == invalid == linked == []
    assert sorted(base.records) == [
        "dates/minister-statement",
        "incidents/harbour-blast",
        "organizations/example-group",
        "organizations/example-parent",
        "people/jane-minister",
        "sources/example-report",
    ]
    # Relations are written once and known at both ends.
    incoming = {(r.subject, r.field) for r in base.incoming["people/jane-minister"]}
    assert incoming == {("incidents/harbour-blast", "killed"), ("dates/minister-statement", "involves")}
    assert [a.field for a in base.attributed["people/jane-minister"]] == ["deaths", "perpetrators"]
    # Each citing file once, however many of its claims cite the source.
    assert base.cited_by["example-report"] == [
        "dates/minister-statement",
        "incidents/harbour-blast",
        "organizations/example-group",
        "people/jane-minister",
    ]


def test_content_pages_are_backlinked(built):
    assert built.base.mentioned_in["incidents/harbour-blast"] == [("Mini site", "index.md")]


@pytest.mark.parametrize(
    "text, words",
    [
        ("2024-01-03", "3 January 2024"),
        ("2022-08", "August 2022"),
        ("2017", "2017"),
        ("2020-01~", "about January 2020"),
        ("2019?", "2019 (uncertain)"),
    ],
)
def test_dates_read_with_their_precision(text, words):
    assert date_words(text) == words


@pytest.mark.parametrize(
    "value, words",
    [
        (95, "95"),
        (Range(at_least=17), "at least 17"),
        (Range(at_most=211), "up to 211"),
        (Range(approx=700), "about 700"),
        (Range(at_least=10, at_most=20), "10 to 20"),
        (1093, "1,093"),
    ],
)
def test_figures_read_as_ranges(value, words):
    assert figure_words(value) == words


@pytest.mark.parametrize(
    "text, escaped",
    [
        ("Kerman, Iran", "Kerman, Iran"),
        ("a | b", "a &#124; b"),
        ("<b>", "&#60;b&#62;"),
        ("1. first", "&#49;&#46; first"),
        ("- item", "&#45; item"),
        ("line\n# heading", "line &#35; heading"),
    ],
)
def test_markdown_escaping(text, escaped):
    assert md(text) == escaped


def page_of(built, src_uri):
    return next(p for p in built.pages if p.src_uri == src_uri)


@pytest.mark.parametrize(
    "src_uri",
    [
        "incidents/harbour-blast.md",
        "organizations/example-group.md",
        "people/jane-minister.md",
        "dates/minister-statement.md",
        "sources/example-report.md",
        *(f"{kind}/index.md" for kind in KINDS),
        "timeline.md",
        "timeline/2024.md",
    ],
)
def test_golden_html(built, src_uri):
    golden = GOLDEN / src_uri.replace("/", "__").replace(".md", ".html")
    html = page_of(built, src_uri).html
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(html, encoding="utf-8")
    assert html == golden.read_text(encoding="utf-8"), "run with UPDATE_GOLDEN=1 and review the diff"


def test_every_kind_and_index_gets_a_page(built):
    uris = {p.src_uri for p in built.pages}
    assert {f"{kind}/index.md" for kind in KINDS} | {"timeline.md"} <= uris
    assert all(p.fact_file == f"facts/{p.src_uri[:-3]}.yaml" for p in built.pages if p.fact_file)


def _text(html: str) -> str:
    """What a reader reads: tags dropped, entities decoded, whitespace folded."""
    inline = re.sub(r"</?(?:a|span|strong|q|time)\b[^>]*>", "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def key_facts(html: str) -> str:
    return _text(html.split('<dl class="fs-keyfacts">')[1].split("</dl>")[0]) if "fs-keyfacts" in html else ""


@pytest.mark.parametrize(
    "page, part, present, absent",
    [
        # Every value says who gives it; a revised figure recalls the earlier one in its row.
        (
            "incidents/harbour-blast.md",
            key_facts,
            [
                "Deaths 95, according to Jane Minister 1 revised from up to 103, according to state media",
                # an allegation, who alleges it, and the denial beside it
                "Responsibility Example Group, alleged by Jane Minister 1 , which denied the allegation 1",
            ],
            ["denied involvement", "superseded", "(alleged)", "("],  # a denial is never a key fact of its own
        ),
        # What the key facts do not hold, and only that, comes below them.
        (
            "incidents/harbour-blast.md",
            lambda html: _text(html.split('id="earlier-figures-and-denials"')[1].split("<h2")[0]),
            ["Deaths: up to 103, earlier figure, since revised", "Example Group denied involvement"],
            ["95"],
        ),
        # A disputed claim shows its status, from this page's point of view.
        ("people/jane-minister.md", key_facts, ["Killed in Harbour blast, disputed"], []),
        # Index tables read as the key facts do.
        (
            "incidents/index.md",
            _text,
            [
                "95, according to Jane Minister",
                "Example Group, alleged by Jane Minister, which denied the allegation",  # no citation marks in a table
            ],
            ["denied involvement"],
        ),
        # Plain words: no field names, no internal ids.
        ("people/jane-minister.md", _text, ["95 killed in Harbour blast"], ["facts/", "perpetrators", "superseded"]),
        # One reference per source and locator, its quotes beneath, a way back to each claim by its label.
        (
            "incidents/harbour-blast.md",
            lambda html: _text(html.split('id="references"')[1]),
            [
                "Deaths: 95",
                "Responsibility: Example Group",
                "Example report: a test source, Example Wire",
                "the death toll now stands at 95",
            ],
            [" 2 "],
        ),
    ],
)
def test_how_a_sheet_reads(built, page, part, present, absent):
    text = part(page_of(built, page).html)
    assert [p for p in present if p not in text] == [], text
    assert [a for a in absent if a in text] == [], text


@pytest.mark.parametrize(
    "responsibility, row",
    [
        ("responsibility: claimed", "Responsibility Example Group claimed responsibility"),
        (
            "responsibility: suspected\n    according_to: people/jane-minister",
            "Example Group, suspected by Jane Minister",
        ),
    ],
)
def test_a_responsibility_row_says_what_its_sources_say(tmp_path, responsibility, row):
    shutil.copytree(MINI, tmp_path, dirs_exist_ok=True)
    fact = tmp_path / "facts/incidents/harbour-blast.yaml"
    text = fact.read_text(encoding="utf-8")
    fact.write_text(_without_perpetrators(text), encoding="utf-8")
    if responsibility:
        with fact.open("a", encoding="utf-8") as out:
            out.write(
                "perpetrators:\n  - value: organizations/example-group\n    "
                + responsibility
                + "\n    sources: [example-report]\n"
            )
    result = Pipeline(tmp_path / "facts", tmp_path / "content").build()
    assert result.diagnostics == []
    assert row in key_facts(page_of(result, "incidents/harbour-blast.md").html)


@pytest.mark.parametrize("responsibility", ["", "responsibility: denied"])
def test_no_responsibility_row_without_a_source(tmp_path, responsibility):
    """An empty field shows nothing: "no group claimed responsibility" only where a source says so."""
    shutil.copytree(MINI, tmp_path, dirs_exist_ok=True)
    fact = tmp_path / "facts/incidents/harbour-blast.yaml"
    text = _without_perpetrators(fact.read_text(encoding="utf-8"))
    if responsibility:
        claim = f"  - value: organizations/example-group\n    {responsibility}\n    sources: [example-report]\n"
        text += "perpetrators:\n" + claim
    fact.write_text(text, encoding="utf-8")
    result = Pipeline(tmp_path / "facts", tmp_path / "content").build()
    assert result.diagnostics == []
    page = page_of(result, "incidents/harbour-blast.md").html
    assert "Responsibility" not in key_facts(page)
    assert "claimed" not in _text(page) and "claimed" not in _text(page_of(result, "incidents/index.md").html)


def _without_perpetrators(text: str) -> str:
    """The fact file without its `perpetrators:` block (up to the next top-level key)."""
    lines, out, skipping = text.splitlines(keepends=True), [], False
    for line in lines:
        if line.startswith("perpetrators:"):
            skipping = True
            continue
        if skipping and line[:1] not in (" ", "-", ""):
            skipping = False
        if not skipping:
            out.append(line)
    return "".join(out)


def _render_in_a_new_process(folder: Path) -> str:
    code = (
        "import json, sys; from pathlib import Path; from factsheets.pipeline import Pipeline; "
        "b = Pipeline(Path(sys.argv[1]) / 'facts', Path(sys.argv[1]) / 'content').build(); "
        "print(json.dumps([[p.src_uri, p.html] for p in b.pages] + [sorted(b.published.items())]))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "random"}
    return subprocess.run(
        [sys.executable, "-c", code, str(folder)], capture_output=True, text=True, env=env, check=True
    ).stdout


@pytest.mark.slow  # starts two processes
def test_the_same_facts_give_the_same_bytes_in_two_processes():
    assert _render_in_a_new_process(MINI) == _render_in_a_new_process(MINI)


Latitude = Annotated[float, Field(ge=-90, le=90, json_schema_extra={"unit": "degrees"})]
Longitude = Annotated[float, Field(ge=-180, le=180, json_schema_extra={"unit": "degrees"})]


class LatitudeClaim(Claim):
    value: Latitude


class LongitudeClaim(Claim):
    value: Longitude


class Location(Entity):
    """A kind the project does not have: one model, one entry in KINDS, no other module edited."""

    located_in: Annotated[list[RefClaim], relates("organizations", label="Administered by", inverse="Places")] = Field(
        []
    )
    latitude: list[LatitudeClaim] = Field([], title="Latitude, north", description="Degrees north of the equator.")
    longitude: list[LongitudeClaim] = Field([], description="Degrees east of Greenwich.")
    statements: list[TextClaim] = []


class PlacedIncident(Incident):
    place: Annotated[list[RefClaim], relates("locations", label="Place", inverse="Incidents here")] = Field([])


HARBOUR = """\
id: harbour
name: The harbour
aliases: [Port]
located_in:
  - value: organizations/example-parent
    sources: [example-report]
latitude:
  - value: {latitude}
    sources: [example-report]
longitude:
  - value: 12.25
    sources: [example-report]
statements:
  - value: It has a lighthouse.
    sources: [example-report]
"""


def test_a_new_kind_is_one_model_and_one_entry(tmp_path, monkeypatch):
    locations = Kind(
        name="locations",
        model=Location,
        singular="location",
        title="Locations",
        noun="Place",
        columns=("aliases", "latitude"),
        schema_type="Place",
        jsonld={"latitude": "latitude", "longitude": "longitude", "located_in": "containedInPlace"},
        jsonld_incoming={"place": "event"},
    )
    incidents = KINDS["incidents"]
    monkeypatch.setitem(KINDS, "locations", locations)
    # An incident's new field, mapped to the property its text `location` has: both appear.
    placed = replace(incidents, model=PlacedIncident, jsonld={**incidents.jsonld, "place": "location"})
    monkeypatch.setitem(KINDS, "incidents", placed)
    shutil.copytree(MINI, tmp_path, dirs_exist_ok=True)
    (tmp_path / "facts/locations").mkdir()
    (tmp_path / "facts/locations/harbour.yaml").write_text(HARBOUR.format(latitude=35.5), encoding="utf-8")
    blast = tmp_path / "facts/incidents/harbour-blast.yaml"
    blast.write_text(
        blast.read_text(encoding="utf-8") + "place:\n  - value: locations/harbour\n    sources: [example-report]\n",
        encoding="utf-8",
    )
    result = Pipeline(tmp_path / "facts", tmp_path / "content").build()
    assert result.diagnostics == []
    pages = {p.src_uri: p.html for p in result.pages}
    # Pages: the generic sheet, the field's label shown, its name the anchor; the relation both ways.
    sheet = pages["locations/harbour.md"]
    assert "It has a lighthouse." in sheet
    assert '<dt id="latitude">Latitude, north</dt>' in sheet
    assert '<dt id="incidents-place">Incidents here</dt>' in sheet
    assert '<dt id="place">Place</dt>' in pages["incidents/harbour-blast.md"]
    assert '<a href="../../locations/harbour/">The harbour</a>' in pages["organizations/example-parent.md"]
    # The index: the kind's title, its noun and columns.
    index = pages["locations/index.md"]
    assert "<h1" in index and "Locations</h1>" in index
    assert ">Place</th>" in index and ">Latitude, north</th>" in index and "35.5" in index
    assert '<a href="harbour/">The harbour</a>' in index
    # A reference to the field links its anchor; the field reference reads the model.
    about = references.substitute("[[locations/harbour#latitude]]\n\n[[fields:locations]]\n", result.base, str)
    assert "locations/harbour.md#latitude)" in about
    assert "| `latitude` | claims about a number from -90 to 90 degrees |" in about
    assert "Degrees north of the equator." in about
    # Exports and JSON-LD: two fields on one property (`location`) both appear.
    assert json.loads(result.published["api/locations/harbour.json"])["name"] == "The harbour"
    assert "It has a lighthouse." in result.published["api/locations.csv"]
    place = json.loads(result.jsonld["locations/harbour"])
    assert (place["@type"], place["latitude"], place["longitude"]) == ("Place", [35.5], [12.25])
    assert place["containedInPlace"][0]["name"] == "Example Parent"
    assert place["event"][0]["name"] == "Harbour blast"
    event = json.loads(result.jsonld["incidents/harbour-blast"])
    assert event["location"] == [
        {"@type": "Place", "name": "Port Town", "address": "Port Town"},  # the words are its address too
        {"@id": "../../locations/harbour/#entity", "name": "The harbour"},
    ]
    # The JSON Schema editors get, with the bounds.
    schema = json.loads(schema_text("locations"))
    value = schema["$defs"]["LatitudeClaim"]["properties"]["value"]
    assert (value["minimum"], value["maximum"], value["unit"]) == (-90, 90, "degrees")
    assert "located_in" in schema["properties"]
    # The skeleton of `factsheets new locations`: numbers within the bounds, never "Text.".
    text = skeleton("locations", "quay", "The quay", "2026-01-01")
    assert "# latitude:\n#  - value: 0.0   # -90 to 90 degrees\n" in text
    assert "# longitude:\n#  - value: 0.0   # -180 to 180 degrees\n" in text
    assert "# located_in:\n#  - value: organizations/example-id\n" in text
    assert "# statements:\n#  - value: Text.\n" in text
    # Validation in the editor's words, from the field's bounds and unit.
    for latitude, message in [
        ("-100.5", "'latitude' must be between -90 and 90 degrees, not -100.5"),
        ("120", "'latitude' must be between -90 and 90 degrees, not 120"),
        ("north", "'latitude' should be a number, not text 'north'"),
    ]:
        (tmp_path / "facts/locations/harbour.yaml").write_text(HARBOUR.format(latitude=latitude), encoding="utf-8")
        found = Pipeline(tmp_path / "facts", tmp_path / "content").check().diagnostics
        assert [(d.line, d.message) for d in found] == [(8, message)], latitude
    # Docs: every list of kinds outside KINDS notices the new one.
    root = Path(__file__).parents[1]
    assert missing_from_nav((root / "mkdocs.yml").read_text(encoding="utf-8")) == ["locations"]
    settings = json.loads((root / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert missing_from_editor_settings(settings) == ["locations"]
    assert missing_from_docs("`incidents`", "") == list(KINDS)


def test_a_reload_renders_only_what_an_edit_changed(tmp_path, monkeypatch):
    shutil.copytree(MINI, tmp_path, dirs_exist_ok=True)
    pipeline = Pipeline(tmp_path / "facts", tmp_path / "content", reuse=Reuse())
    pipeline.build()
    rendered: list[str] = []
    original = render_module.render_entity
    monkeypatch.setattr(
        render_module,
        "render_entity",
        lambda env, base, record, edit, **urls: (
            rendered.append(record.ref) or original(env, base, record, edit, **urls)
        ),
    )
    fact = tmp_path / "facts/organizations/example-parent.yaml"
    fact.write_text(
        fact.read_text(encoding="utf-8").replace("name: Example Parent", "name: Parent Body"), encoding="utf-8"
    )
    again = pipeline.build()
    # The parent's page, and the pages that show its name: its member and the group that is part of it.
    assert sorted(rendered) == ["organizations/example-group", "organizations/example-parent", "people/jane-minister"]
    fresh = Pipeline(tmp_path / "facts", tmp_path / "content").build()
    assert [(p.src_uri, p.html) for p in again.pages] == [(p.src_uri, p.html) for p in fresh.pages]
    assert (again.published, again.jsonld, again.diagnostics) == (fresh.published, fresh.jsonld, fresh.diagnostics)
    assert "Parent Body" in again.published["api/organizations/example-parent.json"]


@pytest.mark.parametrize(
    "claims, marks, references",
    [
        # One entry per source, each quote beneath it with its own anchor, which the citation links to.
        (
            [
                ["example-report", {"source": "example-report", "quote": "q1"}],
                [{"source": "example-report", "quote": "q2"}],
            ],
            [["#ref-1", "#ref-1-1"], ["#ref-1-2"]],
            [
                (
                    1,
                    None,
                    [(None, "ref-1", ["cite-1-1"]), ("q1", "ref-1-1", ["cite-1-2"]), ("q2", "ref-1-2", ["cite-1-3"])],
                )
            ],
        ),
        # Two claims citing one quote: both link to it, and it links back to both.
        (
            [[{"source": "example-report", "quote": "q"}], [{"source": "example-report", "quote": "q"}]],
            [["#ref-1-1"], ["#ref-1-1"]],
            [(1, None, [("q", "ref-1-1", ["cite-1-1", "cite-1-2"])])],
        ),
        # A locator is an entry of its own.
        (
            [[{"source": "example-report", "locator": "photo caption", "quote": "q"}, "example-report"]],
            [["#ref-1-1", "#ref-2"]],
            [(1, "photo caption", [("q", "ref-1-1", ["cite-1-1"])]), (2, None, [(None, "ref-2", ["cite-2-1"])])],
        ),
    ],
)
def test_each_citation_links_to_the_quote_that_supports_it(built, claims, marks, references):
    ctx = render_module.PageContext(built.base, "incidents/harbour-blast.md")
    shown = [re.findall(r'href="([^"]+)"', ctx.cite(TextClaim(value="x", sources=sources))) for sources in claims]
    assert shown == marks
    found = [
        (r.number, r.locator, [(q.text, q.anchor, [mark for mark, _ in q.backlinks]) for q in r.quotes])
        for r in ctx.references.values()
    ]
    assert found == references


@pytest.mark.parametrize(
    "labels, shown",
    [
        (["Deaths: 95"], ["Deaths: 95"]),
        (["Deaths: 95", "Deaths: 95"], ["Deaths: 95", "Deaths: 95 (2)"]),  # a label given twice is numbered
        ([None], ["x"]),  # no row: the claim's own words
        ([None, None], ["x", "x (2)"]),
    ],
)
def test_a_quote_links_back_to_each_claim_by_its_label(built, labels, shown):
    ctx = render_module.PageContext(built.base, "incidents/harbour-blast.md")
    for label in labels:
        ctx.cite(TextClaim(value="x", sources=[{"source": "example-report", "quote": "q"}]), label)
    (note,) = ctx.notes()
    assert [label for _, label in note["quotes"][0]["backlinks"]] == shown


def test_undated_entities_are_a_group_of_their_own_in_an_index(tmp_path):
    shutil.copytree(MINI, tmp_path, dirs_exist_ok=True)
    (tmp_path / "facts/incidents/undated.yaml").write_text("id: undated\nname: Undated raid\n", encoding="utf-8")
    result = Pipeline(tmp_path / "facts", tmp_path / "content").build()
    index = page_of(result, "incidents/index.md").html
    dated, undated = index.split('id="date-not-stated"')
    assert "Harbour blast" in dated and "Undated raid" not in dated
    assert "Undated raid" in undated and "not stated" not in _text(index).replace("Date not stated", "")
