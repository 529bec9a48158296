"""Generated pages reach MkDocs as HTML: the headings give the table of contents and permalinks."""

from __future__ import annotations

import pytest
from factsheets.site.htmlpage import permalinks
from factsheets.site.urls import page_url


def outline(toc) -> list:
    return [(item.level, item.id, item.title, outline(item.children)) for item in toc]


@pytest.mark.parametrize(
    "html, symbol, toc, shown",
    [
        (
            '<h1 id="x">X</h1><p>a</p><h2 id="key-facts">Key facts</h2><h2 id="references">References</h2>',
            "¶",
            [(1, "x", "X", [(2, "key-facts", "Key facts", []), (2, "references", "References", [])])],
            '<h2 id="key-facts">Key facts<a class="headerlink" href="#key-facts" title="Permanent link">¶</a></h2>',
        ),
        # A heading's title is its text; no permalink when the site turns them off.
        (
            '<h2 id="a">Said by <a href="../p/">P &amp; Q</a></h2><h3 id="b">B</h3><h2 id="c">C</h2>',
            None,
            [(2, "a", "Said by P &amp; Q", [(3, "b", "B", [])]), (2, "c", "C", [])],
            '<h2 id="a">Said by <a href="../p/">P &amp; Q</a></h2>',
        ),
        # Only headings with an id are in the table of contents.
        ("<h2>Plain</h2>", "#", [], "<h2>Plain</h2>"),
    ],
)
def test_headings_make_the_table_of_contents(html, symbol, toc, shown):
    content, contents = permalinks(html, symbol)
    assert outline(contents) == toc
    assert shown in content


@pytest.mark.parametrize(
    "src_uri, directory_urls, url",
    [
        ("people/jane.md", True, "people/jane/"),
        ("people/index.md", True, "people/"),
        ("index.md", True, ""),
        ("timeline/2024.md", True, "timeline/2024/"),
        ("people/jane.md", False, "people/jane.html"),
        ("people/index.md", False, "people/index.html"),
    ],
)
def test_links_are_written_for_the_urls_mkdocs_gives(src_uri, directory_urls, url):
    assert page_url(src_uri, directory_urls) == url
