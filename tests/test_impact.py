"""`factsheets diff` lists the rendered impact of a change: every page, hand-written or generated,
whose text changes, with the sentence before and after."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from factsheets.adapters.cli import main

from .conftest import STORY


@pytest.fixture
def sides(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(STORY, old)
    shutil.copytree(STORY, new)
    blasts = new / "facts/incidents/harbour-blasts.yaml"
    blasts.write_text(
        blasts.read_text(encoding="utf-8").replace("  - value: 95\n", "  - value: 96\n"), encoding="utf-8"
    )
    return old / "facts", new / "facts"


def test_the_pages_whose_text_changes_are_listed_sentence_by_sentence(sides):
    old, new = sides
    text = CliRunner().invoke(main, ["diff", str(old), str(new)]).output
    pages = text.split("### Pages whose text changes", 1)[1]
    assert "- `backgrounders/harbour-blasts-in-context.md` (hand-written)" in pages
    before, after = "The death toll stands at 95, according to Dana Okafor.", "The death toll stands at 96, according"
    assert f'"{before}" → "{after}' in pages
    assert "- `incidents/harbour-blasts.md` (generated)" in pages
    assert "- `incidents/index.md` (generated)" in pages
    assert "`people/marco-vell.md`" not in pages  # its text did not change


def test_the_impact_is_in_the_json_too_and_can_be_left_out(sides):
    old, new = sides
    data = json.loads(CliRunner().invoke(main, ["diff", str(old), str(new), "--format", "json"]).output)
    assert "backgrounders/harbour-blasts-in-context.md" in [p["page"] for p in data["pages"]]
    assert "Pages whose text" not in CliRunner().invoke(main, ["diff", str(old), str(new), "--no-pages"]).output


def test_no_fact_change_no_page_change(tmp_path):
    shutil.copytree(STORY, tmp_path / "a")
    shutil.copytree(STORY, tmp_path / "b")
    text = CliRunner().invoke(main, ["diff", str(tmp_path / "a/facts"), str(tmp_path / "b/facts")]).output
    assert "No facts changed." in text and "Pages whose text" not in text
