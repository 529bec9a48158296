"""What a standards editor checks before signing off, on made-up fact trees: each sheet says what its
facts are as of, the home page what period the site covers, prose quotes a fact's own words through
references, no word group is doubled on a built page, and a wide table can be scrolled by keyboard."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from factsheets.check import references
from factsheets.check.prose import doubled_phrases
from factsheets.pipeline import Pipeline
from factsheets.site.scrolling import scrollable_tables

from .conftest import MINI, mkdocs_build


def _tree(tmp_path: Path, sources: dict[str, str], content: str = "# Home\n") -> Path:
    """The mini fact tree, its source given the extra lines in `sources` (by id: YAML lines), and a
    second source file for each further id; the home page says `content`."""
    root = tmp_path / "site"
    shutil.copytree(MINI, root)
    for source, extra in sources.items():
        path = root / f"facts/sources/{source}.yaml"
        if not path.exists():
            path.write_text(f"id: {source}\nname: Another report\n", encoding="utf-8")
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    (root / "content/index.md").write_text(content, encoding="utf-8")
    return root


def _cite_second_source(root: Path, source: str) -> None:
    """Jane Minister's sheet cites `source` too."""
    path = root / "facts/people/jane-minister.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"statements:\n  - value: She spoke twice.\n    sources: [{source}]\n", encoding="utf-8")


@pytest.mark.parametrize(
    "sources, second, line",
    [
        # The publication date of the only source.
        ({"example-report": "published: 2024-01-05\n"}, False, "Facts as of 5 January 2024"),
        # An undated source that says what date it reports up to.
        ({"example-report": "as_of: 2024-01-03\n"}, False, "Facts as of 3 January 2024"),
        # Its own as_of wins over its publication date: what it says is as of then.
        ({"example-report": "published: 2024-02\nas_of: 2024-01-03\n"}, False, "Facts as of 3 January 2024"),
        # The latest of two sources, whichever precision.
        ({"example-report": "published: 2024-01-05\n", "later-report": "published: 2024-03\n"}, True, "March 2024"),
        # No dated source: the sheet claims no date.
        ({}, False, None),
    ],
)
def test_a_sheet_says_what_its_facts_are_as_of_beside_when_it_was_reviewed(tmp_path, sources, second, line):
    root = _tree(tmp_path, sources)
    if second:
        _cite_second_source(root, "later-report")
    result = Pipeline(root / "facts", root / "content").build()
    assert result.diagnostics == []
    page = next(p for p in result.pages if p.src_uri == "people/jane-minister.md")
    found = re.search(r'<p class="fs-as-of">(.*?)</p>', page.html)
    if line is None:
        assert found is None
    else:
        assert found and line in found.group(1), page.html
        assert "the date of the latest source cited" in found.group(1)


def test_a_source_sheet_says_what_date_it_reports_up_to(tmp_path):
    root = _tree(tmp_path, {"example-report": "as_of: 2024-01-03\n"})
    result = Pipeline(root / "facts", root / "content").build()
    page = next(p for p in result.pages if p.src_uri == "sources/example-report.md")
    assert "<dt>Reports up to</dt><dd>3 January 2024</dd>" in page.html
    assert 'class="fs-as-of"' not in page.html


@pytest.mark.parametrize(
    "sources, text, shown",
    [
        ({"example-report": "as_of: 2024-01-03\n"}, "As of [[site:as-of]].", "As of 3 January 2024."),
        ({}, "As of [[site:as-of]].", "As of no known date."),
        # The mini tree's dated facts: the blast and the minister's statement.
        ({}, "From [[site:period]].", "From 3 January 2024 to 4 January 2024."),
    ],
)
def test_the_home_page_says_what_period_the_site_covers(tmp_path, sources, text, shown):
    root = _tree(tmp_path, sources, f"# Home\n\n{text}\n")
    result = Pipeline(root / "facts", root / "content").build()
    assert result.diagnostics == []
    assert references.substitute(text, result.base, lambda target: target).strip() == shown


@pytest.mark.parametrize(
    "reference, shown, problem",
    [
        # The words of one statement, as the page's sentence writes them, linked to the statements.
        (
            "[[incidents/harbour-blast#statements:about 20 minutes]]",
            "[about 20 minutes](incidents/harbour-blast.md#statements)",
            None,
        ),
        (
            "[[incidents/harbour-blast#statements:ABOUT 20   minutes]]",
            "[ABOUT 20 minutes](incidents/harbour-blast.md#statements)",
            None,
        ),
        # Words no current value says: the build fails, naming them.
        ("[[incidents/harbour-blast#statements:about 25 minutes]]", None, "no current value of 'statements'"),
        # Words more than one value says are not a choice.
        ("[[incidents/harbour-blast#statements:blast]]", None, "2 current values of 'statements'"),
        ("[[incidents/harbour-blast#nothing:blast]]", None, "has no field 'nothing'"),
    ],
)
def test_prose_gives_a_fact_s_own_words_through_a_reference(tmp_path, reference, shown, problem):
    root = _tree(tmp_path, {}, f"# Home\n\nIt came {reference}.\n")
    path = root / "facts/incidents/harbour-blast.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "  - value: A second blast was heard.\n    sources: [example-report]\n",
        encoding="utf-8",
    )
    result = Pipeline(root / "facts", root / "content").build()
    messages = [d.message for d in result.diagnostics]
    if problem:
        assert any(problem in m for m in messages), messages
    else:
        assert messages == []
        assert references.substitute(reference, result.base, lambda target: target) == shown


@pytest.mark.parametrize(
    "html, doubled",
    [
        ("<p>110 U.S. personnel U.S. personnel were wounded</p>", ["U.S. personnel"]),
        ("<p>the <a href='x'>the</a> blast</p>", ["the"]),
        ("<p>about 20 minutes minutes later</p>", ["minutes"]),
        ("<p>95 95</p>", ["95"]),
        ("<p>110 U.S. personnel\n U.S. personnel</p>", ["U.S. personnel"]),  # a line break is a space
        ("<p><a href='x'>110 U.S. personnel</a> U.S. personnel</p>", ["U.S. personnel"]),  # a link, then prose
        ("<p>Liberation Stone Stone Front</p>", ["Stone"]),
        # Punctuation at the edges of the two (the quick test that skips most text must see them).
        ("<p>(Quds Force Quds Force), then</p>", ["Quds Force"]),
        ("<p>“Gen. Smith Gen. Smith,” he said</p>", ["Gen. Smith"]),
        ("<p>a, b, c, d, e, f the Front the Front</p>", ["the Front"]),
        ("<p>one two three four five six one two three four five six</p>", ["one two three four five six"]),
        # Whatever follows the second: a dot, a dash, a quote mark; a line of many runs before it.
        ("<p>about 20 minutes minutes.</p>", ["minutes"]),
        ("<p>110 U.S. personnel U.S. personnel.</p>", ["U.S. personnel"]),
        ("<p>the Front the Front—then</p>", ["the Front"]),
        ("<p>Harbour Harbour&rdquo;</p>", ["Harbour"]),
        ("<ul>" + "<li>a b</li>" * 50 + "</ul><p>x y<br>Kerman Kerman</p>", ["Kerman"]),
        # Not doubled: words English doubles on purpose, cells, items, code, different words.
        ("<p>He said that that was all.</p>", []),
        ("<table><tr><td>95</td><td>95</td></tr></table>", []),
        ("<ul><li>Deaths</li><li>Deaths</li></ul>", []),
        ("<p><code>x x</code> and <code>y</code> y</p>", []),
        ("<p>Kerman, Kerman province</p>", []),
        ("<p>U.S. personnel, U.S. civilians</p>", []),
        ("<p><a href='a'>People Office</a> <a href='b'>Office Square</a></p>", []),  # two names side by side
    ],
)
def test_a_doubled_word_group_is_found_in_the_built_text(html, doubled):
    assert [d.phrase for d in doubled_phrases(html)] == doubled


@pytest.mark.slow
def test_a_strict_build_fails_on_a_doubled_word_group(tmp_path):
    root = _tree(tmp_path, {}, "# Home\n\nIn all, [[incidents/harbour-blast#deaths]] people people died.\n")
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert 'index.md:3: the words "people people" are doubled on the built page' in result.stderr


@pytest.mark.parametrize(
    "html, wrapped",
    [
        # Named by the heading above it.
        ('<h2 id="fields">Fields</h2><table><tr><td>a</td></tr></table>', ['aria-labelledby="fields"']),
        # Without a heading, by its number on the page.
        ("<table><tr><td>a</td></tr></table><p>x</p><table></table>", ['aria-label="Table 1"', 'aria-label="Table 2"']),
        ("<p>No table</p>", []),
    ],
)
def test_each_table_is_a_region_the_keyboard_can_scroll(html, wrapped):
    out = scrollable_tables(html)
    regions = re.findall(r'<div class="fs-scroll" role="region" tabindex="0" ([^>]*)><table', out)
    assert regions == wrapped
    assert re.sub(r"</?div[^>]*>", "", out) == html


@pytest.mark.parametrize(
    "claim, words",
    [
        # A present-tense sentence carries its date inside it.
        ({"value": "He remains at large.", "as_of": "2022-08"}, "He remains at large, as of August 2022."),
        ({"value": "It is closed", "as_of": "2024-01-03"}, "It is closed, as of 3 January 2024"),
        (
            {"value": "It is closed.", "as_of": "2024-01", "according_to": "the port"},
            "It is closed. According to the port, as of January 2024.",  # who said it: a sentence of its own
        ),
    ],
)
def test_a_present_tense_statement_carries_its_date(claim, words):
    from factsheets import wording
    from factsheets.factmodel.model import TextClaim

    assert wording.claim_words(TextClaim(**claim, sources=["example-report"])) == words


def test_a_sheet_gives_a_present_tense_statement_with_its_date(tmp_path):
    root = _tree(tmp_path, {})
    path = root / "facts/people/jane-minister.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "statements:\n  - value: She remains in office.\n    as_of: 2024-01-03\n    sources: [example-report]\n",
        encoding="utf-8",
    )
    result = Pipeline(root / "facts", root / "content").build()
    page = next(p for p in result.pages if p.src_uri == "people/jane-minister.md")
    assert "She remains in office, as of 3 January 2024.<sup" in page.html


@pytest.mark.parametrize("text", ["[[site:perod]]", "[[site: as-of]]", "[[site:]]"])
def test_an_unknown_site_date_fails_the_build(tmp_path, text):
    root = _tree(tmp_path, {}, f"# Home\n\nFrom {text}.\n")
    result = Pipeline(root / "facts", root / "content").build()
    assert [d.line for d in result.diagnostics if d.severity == "error"] == [3], result.diagnostics
