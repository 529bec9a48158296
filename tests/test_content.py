"""The project's own facts and content, held by checks that are true of ANY fact base: everything
validates, every quote is in its source's archived copy, every file agrees with the shipped
schemas, JSON-LD states only facts, and the site builds strictly with a page per fact file.

None of these names an entity or a value: an editor's true follow-up story (a new source, a
revised figure, a claim of responsibility) passes them unchanged (test_follow_up.py runs this
module on a copy of the project with such a story applied). The pipeline itself is tested on
fixtures (tests/fixtures/), never on what facts/ or content/ say today."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from factsheets.check.link import claims_of
from factsheets.check.quotes import read_archive
from factsheets.pipeline import Pipeline

from .conftest import ROOT
from .test_facts import jsonld_states_only_claims_that_are_facts

CHECKED = Pipeline(ROOT / "facts", ROOT / "content").check()
BASE = CHECKED.base
SCHEMAS = ROOT / "generator" / "schemas"


def test_facts_and_content_validate_without_a_problem():
    assert [str(d) for d in CHECKED.diagnostics] == []


def test_every_quote_is_verbatim_in_its_sources_archived_copy():
    quotes = [
        (record.ref, item.source, item.quote)
        for record in BASE.records.values()
        for _, _, claim in claims_of(record)
        for item in claim.sources
        if not isinstance(item, str) and item.quote
    ]
    archives = {}
    for ref, source, quote in quotes:
        if source not in archives:
            entity = BASE.records[f"sources/{source}"].entity
            assert entity.archive, f"{ref} quotes sources/{source}, which has no archived copy"
            archives[source], why = read_archive(ROOT / "facts" / "sources" / entity.archive)
            assert archives[source], f"sources/{source}: {why}"
        assert archives[source].contains(quote), f"{ref}: not in the archive of {source}: {quote!r}"


@pytest.mark.parametrize("path", sorted((ROOT / "facts").glob("*/*.yaml")), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_fact_file_validates_against_the_shipped_schema(path):
    schema = json.loads((SCHEMAS / f"{path.parent.name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


@pytest.mark.parametrize("ref", sorted(BASE.records))
def test_jsonld_states_only_claims_that_are_facts(ref):
    jsonld_states_only_claims_that_are_facts(BASE, ref)


@pytest.mark.slow
def test_the_site_builds_strictly_with_a_page_titled_for_every_fact_file(project_site):
    from .test_site import read

    for ref, record in BASE.records.items():
        assert read(project_site, ref).h1.replace("¶", "").strip() == record.entity.name, ref
