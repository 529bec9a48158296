"""What the site publishes besides pages, read back as a program would: JSON-LD, exports, feed."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

import pytest
import yaml
from factsheets.factmodel.schemas import schema_text
from factsheets.pipeline import Pipeline
from factsheets.site.publish import script_json

from .conftest import STORY

pytestmark = pytest.mark.slow

BASE = Pipeline(STORY / "facts").check().base


@pytest.fixture
def site(story_site) -> Path:
    return story_site


def jsonld_of(site: Path, ref: str) -> dict:
    html = (site / ref / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(found) == 1
    return json.loads(found[0])


# With `site_url` set, @ids are absolute URLs under it; without, relative to their page.
SITE_URL = yaml.safe_load((STORY / "mkdocs.yml").read_text(encoding="utf-8")).get("site_url") or "http://site/"


def resolve(site_page: str, iri: str) -> str:
    """An @id, absolute or relative to the page that holds it, as a site path."""
    return urljoin(f"{SITE_URL}{site_page}/", iri).removeprefix(SITE_URL).split("#")[0].rstrip("/")


@pytest.mark.parametrize("ref", sorted(BASE.records))
def test_every_fact_sheet_has_jsonld_of_its_kind(site, ref):
    data = jsonld_of(site, ref)
    record = BASE.records[ref]
    expected_type = {
        "incidents": "Event",
        "dates": "Event",
        "organizations": "Organization",
        "people": "Person",
        "sources": "CreativeWork",
    }[record.kind]
    assert data["@context"] == "https://schema.org" and data["@type"] == expected_type
    assert data["name"] == record.entity.name
    assert data.get("alternateName", []) == list(getattr(record.entity, "aliases", []))
    assert resolve(ref, data["@id"]) == ref
    # Every entity it links to is a page of the site whose own @id matches.
    for key in ("organizer", "about", "parentOrganization", "member", "affiliation"):
        for node in data.get(key, []):
            target = resolve(ref, node["@id"])
            assert target in BASE.records and node["name"] == BASE.name(target)


@pytest.mark.parametrize(
    "ref, field, value",
    [
        ("incidents/harbour-blasts", "startDate", "2024-01-03"),
        ("incidents/ferry-attack-2017", "startDate", "2017-06-07"),
        (
            "organizations/coast-guard-command",
            "parentOrganization",
            [("organizations/coastal-forces", "Coastal Forces")],
        ),
        ("people/marco-vell", "affiliation", [("organizations/coast-guard-command", "Coast Guard Command")]),
        ("sources/harbour-wire-report", "author", [{"@type": "Person", "name": "A. Writer"}]),
    ],
)
def test_jsonld_fields_say_what_the_page_says(site, ref, field, value):
    data = jsonld_of(site, ref)[field]
    if isinstance(value, list) and isinstance(value[0], tuple):
        data = [(resolve(ref, node["@id"]), node["name"]) for node in data]
    assert data == value
    page = (site / ref / "index.html").read_text(encoding="utf-8")
    for item in value if isinstance(value, list) else [value]:
        shown = item[1] if isinstance(item, tuple) else item["name"] if isinstance(item, dict) else None
        if shown:
            assert shown in page


def test_jsonld_cannot_close_its_script_element():
    text = script_json({"name": "</script><script>alert(1)</script><!-- & -->"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script><!-- & -->"


def test_exports_cover_every_entity_in_a_stable_order(site):
    everything = json.loads((site / "api/facts.json").read_text(encoding="utf-8"))
    assert list(everything) == ["incidents", "organizations", "people", "dates", "sources"]
    for kind, records in BASE.by_kind.items():
        assert [e["id"] for e in everything[kind]] == [r.id for r in records]
        for record in records:
            one = json.loads((site / f"api/{record.ref}.json").read_text(encoding="utf-8"))
            assert one == everything[kind][[r.id for r in records].index(record.id)]
            assert list(one)[:4] == ["kind", "page", "id", "name"]


@pytest.mark.parametrize("kind", ["incidents", "organizations", "people", "dates", "sources"])
def test_csv_has_a_row_per_entity(site, kind):
    rows = list(csv.DictReader(io.StringIO((site / f"api/{kind}.csv").read_text(encoding="utf-8"))))
    assert [row["id"] for row in rows] == [r.id for r in BASE.by_kind[kind]]
    for row in rows:  # relation columns hold refs of the site's entities, the names beside them
        for column in [c for c in row if f"{c}_names" in row]:
            refs = [ref for ref in row[column].split("; ") if ref]
            assert all(ref in BASE.records for ref in refs), (column, refs)
            assert len(row[f"{column}_names"].split("; ")) == len(refs) or not refs
    if kind == "incidents":  # values as data, the sheet's words beside them
        blasts = next(row for row in rows if row["id"] == "harbour-blasts")
        assert blasts["deaths_words"].startswith("95, according to Dana Okafor") and blasts["date"] == "2024-01-03"
        assert blasts["date_words"] == "3 January 2024"


@pytest.mark.parametrize("kind", ["incidents", "organizations", "people", "dates", "sources"])
def test_the_published_schemas_are_the_shipped_ones(site, kind):
    assert (site / f"api/schema/{kind}.schema.json").read_text(encoding="utf-8") == schema_text(kind)


def test_atom_feed_lists_fact_sheets(site):
    root = ElementTree.fromstring((site / "feed.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    entries = root.findall(f"{atom}entry")
    assert len(entries) == min(100, len(BASE.records))
    links = {resolve("", e.find(f"{atom}link").get("href")) for e in entries}
    assert links == set(BASE.records)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml"' in home
