"""Text from YAML reaches readers as text only, whatever it contains."""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from factsheets.text import CONTROL, md
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import BIN, MINI, mkdocs_build, site_with_person_override
from .hostile import HOSTILE, write_site

# Elements that data must never create, whatever attributes they carry.
FORBIDDEN_TAGS = {"iframe", "img", "svg", "math", "style", "object", "embed", "form", "base"}


class PageScan(HTMLParser):
    """Collects what would be dangerous in a page: tags, attributes, scripts, visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.h1 = 0
        self.text: list[str] = []
        self._script: str | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        values = " ".join(v or "" for _, v in attrs)
        if tag in FORBIDDEN_TAGS and "PWNED" in values + tag or tag in ("iframe", "math"):
            self.problems.append(f"<{tag}> {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value!r} on <{tag}>")
            if (
                name in ("href", "src", "action", "xlink:href")
                and value
                and value.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
            ):
                self.problems.append(f"{name}={value!r} on <{tag}>")
        if tag == "h1":
            self.h1 += 1
        if tag == "script":
            self._script = dict(attrs).get("type") or "text/javascript"
        if tag in ("script", "style", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        if tag in ("script", "style", "title"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if self._script and self._script != "application/ld+json" and "PWNED" in data:
            self.problems.append(f"script runs data: {data[:80]!r}")
        if self._script == "application/ld+json" and "</script" in data.lower():
            self.problems.append("JSON-LD closes its script element")
        if not self._skip:
            self.text.append(data)


def scan(path: Path) -> PageScan:
    parser = PageScan()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = write_site(tmp_path_factory.mktemp("hostile"))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


@pytest.mark.slow
def test_every_generated_page_is_built(hostile_site):
    built = {p.relative_to(hostile_site).as_posix() for p in pages(hostile_site)}
    for page in (
        "incidents/attack/index.html",
        "organizations/group/index.html",
        "people/person/index.html",
        "dates/statement/index.html",
        "sources/hostile-source/index.html",
        "timeline/index.html",
    ):
        assert page in built


@pytest.mark.slow
def test_no_hostile_string_becomes_markup(hostile_site):
    for page in pages(hostile_site):
        found = scan(page)
        assert found.problems == [], f"{page}: {found.problems}"
        assert found.h1 == 1, f"{page} has {found.h1} <h1> elements"


@pytest.mark.slow
def test_hostile_strings_are_shown_literally(hostile_site):
    # The reader sees the text as written (whitespace folded), so nothing was swallowed either.
    sheet = " ".join(" ".join(scan(hostile_site / "incidents/attack/index.html").text).split())
    shown = [s for s in HOSTILE if " ".join(s.split()) in sheet]
    assert len(shown) >= 6, "hostile names, summaries and statements should be visible as text"
    assert "{{ 7 * 7 }}" in sheet and " 49 " not in sheet


@pytest.mark.slow
def test_titles_are_escaped_wherever_the_theme_prints_them(hostile_site):
    for page in pages(hostile_site):
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        title = re.search(r"<title>(.*?)</title>", head, re.S)
        assert title and "<" not in title.group(1), f"{page}: {title.group(1) if title else None}"
        for meta in re.findall(r'<meta name="description" content="([^"]*)"', head):
            assert "<" not in meta


@pytest.mark.slow
def test_an_html_comment_in_data_hides_nothing(hostile_site):
    text = " ".join(scan(hostile_site / "index.html").text)
    assert "END-OF-PAGE" in text
    sheet = " ".join(scan(hostile_site / "incidents/attack/index.html").text)
    assert "References" in sheet and "reviewed" in sheet


@pytest.mark.slow
def test_table_cells_stay_in_their_columns(hostile_site):
    document = (hostile_site / "incidents/index.html").read_text(encoding="utf-8")
    table = re.split(r"<table[^>]*>", document)[1].split("</table>")[0]
    header = len(re.findall(r"<th[ >]", table))
    for row in re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[1], re.S):
        assert row.count("<td") == header


@pytest.mark.slow
def test_a_careless_template_override_is_caught_by_the_sanitizer(tmp_path):
    """The second wall: raw HTML in a template reaches the page only through an allow-list."""
    site = site_with_person_override(
        tmp_path,
        '{% extends "default:sheet.html.j2" %}\n{% block footer %}'
        '<script>PWNED()</script><img src="x" onerror="PWNED()"><a href="javascript:PWNED()">PWNED link</a>'
        '<iframe src="https://evil.example/"></iframe><!-- PWNED comment --><p style="display:none">kept text</p>'
        "\n\n{{ super() }}{% endblock %}\n",
    )
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    page = site / "site/people/jane-minister/index.html"
    found = scan(page)
    assert found.problems == [] and found.h1 == 1
    text = page.read_text(encoding="utf-8")
    assert "PWNED comment" not in text and "PWNED()" not in text and "evil.example" not in text
    assert "<p>kept text</p>" in text and "reviewed" in text


@pytest.mark.slow
def test_snippets_include_no_files(hostile_site):
    for page in pages(hostile_site):
        assert "site_name:" not in page.read_text(encoding="utf-8"), page


@pytest.mark.slow
def test_source_links_are_http_and_open_safely(hostile_site):
    document = (hostile_site / "sources/hostile-source/index.html").read_text(encoding="utf-8")
    link = re.search(r'<a href="(https://example\.org[^"]*)" rel="([^"]*)"', document)
    assert link and "noopener" in link.group(2)
    assert html.unescape(link.group(1)) == "https://example.org/a?b=1&c=<script>"


# Markdown as a site may configure it: escaped text must come out as the same text, in one paragraph.
_MARKDOWN = markdown.Markdown(
    extensions=[
        "tables",
        "attr_list",
        "md_in_html",
        "toc",
        "pymdownx.tilde",
        "pymdownx.betterem",
        "pymdownx.caret",
        "pymdownx.mark",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80))
def test_any_string_renders_as_exactly_that_text(value):
    _MARKDOWN.reset()
    rendered = _MARKDOWN.convert("Text: " + md(value))
    folded = " ".join(("Text: " + CONTROL.sub("\ufffd", value)).split())
    if not value.strip():
        return
    assert rendered.startswith("<p>") and rendered.endswith("</p>")
    inner = rendered[3:-4]
    assert "<" not in inner.replace("&lt;", ""), rendered
    assert " ".join(html.unescape(inner).split()) == folded


def tree_digest(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path):
    first = write_site(tmp_path / "a")
    second = tmp_path / "b"
    shutil.copytree(first, second)
    assert mkdocs_build(first).returncode == 0
    assert mkdocs_build(second).returncode == 0
    assert tree_digest(first / "site") == tree_digest(second / "site")


def factsheets_site(root: Path) -> subprocess.CompletedProcess:
    """`factsheets site`, what `make site` runs: MkDocs builds beside site/, swapped in if it passed."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    command = [str(BIN / "factsheets"), "site"]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
@pytest.mark.parametrize("breakage", ["bad fact", "broken content link"])
def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path, breakage):
    root = write_site(tmp_path)
    result = factsheets_site(root)
    assert result.returncode == 0, result.stderr
    assert (root / "site/index.html").is_file()
    before = tree_digest(root / "site")
    if breakage == "bad fact":
        path = root / "facts/people/person.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    else:
        (root / "content/index.md").write_text("# Home\n\n[missing](nowhere.md)\n", encoding="utf-8")
    result = factsheets_site(root)
    assert result.returncode == 1
    assert tree_digest(root / "site") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == [], "the new folder is removed"


@pytest.mark.parametrize("indexed, status, swapped", [(True, 0, True), (False, 1, False)])
def test_make_site_indexes_search_once_mkdocs_has_ended(tmp_path, monkeypatch, indexed, status, swapped):
    """MkDocs' process only says the index is to be made (the plugin writes the file DEFER_INDEX names);
    `factsheets site` makes it after, and a failed index fails the build and leaves the site as it was."""
    from factsheets.adapters import sitebuild
    from factsheets.site import search

    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("the previous site", encoding="utf-8")
    calls = []

    def mkdocs(command, check, env):  # MkDocs' build, as the plugin ends it under `factsheets site`
        new = Path(command[command.index("--site-dir") + 1])
        (new / "index.html").write_text("new", encoding="utf-8")
        Path(env[search.DEFER_INDEX]).write_text(str(new), encoding="utf-8")
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(sitebuild.subprocess, "run", mkdocs)
    monkeypatch.setattr(search, "index", lambda folder, strict: calls.append(Path(folder).name) or indexed)
    monkeypatch.setattr(sitebuild, "site_folder", lambda config_file: site)
    assert sitebuild.build_site("mkdocs.yml") == status
    assert len(calls) == 1 and calls[0].startswith(".site-new-")
    assert (site / "index.html").exists() == swapped and (site / "old.html").exists() != swapped


def test_the_plugin_leaves_the_search_index_to_make_site(tmp_path, monkeypatch):
    from factsheets.adapters.plugin import FactsheetsPlugin
    from factsheets.site import search

    plugin = FactsheetsPlugin()
    plugin.load_config({})
    monkeypatch.setattr(search, "index", lambda *args, **kwargs: pytest.fail("indexed inside MkDocs"))
    monkeypatch.setenv(search.DEFER_INDEX, str(tmp_path / "deferred"))
    config = type("Config", (), {"site_dir": str(tmp_path / "site")})()
    plugin.on_post_build(config=config)
    assert (tmp_path / "deferred").read_text(encoding="utf-8") == str(tmp_path / "site")


@pytest.mark.slow
def test_two_builds_in_one_process_each_publish_their_site(tmp_path):
    """As a program (or another plugin's test) calls MkDocs: build() twice, then shut down."""
    from mkdocs.commands.build import build as build_in_process
    from mkdocs.config import load_config

    root = tmp_path / "site"
    shutil.copytree(MINI, root)
    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    fact = root / "facts/incidents/harbour-blast.yaml"
    try:
        for name in ("First name", "Second name"):
            fact.write_text(re.sub(r"(?m)^name: .*$", f"name: {name}", fact.read_text(encoding="utf-8")))
            build_in_process(config)
            assert name in (root / "site/incidents/harbour-blast/index.html").read_text(encoding="utf-8")
    finally:
        config.plugins.on_shutdown()
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []
