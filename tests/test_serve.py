"""`make serve` as an editor uses it, on a copy of the project (its Makefile and venv) holding the
made-up story's mkdocs.yml (strict: true), facts and content:
errors show in a banner on every page, the last good facts stay, the browser reloads by itself,
and the server never stops or stalls."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .browser import require_chromium
from .conftest import STORY, tracked_copy

pytestmark = [pytest.mark.slow, pytest.mark.browser]
require_chromium()

VENV = Path(sys.executable).parent.parent
BLASTS = "incidents/harbour-blasts/"
PAGES = {"fact sheet": BLASTS, "home page": "", "backgrounder": "backgrounders/harbour-blasts-in-context/"}
# Two files broken in two different ways: a YAML syntax error and a value the model refuses.
BREAKS = {
    "facts/people/marco-vell.yaml": ("name: Marco Vell", "name: [Marco Vell"),
    "facts/incidents/harbour-blasts.yaml": ("  - value: 95\n", "  - value: -95\n"),
}


def project_copy(folder: Path) -> Path:
    """The project's tracked files with the story's mkdocs.yml, facts and content, nothing to reinstall."""
    tracked_copy(folder)
    for name in ("facts", "content"):
        shutil.rmtree(folder / name)
        shutil.copytree(STORY / name, folder / name)
    shutil.copy2(STORY / "mkdocs.yml", folder / "mkdocs.yml")
    for name in folder.glob("*requirements*.txt"):
        os.utime(name, (0, 0))  # older than the venv's stamps: make serve reuses this venv
    os.utime(folder / "pyproject.toml", (0, 0))
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except OSError:
        return 0, ""


def wait_for(url: str, check, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, page = fetch(url)
        if status and check(page):
            return page
        time.sleep(0.2)
    raise AssertionError(f"{url} did not show what was expected within {seconds} s")


@contextmanager
def make_serve(root: Path, *args: str) -> Iterator[tuple[str, subprocess.Popen]]:
    port = free_port()
    command = ["make", "serve", f"PORT={port}", f"VENV={VENV}", *args]
    log = (root / "serve.log").open("w")
    # Temporary folders of its own, so that what it leaves behind is seen and no other run's is.
    temp = root.parent / "tmp"
    temp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(temp)}
    # A session of its own, so that Ctrl-C reaches make and mkdocs alike, as from a terminal.
    process = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(url, lambda page: "Factsheets" in page)
        yield url, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)  # Ctrl-C, as an editor stops it
            process.wait(timeout=30)
        log.close()


def break_files(root: Path) -> None:
    for name, (good, bad) in BREAKS.items():
        path = root / name
        path.write_text(path.read_text(encoding="utf-8").replace(good, bad, 1), encoding="utf-8")


def expected_errors(root: Path) -> list[str]:
    """What `factsheets validate` prints for the broken files: the banner must say the same."""
    run = subprocess.run([str(VENV / "bin/factsheets"), "validate", "facts"], cwd=root, capture_output=True, text=True)
    lines = [line for line in run.stdout.splitlines() if ": error: " in line]
    assert {line.split(":")[0] for line in lines} >= set(BREAKS)
    return lines


def banner_text(page) -> str:
    return page.inner_text(".fs-problems") if page.query_selector(".fs-problems") else ""


def test_errors_show_on_every_page_and_go_when_fixed(tmp_path, browser):
    root = project_copy(tmp_path / "project")
    with make_serve(root) as (url, _):
        tab = browser.new_page()
        tab.goto(url + BLASTS)
        assert "95" in tab.inner_text("dl.fs-keyfacts")
        break_files(root)
        # The open page reloads by itself and shows the banner over the last good facts.
        tab.wait_for_selector(".fs-problems", timeout=15_000)
        assert "95" in tab.inner_text("dl.fs-keyfacts")
        errors = expected_errors(root)
        for name, path in PAGES.items():
            tab.goto(url + path)
            shown = banner_text(tab)
            assert all(line in shown for line in errors), (name, shown, errors)

        for name, (_, bad) in BREAKS.items():
            path = root / name
            fixed = bad.replace("[", "").replace("-95", "96")  # the new value must appear
            path.write_text(path.read_text(encoding="utf-8").replace(bad, fixed, 1), encoding="utf-8")
        tab.goto(url + BLASTS)
        tab.wait_for_function("() => !document.querySelector('.fs-problems')", timeout=15_000)
        wait_for(url + BLASTS, lambda page: "96, according to" in page and "fs-problems" not in page, 15)
        tab.close()


@pytest.mark.parametrize("flags", [(), ("SERVE_FLAGS=--clean",)], ids=["dirty", "clean"])
def test_starting_with_broken_facts_shows_the_banner(tmp_path, flags):
    root = project_copy(tmp_path / "project")
    break_files(root)
    with make_serve(root, *flags) as (url, process):
        errors = expected_errors(root)
        for path in PAGES.values():
            page = wait_for(url + path, lambda page: "fs-problems" in page, 30)
            assert all(line.replace("'", "&#x27;") in page for line in errors), page[:2000]
        assert process.poll() is None, "the server kept running"


def test_clean_serves_every_page_and_ctrl_c_leaves_nothing_behind(tmp_path):
    root = project_copy(tmp_path / "project")
    with make_serve(root, "SERVE_FLAGS=--clean") as (url, _):
        for path in [*PAGES.values(), "people/marco-vell/", "api/facts.json"]:
            status, _ = fetch(url + path)
            assert status == 200, path
    assert not list(root.glob(".site-staging-*")) and not list(root.parent.glob(".site-staging-*"))
    assert list((root.parent / "tmp").iterdir()) == []  # MkDocs' site folder and our page files both gone


def test_a_save_shows_on_every_page_it_changes(tmp_path):
    """The pages an edit reaches beyond the entity's own, as kept pages are rebuilt: the sheets of the
    entities it is linked with, its kind's index, the tables and its export."""
    root = project_copy(tmp_path / "project")
    person = root / "facts/people/marco-vell.yaml"
    with make_serve(root) as (url, _):
        wait_for(url + "people/marco-vell/", lambda page: "Marco Vell" in page)
        person.write_text(person.read_text(encoding="utf-8").replace("name: Marco Vell", "name: Mark Vella"), "utf-8")
        for path in [
            "people/marco-vell/",
            BLASTS,  # it involves him
            "dates/harbour-festival-2024/",  # and so does this
            "people/",
            "api/people.csv",
            "api/people/marco-vell.json",
        ]:
            wait_for(url + path, lambda page: "Mark Vella" in page, 30)
