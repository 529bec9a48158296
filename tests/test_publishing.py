"""The plugin as a good MkDocs citizen: MkDocs' own build, untouched; a site ready for any host; every
URL the site writes leads to a built file, whatever the URL settings."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

import pytest

from .conftest import BIN, MINI, mkdocs_build

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
ICO = b"\x00\x00\x01\x00" + b"\0" * 16


def mini(tmp_path: Path, config: str = "", **files: str) -> Path:
    """The mini fixture site, with lines added to its mkdocs.yml and files added (path: text)."""
    root = tmp_path / "site-root"
    shutil.copytree(MINI, root)
    (root / "mkdocs.yml").write_text((MINI / "mkdocs.yml").read_text(encoding="utf-8") + config, encoding="utf-8")
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def umask_022(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    shell = "umask 022 && exec " + " ".join(f"'{part}'" for part in command)
    return subprocess.run(["sh", "-c", shell], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def modes(site: Path) -> set[tuple[str, str]]:
    found = {("folder", oct(stat.S_IMODE(site.stat().st_mode)))}
    for path in site.rglob("*"):
        found.add(("folder" if path.is_dir() else "file", oct(stat.S_IMODE(path.stat().st_mode))))
    return found


HOOK = """
import os

def on_post_build(config, **kwargs):
    # The usual GitHub Pages recipe, and a check that site_dir is the folder MkDocs was given.
    with open(os.path.join(config["site_dir"], "CNAME"), "w") as f:
        f.write("facts.example.org\\n")
    with open(os.path.join(config["site_dir"], "site-dir.txt"), "w") as f:
        f.write(config["site_dir"])
"""


@pytest.mark.slow
def test_other_plugins_and_hooks_write_where_mkdocs_builds(tmp_path):
    """site_dir stays the configured folder from start to end: a hook writing CNAME after us works
    on a first build, and search comes after us in the plugin list."""
    root = mini(tmp_path, "hooks:\n  - hooks/cname.py\n", **{"hooks/cname.py": HOOK})
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - search\n  - factsheets\n", "  - factsheets\n  - search\n")
    )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    assert (site / "CNAME").read_text() == "facts.example.org\n"
    assert (site / "site-dir.txt").read_text() == str(site)
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert any(doc["location"].startswith("people/jane-minister/") for doc in index["docs"])
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == []


@pytest.mark.slow
@pytest.mark.parametrize("command", [["mkdocs", "build", "--strict"], ["factsheets", "site"]])
def test_the_site_honours_the_umask(tmp_path, command):
    """A site copied with `cp -a` or `rsync -a` to a server running as another user is readable."""
    root = mini(tmp_path)
    result = umask_022([str(BIN / command[0]), *command[1:]], root)
    assert result.returncode == 0, result.stderr
    assert modes(root / "site") == {("folder", "0o755"), ("file", "0o644")}


PUBLISHING = {
    "content/robots.txt": "User-agent: *\nDisallow: /drafts/\n",
    "content/CNAME": "facts.example.org\n",
    "content/.nojekyll": "",
    "content/_headers": "/*\n  X-Frame-Options: DENY\n",
    "content/_redirects": "/old /new 301\n",
    "content/.well-known/security.txt": "Contact: mailto:security@example.org\n",
}


@pytest.mark.slow
def test_publishing_files_in_content_are_published_as_they_are(tmp_path):
    root = mini(tmp_path, **PUBLISHING)
    (root / "content/favicon.ico").write_bytes(ICO)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    for path, text in PUBLISHING.items():
        assert (root / "site" / path.removeprefix("content/")).read_text(encoding="utf-8") == text, path
    assert (root / "site/favicon.ico").read_bytes() == ICO


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, text",
    [("content/tracker.js", "alert(1)\n"), ("content/.well-known/run.sh", "#!/bin/sh\n"), ("content/page.html", "<p>")],
)
def test_other_files_are_still_refused_or_left_out(tmp_path, name, text):
    root = mini(tmp_path, **{name: text})
    result = mkdocs_build(root)
    published = root / "site" / name.removeprefix("content/")
    assert result.returncode == 1 or not published.exists(), result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    "site_url, sitemap",
    [("https://example.org/facts/", "Sitemap: https://example.org/facts/sitemap.xml\n"), ("", None)],
)
def test_a_robots_txt_is_written_when_the_site_has_none(tmp_path, site_url, sitemap):
    root = mini(tmp_path, f"site_url: {site_url}\n" if site_url else "")
    assert mkdocs_build(root).returncode == 0
    robots = (root / "site/robots.txt").read_text(encoding="utf-8")
    assert robots.startswith("User-agent: *\nAllow: /\n")
    assert (sitemap in robots) if sitemap else "Sitemap" not in robots


# -- every URL leads to a built file ---------------------------------------------------------------


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        found = dict(attrs)
        for name in ("href", "src"):
            if found.get(name):
                self.urls.append(found[name])
        if tag == "meta" and (found.get("http-equiv") or "").lower() == "refresh":
            self.urls.append(found["content"].split("url=", 1)[1])
        self._in_jsonld = tag == "script" and found.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld.append(data)
            self._in_jsonld = False


def ids_and_urls(data: object) -> list[str]:
    if isinstance(data, dict):
        own = [v for k, v in data.items() if k in ("@id", "url") and isinstance(v, str)]
        return own + [u for v in data.values() for u in ids_and_urls(v)]
    if isinstance(data, list):
        return [u for v in data for u in ids_and_urls(v)]
    return []


def target(site: Path, site_url: str, page: str, url: str) -> Path | None:
    """The built file a URL written in the site file `page` leads to; None for another site's URL."""
    base = (site_url or "https://site.invalid/") + page
    absolute = urljoin(base, url)
    prefix = site_url or "https://site.invalid/"
    if not absolute.startswith(prefix):
        return None
    path = unquote(urlsplit(absolute).path).removeprefix(urlsplit(prefix).path)
    return site / (path + "index.html" if path.endswith("/") or not path else path)


@pytest.mark.slow
@pytest.mark.parametrize(
    "config",
    [
        "use_directory_urls: false\nsite_url: https://example.org/sub/path/\n",
        "site_url: https://example.org/facts/\n",
        "use_directory_urls: false\n",
        "",
    ],
)
def test_every_url_leads_to_a_built_file(tmp_path, config):
    """Links of every page (ours and the theme's), JSON-LD ids and urls, feed links, the exports'
    urls and the redirects of previous ids, with the site's URL settings."""
    story = "# Story\n\nOn [[people/jane-minister#roles]], see [[incidents/harbour-blast]].\n"
    root = mini(tmp_path, config, **{"content/stories/story.md": story})
    jane = root / "facts/people/jane-minister.yaml"
    jane.write_text(jane.read_text(encoding="utf-8") + "previous_ids: [j-minister]\n", encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    site_url = re.search(r"site_url: (\S+)", config)[1] if "site_url" in config else ""
    written: list[tuple[str, str]] = []  # (the file it is written in, the URL)
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        parser = Links()
        parser.feed(path.read_text(encoding="utf-8"))
        written += [(page, u) for u in parser.urls]
        written += [(page, u) for data in parser.jsonld for u in ids_and_urls(json.loads(data))]
    atom = "{http://www.w3.org/2005/Atom}"
    for link in ElementTree.parse(site / "feed.xml").iter(f"{atom}link"):
        written.append(("feed.xml", link.get("href")))
    for path in sorted((site / "api").rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("url"), str) and "kind" in data:
            written.append(("", data["url"]))  # relative to the site
    checked = 0
    for page, url in written:
        if url.startswith(("mailto:", "javascript:", "data:")):
            continue
        path = target(site, site_url, page, url)
        if path is None:
            continue
        assert path.is_file(), f"{page}: {url} -> {path.relative_to(site)}"
        checked += 1
    assert checked > 200
    redirect = site / (
        "people/j-minister/index.html" if "use_directory_urls" not in config else "people/j-minister.html"
    )
    assert "location.hash" in redirect.read_text(encoding="utf-8")
    sheet = "people/jane-minister/index.html" if "use_directory_urls" not in config else "people/jane-minister.html"
    assert "stories/story" in (site / sheet).read_text(encoding="utf-8")  # Mentioned in


@pytest.mark.slow
@pytest.mark.parametrize("nav", ["none", "partial"])
def test_add_to_nav_puts_the_section_pages_in_the_navigation(tmp_path, nav):
    root = mini(tmp_path)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  - factsheets\n", "  - factsheets:\n      add_to_nav: true\n")
    text = text[: text.index("\nnav:") + 1] + (
        "" if nav == "none" else "nav:\n  - Home: index.md\n  - Timeline: timeline.md\n"
    )
    config.write_text(text, encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    home = (root / "site/index.html").read_text(encoding="utf-8")
    sidebar = home[home.index('<nav class="md-nav md-nav--primary"') : home.index('<div class="md-content"')]
    for folder in ("incidents", "organizations", "people", "dates", "sources"):
        assert f'href="{folder}/"' in sidebar, folder
    assert sidebar.count('href="timeline/"') == 1
    assert "jane-minister" not in sidebar  # fact sheets never
