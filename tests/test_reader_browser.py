"""A site (the made-up story's) as a reader uses it, in Debian's Chromium: search by any spelling, moving
between fact sheets, no request to another host, no serious accessibility violation, phone width."""

from __future__ import annotations

import pytest

from .browser import require_chromium, serious_violations, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

require_chromium()

# Every kind of page: home, an index, a fact sheet of each kind, the timeline and one of its years,
# a hand-written backgrounder.
PAGES = [
    "",
    "incidents/",
    "people/",
    "incidents/harbour-blasts/",
    "organizations/coast-guard-command/",
    "people/marco-vell/",
    "dates/harbour-festival-2024/",
    "sources/harbour-wire-report/",
    "timeline/",
    "timeline/2024/",
    "backgrounders/harbour-blasts-in-context/",
]


@pytest.fixture(scope="module")
def site_url(story_site):
    with serve(story_site) as url:
        yield url


def search(page, query: str):
    """Type a query; the search index loads as the reader starts typing, so type again until it answers.

    Only the last character is a keystroke: typing every one sends a search per prefix, and the
    answer to "M" could be read as the answer to "Mojahedin-e-Khalq"."""
    page.click(".md-search__input")
    for _ in range(30):
        page.fill(".md-search__input", query[:-1])
        page.type(".md-search__input", query[-1])
        try:
            return page.wait_for_selector(".md-search-result__item .fs-search__title", state="attached", timeout=1000)
        except Exception:  # the worker was not ready yet
            continue
    raise AssertionError(f"no search result for {query!r}")


@pytest.mark.parametrize(
    "query, first",
    [
        ("Marko Vel", "Marco Vell"),
        ("Coast Guard", "Coast Guard Command"),
        ("Jabhat al-Nahr", "River Front"),
        ("Front of the River", "River Front"),
        ("Okafor", "Dana Okafor"),
    ],
)
def test_search_finds_a_fact_sheet_by_any_spelling(site_url, browser, query, first):
    page = browser.new_page()
    page.goto(site_url)
    assert search(page, query).text_content().strip() == first
    page.close()


def test_a_reader_clicks_from_an_incident_to_a_person_to_an_organization_and_back(site_url, browser):
    page = browser.new_page()
    page.goto(site_url + "incidents/harbour-blasts/")
    for name, title in [
        ("Marco Vell", "Marco Vell"),
        ("Coast Guard Command", "Coast Guard Command"),
        ("Marco Vell", "Marco Vell"),
        ("Port Town harbour blasts", "Port Town harbour blasts"),
    ]:
        page.locator("article a", has_text=name).first.click()
        page.wait_for_load_state("load")
        assert page.locator("article h1").first.inner_text().replace("¶", "").strip() == title
    page.close()


def test_every_request_goes_to_the_site_itself(site_url, browser):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in PAGES:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    search(page, "Harbour")  # the search index loads too
    elsewhere = [url for url in requests if not url.startswith((site_url, "data:", "blob:"))]
    assert requests and elsewhere == []
    page.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(site_url, browser, path, width):
    page = browser.new_page(viewport={"width": width, "height": 844})
    page.goto(site_url + path)
    assert serious_violations(page) == []
    page.close()


# Words in tables and key facts that the browser drew on more than one line.
SPLIT_WORDS = """() => {
  const split = [];
  for (const box of document.querySelectorAll("article table, article dl")) {
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode()); ) {
      for (const word of node.textContent.matchAll(/[\\p{L}\\p{N}'’]+/gu)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.bottom)));
        if (lines.size > 1) split.push(word[0]);
      }
    }
  }
  return split;
}"""


@pytest.mark.parametrize("path", PAGES)
def test_nothing_overflows_a_phone_screen_and_no_word_is_split(site_url, browser, path):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site_url + path)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 390, f"{path} is {width} px wide"
    # A table wider than the screen scrolls inside Material's wrapper; the wrapper fits.
    wide = page.evaluate("""[...document.querySelectorAll('article table')]
        .map(t => t.closest('.md-typeset__scrollwrap') || t)
        .filter(box => box.getBoundingClientRect().right > window.innerWidth + 1).length""")
    assert wide == 0, "a table runs off the screen"
    assert page.evaluate(SPLIT_WORDS) == []
    page.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_a_reader_follows_a_citation_to_its_reference_and_back(site_url, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 844})
    page.goto(site_url + "incidents/harbour-blasts/")
    mark = page.locator("#deaths + dd sup.fs-cite a").first
    mark_id, target = mark.get_attribute("id"), mark.get_attribute("href")
    for link in [mark, *page.locator(".fs-backlinks a").all()[:3]]:
        box = link.bounding_box()
        assert box and box["width"] >= 24 and box["height"] >= 24, "a target a thumb can hit"
    mark.click()
    page.wait_for_function(f"location.hash === '{target}'")
    reference = page.locator(target)  # the quote the claim cites, under its source
    assert "death toll now stands at 95" in reference.inner_text()
    assert "95 Killed in Twin Blasts" in page.locator(f"li:has(> ul > li{target})").inner_text()
    reference.locator(f'.fs-backlinks a[href="#{mark_id}"]').click()
    page.wait_for_function(f"location.hash === '#{mark_id}'")
    assert page.evaluate(f"document.getElementById('{mark_id}').getBoundingClientRect().top") >= 0
    page.close()


def test_a_fact_sheet_prints_without_navigation_or_internal_link_targets(site_url, browser):
    page = browser.new_page()
    page.goto(site_url + "incidents/harbour-blasts/")
    page.emulate_media(media="print")
    hidden = page.evaluate("""['.md-header', '.md-sidebar--primary', '.md-footer']
        .map(s => document.querySelector(s)).filter(e => e && getComputedStyle(e).display !== 'none').length""")
    assert hidden == 0, "navigation is printed"
    assert page.locator("#references").is_visible()
    target = page.evaluate("""getComputedStyle(document.querySelector('#references + ol a[href^="../"]'), '::after')
        .content""")
    assert "../" not in target  # a page-internal address means nothing on paper
    page.close()
