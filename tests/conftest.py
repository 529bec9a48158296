"""Shared helpers: build a site with the real `mkdocs` command, as a user would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MINI = Path(__file__).parent / "fixtures" / "mini"
# A made-up story shaped like the project (an archived source, a revised toll, an unclaimed attack,
# a home page and a backgrounder): the tests of the pipeline read it, never the project's own facts.
STORY = Path(__file__).parent / "fixtures" / "story"


def mkdocs_build(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def tracked_copy(folder: Path) -> Path:
    """The repository's tracked files, as a fresh clone has them (no venv, no build output)."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode()
    for name in filter(None, tracked.split("\0")):
        if (ROOT / name).is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, folder / name)
    return folder


@pytest.fixture(autouse=True)
def fast_tests_stay_in_process(request, monkeypatch):
    """`make test-fast` is the unit tests: a test that starts a process or an MkDocs build without
    the `slow` or `browser` mark fails, so it cannot slip into the fast loop."""
    if request.node.get_closest_marker("slow") or request.node.get_closest_marker("browser"):
        return
    import mkdocs.commands.build

    def refuse(*args, **kwargs):
        pytest.fail("this test starts a process or an MkDocs build: mark it @pytest.mark.slow", pytrace=False)

    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)
    monkeypatch.setattr(mkdocs.commands.build, "build", refuse)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's) for every browser test of the session."""
    from .browser import chromium

    with chromium() as browser:
        yield browser


@pytest.fixture
def build():
    return mkdocs_build


def strict_site(root: Path, out: Path) -> Path:
    """The site of `root`, built with its own mkdocs.yml, strictly and without a warning."""
    result = mkdocs_build(root, "-f", str(root / "mkdocs.yml"), "-d", str(out))
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


@pytest.fixture(scope="session")
def project_site(tmp_path_factory) -> Path:
    """The project's own site, built once per test session. Only checks that hold for any fact base
    read it (tests/test_content.py): what the facts say today is no test's business."""
    return strict_site(ROOT, tmp_path_factory.mktemp("project") / "site")


@pytest.fixture(scope="session")
def story_site(tmp_path_factory) -> Path:
    """The made-up story's site, built once per test session: what the pipeline's tests read."""
    return strict_site(STORY, tmp_path_factory.mktemp("story") / "site")


def site_with_person_override(tmp_path: Path, template: str) -> Path:
    """The mini site with `templates_dir: overrides` and the given overrides/person.html.j2."""
    site = tmp_path / "site"
    shutil.copytree(MINI, site)
    (site / "overrides").mkdir()
    (site / "overrides/person.html.j2").write_text(template, encoding="utf-8")
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - factsheets\n", "  - factsheets:\n      templates_dir: overrides\n"
        ),
        encoding="utf-8",
    )
    return site
