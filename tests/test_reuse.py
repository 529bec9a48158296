"""Under `mkdocs serve` a reload keeps the work of whatever an edit left unchanged (generator/reuse.py):
fact sheets, index parts, timeline parts, exports, table lines, JSON-LD, the theme's compiled templates.
Whatever it keeps, a reload after any edit gives exactly what a fresh build of the same files gives:
no page, row or file stale."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest
from factsheets.adapters.preview import KeptBytecode
from factsheets.pipeline import Build, Pipeline
from factsheets.reuse import Reuse
from factsheets.site import tables

MINI = Path(__file__).parent / "fixtures" / "mini"

NEW_MEMBER = """id: new-member
name: Nora Newcomer
member_of:
  - value: organizations/example-group
    role: Treasurer
    sources: [example-report]
"""


def replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        file = root / path
        text = file.read_text(encoding="utf-8")
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def write(path: str, text: str) -> Callable[[Path], None]:
    return lambda root: (root / path).write_text(text, encoding="utf-8")


def remove(path: str) -> Callable[[Path], None]:
    return lambda root: (root / path).unlink()


def change_id(root: Path) -> None:
    (root / "facts/organizations/example-parent.yaml").rename(root / "facts/organizations/parent-body.yaml")
    old, new = "id: example-parent", "id: parent-body\nprevious_ids: [example-parent]"
    replace("facts/organizations/parent-body.yaml", old, new)(root)


# Each edit, then the pages it must change besides the edited entity's own sheet.
EDITS = {
    "a person renamed": (
        replace("facts/people/jane-minister.yaml", "name: Jane Minister", "name: Joan Minister"),
        ["incidents/harbour-blast.md", "people/index.md", "organizations/example-parent.md"],
    ),
    "a role changed": (replace("facts/people/jane-minister.yaml", "Spokesperson", "Chief spokesperson"), []),
    "a date moved to another year": (
        replace("facts/dates/minister-statement.yaml", "2024-01-04", "2023-05-01"),
        ["timeline/2024.md", "dates/index.md"],
    ),
    "a toll revised": (replace("facts/incidents/harbour-blast.yaml", "value: 95", "value: 96"), ["incidents/index.md"]),
    "a source renamed": (
        replace("facts/sources/example-report.yaml", "Example report: a test source", "Example wire report"),
        ["people/jane-minister.md", "sources/index.md"],
    ),
    "a source's date set (quotes are read by it)": (
        replace(
            "facts/sources/example-report.yaml",
            "publisher: Example Wire",
            "publisher: Example Wire\npublished: 2024-01-05",
        ),
        ["sources/example-report.md"],
    ),
    "an entity added": (write("facts/people/new-member.yaml", NEW_MEMBER), ["organizations/example-group.md"]),
    "an entity removed": (remove("facts/dates/minister-statement.yaml"), ["people/jane-minister.md"]),
    "a page stops mentioning an entity": (
        replace(
            "content/index.md", "[[incidents/harbour-blast]] and its deaths: [[incidents/harbour-blast#deaths]]", "it"
        ),
        ["incidents/harbour-blast.md"],
    ),
    "an id changed, the old one kept": (change_id, ["people/jane-minister.md"]),
    "renamed, and named by its old id": (
        replace("facts/organizations/parent-body.yaml", "name: Example Parent", "name: Parent Body"),
        ["people/jane-minister.md", "organizations/example-group.md"],
    ),
}
SETUP = {"renamed, and named by its old id": change_id}  # made before the first build


def pages_of(build: Build) -> dict[str, str]:
    return {page.src_uri: page.html for page in build.pages}


def assert_same(reloaded: Build, fresh: Build) -> None:
    assert pages_of(reloaded) == pages_of(fresh)
    assert [p.src_uri for p in reloaded.pages] == [p.src_uri for p in fresh.pages]
    assert reloaded.published == fresh.published
    assert reloaded.jsonld == fresh.jsonld
    assert reloaded.diagnostics == fresh.diagnostics


@pytest.mark.parametrize("name", EDITS)
def test_a_reload_after_an_edit_is_a_fresh_build(tmp_path, name):
    shutil.copytree(MINI, tmp_path, dirs_exist_ok=True)
    SETUP.get(name, lambda root: None)(tmp_path)
    edit, changed = EDITS[name]
    pipeline = Pipeline(tmp_path / "facts", tmp_path / "content", reuse=Reuse(), build_date="2024-02-01")
    before = pipeline.build()
    assert before.pages
    edit(tmp_path)
    reloaded = pipeline.build()
    fresh = Pipeline(tmp_path / "facts", tmp_path / "content", build_date="2024-02-01").build()
    assert_same(reloaded, fresh)
    # and the edit shows where a reader looks for it (the case can fail: it names pages that change)
    old, new = pages_of(before), pages_of(reloaded)
    for src_uri in changed:
        assert old[src_uri] != new.get(src_uri), src_uri
    # a second reload with nothing changed keeps everything, and still matches
    assert_same(pipeline.build(), fresh)


LONE = """id: lone-body
name: Lone Body
summary: A body nothing else points to.
"""


def test_a_reload_renders_again_only_the_pages_an_edit_reaches(tmp_path, monkeypatch):
    """Kept pages are the very objects of the last build: an edit to an entity nothing points to
    renders its sheet and its kind's index again, not the people index or the timeline's years."""
    shutil.copytree(MINI, tmp_path, dirs_exist_ok=True)
    write("facts/organizations/lone-body.yaml", LONE)(tmp_path)
    pipeline = Pipeline(tmp_path / "facts", tmp_path / "content", reuse=Reuse())
    before = {page.src_uri: page for page in pipeline.build().pages}
    replace("facts/organizations/lone-body.yaml", "nothing else points to", "no other file names")(tmp_path)
    after = {page.src_uri: page for page in pipeline.build().pages}
    made_again = {src_uri for src_uri, page in after.items() if page is not before[src_uri]}
    assert made_again == {"organizations/lone-body.md", "organizations/index.md", "timeline.md"}
    lines: list[str] = []
    original = tables._lines
    monkeypatch.setattr(
        tables,
        "_lines",
        lambda base, kind, record, page: lines.append(record.ref) or original(base, kind, record, page),
    )
    again = {page.src_uri: page for page in pipeline.build().pages}
    assert {src_uri for src_uri, page in again.items() if page is not after[src_uri]} == {"timeline.md"}
    assert lines == []  # nor any entity's lines in the CSV tables


def test_new_templates_render_every_kept_part_again(tmp_path):
    shutil.copytree(MINI, tmp_path, dirs_exist_ok=True)
    templates = tmp_path / "templates"
    templates.mkdir()
    pipeline = Pipeline(tmp_path / "facts", tmp_path / "content", templates, reuse=Reuse())
    pipeline.build()
    for name in ("index.html.j2", "timeline.html.j2"):
        (templates / name).write_text("<p>Overridden: {{ title }}</p>", encoding="utf-8")
    reloaded = pipeline.build()
    assert "<p>Overridden: People</p>" in pages_of(reloaded)["people/index.md"]
    fresh = Pipeline(tmp_path / "facts", tmp_path / "content", templates).build()
    assert_same(reloaded, fresh)


def test_the_theme_compiled_once_is_compiled_again_when_a_template_or_a_setting_changes():
    kept = KeptBytecode()
    source = {"main.html": "<p>{{ 1 + 1 }}</p>"}

    def render(**settings) -> str:
        env = jinja2.Environment(
            loader=jinja2.FunctionLoader(lambda name: (source[name], name, lambda: True)), **settings
        )
        kept.serve(env)  # as the plugin does in on_env, for every rebuild's new environment
        return env.get_template("main.html").render()

    assert render() == "<p>2</p>" and len(kept.kept) == 1
    assert render() == "<p>2</p>"
    source["main.html"] = "<p>{{ 2 + 1 }}</p>"
    assert render() == "<p>3</p>"
    source["main.html"] = "<p>[[ 2 + 2 ]]</p>"
    assert render(variable_start_string="[[", variable_end_string="]]") == "<p>4</p>"
