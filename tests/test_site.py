"""The made-up story's site, built with the real `mkdocs build --strict`, read as a reader would.
(The project's own site is held by checks true of any fact base: test_content.py.)"""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


class Links(HTMLParser):
    """The article's links, heading and list items of one built page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.h1 = ""
        self.items: list[str] = []
        self._in_article = self._in_h1 = 0
        self._item: list[str] | None = None
        self._section = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self._in_article += 1
        if not self._in_article:
            return
        if tag == "a" and attrs.get("href") and not attrs["href"].startswith("#"):
            self.links.append(attrs["href"])
        if tag == "h1":
            self._in_h1 = 1
        if tag == "h2":
            self._section = attrs.get("id", "")
        if tag == "dt":
            self._section = "key-facts"
        if tag == "li" or tag == "p" and self._section == "key-facts" and attrs.get("class") is None:
            self._item = [self._section]
        if tag == "sup" and "fs-cite" in attrs.get("class", "") and self._item is not None:
            self._item.append("CITED")

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article -= 1
        if tag == "h1":
            self._in_h1 = 0
        if tag == "dl":
            self._section = ""
        if tag in ("li", "p") and self._item is not None:
            self.items.append(" ".join(self._item))
            self._item = None

    def handle_data(self, data):
        if self._in_h1:
            self.h1 += data
        if self._item is not None:
            self._item.append(data.strip())


@pytest.fixture
def site(story_site) -> Path:
    return story_site


def read(site: Path, page: str) -> Links:
    parser = Links()
    parser.feed((site / page / "index.html").read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize(
    "start, target",
    [
        ("incidents/harbour-blasts", "people/marco-vell"),
        ("people/marco-vell", "organizations/coast-guard-command"),
        ("organizations/coast-guard-command", "people/marco-vell"),
        ("people/marco-vell", "incidents/harbour-blasts"),
    ],
)
def test_a_reader_moves_between_fact_sheets_by_links(site, start, target):
    # Each link resolved from the page's own URL, as the browser does.
    reached = {posixpath.normpath(posixpath.join(start, link.split("#")[0])) for link in read(site, start).links}
    assert target in reached, sorted(reached)


@pytest.mark.parametrize("page", ["incidents/harbour-blasts", "people/marco-vell", "organizations/coast-guard-command"])
def test_every_claim_has_a_citation(site, page):
    items = read(site, page).items
    claims = [i for i in items if not i.startswith(("references", "mentioned-in"))]
    assert claims
    assert [i for i in claims if "CITED" not in i] == []


def test_a_death_toll_shows_current_and_superseded(site):
    html = (site / "incidents/harbour-blasts/index.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"</?(a|span|sup|strong)\b[^>]*>", "", html)))
    key_fact = text.split(" Deaths ")[1].split(" Injuries ")[0]
    assert key_fact.startswith("95, according to Dana Okafor")
    assert "revised from up to 103, according to State radio, as of 3 January 2024" in key_fact
    earlier = text.split("Earlier figures and denials")[-1]  # the section, not the table of contents
    assert "Deaths: up to 103, earlier figure, since revised, according to State radio" in earlier


def test_navigation_lists_sections_not_entities(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    sidebar = html.split("md-sidebar--primary")[1].split("md-sidebar--secondary")[0]
    links = set(
        re.findall(r'class="md-nav__link[^"]*"[^>]*href="([^"#]*)"|href="([^"#]*)"[^>]*class="md-nav__link', sidebar)
    )
    targets = {a or b for a, b in links}
    assert {"incidents/", "people/", "organizations/", "dates/", "sources/", "timeline/"} <= targets
    kinds = ("incidents/", "organizations/", "people/", "dates/", "sources/")
    assert not [t for t in targets if t.startswith(kinds) and t.count("/") > 1], "no fact sheet in the navigation"
