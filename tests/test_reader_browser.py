"""The project's site as a reader uses it, in Debian's Chromium: search by any spelling, moving
between fact sheets, no request to another host, no serious accessibility violation, phone width."""

from __future__ import annotations

import pytest

from .browser import chromium, require_chromium, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

require_chromium()

PAGES = [
    "",
    "incidents/",
    "incidents/kerman-memorial-bombings/",
    "organizations/irgc-quds-force/",
    "people/qassem-soleimani/",
    "dates/doj-charges-shahram-poursafi/",
    "sources/ntd-kerman-memorial-blasts/",
    "timeline/",
]


@pytest.fixture(scope="module")
def site_url(project_site):
    with serve(project_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def search(page, query: str):
    """Type a query; the search index loads in a worker, so type again until it answers.

    Only the last character is a keystroke: typing every one sends a search per prefix, and the
    answer to "M" could be read as the answer to "Mojahedin-e-Khalq"."""
    page.click(".md-search__input")
    for _ in range(30):
        page.fill(".md-search__input", query[:-1])
        page.type(".md-search__input", query[-1])
        try:
            return page.wait_for_selector(
                ".md-search-result__item .md-search-result__article h1", state="attached", timeout=1000
            )
        except Exception:  # the worker was not ready yet
            continue
    raise AssertionError(f"no search result for {query!r}")


@pytest.mark.parametrize(
    "query, first",
    [
        ("Suleimani", "Qassem Soleimani"),
        ("Quds Force", "IRGC Quds Force"),
        ("Daesh", "ISIS"),
        ("Mojahedin-e-Khalq", "People's Mojahedin Organization of Iran"),
        ("PMOI", "People's Mojahedin Organization of Iran"),
        ("Eynollahi", "Bahram Eynollahi"),
    ],
)
def test_search_finds_a_fact_sheet_by_any_spelling(site_url, browser, query, first):
    page = browser.new_page()
    page.goto(site_url)
    assert search(page, query).text_content().strip() == first
    page.close()


def test_a_reader_clicks_from_an_incident_to_a_person_to_an_organization_and_back(site_url, browser):
    page = browser.new_page()
    page.goto(site_url + "incidents/kerman-memorial-bombings/")
    for name, title in [
        ("Qassem Soleimani", "Qassem Soleimani"),
        ("IRGC Quds Force", "IRGC Quds Force"),
        ("Qassem Soleimani", "Qassem Soleimani"),
        ("Kerman memorial blasts", "Kerman memorial blasts"),
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
    search(page, "Kerman")  # the search worker and its index load too
    elsewhere = [url for url in requests if not url.startswith((site_url, "data:", "blob:"))]
    assert requests and elsewhere == []
    page.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(site_url, browser, path):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page()
    page.goto(site_url + path)
    violations = Axe().run(page).response["violations"]
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    page.close()


@pytest.mark.parametrize("path", PAGES)
def test_nothing_overflows_a_phone_screen(site_url, browser, path):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site_url + path)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 390, f"{path} is {width} px wide"
    wide = page.evaluate("""[...document.querySelectorAll('article table')]
        .filter(t => t.getBoundingClientRect().right > window.innerWidth + 1).length""")
    assert wide == 0, "a table runs off the screen"
    page.close()
