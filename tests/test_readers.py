"""What a reader of a large site gets, without a browser: names spelt any way share one skeleton, index
pages come in parts without citation marks, the timeline keeps undated entries apart."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from factsheets.pipeline import Pipeline
from factsheets.site import pages as render_module
from factsheets.site.pages import INDEX_PAGE
from factsheets.site.search import name_tokens, name_words

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.mark.parametrize(
    "spellings",
    [
        ["Soleimani", "Soleymani", "Sulaimani", "Suleimani", "Solaimani"],
        ["Qassem", "Qasem", "Ghasem", "Kassem", "Qāsem"],
        ["Mohammad", "Muhammad", "Mohamad"],
        ["Hossein", "Husayn", "Hussein"],
        ["Raisi", "Ra'isi", "Raeisi", "Ra’isi"],
        ["al-Baghdadi", "Baghdadi", "el Baghdadi"],
        ["Ḥusayn", "Husayn"],
    ],
)
def test_every_spelling_of_a_name_has_one_skeleton(spellings):
    assert len({tuple(name_words(s)) for s in spellings}) == 1, [name_words(s) for s in spellings]


@pytest.mark.parametrize(
    "one, other",
    [("Soleimani", "Salami"), ("Trump", "Tramp Steamer Line"), ("Kerman", "Karaman Group")],
)
def test_different_names_keep_different_skeletons(one, other):
    assert name_words(one) != name_words(other)


@pytest.mark.parametrize(
    "name, words",
    [
        ("Resolution 2231", ["rsltn", "2231"]),
        ("Office of the Leader", ["fk", "ldr"]),  # "of", "the": too short to tell anything apart
        ("", []),
    ],
)
def test_name_words(name, words):
    assert name_words(name) == words


def test_name_tokens_are_escaped_and_hidden():
    html = str(name_tokens(['<script>alert(1)</script>"', "Jane & Co", "Smith, title:John"]))
    assert "<script>" not in html and html.startswith('<div class="fs-search-names" hidden>')
    assert "&lt;script&gt;" in html and "Jane &amp; Co" in html
    assert re.search(r'<p data-pagefind-weight="10">fs[nx]\w+( fs[nx]\w+)*</p>', html)
    assert '<p data-pagefind-meta="names">' in html and "title:John</p></div>" in html  # text, not an attribute


def facts_with(tmp_path: Path, extra: dict[str, str]) -> Path:
    root = tmp_path / "site"
    shutil.copytree(MINI, root)
    for path, text in extra.items():
        (root / "facts" / path).write_text(text, encoding="utf-8")
    return root


UNDATED = """id: undated-fire
name: Undated fire
summary: A fire whose date no source gives.
location:
  - value: Port Town
    sources: [example-report]
"""


@pytest.fixture
def undated(tmp_path):
    root = facts_with(tmp_path, {"incidents/undated-fire.yaml": UNDATED})
    result = Pipeline(root / "facts", root / "content").build()
    assert result.diagnostics == []
    return {page.src_uri: page for page in result.pages}


def test_an_undated_incident_is_a_group_of_its_own_after_the_dated_ones(undated):
    html = undated["incidents/index.md"].html
    dated, group, fire = html.index("Harbour blast"), html.index("Date not stated"), html.index("Undated fire")
    assert dated < group < fire
    assert 'data-sort=""' in html  # the page's script never sorts it as if dated


def test_the_timeline_keeps_undated_entries_apart(undated):
    overview = undated["timeline.md"].html
    assert 'id="undated"' in overview and "Undated fire" not in overview.split('id="latest"')[0]
    assert "timeline/undated.md" in undated
    assert "Undated fire" in undated["timeline/undated.md"].html
    assert "Undated fire" not in undated["timeline/2024.md"].html
    assert undated["timeline/undated.md"].title == "Timeline: date not stated"


def test_the_timeline_overview_counts_every_year_and_shows_the_latest_entries(undated):
    overview = undated["timeline.md"].html
    assert re.search(r'href="2024/"[^>]*>.*?2024.*?3 dated facts', overview)
    latest = overview.split('id="latest"')[1]
    assert latest.index("4 January 2024") < latest.index("3 January 2024")  # newest first


def test_a_busy_year_comes_in_parts_no_longer_than_an_index_page(tmp_path):
    fires = {
        f"incidents/fire-{n}.yaml": UNDATED.replace("undated-fire", f"fire-{n}")
        .replace("Undated fire", f"Fire {n}")
        .replace("location:", f"date:\n  - value: '2020-03-{1 + n % 28:02d}'\n    sources: [example-report]\nlocation:")
        for n in range(INDEX_PAGE + 30)
    }
    root = facts_with(tmp_path, fires)
    result = Pipeline(root / "facts", root / "content").build()
    assert result.diagnostics == []
    pages = {page.src_uri: page for page in result.pages}
    parts = [pages["timeline/2020.md"].html, pages["timeline/2020-2.md"].html]
    assert [html.count("<li><time") for html in parts] == [INDEX_PAGE, 30]
    assert "timeline/2020-3.md" not in pages


def test_index_cells_have_no_citation_marks_and_each_row_one_sources_link():
    result = Pipeline(MINI / "facts", MINI / "content").build()
    html = next(p for p in result.pages if p.src_uri == "incidents/index.md").html
    assert "fs-cite" not in html and "footnote-ref" not in html and 'id="references"' not in html
    assert html.count(">Sources</a>") == html.count("<tr><td")
    assert 'href="harbour-blast/#references"' in html


def test_an_index_longer_than_a_page_comes_in_parts(monkeypatch):
    monkeypatch.setattr(render_module, "INDEX_PAGE", 1)
    result = Pipeline(MINI / "facts", MINI / "content").build()
    pages = {p.src_uri: p for p in result.pages}
    first, second = pages["organizations/index.md"], pages["organizations/index/2.md"]
    assert first.html.count("<tr><td") == second.html.count("<tr><td") == 1
    assert 'data-parts="./ index/2/"' in first.html and 'data-parts="../../ ./"' in second.html
    assert 'aria-current="page">2<' in second.html and second.title == "Organizations, page 2"
    assert "organizations/index/3.md" not in pages
