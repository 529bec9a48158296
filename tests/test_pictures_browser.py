"""The pictures in Debian's Chromium at 390 and 1280 px, under Material's rule
`.md-typeset svg {max-width: 100%}` in a column as wide as Material's: no accessibility violation,
every text at 12 px or more, no text past the picture's edge, no overflow, and no Tab stop."""

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
    ("2024-01-02", "Iran's mission to the United Nations insists on its right to legal proceedings", "un/"),
    ("2024-01-03", "Amir Saeid Iravani's statement to the United Nations on the Kerman blasts", "iravani/"),
    ("2024-01-03", "Kerman memorial blasts", "kerman/"),
    ("2024-01-03", "Memorial for Qassem Soleimani in Kerman (2024)", "memorial/"),
]
RELATIONS = [
    ("Member of", "IRGC Quds Force", "quds/"),
    ("Killed in", "2020 Baghdad drone strike", "baghdad/"),
    ("Responsibility (alleged)", "Islamic Revolutionary Guard Corps", "irgc/"),
    *[("Involved in", f"Event {n} with a name long enough to wrap on a phone", f"event-{n}/") for n in range(20)],
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("pictures")
    body = f"{timeline_strip(ENTRIES)}{relations_diagram('Qassem Soleimani', RELATIONS)}"
    # Material's column: at 390 px the text is 358 px wide (0.8 rem of 20 px either side).
    (root / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pictures</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<style>body{margin:0;font-family:sans-serif}main{margin:0 16px;max-width:800px}"
        "svg{max-width:100%;height:auto}</style></head>"
        f"<body><main><h1>Pictures</h1>{body}</main></body></html>",
        encoding="utf-8",
    )
    with serve(root) as url:
        yield url


def test_no_accessibility_violation(site, browser):
    from axe_playwright_python.sync_playwright import Axe

    for width in (390, 1280):
        page = browser.new_page(viewport={"width": width, "height": 844})
        page.goto(site)
        assert [(v["id"], v["impact"]) for v in Axe().run(page).response["violations"]] == []
        page.close()


# Each text of the pictures: its size on screen, and how far it runs past its picture's edges.
TEXTS = """() => [...document.querySelectorAll('.fs-picture svg text')].map(t => {
  const svg = t.ownerSVGElement, box = svg.getBoundingClientRect(), own = t.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
          past: Math.max(box.left - own.left, own.right - box.right)};
})"""


@pytest.mark.parametrize("width", [390, 1280])
def test_every_label_is_readable_and_whole(site, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 844})
    page.goto(site)
    texts = page.evaluate(TEXTS)
    assert len(texts) > 30
    assert [t for t in texts if t["px"] < 12] == [], "a label under 12 px"
    assert [t for t in texts if t["past"] > 0.5] == [], "a label cut at the picture's edge"
    assert not [t for t in texts if "…" in t["text"]], "a label shortened"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    page.close()


def test_the_pictures_add_no_tab_stop(site, browser):
    page = browser.new_page()
    page.goto(site)
    reached = []
    for _ in range(4):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.tagName"))
    assert reached == ["SUMMARY", "SUMMARY", "BODY", "SUMMARY"], "only the two lists' summaries"
    page.close()
