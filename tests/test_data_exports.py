"""The data a program reads, checked as a data user would: exports against their published schemas,
the tables as a Frictionless Data Package, identifiers across a rename, schema.org's required
properties, sitemap dates, and the data page against what is written. Fixture bases only."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest
from factsheets.check import references
from factsheets.check.link import FactBase
from factsheets.factmodel.kinds import KINDS
from factsheets.pipeline import Pipeline
from factsheets.site.lastmod import git_dates, page_dates
from factsheets.site.publish import jsonld, published

from bench.synth import generate

from .conftest import ROOT, mkdocs_build

MINI = ROOT / "tests/fixtures/mini"
SITE_URL = "https://example.org/"

# Made up for these tests: a renamed person, a month-only date, a source with no address.
EXTRA = {
    "people/bolton-doe.yaml": """
id: bolton-doe
name: Bolton Doe
previous_ids: [doe-bolton, b-doe]
member_of:
  - value: organizations/example-group
    role: adviser
    sources: [no-address]
""",
    "dates/talks.yaml": """
id: talks
name: Talks in August
date:
  - value: 2022-08
    sources: [no-address]
involves:
  - value: people/doe-bolton
    sources: [no-address]
""",
    "dates/undated.yaml": """
id: undated
name: An undated meeting
involves:
  - value: people/bolton-doe
    sources: [no-address]
""",
    "incidents/disputed-date.yaml": """
id: disputed-date
name: A blast whose date is disputed
date:
  - value: 2019-05-02
    status: disputed
    sources: [no-address]
location:
  - value: Harbour Road, Port Town
    sources: [no-address]
""",
    "sources/no-address.yaml": """
id: no-address
name: A broadcast with no address
publisher: Example Radio
published: 2022-09
""",
}


def fixture_facts(tmp_path: Path, extra: dict[str, str] = EXTRA) -> Path:
    facts = tmp_path / "facts"
    shutil.copytree(MINI / "facts", facts)
    for path, text in extra.items():
        (facts / path).write_text(text.lstrip(), encoding="utf-8")
    return facts


def base_of(facts: Path) -> FactBase:
    result = Pipeline(facts).check()
    assert result.ok, [str(d) for d in result.diagnostics]
    assert result.base is not None
    return result.base


def write(files: dict[str, str], out: Path) -> Path:
    for name, text in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def fixture_base(tmp_path_factory) -> FactBase:
    return base_of(fixture_facts(tmp_path_factory.mktemp("fixture")))


@pytest.fixture(scope="module")
def synthetic_base(tmp_path_factory) -> FactBase:
    out = tmp_path_factory.mktemp("synth")
    generate(150, out)
    return base_of(out / "facts")


BASES = ["fixture_base", "synthetic_base"]


# -- 1. every export passes the schema the site publishes for it ---------------------------------


@pytest.mark.parametrize("which", BASES)
def test_every_export_passes_its_published_schema(which, request):
    base = request.getfixturevalue(which)
    files, _ = published(base, "Test site", SITE_URL)
    schemas = {kind: json.loads(files[f"api/schema/{kind}.export.schema.json"]) for kind in KINDS}
    checked = 0
    for ref in base.records:
        kind = ref.partition("/")[0]
        validator = jsonschema.Draft202012Validator(schemas[kind])
        errors = [e.message for e in validator.iter_errors(json.loads(files[f"api/{ref}.json"]))]
        assert errors == [], ref
        checked += 1
    assert checked == len(base.records) > 5
    everything = json.loads(files["api/facts.json"])
    facts_schema = json.loads(files["api/schema/facts.export.schema.json"])
    jsonschema.Draft202012Validator.check_schema(facts_schema)
    assert list(jsonschema.Draft202012Validator(facts_schema).iter_errors(everything)) == []


@pytest.mark.parametrize(
    "change",
    [
        lambda data: data["incidents"][0].update(page=None),
        lambda data: data["incidents"][0].update(extra="field"),
        lambda data: data["incidents"][-1]["deaths"][0].update(status="rumoured"),
        lambda data: data["people"][0].update(kind="incidents"),
        lambda data: data["sources"][0].update(url="javascript:alert(1)"),
    ],
)
def test_the_export_schemas_reject_what_is_not_an_export(fixture_base, change):
    files, _ = published(fixture_base, "Test site", SITE_URL)
    data = json.loads(files["api/facts.json"])
    change(data)
    schema = json.loads(files["api/schema/facts.export.schema.json"])
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data))


def test_the_page_and_a_sources_own_address_are_different_fields(fixture_base):
    files, _ = published(fixture_base, "Test site", SITE_URL)
    with_url = json.loads(files["api/sources/example-report.json"])
    without = json.loads(files["api/sources/no-address.json"])
    assert (with_url["page"], with_url["url"]) == ("sources/example-report/", "https://example.org/report")
    assert without["page"] == "sources/no-address/" and "url" not in without
    # The fact files' schemas are another thing, published under another name.
    assert "page" not in json.loads(files["api/schema/sources.schema.json"])["properties"]


# -- 2. joinable tables ---------------------------------------------------------------------------


def rows(files: dict[str, str], table: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[f"api/{table}.csv"])))


def test_relation_columns_hold_refs_and_names_beside_them(fixture_base):
    files, _ = published(fixture_base, "Test site", SITE_URL)
    people = {row["id"]: row for row in rows(files, "people")}
    bolton = people["bolton-doe"]
    assert bolton["member_of"] == "organizations/example-group" and bolton["member_of_names"] == "Example Group"
    assert bolton["previous_ids"] == "doe-bolton; b-doe"
    talks = next(row for row in rows(files, "dates") if row["id"] == "talks")
    assert talks["involves"] == "people/bolton-doe"  # written with an old id, exported with the current one
    incident = next(row for row in rows(files, "incidents") if row["id"] == "harbour-blast")
    # Alleged and disputed: not stated as fact, so not in the kind's table; in claims.csv with their status.
    assert incident["perpetrators"] == "" and incident["killed"] == "" and incident["deaths"] == "95"
    claims = {row["claim"]: row for row in rows(files, "claims")}
    alleged = claims["incidents/harbour-blast#perpetrators-1"]
    assert (alleged["target"], alleged["target_name"], alleged["responsibility"]) == (
        "organizations/example-group",
        "Example Group",
        "alleged",
    )
    assert (alleged["according_to"], alleged["according_to_name"]) == ("people/jane-minister", "Jane Minister")
    revised = claims["incidents/harbour-blast#deaths-2"]
    assert (revised["at_most"], revised["status"], revised["current"], revised["as_of"]) == (
        "103",
        "superseded",
        "false",
        "2024-01-03",
    )
    quoted = [r for r in rows(files, "citations") if r["claim"] == "incidents/harbour-blast#deaths-1"]
    assert quoted == [
        {
            "claim": quoted[0]["claim"],
            "source": "example-report",
            "quote": "the death toll now stands at 95",
            "locator": "",
        }
    ]


def test_every_model_field_is_a_column(fixture_base):
    files, _ = published(fixture_base, "Test site", SITE_URL)
    for kind in KINDS.values():
        header = next(csv.reader(io.StringIO(files[f"api/{kind.name}.csv"])))
        for name, info in kind.model.model_fields.items():
            assert (info.alias or name) in header, (kind.name, name)
    assert {"note", "archive", "url", "page"} <= set(next(csv.reader(io.StringIO(files["api/sources.csv"]))))


def frictionless_errors(folder: Path) -> list[str]:
    from frictionless import validate

    report = validate(folder / "api" / "datapackage.json")
    return [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]


@pytest.mark.slow
@pytest.mark.parametrize("which", BASES)
def test_the_data_package_passes_frictionless(which, request, tmp_path):
    base = request.getfixturevalue(which)
    files, _ = published(base, "Test site", SITE_URL)
    folder = write(files, tmp_path)
    descriptor = json.loads(files["api/datapackage.json"])
    assert {r["name"] for r in descriptor["resources"]} == {"entities", *KINDS, "claims", "citations"}
    assert frictionless_errors(folder) == []
    # The keys are checked, not only declared: a dangling target is an error.
    claims = folder / "api/claims.csv"
    claims.write_text(
        claims.read_text(encoding="utf-8").replace(
            '"organizations/example-group","Example Group"', '"organizations/nobody","Example Group"', 1
        )
    )
    if which == "fixture_base":
        assert any("foreign" in error for error in frictionless_errors(folder))


@pytest.mark.slow
def test_frictionless_command_validates_the_package(fixture_base, tmp_path):
    files, _ = published(fixture_base, "Test site", SITE_URL)
    folder = write(files, tmp_path)
    done = subprocess.run(
        [str(Path(ROOT / ".venv/bin/frictionless")), "validate", "api/datapackage.json"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# -- 3. identifiers that last ---------------------------------------------------------------------


def feed_ids(base: FactBase) -> dict[str, str]:
    files, _ = published(base, "Test site", SITE_URL)
    atom = "{http://www.w3.org/2005/Atom}"
    root = ElementTree.fromstring(files["feed.xml"])
    return {e.find(f"{atom}title").text: e.find(f"{atom}id").text for e in root.findall(f"{atom}entry")}


def test_feed_ids_and_jsonld_ids_survive_a_rename(tmp_path):
    before = base_of(fixture_facts(tmp_path / "before", {}))
    renamed = (MINI / "facts/people/jane-minister.yaml").read_text(encoding="utf-8")
    renamed = renamed.replace("id: jane-minister", "id: jane-doe\nprevious_ids: [jane-minister]")
    after_facts = fixture_facts(tmp_path / "after", {"people/jane-doe.yaml": renamed})
    (after_facts / "people/jane-minister.yaml").unlink()
    after = base_of(after_facts)

    assert feed_ids(before)["Jane Minister"] == feed_ids(after)["Jane Minister"]
    old, new = (
        jsonld(before, before.get("people/jane-minister"), SITE_URL),
        jsonld(after, after.get("people/jane-doe"), SITE_URL),
    )
    assert old["@id"] == new["@id"] == f"{SITE_URL}people/jane-minister/#entity"
    assert new["url"] == f"{SITE_URL}people/jane-doe/" and new["sameAs"] == [f"{SITE_URL}people/jane-minister/"]
    # Other entities point at the same @id, written with the old id or the new one.
    about = jsonld(after, after.get("dates/minister-statement"), SITE_URL)["about"]
    assert new["@id"] in [node["@id"] for node in about]


def test_sources_keep_their_own_address_in_sameas_with_previous_ones(tmp_path):
    source = (MINI / "facts/sources/example-report.yaml").read_text(encoding="utf-8")
    base = base_of(fixture_facts(tmp_path, {"sources/example-report.yaml": source + "previous_ids: [old-report]\n"}))
    data = jsonld(base, base.get("sources/example-report"), SITE_URL)
    assert data["sameAs"] == ["https://example.org/report", f"{SITE_URL}sources/old-report/"]


# -- 5. structured data by the rules ---------------------------------------------------------------

ISO_DATE = re.compile(r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$")


@pytest.mark.parametrize("which", BASES)
def test_events_and_places_carry_what_the_facts_give(which, request):
    base = request.getfixturevalue(which)
    events = 0
    for ref, record in base.records.items():
        data = jsonld(base, record, SITE_URL)
        if data["@type"] != "Event":
            continue
        events += 1
        dates = [c.value for c in getattr(record.entity, "date", []) if c.is_fact]
        places = [c.value for c in getattr(record.entity, "location", []) if c.is_fact]
        if dates:
            assert ISO_DATE.match(data["startDate"]), ref
            assert data["startDate"] in [d.rstrip("~?") for d in dates]  # the facts' own precision, no day added
        else:
            assert "startDate" not in data, ref  # nothing invented: a disputed date is no startDate
        if places:
            assert data["location"] == [{"@type": "Place", "name": p, "address": p} for p in places], ref
        else:
            assert "location" not in data, ref
    assert events >= 3


def test_partial_dates_keep_their_precision(fixture_base):
    assert jsonld(fixture_base, fixture_base.get("dates/talks"), SITE_URL)["startDate"] == "2022-08"
    assert jsonld(fixture_base, fixture_base.get("sources/no-address"), SITE_URL)["datePublished"] == "2022-09"
    assert "startDate" not in jsonld(fixture_base, fixture_base.get("incidents/disputed-date"), SITE_URL)


# -- 4. sitemap dates ------------------------------------------------------------------------------


def git(folder: Path, *args: str, date: str = "2026-01-01T12:00:00Z") -> None:
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "HOME": str(folder), "PATH": "/usr/bin:/bin"}
    ident = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *ident, *args], cwd=folder, env=env, check=True, capture_output=True, timeout=60)


@pytest.mark.slow
def test_each_page_is_dated_by_the_last_change_of_its_files(tmp_path):
    facts = fixture_facts(tmp_path)
    content = tmp_path / "content"
    content.mkdir()
    (content / "index.md").write_text("# Home\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first", date="2026-01-01T12:00:00Z")
    (facts / "sources/no-address.yaml").write_text(EXTRA["sources/no-address.yaml"] + "note: Heard live.\n")
    git(tmp_path, "commit", "-qam", "second", date="2026-03-05T12:00:00Z")

    dates = git_dates([facts, content])
    assert dates[(facts / "sources/no-address.yaml").resolve()] == "2026-03-05"
    assert dates[(content / "index.md").resolve()] == "2026-01-01"
    base = base_of(facts)
    generated = [f"{ref}.md" for ref in base.records] + ["people/index.md", "sources/index.md", "timeline.md"]
    found = page_dates(base, generated, {"index.md": content / "index.md"}, [facts, content])
    assert found["people/jane-minister.md"] == "2026-01-01"  # cites only example-report, unchanged
    assert found["dates/talks.md"] == "2026-03-05"  # cites the changed source
    assert found["people/bolton-doe.md"] == "2026-03-05"
    assert found["people/index.md"] == "2026-01-01" and found["sources/index.md"] == "2026-03-05"
    assert found["timeline.md"] == "2026-03-05"
    assert found["organizations/example-parent.md"] == "2026-01-01"
    assert found["index.md"] == "2026-01-01"


@pytest.mark.slow
def test_the_sitemap_of_a_build_dates_each_page(tmp_path):
    shutil.copytree(MINI, tmp_path, dirs_exist_ok=True)
    config = tmp_path / "mkdocs.yml"  # MkDocs lists pages in the sitemap only under a site_url
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first", date="2026-01-01T12:00:00Z")
    person = tmp_path / "facts/people/jane-minister.yaml"
    person.write_text(person.read_text(encoding="utf-8") + "summary: A made-up minister.\n", encoding="utf-8")
    git(tmp_path, "commit", "-qam", "second", date="2026-03-05T12:00:00Z")
    assert mkdocs_build(tmp_path).returncode == 0
    sitemap = ElementTree.fromstring((tmp_path / "site/sitemap.xml").read_bytes())
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    dated = {u.find(f"{ns}loc").text.rstrip("/").rpartition("/")[2]: u.find(f"{ns}lastmod").text for u in sitemap}
    assert dated["jane-minister"] == "2026-03-05"
    assert dated["example-parent"] == "2026-03-05"  # lists its member, Jane Minister
    assert dated["example-report"] == "2026-03-05"  # lists what cites it
    assert dated["harbour-blast"] == "2026-03-05"  # names her as a source of its figures
    # Pages nothing of hers reaches keep the date of their own files.
    other = {page for page, date in dated.items() if date == "2026-01-01"}
    assert other, dated


def test_outside_git_a_fact_sheet_has_its_reviewed_date(tmp_path):
    facts = fixture_facts(tmp_path)
    base = base_of(facts)
    found = page_dates(base, ["incidents/harbour-blast.md", "people/bolton-doe.md"], {}, [Path("/nonexistent")])
    assert found == {"incidents/harbour-blast.md": "2026-11-24"}


# -- 6. the data page says what is written -----------------------------------------------------------


def data_page(base: FactBase) -> str:
    return references.substitute((ROOT / "content/about/data.md").read_text(encoding="utf-8"), base, lambda t: t)


def documented_table(page: str, heading: str) -> list[str]:
    """The first column of the Markdown table under `heading`."""
    section = page.split(f"\n### {heading}\n", 1)[1].split("\n#", 1)[0]
    return [m.group(1) for m in re.finditer(r"^\| `([^`]+)` \|", section, re.M)]


def test_the_data_page_documents_every_column_and_field_as_written(fixture_base):
    page = data_page(fixture_base)
    files, _ = published(fixture_base, "Test site", SITE_URL)
    tables = sorted(path.removeprefix("api/") for path in files if re.fullmatch(r"api/[a-z]+\.csv", path))
    assert len(tables) == len(KINDS) + 3
    for table in tables:
        header = next(csv.reader(io.StringIO(files[f"api/{table}"])))
        assert documented_table(page, table) == header, table
    for kind in KINDS.values():
        documented = documented_table(page, kind.title)
        written = set().union(*(json.loads(files[f"api/{r.ref}.json"]) for r in fixture_base.by_kind[kind.name]))
        assert written <= set(documented) and documented[:4] == ["kind", "page", "id", "name"], kind.name
        schema = json.loads(files[f"api/schema/{kind.name}.export.schema.json"])
        assert documented == list(schema["properties"]), kind.name


def test_the_data_page_names_every_published_file(fixture_base):
    page = (ROOT / "content/about/data.md").read_text(encoding="utf-8")
    patterns = [
        re.escape(path).replace(re.escape("<kind>"), "[a-z]+").replace(re.escape("<id>"), "[a-z0-9-]+")
        for path in re.findall(r"^\| \[?`([^`]+)`", page, re.M)
    ]
    patterns = [p.replace(re.escape("<table>"), "[a-z]+") for p in patterns]
    files, _ = published(fixture_base, "Test site", SITE_URL)
    for path in files:
        if path.startswith("api/"):
            assert any(re.fullmatch(p, path) for p in patterns), path
    assert "feed.xml" in files
