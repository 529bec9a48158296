"""A reader's search and index pages in Debian's Chromium, on the mini fixture and on a synthetic site
with indexes longer than a page: nothing of the index before typing, any spelling of a name finds
the entity's own sheet first, reference lists are not searched, tables sort and filter across parts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from factsheets.site.pages import INDEX_PAGE

from .browser import require_chromium, serious_violations, serve
from .conftest import BIN, MINI, ROOT, mkdocs_build

pytestmark = [pytest.mark.browser, pytest.mark.slow]

require_chromium()


@pytest.fixture(scope="module")
def mini_url(tmp_path_factory):
    """Built as `make site` builds: the search index made once MkDocs has ended (the synthetic site
    below is built by `mkdocs build`, which makes it in its last step)."""
    root = tmp_path_factory.mktemp("mini") / "site"
    shutil.copytree(MINI, root)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    result = subprocess.run([str(BIN / "factsheets"), "site"], cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (root / "site/pagefind/pagefind.js").is_file()
    with serve(root / "site") as url:
        yield url


@pytest.fixture(scope="module")
def prefixed_url(tmp_path_factory):
    """The mini site and an organization whose alias begins with the last word of Example Group's name."""
    root = tmp_path_factory.mktemp("prefixed") / "site"
    shutil.copytree(MINI, root)
    (root / "facts/organizations/office.yaml").write_text(
        "id: office\nname: Office of Examples\naliases: [Group office]\n", encoding="utf-8"
    )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    with serve(root / "site") as url:
        yield url


def test_a_name_that_begins_with_the_query_does_not_hide_the_closer_name(prefixed_url, browser):
    """Pagefind matches a whole-name token as a prefix: "Grup" finds the alias "Group office" as a
    whole name, yet Example Group, whose own name holds the word, comes first."""
    page = browser.new_page()
    page.goto(prefixed_url)
    titles = results(page, "Grup")
    assert titles[0] == "Example Group" and "Office of Examples" in titles
    page.close()


@pytest.fixture(scope="module")
def synthetic_url(tmp_path_factory):
    """A synthetic site of 1,000 entities: its people index is more than one page."""
    root = tmp_path_factory.mktemp("synthetic")
    subprocess.run([sys.executable, str(ROOT / "bench/synth.py"), "1000", str(root)], check=True, capture_output=True)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert (root / "site/people/index/2/index.html").is_file()
    with serve(root / "site") as url:
        yield url


def results(page, query: str) -> list[str]:
    """The titles of the results for a query, once the search has answered it."""
    page.click("#fs-search-input")
    page.fill("#fs-search-input", query)
    page.wait_for_function(
        "q => document.getElementById('fs-search-status').textContent.match(/matching|No matching/)"
        " && document.getElementById('fs-search-input').value === q",
        arg=query,
        timeout=15_000,
    )
    page.wait_for_timeout(300)  # a later answer for the same query replaces the list at once
    return [t.strip() for t in page.locator("#fs-search-results .fs-search__title").all_inner_texts()]


def test_nothing_of_the_search_index_loads_before_typing(mini_url, browser):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(mini_url + "incidents/harbour-blast/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requests if "pagefind" in url or "search_index" in url]
    assert results(page, "Harbour")[0] == "Harbour blast"
    assert any("/pagefind/" in url for url in requests)
    assert [url for url in requests if not url.startswith(mini_url)] == []
    page.close()


@pytest.mark.parametrize(
    "query, first",
    [
        ("Jane Minister", "Jane Minister"),
        ("Minester", "Jane Minister"),  # a spelling the facts never use
        ("Harbor", "Harbour blast"),
        ("port explosion", "Harbour blast"),  # an alias
        ("Example Group", "Example Group"),  # before its parent, "Example Parent", and the pages naming it
    ],
)
def test_a_name_in_any_spelling_finds_its_own_sheet_first(mini_url, browser, query, first):
    page = browser.new_page()
    page.goto(mini_url)
    assert results(page, query)[0] == first
    page.close()


# Pagefind's module, served through one that records what the search box asks it.
RECORDING_PAGEFIND = """import * as pagefind from "./pagefind.js?as-is";
window.__searched = [];
export const options = pagefind.options;
export function search(term, ...rest) { window.__searched.push(term); return pagefind.search(term, ...rest); }
"""


@pytest.mark.parametrize(
    "query, searched",
    [
        # One word: the name it may be part of in any spelling, the whole-name look-up, the text.
        ("Harbour", {"Harbour", "fsxhrbr", "fsnhrbr"}),
        ("harbour blasts", {"harbour blasts", "fsxhrbrblsts", "fsnhrbr fsnblsts"}),
        ("Harbour blast", {"Harbour blast", "fsxhrbrblst"}),  # a whole name: found, and enough
        # No name, three words: not also word by word among the names (each word is another part of
        # the index, tens of kB on a large site: five words cost 559 kB at 10,000 entities).
        ("harbour minister group", {"harbour minister group", "fsxhrbrmnstrgrp"}),
    ],
)
def test_a_long_query_is_not_also_looked_up_word_by_word(mini_url, browser, query, searched):
    page = browser.new_page()

    def recording(route):
        if route.request.url.endswith("?as-is"):
            route.continue_()
        else:
            route.fulfill(body=RECORDING_PAGEFIND, content_type="text/javascript")

    page.route("**/pagefind/pagefind.js*", recording)
    page.goto(mini_url)
    results(page, query)
    assert set(page.evaluate("window.__searched")) == searched
    page.close()


def test_when_no_page_has_every_word_the_names_holding_some_come_first(mini_url, browser):
    """Pagefind finds the pages holding all the words: "explosion Parent" is on none, so the reader is
    shown the names holding some of them (an alias of the harbour blast, a parent organization), and
    told so."""
    page = browser.new_page()
    page.goto(mini_url)
    assert set(results(page, "explosion Parent")) == {"Harbour blast", "Example Parent"}
    assert page.inner_text("#fs-search-status") == "No page has every word; 2 pages matching some of them"
    assert results(page, "Qqqq Zzzz") == []
    assert page.inner_text("#fs-search-status") == "No matching pages"
    page.close()


def test_reference_lists_and_name_words_are_not_searched_or_shown(mini_url, browser):
    page = browser.new_page()
    page.goto(mini_url)
    # "stands" is only in a quote of the references list of the harbour blast's sheet
    assert "Harbour blast" not in results(page, "stands")
    for query in ("Minister", "Minester", "Harbour"):
        results(page, query)
        shown = page.locator("#fs-search-results").inner_text()
        assert "fsn" not in shown and "fsx" not in shown
    page.close()


def test_the_search_box_with_results_has_no_serious_accessibility_violation(mini_url, browser):
    page = browser.new_page()
    page.goto(mini_url)
    results(page, "Harbour")
    assert serious_violations(page) == []
    page.close()


def test_an_index_sorts_and_filters_across_its_parts(synthetic_url, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(synthetic_url + "people/")
    page.wait_for_load_state("networkidle")
    on_page = page.locator(".fs-index tbody tr").count()
    total = int(page.inner_text(".fs-index-count").split()[0])
    assert on_page == INDEX_PAGE < total
    page.locator(".fs-sort").first.click()  # the name column: A to Z, across every part
    page.wait_for_function("document.querySelector('.fs-filter__status').textContent.includes(' of ')")
    names = page.locator(".fs-index tbody tr td:first-child").all_inner_texts()
    assert names == sorted(names, key=str.casefold) and len(names) == INDEX_PAGE
    assert page.inner_text(".fs-filter__status").startswith(f"{total} of {total} rows")
    page.locator(".fs-sort").first.click()  # Z to A
    page.wait_for_function("document.querySelector('th[aria-sort=descending]')")
    backwards = page.locator(".fs-index tbody tr td:first-child").all_inner_texts()
    assert backwards == sorted(backwards, key=str.casefold, reverse=True) and backwards[0] != names[0]
    word = names[0].split()[0]
    page.fill(".fs-filter input >> nth=0", word.lower())
    page.wait_for_function(f"!document.querySelector('.fs-filter__status').textContent.startsWith('{total} of')")
    shown = page.locator(".fs-index tbody tr td:first-child").all_inner_texts()
    assert shown and all(word.casefold() in name.casefold() for name in shown)
    count = int(page.inner_text(".fs-filter__status").split()[0])
    assert count == len(shown) or count > INDEX_PAGE
    page.close()


COUNT_COLLATORS = """window.__collators = 0;
Intl.Collator = new Proxy(Intl.Collator, {
  construct(target, args) { window.__collators++; return new target(...args); },
});
window.__shifted = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__shifted += e.value; })
  .observe({type: "layout-shift", buffered: true});"""


def test_an_index_page_waits_for_the_reader_before_costly_work(synthetic_url, browser):
    """What costs a phone a long task as the page loads waits for the reader: Material's script leaves
    the table where it is (it moves a table without a class into a wrapper), and the sort's collator
    is made at the first sort. The filter form is in the page: nothing moves as the page loads."""
    page = browser.new_page(viewport={"width": 412, "height": 823})
    page.add_init_script(COUNT_COLLATORS)
    page.goto(synthetic_url + "people/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".fs-index .md-typeset__scrollwrap").count() == 0
    assert page.evaluate("window.__collators") == 0
    assert page.evaluate("window.__shifted") == 0
    page.click(".fs-filter__toggle")  # on a phone: the fields behind a button, then sort from the list
    page.select_option(".fs-filter select", index=1)
    page.wait_for_function("document.querySelector('.fs-filter__status').textContent.includes(' of ')")
    assert page.evaluate("window.__collators") == 1
    page.close()


@pytest.mark.parametrize("width, fields_shown", [(390, False), (1280, True)])
def test_an_index_shows_its_first_rows_on_the_first_screen(synthetic_url, browser, width, fields_shown):
    """On a phone the filter's fields wait behind one button, so the first rows are on the first
    screen; at 1280 px the fields are there and the button is not."""
    page = browser.new_page(viewport={"width": width, "height": 844})
    page.goto(synthetic_url + "people/")
    page.wait_for_load_state("networkidle")
    first = page.locator(".fs-index tbody tr").first.bounding_box()
    assert first is not None and first["y"] + first["height"] <= 844, "the first row is on the first screen"
    assert page.locator(".fs-filter__fields input").first.is_visible() == fields_shown
    assert page.locator(".fs-filter__toggle").is_visible() != fields_shown
    if not fields_shown:
        page.click(".fs-filter__toggle")
        assert page.get_attribute(".fs-filter__toggle", "aria-expanded") == "true"
        assert page.locator(".fs-filter__fields input").first.is_visible()
    page.close()


def test_without_a_script_an_index_shows_no_filter_it_cannot_use(synthetic_url, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(synthetic_url + "people/")
    assert not page.locator(".fs-filter").is_visible()
    assert page.locator(".fs-pager a").count() > 1 and page.locator(".fs-index tbody tr").count() == INDEX_PAGE
    context.close()


def test_an_index_row_is_a_card_on_a_phone(synthetic_url, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(synthetic_url + "incidents/")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    cells = page.locator(".fs-index tbody tr").first.locator("td")
    for index in range(cells.count()):
        box = cells.nth(index).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.locator(".fs-index sup.fs-cite").count() == 0
    page.close()
