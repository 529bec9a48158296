"""A made-up site read as a standards editor reads it, in Debian's Chromium: each citation reaches its
own quote (and its tooltip shows it), a long fact sheet prints on at most 3 A4 pages without
page-internal addresses, and no kind of page has a serious accessibility violation at 390 or 1280 px,
a guide with wide tables included."""

from __future__ import annotations

import re
import shutil

import pytest

from .browser import require_chromium, serious_violations, serve
from .conftest import MINI, mkdocs_build

pytestmark = [pytest.mark.browser, pytest.mark.slow]

require_chromium()

LONG = "incidents/long-incident/"  # a sheet about the size of the longest of a real site
STATEMENTS = 20
QUOTES = 28


def _long_incident() -> str:
    """An incident with as many rows, statements and quotes as a long real sheet, each quote its own."""
    lines = [
        "id: long-incident",
        "name: Long incident",
        "aliases: [The long one, The longest incident, Long event]",
        "summary: " + "A made-up incident with as many facts as the longest sheet of a real site. " * 3,
        "reviewed: 2026-11-24",
    ]

    def quote(n: int, value: object = "") -> str:
        return f"        quote: Quote {n} of the example report, which says {value}, as long as a real one {'x' * 30}"

    n = 0
    for field, value in [("date", "2024-01-03"), ("location", "Port Town"), ("deaths", "95"), ("injuries", "211")]:
        n += 1
        lines += [f"{field}:", f"  - value: {value}", "    sources:", "      - source: example-report", quote(n, value)]
    lines += ["involves:"]
    for ref in ["people/jane-minister", "organizations/example-group", "organizations/example-parent"]:
        n += 1
        lines += [
            f"  - value: {ref}",
            "    role: named by the source",
            "    sources:",
            "      - source: example-report",
            quote(n),
        ]
    lines += [
        "related:",
        "  - value: incidents/harbour-blast",
        "    relation: follows",
        "    sources:",
        "      - source: example-report",
        quote(n + 1),
    ]
    n += 1
    lines += ["statements:"]
    for number in range(STATEMENTS):
        lines += [
            f"  - value: Statement {number}, a sentence of about the length the sheets of a real site have in them.",
            *(["    note: A note that explains what the source says and does not say about it."] * (number % 3 == 0)),
            "    sources:",
            "      - source: example-report",
            quote(n + 1 + number, f"statement {number}"),
        ]
        if n + 1 + number >= QUOTES:
            break
    return "\n".join(lines) + "\n"


GUIDE = "# Guide\n\nA page with wide tables, like an editing guide.\n\n" + "".join(
    f"## Table {t}\n\n| Field | Holds | Required | What it is for |\n| --- | --- | --- | --- |\n"
    + f"| `a_rather_long_field_name_{t}` | `list of {{value, sources, as_of, according_to}}` | yes | "
    + "A description long enough to make the table wider than a phone's screen by some way. |\n\n"
    for t in range(6)
)


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("standards") / "site"
    shutil.copytree(MINI, root)
    (root / "facts/incidents/long-incident.yaml").write_text(_long_incident(), encoding="utf-8")
    source = root / "facts/sources/example-report.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "as_of: 2024-01-03\n", encoding="utf-8")
    (root / "content/guide.md").write_text(GUIDE, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  font: false\n", "  font: false\n  features:\n    - content.footnote.tooltips\n"
        )
        + "  - Guide: guide.md\n",
        encoding="utf-8",
    )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    with serve(root / "site") as url:
        yield url


def test_a_citation_reaches_the_quote_of_its_claim_and_back(site_url, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site_url + LONG)
    mark = page.locator("#deaths + dd sup.fs-cite a").first
    mark_id, target = mark.get_attribute("id"), mark.get_attribute("href")
    assert re.fullmatch(r"#ref-1-\d+", target or "")
    mark.click()
    page.wait_for_function(f"location.hash === '{target}'")
    quote = page.locator(target)
    assert quote.locator("q").inner_text() == re.sub(r"\s+", " ", _long_incident().split("quote: ")[3].split("\n")[0])
    assert page.evaluate(f"getComputedStyle(document.querySelector('{target}')).backgroundColor") != "rgba(0, 0, 0, 0)"
    back = quote.locator(f'.fs-backlinks a[href="#{mark_id}"]')
    assert back.inner_text().endswith("Deaths: 95")  # named by its claim, not by a letter
    back.click()
    page.wait_for_function(f"location.hash === '#{mark_id}'")
    page.close()


def test_the_tooltip_of_a_citation_shows_its_quote(site_url, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + LONG)
    page.locator("#injuries + dd sup.fs-cite a").first.hover()
    tooltip = page.locator(".md-tooltip2").first
    tooltip.wait_for(state="visible", timeout=5000)
    assert tooltip.inner_text().strip().startswith("Quote 4 of the example report")  # the quote alone
    assert "Deaths" not in tooltip.inner_text() and "Injuries" not in tooltip.inner_text()
    page.close()


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_a_long_sheet_prints_on_at_most_three_a4_pages(site_url, browser):
    page = browser.new_page()
    page.goto(site_url + LONG)
    assert page.locator(".fs-quotes > li").count() >= QUOTES - 1  # as long as it should be
    page.emulate_media(media="print")
    assert _pages(page.pdf(format="A4")) <= 3
    page.close()


AFTER = "(s) => [...document.querySelectorAll(s)].map(a => getComputedStyle(a, '::after').content)"


def test_print_gives_external_addresses_in_full_and_no_internal_ones(site_url, browser):
    page = browser.new_page()
    page.goto(site_url + "sources/example-report/")
    page.emulate_media(media="print")
    internal = page.evaluate(AFTER, "article a[href^='../'], article a[href^='#'], article a[href^='./']")
    assert internal and all("../" not in c and "#" not in c for c in internal), internal
    assert page.evaluate(AFTER, "article a[href^='https://example.org/report']") == ['" <https://example.org/report>"']
    page.close()


PAGES = [
    "",
    "incidents/",
    LONG,
    "incidents/harbour-blast/",
    "people/jane-minister/",
    "organizations/example-group/",
    "dates/minister-statement/",
    "sources/example-report/",
    "timeline/",
    "timeline/2024/",
    "guide/",
]


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation_at_phone_and_desktop_width(site_url, browser, path, width):
    page = browser.new_page(viewport={"width": width, "height": 844})
    page.goto(site_url + path)
    assert serious_violations(page) == []
    page.close()


def test_the_keyboard_scrolls_each_wide_table_on_a_phone(site_url, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site_url + "guide/")
    regions = page.locator(".fs-scroll")
    assert regions.count() == 6
    for index in range(6):
        region = regions.nth(index)
        assert region.evaluate("r => r.scrollWidth > r.clientWidth"), "the table is wider than the phone"
        assert region.get_attribute("tabindex") == "0" and region.get_attribute("aria-labelledby")
        region.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("r => r.scrollLeft > 0", arg=region.element_handle())
    page.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", [LONG, "people/jane-minister/", "timeline/2024/"])
def test_the_pictures_read_at_12_px_or_more_and_add_no_tab_stop(site_url, browser, path, width):
    from .test_pictures_browser import TEXTS

    page = browser.new_page(viewport={"width": width, "height": 844})
    page.goto(site_url + path)
    texts = page.evaluate(TEXTS)
    assert texts, "the page has a picture"
    assert [t for t in texts if t["px"] < 12 or t["past"] > 0.5] == []
    assert page.locator(".fs-picture svg a, .fs-picture svg [tabindex]").count() == 0
    page.close()
