"""`mkdocs serve` as an editor uses it: a saved fact file shows on its page; errors show, the server stays."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

MINI = Path(__file__).parent / "fixtures" / "mini"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if text in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{text!r} did not appear at {url} within {seconds} s")


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(MINI, root)
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "mkdocs"), "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield root, f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_saving_a_fact_file_updates_its_page_and_errors_show_without_stopping(server):
    root, url = server
    page = url + "incidents/harbour-blast/"
    wait_for(page, "Port Town")
    fact = root / "facts/incidents/harbour-blast.yaml"
    good = fact.read_text(encoding="utf-8")
    fact.write_text(good.replace("Port Town", "Harbour City"), encoding="utf-8")
    wait_for(page, "Harbour City")

    fact.write_text(good.replace("Port Town", "Harbour City") + "bogus: 1\n", encoding="utf-8")
    shown = wait_for(page, "fs-problems")
    assert "harbour-blast.yaml:" in shown and "unknown field" in shown
    assert "Harbour City" in shown, "the last good facts stay on the page"

    fact.write_text(good, encoding="utf-8")
    wait_for(page, "Port Town")
    assert "fs-problems" not in fetch(page)
