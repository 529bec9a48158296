"""The pictures in Debian's Chromium: no accessibility violation, links a reader can name, tab to
and click, and no overflow at phone width (with Material's rule `.md-typeset svg {max-width: 100%}`)."""

from __future__ import annotations

import pytest
from factsheets.site.pictures import relations_diagram, timeline_strip

from .browser import require_chromium, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

require_chromium()

ENTRIES = [
    ("2017-06-07", "2017 Tehran attacks", "tehran/"),
    ("2017~", "Battles with dissident factions <i>", "battles/"),
    ("2020-01-03", "2020 Baghdad drone strike", "baghdad/"),
    ("2022-08", "DOJ charges Shahram Poursafi", "doj/"),
    ("2024-01-03", "Kerman memorial blasts", "kerman/"),
]
RELATIONS = [
    ("Member of", "IRGC Quds Force", "quds/"),
    ("Killed in", "2020 Baghdad drone strike", "baghdad/"),
    ("Responsibility (alleged)", "Islamic Revolutionary Guard Corps", "irgc/"),
    *[("Involved in", f"Event {n}", f"event-{n}/") for n in range(20)],
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("pictures")
    body = f"{timeline_strip(ENTRIES)}{relations_diagram('Qassem Soleimani', RELATIONS)}"
    (root / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pictures</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<style>svg{max-width:100%;height:auto}</style></head>"
        f"<body><main><h1>Pictures</h1>{body}</main></body></html>",
        encoding="utf-8",
    )
    for _, _, url in [*ENTRIES, *RELATIONS]:
        (root / url).mkdir(exist_ok=True)
        page = f'<!doctype html><html lang="en"><head><title>{url}</title></head><body><h1>{url}</h1></body></html>'
        (root / url / "index.html").write_text(page, encoding="utf-8")
    with serve(root) as url:
        yield url


def test_no_accessibility_violation(site, browser):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page()
    page.goto(site)
    assert [(v["id"], v["impact"]) for v in Axe().run(page).response["violations"]] == []
    page.close()


def test_each_link_of_a_picture_has_its_full_name_and_takes_the_reader_there(site, browser):
    page = browser.new_page()
    page.goto(site)
    picture = page.locator(".fs-picture--relations svg")
    assert picture.get_by_role("link", name="Responsibility (alleged): Islamic Revolutionary Guard Corps").count() == 1
    strip = page.locator(".fs-picture--timeline svg")
    link = strip.get_by_role("link", name="Battles with dissident factions <i>, about 2017")
    assert link.count() == 1
    link.click()
    page.wait_for_url(site + "battles/")
    page.close()


def test_the_keyboard_reaches_every_link(site, browser):
    page = browser.new_page()
    page.goto(site)
    expected = page.locator("svg a").count() + page.locator("summary").count()
    reached = set()
    for _ in range(expected):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.outerHTML.slice(0, 120)"))
    assert len(reached) == expected
    page.close()


def test_nothing_overflows_a_phone_screen(site, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    page.close()
