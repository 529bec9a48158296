"""The package as others get it: the wheel in a fresh venv styles a foreign MkDocs site, and
`factsheets build --out` writes a folder Zensical builds without our plugin."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from factsheets.adapters.cli import main

from .conftest import BIN, MINI, ROOT, STORY, tracked_copy

QUIET = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}


def run(*command: str | Path, cwd: Path = ROOT) -> str:
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=QUIET, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(map(str, command))}\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


@pytest.mark.timeout(900)  # a wheel, a venv and an install
@pytest.mark.slow
def test_wheel_in_a_fresh_venv_builds_a_styled_foreign_site(tmp_path):
    # From a copy of the tracked files: setuptools builds in the source folder (build/), and the
    # wheel must hold only what the repository does.
    source = tracked_copy(tmp_path / "source")
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", tmp_path / "dist", source)
    (wheel,) = (tmp_path / "dist").glob("factsheets-*.whl")
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    pip = (venv / "bin/python", "-m", "pip", "--quiet", "--disable-pip-version-check")
    # The wheel's declared dependencies and nothing else, at the versions of the runtime lock: an
    # import that pyproject.toml does not declare fails the build below.
    pins = re.findall(r"^([A-Za-z0-9][^\\\n]*?)\s*\\$", (ROOT / "requirements.txt").read_text(encoding="utf-8"), re.M)
    (tmp_path / "pins.txt").write_text("\n".join(pins) + "\n", encoding="utf-8")
    run(*pip, "install", wheel, "-c", tmp_path / "pins.txt")
    run(*pip, "check")

    site = tmp_path / "elsewhere"
    shutil.copytree(MINI / "facts", site / "facts")
    (site / "docs").mkdir()
    (site / "docs/index.md").write_text("# Another site\n\nSee [[people/jane-minister]].\n", encoding="utf-8")
    (site / "mkdocs.yml").write_text(
        "site_name: Another site\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - factsheets\n",
        encoding="utf-8",
    )
    run(venv / "bin/mkdocs", "build", "--strict", cwd=site)

    page = (site / "site/people/jane-minister/index.html").read_text(encoding="utf-8")
    assert 'href="../../assets/stylesheets/factsheets.css"' in page
    assert (site / "site/assets/stylesheets/factsheets.css").is_file()
    assert 'role="dialog" aria-label="Search"' in page, "our search partial comes before Material's"
    assert 'href="people/jane-minister/"' in (site / "site/index.html").read_text(encoding="utf-8")

    # The editor's files point into the project, not into the venv.
    run(venv / "bin/factsheets", "schemas", cwd=site)
    new = Path(site, run(venv / "bin/factsheets", "new", "people", "Someone Else", cwd=site).strip().splitlines()[-1])
    schema = re.search(r"\$schema=(\S+)", new.read_text(encoding="utf-8"))
    assert schema and (new.parent / schema[1]).resolve().parent == site / "schemas"
    assert (new.parent / schema[1]).is_file()


@pytest.mark.timeout(600)  # two builds
@pytest.mark.slow
def test_zensical_builds_the_folder_build_out_writes(tmp_path):
    out = tmp_path / "out"
    run(BIN / "factsheets", "build", "--out", out, "-f", STORY / "mkdocs.yml")
    run(BIN / "zensical", "build", cwd=out)

    site = out / "site"
    for fact in sorted((STORY / "facts").glob("*/*.yaml")):
        assert (site / fact.parent.name / fact.stem / "index.html").is_file(), fact
    for kind in ("incidents", "organizations", "people", "dates", "sources"):
        assert (site / kind / "index.html").is_file()
        assert (site / f"api/{kind}.csv").is_file()
    assert (site / "timeline/index.html").is_file()
    assert (site / "api/facts.json").is_file() and (site / "feed.xml").is_file()
    backgrounder = (site / "backgrounders/harbour-blasts-in-context/index.html").read_text(encoding="utf-8")
    assert "[[" not in backgrounder
    assert 'href="../../people/marco-vell/"' in backgrounder
    assert "factsheets.css" in (site / "index.html").read_text(encoding="utf-8")
    for fact in sorted((STORY / "facts").glob("*/*.yaml")):  # each sheet with its JSON-LD and edit link
        sheet = (site / fact.parent.name / fact.stem / "index.html").read_text(encoding="utf-8")
        data = re.search(r'<script type="application/ld\+json">(.*?)</script>', sheet, re.S)
        assert data and json.loads(data[1])["@id"].endswith(f"/{fact.parent.name}/{fact.stem}/#entity"), fact
        edit = re.search(r'<a href="([^"]*)" title="Edit this page"', sheet)
        assert edit, fact
        assert html.unescape(edit[1]) == (
            f"https://git.example.org/factsheets/factsheets/edit/main/facts/{fact.parent.name}/{fact.stem}.yaml"
        )

    # A fact sheet's headings: in the table of contents, each with its permalink, as under the plugin.
    sheet = (site / "incidents/ferry-attack-2017/index.html").read_text(encoding="utf-8")
    toc = re.search(r'<ul class="md-nav__list" data-md-component="toc".*?</nav>', sheet, re.S)
    assert toc, "no table of contents"
    entries = re.findall(r'<a href="#([^"]+)" class="md-nav__link">', toc[0])
    assert entries[:2] == ["key-facts", "timeline"] and "references" in entries
    for anchor in ["incidents-ferry-attack-2017", *entries]:
        assert f'<a class="headerlink" href="#{anchor}" title="Permanent link">' in sheet, anchor
    # The feed's link in every page's head, relative to the page.
    for page, feed in [("index.html", "./feed.xml"), ("incidents/ferry-attack-2017/index.html", "../../feed.xml")]:
        head = (site / page).read_text(encoding="utf-8").split("</head>")[0]
        assert f'<link rel="alternate" type="application/atom+xml" title="Fact sheets" href="{feed}">' in head, page
    # A generated page without a fact file has no edit button, as under the plugin; a hand-written
    # page keeps Zensical's own edit link, into content/.
    assert 'title="Edit this page"' not in (site / "incidents/index.html").read_text(encoding="utf-8")
    index = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="[^"]*content/index\.md" title="Edit this page"', html.unescape(index))


def test_build_out_replaces_only_a_folder_it_wrote(tmp_path):
    runner = CliRunner()
    config = str(MINI / "mkdocs.yml")
    mine = tmp_path / "mine"
    assert runner.invoke(main, ["build", "--out", str(mine), "-f", config]).exit_code == 0
    (mine / "docs/stale.md").write_text("from an earlier run\n", encoding="utf-8")
    assert runner.invoke(main, ["build", "--out", str(mine), "-f", config]).exit_code == 0
    assert not (mine / "docs/stale.md").exists() and (mine / "docs/timeline.md").is_file()

    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("keep me\n", encoding="utf-8")
    refused = runner.invoke(main, ["build", "--out", str(theirs), "-f", config])
    assert refused.exit_code == 1 and "was not written by `factsheets build`" in refused.output
    assert [p.name for p in theirs.iterdir()] == ["notes.txt"]


def test_build_out_with_errors_in_the_facts_writes_nothing(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(MINI, site)
    (site / "facts/people/broken.yaml").write_text("id: broken\nname: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "out"), "-f", str(site / "mkdocs.yml")])
    assert result.exit_code == 1 and "broken.yaml:" in result.output
    assert not (tmp_path / "out").exists()


def test_build_out_keeps_mkdocs_tags_and_drops_only_our_plugin(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(MINI, site)
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "extra:\n  version: !ENV [SITE_VERSION, dev]\n  icon: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8",
    )
    assert CliRunner().invoke(main, ["build", "--out", str(tmp_path / "out"), "-f", str(config)]).exit_code == 0
    written = (tmp_path / "out/mkdocs.yml").read_text(encoding="utf-8")
    assert "version: !ENV\n  - SITE_VERSION\n  - dev\n" in written
    assert "icon: !!python/name:material.extensions.emoji.twemoji" in written
    assert "plugins:\n- search\n" in written and "factsheets:" not in written and "docs_dir: docs\n" in written
