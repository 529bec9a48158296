"""A real browser opens the pages of the hostile site: no dialog opens, no script from data runs."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

from .conftest import mkdocs_build
from .hostile import write_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail("CI must install Debian's chromium for the browser tests", pytrace=False)
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)

playwright = pytest.importorskip("playwright.sync_api")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    root = write_site(tmp_path_factory.mktemp("hostile-browser"))
    assert mkdocs_build(root).returncode == 0
    handler = functools.partial(QuietHandler, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


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


def test_no_script_from_the_data_runs(hostile_url):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in PAGES:
            page.goto(hostile_url + path)
            page.wait_for_load_state("load")
            # Hover and click what data could have turned into handlers or links.
            for element in page.query_selector_all("article a, article li, article td")[:40]:
                element.hover(timeout=2000, force=True)
            assert page.evaluate("window.__pwned === undefined"), f"{path}: {page.evaluate('window.__pwned')}"
            assert page.evaluate("document.querySelectorAll('article iframe, article img, article svg').length") == 0
        browser.close()
        assert dialogs == []
