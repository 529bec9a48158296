"""The plugin beside the popular MkDocs plugins, in a site as their users configure it.

Material's own plugins (offline, privacy, blog, tags) and `gh-deploy` come with the locked packages;
mkdocs-redirects, mkdocs-minify-plugin, mkdocs-static-i18n and mkdocs-git-revision-date-localized-plugin
are installed into ONE extra venv per test session (the lock, hash-checked, plus those plugins), shared
by every test here that needs one."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import BIN, MINI, ROOT

# The first test also makes the shared venv (about a minute with a warm uv cache, more with a cold one).
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

EXTRA_PLUGINS = [
    "mkdocs-redirects",
    "mkdocs-minify-plugin",
    "mkdocs-static-i18n",
    "mkdocs-git-revision-date-localized-plugin",
]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": "1700000000"}


@pytest.fixture(scope="session")
def plugins_venv(tmp_path_factory) -> Path:
    """The bin/ folder of a venv with the lock, the extra plugins and this package."""
    venv = tmp_path_factory.mktemp("plugins") / "venv"
    python = venv / "bin" / "python"

    def uv(*args: str) -> None:
        result = subprocess.run([str(BIN / "uv"), *args], capture_output=True, text=True, timeout=900, env=ENV)
        assert result.returncode == 0, result.stderr

    uv("venv", "--quiet", "--python", sys.executable, str(venv))
    uv("pip", "install", "--quiet", "--python", str(python), "-r", str(ROOT / "requirements.txt"))
    uv("pip", "install", "--quiet", "--python", str(python), "-c", str(ROOT / "requirements.txt"), *EXTRA_PLUGINS)
    uv("pip", "install", "--quiet", "--python", str(python), "--no-deps", "-e", str(ROOT))
    return venv / "bin"


def site(tmp_path: Path, plugins: str, nav: str = "", **files: str) -> Path:
    """The mini fixture with this `plugins:` list (YAML lines) and nav entries added, and files added."""
    root = tmp_path / "site-root"
    shutil.copytree(MINI, root)
    config = (MINI / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"plugins:\n(  - .*\n)+", "plugins:\n" + plugins, config)
    (root / "mkdocs.yml").write_text(config + nav, encoding="utf-8")
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


def build(root: Path, bin_dir: Path = BIN, *args: str) -> subprocess.CompletedProcess:
    command = [str(bin_dir / "mkdocs"), "build", "--strict", *args]
    result = subprocess.run(command, cwd=root, env=ENV, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return result


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def git(root: Path, *args: str, date: str = "2024-01-01T12:00:00Z") -> str:
    env = {**ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    result = subprocess.run(["git", *identity, *args], cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


# -- the extra plugins ------------------------------------------------------------------------------

REDIRECTS = "  - redirects:\n      redirect_maps:\n        old-blast.md: incidents/harbour-blast.md\n"


@pytest.mark.parametrize(
    "plugins", [f"  - search\n  - factsheets\n{REDIRECTS}", f"{REDIRECTS}  - search\n  - factsheets\n"]
)
def test_mkdocs_redirects_to_a_fact_sheet_in_either_order(tmp_path, plugins_venv, plugins):
    root = site(tmp_path, plugins)
    build(root, plugins_venv)
    redirect = read(root / "site/old-blast/index.html")
    assert 'href="../incidents/harbour-blast/"' in redirect
    assert (root / "site/incidents/harbour-blast/index.html").is_file()


def test_mkdocs_minify_plugin_minifies_our_css(tmp_path, plugins_venv):
    minify = "  - minify:\n      minify_css: true\n      css_files: [assets/stylesheets/factsheets.css]\n"
    root = site(tmp_path, f"  - search\n  - factsheets\n{minify}")
    build(root, plugins_venv)
    css = read(root / "site/assets/stylesheets/factsheets.min.css")
    assert css and "\n\n" not in css
    assert "assets/stylesheets/factsheets.min.css" in read(root / "site/incidents/harbour-blast/index.html")


I18N = """  - i18n:
      docs_structure: suffix
      languages:
        - {locale: en, default: true, name: English, build: true}
        - {locale: fr, name: Français, build: true}
"""


@pytest.mark.parametrize("plugins", [f"  - search\n  - factsheets\n{I18N}", f"{I18N}  - search\n  - factsheets\n"])
def test_mkdocs_static_i18n_with_two_languages(tmp_path, plugins_venv, plugins):
    root = site(tmp_path, plugins, **{"content/index.fr.md": "# Mini\n\nVoir [[incidents/harbour-blast]].\n"})
    build(root, plugins_venv)
    french = read(root / "site/fr/index.html")
    assert "Voir" in french and 'href="../incidents/harbour-blast/"' in french
    assert (root / "site/incidents/harbour-blast/index.html").is_file()
    assert "harbour-blast" in read(root / "site/index.html")


def test_git_revision_dates_show_as_html_and_fact_sheets_date_by_their_yaml(tmp_path, plugins_venv):
    root = site(tmp_path, "  - search\n  - factsheets\n  - git-revision-date-localized\n")
    git(root, "init", "--quiet", ".")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "first", date="2023-03-04T12:00:00Z")
    (root / "content/index.md").write_text(read(root / "content/index.md") + "\nMore.\n", encoding="utf-8")
    git(root, "commit", "--quiet", "-am", "second", date="2024-05-06T12:00:00Z")
    build(root, plugins_venv)
    date = re.compile(r'<span class="git-revision-date-localized-plugin[^"]*" title="([^"]+)">')
    home = read(root / "site/index.html")
    assert "&lt;span class=&#34;git-revision" not in home and "&lt;span class" not in home
    assert date.search(home)[1].startswith("May 6, 2024")
    assert date.search(read(root / "site/incidents/harbour-blast/index.html"))[1].startswith("March 4, 2023")


# -- Material's plugins, gh-deploy -----------------------------------------------------------------


@pytest.mark.parametrize("order", ["factsheets first", "factsheets last"])
def test_material_offline_and_privacy(tmp_path, order):
    theirs = "  - search\n  - offline\n  - privacy:\n      assets: false\n"
    plugins = f"  - factsheets\n{theirs}" if order == "factsheets first" else f"{theirs}  - factsheets\n"
    root = site(tmp_path, plugins)
    build(root)
    assert (root / "site/search/search_index.js").is_file()  # offline search
    sheet = read(root / "site/incidents/harbour-blast.html")  # offline turns directory URLs off
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', sheet, re.S)[1])
    assert data["url"] == "harbour-blast.html"
    assert 'href="../people/jane-minister.html"' in sheet or "jane-minister.html" in sheet


POST = "---\ndate: 2024-01-05\ntags: [harbour]\n---\n\n# First post\n\nAbout [[incidents/harbour-blast]].\n"


def test_material_blog_and_tags_mentioned_in_links_to_the_post(tmp_path):
    root = site(
        tmp_path,
        "  - search\n  - factsheets\n  - blog\n  - tags\n",
        "  - Blog:\n      - blog/index.md\n  - tags.md\n",
        **{
            "content/blog/index.md": "# Blog\n",
            "content/blog/posts/first.md": POST,
            "content/tags.md": "# Tags\n\n<!-- material/tags -->\n",
        },
    )
    build(root)
    post = root / "site/blog/2024/01/05/first-post/index.html"
    assert post.is_file()
    sheet = read(root / "site/incidents/harbour-blast/index.html")
    mentioned = sheet[sheet.index('id="mentioned-in"') :]
    assert 'href="../../blog/2024/01/05/first-post/"' in mentioned
    assert "blog/posts/first" not in sheet


def test_gh_deploy_publishes_to_a_bare_repository(tmp_path):
    root = site(tmp_path, "  - search\n  - factsheets\n", **{"content/CNAME": "facts.example.org\n"})
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    git(root, "init", "--quiet", ".")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "site")
    git(root, "remote", "add", "origin", str(remote))
    env = {**ENV, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.org"}
    command = [str(BIN / "mkdocs"), "gh-deploy", "--force", "--strict"]
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    published = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split()
    for path in ("index.html", "incidents/harbour-blast/index.html", "api/facts.json", "feed.xml", "CNAME"):
        assert path in published
    assert ".nojekyll" in published and "robots.txt" in published
