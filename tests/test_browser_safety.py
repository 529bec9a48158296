"""A real browser opens the pages of the hostile site: no dialog opens, no script from data runs."""

from __future__ import annotations

import pytest

from .browser import require_chromium, serve
from .conftest import mkdocs_build
from .hostile import write_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

require_chromium()


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    root = write_site(tmp_path_factory.mktemp("hostile-browser"))
    assert mkdocs_build(root).returncode == 0
    with serve(root / "site") as url:
        yield url


PAGES = [
    "",
    "incidents/",
    "incidents/attack/",
    "organizations/group/",
    "people/person/",
    "dates/statement/",
    "sources/hostile-source/",
    "timeline/",
]


def test_no_script_from_the_data_runs(hostile_url, browser):
    page = browser.new_page()
    dialogs: list[str] = []
    pictures = 0
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in PAGES:
        page.goto(hostile_url + path)
        page.wait_for_load_state("load")
        # Hover what data could have turned into handlers or links.
        for element in page.query_selector_all("article a, article li, article td")[:40]:
            element.hover(timeout=2000, force=True)
        assert page.evaluate("window.__pwned === undefined"), f"{path}: {page.evaluate('window.__pwned')}"
        # The only SVG is the pictures' own (pictures.py), and nothing in them loads or runs.
        found = "article iframe, article img, article svg:not(.fs-picture > svg), .fs-picture :is(script, "
        found += "foreignObject, use, image, animate, set, iframe, [style], [onload], [onclick])"
        assert page.evaluate(f"document.querySelectorAll('{found}').length") == 0
        pictures += page.evaluate("document.querySelectorAll('.fs-picture > svg').length")
    assert pictures > 0, "the hostile names went through pictures too"
    assert dialogs == []
