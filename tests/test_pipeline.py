"""Each step of the pipeline on the small fact tree in fixtures/mini, and golden Markdown."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from factsheets import background, load
from factsheets.link import link
from factsheets.model import Range
from factsheets.pipeline import Pipeline
from factsheets.render import render
from factsheets.text import date_words, figure_words, md
from factsheets.validate import validate

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
    assert base.cited_by["example-report"] == sorted(base.cited_by["example-report"])


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
        "incidents/index.md",
        "timeline.md",
    ],
)
def test_golden_markdown(built, src_uri):
    golden = GOLDEN / src_uri.replace("/", "__")
    markdown = page_of(built, src_uri).markdown
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(markdown, encoding="utf-8")
    assert markdown == golden.read_text(encoding="utf-8"), "run with UPDATE_GOLDEN=1 and review the diff"


def test_every_kind_and_index_gets_a_page(built):
    uris = {p.src_uri for p in built.pages}
    assert {
        "incidents/index.md",
        "organizations/index.md",
        "people/index.md",
        "dates/index.md",
        "sources/index.md",
        "timeline.md",
    } <= uris
    assert all(p.fact_file == f"facts/{p.src_uri[:-3]}.yaml" for p in built.pages if p.fact_file)


def test_render_is_deterministic(built):
    again = render(built.base)
    assert [p.markdown for p in again] == [p.markdown for p in built.pages]


@pytest.mark.parametrize("cores", [2, 1])  # a second process, or a thread where there is no second core
def test_pages_rendered_in_the_background_are_the_pipelines_in_any_order(built, monkeypatch, cores):
    monkeypatch.setattr(background.os, "cpu_count", lambda: cores)
    forkable = threading.active_count() == 1
    renderer = background.Renderer(built.templates, built.base, built.planned)
    try:
        assert isinstance(renderer.pool, ProcessPoolExecutor) == (cores == 2 and forkable)
        asked = [p.src_uri for p in reversed(built.pages)]  # the last page first: the rest wait, ready
        assert {uri: renderer.markdown(uri) for uri in asked} == {p.src_uri: p.markdown for p in built.pages}
        assert renderer.sanitize('<p onclick="x()">a<script>b()</script></p>').result() == "<p>a</p>"
    finally:
        renderer.close()


def test_generator_passes_lint_and_type_checks():
    # The same checks as `make lint`, so a pull request cannot merge code that fails them.
    import subprocess
    import sys

    bin_dir = Path(sys.executable).parent
    root = Path(__file__).resolve().parent.parent
    for command in ([bin_dir / "ruff", "check", "generator", "tests", "bench"], [bin_dir / "mypy", "generator"]):
        result = subprocess.run([str(c) for c in command], cwd=root, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
