"""What a pull request can put in facts/ and content/ beyond text: links, devices, files that would
replace the theme's, hand-written HTML, escapes, template code. Each table row is one way in."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import time
import timeit
import unicodedata
from pathlib import Path
from xml.etree import ElementTree

import material
import pytest
from click.testing import CliRunner
from factsheets.adapters.cli import main
from factsheets.check import guard, invisible, load, references
from factsheets.check.guard import check_content
from factsheets.check.quotes import Archive
from factsheets.check.sanitize import sanitize, sanitize_page, unsafe_markup
from factsheets.diagnostics import Diagnostic, format_github, format_json, format_text
from factsheets.factmodel.kinds import KINDS
from factsheets.pipeline import Pipeline
from factsheets.site.pages import render
from factsheets.site.publish import feed
from factsheets.site.tables import kind_csv
from factsheets.site.urls import SiteUrls
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.worst import (
    PERSON,
    archives,
    distinct_unknown_references,
    joined_words,
    repeated_reference,
    unclosed_attributes,
)
from bench.worst import page as worst_page
from bench.worst import write as write_facts

from .conftest import MINI, ROOT, mkdocs_build
from .test_safety import scan

THEME_DIRS = [ROOT / "generator" / "theme", Path(material.__file__).parent / "templates"]
BUNDLE = next((THEME_DIRS[1] / "assets/javascripts").glob("bundle.*.min.js")).name


def validate(facts: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", str(facts)], catch_exceptions=False)
    return result.exit_code, result.stdout


def person(root: Path, name: str = "p", text: str = "id: p\nname: P\n") -> Path:
    path = root / "facts" / "people" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- facts/: nothing is followed, nothing huge is read ---------------------------------------------


def _outside_file(root: Path, link: Path) -> None:
    (root / "outside.yaml").write_text("id: leak\nname: Not in the repository\n", encoding="utf-8")
    link.symlink_to(root / "outside.yaml")


def _kind_folder(root: Path, link: Path) -> None:
    person(root / "elsewhere", "q", "id: q\nname: Q\n")
    (root / "facts" / "organizations").symlink_to(root / "elsewhere" / "facts" / "people")


@pytest.mark.parametrize(
    "make, shown, message",
    [
        (lambda root, link: link.symlink_to("/dev/zero"), "facts/people/x.yaml", "a symbolic link"),
        (_outside_file, "facts/people/x.yaml", "a symbolic link"),
        (lambda root, link: link.symlink_to(root / "missing.yaml"), "facts/people/x.yaml", "a symbolic link"),
        (lambda root, link: os.mkfifo(link), "facts/people/x.yaml", "not a regular file"),
        (_kind_folder, "facts/organizations", "a symbolic link"),
    ],
    ids=["dev-zero", "file-outside", "dangling", "fifo", "kind-folder"],
)
def test_links_and_devices_in_facts_are_refused_with_their_path(tmp_path, monkeypatch, make, shown, message):
    person(tmp_path)
    make(tmp_path, tmp_path / "facts" / "people" / "x.yaml")
    monkeypatch.chdir(tmp_path)
    code, output = validate(Path("facts"))
    assert code == 1
    assert f"{shown}:1:1: error: {message}" in output, output


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_never_read(target):
    raw, problems = load.read_file(Path(target))
    assert raw is None and [p.message for p in problems] == ["not a regular file"]


def test_at_most_the_limit_and_one_byte_is_read(tmp_path, monkeypatch):
    path = person(tmp_path, "big")
    os.truncate(path, 1 << 40)  # a sparse terabyte: reading it whole would never end
    reads: list[int] = []
    real = os.fdopen

    class Counting(io.BufferedReader):
        def read(self, size=-1):
            reads.append(size)
            return super().read(size)

    def fdopen(descriptor, *args, **kwargs):
        return Counting(real(descriptor, "rb", buffering=0, closefd=kwargs.get("closefd", True)))

    monkeypatch.setattr(load.os, "fdopen", fdopen)
    raw, problems = load.read_file(path)
    assert raw is None and problems[0].message == "the file is larger than 256 KiB"
    assert reads == [load.MAX_FILE_BYTES + 1]


# -- every decoded character is one XML, terminals and spreadsheets take --------------------------


def _xml_char(char: str) -> bool:
    code = ord(char)
    return code in (0x9, 0xA) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=0, max_value=0x10FFFF).filter(lambda c: not 0xD800 <= c <= 0xDFFF))
def test_a_character_written_as_an_escape_is_refused_unless_it_is_visible_text(code):
    document, problems = load.parse(f'id: x\nname: "a\\U{code:08x}b"\n'.encode(), "x.yaml")
    if document is None:
        assert problems[0].line == 2 and problems[0].column == 7
        return
    char = document.data["name"][1]
    assert _xml_char(char) and char != "\r"
    assert unicodedata.category(char) not in ("Cc", "Zl", "Zp") or char in "\t\n"
    assert char not in "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"


def test_the_feed_stays_well_formed(tmp_path):
    base = Pipeline(MINI / "facts").check().base
    assert base is not None
    ElementTree.fromstring(feed(base, "Mini", "https://example.org/", "2024-01-01"))


# -- terminal output can't be forged ---------------------------------------------------------------

FORGED = Diagnostic(
    "facts/people/\x1b[2K\rx.yaml", 1, 1, "error", "id '\u202ex\nfacts/ok.yaml:1:1: error: forged", "\x07hint"
)


@pytest.mark.parametrize("formatter", [format_text, format_github])
def test_a_diagnostic_is_one_line_without_control_characters(formatter):
    out = formatter([FORGED])
    assert len(out.splitlines()) == 1
    assert not any(unicodedata.category(c) in ("Cc", "Cf") for c in out), repr(out)
    assert "\\x1b[2K" in out and "\\u202e" in out


def test_json_diagnostics_keep_the_data_and_escape_what_a_terminal_acts_on():
    hidden = Diagnostic("facts/people/\x9b31m.yaml", 1, 1, "error", "\u202e\u200b\u2028", "h\x85")
    out = format_json([hidden])
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Zl") for c in out.replace("\n", "")), repr(out)
    assert json.loads(out)[0]["path"] == hidden.path and json.loads(out)[0]["message"] == hidden.message


@pytest.mark.parametrize(
    "name, shown",
    [("\x1b[31mred\x1b[0m", "\\x1b[31mred"), ("\u202egnp", "\\u202egnp"), (os.fsdecode(b"\xff\xfe"), "\\udcff\\udcfe")],
    ids=["escape", "bidi", "undecodable"],
)
def test_a_file_name_with_hidden_characters_prints_inert(tmp_path, monkeypatch, name, shown):
    person(tmp_path, name)
    monkeypatch.chdir(tmp_path)
    code, output = validate(Path("facts"))
    assert code == 1 and shown in output
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in output.replace("\n", "")), repr(output)


# -- CSV --------------------------------------------------------------------------------------------

FORMULAS = [
    "Neutral summary.\r=cmd|' /C calc'!A0",
    '=HYPERLINK("https://evil.example")',
    "+1+1",
    "-1+1",
    "@SUM(A1)",
    "\t=1",
    ";=1",
    ",=1",
    "  =1",
    "Fine.\n=1+1\n+2",
    'Quote " and, comma; semicolon',
]


def test_csv_cells_are_quoted_and_no_line_starts_a_formula(tmp_path):
    for index, summary in enumerate(FORMULAS):
        text = summary.replace("\r", "").replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        text = text.replace("\t", "\\t")
        person(tmp_path, f"p{index}", f'id: p{index}\nname: P{index}\nsummary: "{text}"\n')
    base = Pipeline(tmp_path / "facts").check().base
    assert base is not None
    written = kind_csv(base, KINDS["people"], SiteUrls().sheet)
    rows = list(csv.reader(io.StringIO(written)))
    assert len(rows) == len(FORMULAS) + 1 and {len(row) for row in rows} == {len(rows[0])}
    for row in rows[1:]:
        for cell in row:
            for line in cell.split("\n"):
                assert line.lstrip(" \t")[:1] not in ("=", "+", "-", "@", ";", ","), (cell, line)
    # Read back so that an unquoted cell would become a number: every cell must stay text.
    typed = list(csv.reader(io.StringIO(written), quoting=csv.QUOTE_NONNUMERIC))
    assert all(isinstance(cell, str) for row in typed for cell in row)


# -- content/: what can be published ---------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
GENERATED = {"people/index.md", "people/p.md", "timeline.md", "api/facts.json", "api/people.csv", "feed.xml"}


@pytest.mark.parametrize(
    "relative, data, message",
    [
        (f"assets/javascripts/{BUNDLE}", b"alert('site-wide')", "would replace the theme's file"),
        ("assets/stylesheets/factsheets.css", b"body{display:none}", "would replace the theme's file"),
        ("partials/footer.html", b"<script>", "would replace the theme's file"),
        ("assets/javascripts/bundle.77dd0ce9.min.js.md", b"# Zensical's bundle", "the theme's folder of code"),
        ("assets/stylesheets/extra.png", PNG, "the theme's folder of code"),
        ("assets/images/favicon.png", PNG, "would replace the theme's file"),
        ("main.md", b"# Main", "would replace the theme's file"),  # the page main.html
        ("people/p.md", b"# Fake fact sheet", "would take the address of"),
        ("people/extra.md", b"# Looks like a fact sheet", "would take the address of"),
        ("People/photo.png", PNG, "would take the address of"),
        ("api/facts.json", b"{}", "would take the address of"),
        ("timeline.md", b"# Timeline", "would take the address of"),
        ("timeline/index.md", b"# Timeline", "would take the address of"),
        ("feed.xml", b"<feed/>", "would take the address of"),
        ("map.svg", b"<svg onload='alert(1)'/>", "SVG images are not published"),
        ("script.js", b"alert(1)", ".js is not published"),
        ("page.html", b"<script>alert(1)</script>", ".html is not published"),
        ("report.pdf", b"%PDF-1.7", ".pdf is not published"),
        ("LICENSE", b"text", "a file without an extension is not published"),
        ("photo.png", b"<html><script>alert(1)</script>", "the file is not a PNG image"),
        ("photo.jpg", PNG, "the file is not a JPG image"),
        (
            "trojan.md",
            "# Title\n\naccess = 'user\u202e \u2066// admin\u2069 \u2066'\n".encode(),
            "RIGHT-TO-LEFT OVERRIDE",
        ),
        ("bell.md", b"# Ding\x07", "control character U+0007"),
        ("latin1.md", b"caf\xe9", "this is not valid UTF-8"),
        ("long.md", b"## x " + b"<b>" * 400, "a heading longer than 1,000 characters"),
        ("setext.md", b"<b>" * 200 + b"\n" + b"<i>" * 200 + b"\n---\n", "a heading longer than 1,000 characters"),
        ("big-settings.md", b"---\ntitle: " + b"x" * 300_000 + b"\n---\n# A\n", "the front matter is larger than"),
        ("laughs.md", b"---\na: &a [lol]\nb: [*a, *a]\n---\n# A\n", "anchors and aliases"),
        ("python.md", b"---\nx: !!python/object/apply:os.system [id]\n---\n", "is not allowed"),
        ("x<img src=x onerror=alert(1)>.md", b"# X", "the path holds characters that HTML"),
        ("x\x1b[2K.md", b"# X", "the path holds characters that HTML"),
    ],
)
def test_content_that_must_not_be_published_is_named(tmp_path, relative, data, message):
    path = tmp_path / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    found = check_content(tmp_path / "content", THEME_DIRS, GENERATED)
    assert len(found) == 1 and message in found[0].message, found
    assert found[0].path.endswith(f"content/{relative}") and found[0].severity == "error"


def test_a_page_of_the_size_limit_is_checked_quickly(tmp_path):
    # Many long lines and paragraphs, none a heading: the check reads each line once.
    page = tmp_path / "content" / "big.md"
    page.parent.mkdir()
    page.write_bytes((b"<b>" * 300 + b"\n") * 1150)
    assert check_content(page.parent, THEME_DIRS, GENERATED) == []


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda path: path.symlink_to("/etc/os-release"), "a symbolic link"),
        (lambda path: path.symlink_to("/dev/zero"), "a symbolic link"),
        (lambda path: os.mkfifo(path), "not a regular file"),
    ],
)
def test_links_and_devices_in_content_are_refused(tmp_path, make, message):
    (tmp_path / "content").mkdir()
    make(tmp_path / "content" / "leak.md")
    found = check_content(tmp_path / "content", THEME_DIRS, GENERATED)
    assert [(d.path.endswith("content/leak.md"), d.message) for d in found] == [(True, message)]


def test_a_linked_docs_folder_is_refused(tmp_path):
    (tmp_path / "content").symlink_to("/etc")
    assert [d.message for d in check_content(tmp_path / "content", THEME_DIRS, GENERATED)] == [
        "the docs folder is a symbolic link"
    ]


def test_a_linked_folder_in_content_is_refused_not_entered(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "etc").symlink_to("/etc")
    found = check_content(tmp_path / "content", THEME_DIRS, GENERATED)
    assert [d.message for d in found] == ["a symbolic link"]


def test_pages_images_and_what_mkdocs_skips_pass(tmp_path):
    docs = tmp_path / "content"
    for relative, data in {
        "index.md": "# Home\n\nPersian keeps its joiner: می‌خواهم.\n".encode(),
        "backgrounders/a.md": b"# A",
        "backgrounders/map.png": PNG,
        "img/photo.JPEG": b"\xff\xd8\xff\xe0" + b"\x00" * 16,
        "img/anim.gif": b"GIF89a" + b"\x00" * 16,
        "img/pic.webp": b"RIFF\x00\x00\x00\x00WEBPVP8 ",
        "img/pic.avif": b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00",
        "settings.md": b"---\ntitle: A long title " + b"x" * 2000 + b"\n---\n\nBody.\n",  # not a heading
        ".hidden/notes.txt": b"skipped by MkDocs",
        "templates/x.html": b"skipped by MkDocs",
    }.items():
        (docs / relative).parent.mkdir(parents=True, exist_ok=True)
        (docs / relative).write_bytes(data)
    assert check_content(docs, THEME_DIRS, GENERATED) == []


# -- hand-written HTML ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dirty, kept, gone",
    [
        ('<img src="x.png" onerror="alert(1)">', '<img src="x.png">', "onerror"),
        ('<a href="javascript:alert(1)">y</a>', "<a>y</a>", "javascript"),
        ('<img src="https://tracker.example/p.gif">', "<img>", "tracker"),
        ('<img src="//tracker.example/p.gif">', "<img>", "tracker"),
        ("<script>alert(1)</script><style>*{}</style>ok", "ok", "alert"),
        ('<iframe src="https://evil.example"></iframe>', "", "iframe"),
        ('<form action="https://evil.example"><input type="password"></form>', "<input>", "password"),
        ('<div style="position:fixed;inset:0">over</div>', "<div>over</div>", "fixed"),
        ('<div data-md-component="search">x</div>', "<div>x</div>", "data-md"),
        ('<h2 id="__config">C</h2>', '<h2 id="fs__config">C</h2>', 'id="__config"'),
        ('<a href="#__search">s</a>', '<a href="#fs__search">s</a>', "#__search"),
        ('<label for="__drawer">d</label>', '<label for="fs__drawer">d</label>', '"__drawer"'),
        ('<p class="md-header md-dialog x">x</p>', '<p class="md-dialog x">x</p>', "md-header"),
        ('<a class="md-button md-button--primary" href="a/">Go</a>', 'class="md-button md-button--primary"', "§"),
        (
            '<div class="admonition note"><p class="admonition-title">Note</p></div>',
            '<div class="admonition note"><p class="admonition-title">Note</p></div>',
            "§",
        ),
        (
            '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>',
            '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>',
            "§",
        ),
        (
            '<table><tr><th style="text-align: right;">n</th></tr></table>',
            '<th style="text-align:right">n</th>',
            "§",
        ),
        (
            '<div class="highlight"><pre><span></span><code><span class="k">def</span></code></pre></div>',
            '<span class="k">def</span>',
            "§",
        ),
        ('<h2 id="x">X<a class="headerlink" href="#x" title="Permanent link">¶</a></h2>', 'class="headerlink"', "§"),
        ("<p><q>quoted</q> <sup>2</sup> <kbd>Ctrl</kbd> <mark>m</mark></p>", "<q>quoted</q> <sup>2</sup>", "§"),
        ('<a href="mailto:editors@example.org">mail</a>', 'href="mailto:editors@example.org"', "§"),
    ],
)
def test_hand_written_html_keeps_what_markdown_and_material_need(dirty, kept, gone):
    clean = sanitize_page(dirty)
    assert kept in clean and gone not in clean, clean


def test_generated_pages_rename_theme_ids_too():
    assert sanitize('<h1 id="__config">x</h1>') == '<h1 id="fs__config">x</h1>'


# -- override templates -----------------------------------------------------------------------------


def _rendered(tmp_path: Path, template: str | None) -> tuple[str | None, list[Diagnostic]]:
    base = Pipeline(MINI / "facts").check().base
    assert base is not None
    folder = None
    if template is not None:
        folder = tmp_path / "overrides"
        folder.mkdir(exist_ok=True)
        (folder / "person.html.j2").write_text(template, encoding="utf-8")
    pages, problems = render(base, override_dir=folder)
    return next((p.html for p in pages if p.src_uri == "people/jane-minister.md"), None), problems


@pytest.mark.parametrize(
    "template",
    [
        '{% extends "default:sheet.html.j2" %}{% block footer %}{{ super() }}{% endblock %}',
        '{% extends "default:sheet.html.j2" %}{% macro same() %}{{ caller() }}{% endmacro %}'
        "{% block footer %}{% call same() %}{{ super() }}{% endcall %}{% endblock %}",
    ],
    ids=["super", "macro-and-caller"],
)
def test_super_and_macros_are_not_escaped_twice(tmp_path, template):
    overridden, problems = _rendered(tmp_path, template)
    assert problems == [] and overridden == _rendered(tmp_path, None)[0]


@pytest.mark.parametrize(
    "template, refusal",
    [
        ("{{ entity.__class__.__mro__ }}", "unsafe"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "unsafe"),
        ("{{ page.link.__globals__ }}", "unsafe"),
        ("{{ cycler.__init__.__globals__.os }}", "unsafe"),
        ("{% for i in range(10**9) %}{% endfor %}", "Range too big"),
    ],
)
def test_override_templates_run_sandboxed(tmp_path, template, refusal):
    page, problems = _rendered(tmp_path, template)
    assert page is None and len(problems) == 1
    assert problems[0].path.endswith("overrides/person.html.j2") and refusal in problems[0].message, problems


# -- one real build: the guard stops it, the sanitizer cleans it --------------------------------------


def _mini(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(MINI, site)
    return site


@pytest.mark.slow  # a real MkDocs build
def test_a_content_file_replacing_the_theme_fails_the_build_with_its_path(tmp_path):
    site = _mini(tmp_path)
    bundle = site / "content" / "assets" / "javascripts" / BUNDLE
    bundle.parent.mkdir(parents=True)
    bundle.write_text("alert('site-wide')", encoding="utf-8")
    (site / "content" / "os.md").symlink_to("/etc/os-release")
    result = mkdocs_build(site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"content/assets/javascripts/{BUNDLE}:1:1: error:" in result.stderr
    assert "content/os.md:1:1: error: a symbolic link" in result.stderr
    assert not (site / "site").exists()


@pytest.mark.slow  # a real MkDocs build
def test_hand_written_pages_and_theme_ids_are_safe_in_a_real_build(tmp_path):
    site = _mini(tmp_path)
    (site / "facts" / "people" / "jane-minister.yaml").write_text(
        (site / "facts" / "people" / "jane-minister.yaml")
        .read_text(encoding="utf-8")
        .replace("name: Jane Minister", "name: __config"),
        encoding="utf-8",
    )
    (site / "content" / "index.md").write_text(
        "# Home\n\n## __search\n\n"
        '<img src="x" onerror="window.__pwned=1"> <a href="javascript:window.__pwned=1">PWNED</a>\n\n'
        "[[people/jane-minister|y](javascript:alert(1)) z]] and [[people/jane-minister|*label* <b>x</b>]]\n\n"
        "[Go](incidents/index.md){ .md-button }\n",
        encoding="utf-8",
    )
    (site / "content" / "front.md").write_text(
        '---\ntitle: T <img src=x onerror="window.__pwned=1">\ndescription: \'"><script>window.__pwned=1</script>\'\n'
        "---\n\nBody.\n",
        encoding="utf-8",
    )
    (site / "content" / "heading.md").write_text(
        "# H &lt;/title&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt; <img src=x onerror=window.__pwned=1>\n",
        encoding="utf-8",
    )
    (site / "mkdocs.yml").write_text(
        (site / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("  - tables\n", "  - tables\n  - attr_list\n")
        .replace("  - Timeline: timeline.md\n", "  - Timeline: timeline.md\n  - front.md\n  - heading.md\n"),
        encoding="utf-8",
    )
    result = mkdocs_build(site)
    assert result.returncode == 1, "the guard refuses the payloads, each at its place"
    for refused in (
        "content/heading.md:1:76: error: the attribute onerror of <img> is not published",
        "content/index.md:5:14: error: the attribute onerror of <img> is not published",
        "content/index.md:5:45: error: a link with the scheme javascript:",
        "content/index.md:7:27: error: a link with the scheme javascript:",
    ):
        assert f"factsheets: {refused}" in result.stderr, result.stderr
    index, heading = site / "content" / "index.md", site / "content" / "heading.md"
    index.write_text(index.read_text(encoding="utf-8").replace("javascript:", "x/"), encoding="utf-8")
    index.write_text(index.read_text(encoding="utf-8").replace(' onerror="window.__pwned=1"', ""), encoding="utf-8")
    heading.write_text(heading.read_text(encoding="utf-8").replace(" onerror=window.__pwned=1", ""), encoding="utf-8")
    assert "content/index.md:7:1: error: this reference is not closed" in result.stderr, "in the same run"
    index.write_text(index.read_text(encoding="utf-8").replace("[[people/jane-minister|y]", "[x]"), encoding="utf-8")
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    home = site / "site" / "index.html"
    found = scan(home)
    assert found.problems == [], found.problems
    text = home.read_text(encoding="utf-8")
    assert "javascript:" not in text and 'class="md-button"' in text
    assert '">*label* &lt;b&gt;x&lt;/b&gt;</a>' in text, "a label is text"
    assert text.count('href="#fs__search"') >= 2, "the table of contents and the heading agree"
    for page in (site / "site" / "front" / "index.html", site / "site" / "heading" / "index.html"):
        assert scan(page).problems == [], page  # titles and descriptions in <title>, nav, <meta>
        assert "<script>window" not in page.read_text(encoding="utf-8")
    for page in (home, site / "site" / "people" / "jane-minister" / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert html.count('id="__config"') == 1 and html.count('id="__search"') <= 1, page


# -- the reference scanner: code read as Markdown reads it, in linear time --------------------------


@pytest.mark.parametrize(
    "page, live",
    [
        ("a `[[people/x]]` b [[people/y]]", ["people/y"]),
        ("a ``[[people/x]] ` still`` b [[people/y]]", ["people/y"]),
        ("a `[[people/y]]", ["people/y"]),  # an opener without its closer is text
        ("a \\`[[people/y]]` [[people/z]]", ["people/y", "people/z"]),  # an escaped backtick opens nothing
        ("a `x\n[[people/x]]` b", []),  # a code span crosses lines inside a paragraph
        ("a `x\n\n[[people/y]]`", ["people/y"]),  # but not a blank line
        ("para\n\n    [[people/x]]\n\n[[people/y]]", ["people/y"]),  # indented code
        ("para\n    [[people/y]]", ["people/y"]),  # a paragraph's continuation is not code
        ("- item\n\n    [[people/y]]\n", ["people/y"]),  # nor is a list item's
        ("- item\n\n        [[people/x]]\n", []),  # code inside a list item
        ("````\n```\n[[people/x]]\n```\n````\n[[people/y]]", ["people/y"]),
        ("~~~~\n~~~\n[[people/x]]\n~~~~\n[[people/y]]", ["people/y"]),
        ("```[[people/y]]``` ok", []),  # a backtick in the info string: inline code, not a fence
        ("[[[people/y]]]", ["people/y"]),
        ("\\[[people/x]] [[people/y]]", ["people/y"]),  # escaped: shown as written
        ("---\ntitle: [[people/x]]\n---\n[[people/y]]", ["people/y"]),  # front matter
    ],
)
def test_references_outside_code_are_found_and_inside_are_not(page, live):
    assert [r.target for r in references.find(page)] == live


# Hostile pages by size: `page(k)` is about k times `page(1)`.
HOSTILE_PAGES = {
    "labels": lambda k: "[[people/x|" * 2_500 * k,
    "unclosed": lambda k: "[[people/" * 3_000 * k,
    "brackets": lambda k: "[[" * 50_000 * k,
    "ticks": lambda k: "`` ` " * 200_000 * k,
    "growing-ticks": lambda k: " ".join("`" * n for n in range(1, int(3000 * k**0.5))),  # size grows as n²
    "backslashes": lambda k: ("\\" * 50 + "`") * 80_000 * k,
    "list": lambda k: "- a\n" * 6_000 * k,
    "fences": lambda k: "```\n" * 8_000 * k,
    "fence": lambda k: "````\n" + "```\n" * 12_000 * k,
}


def _best_seconds(run) -> float:
    return min(timeit.repeat(run, number=1, repeat=3))


@pytest.mark.parametrize("name", HOSTILE_PAGES)
def test_the_scanner_is_linear_on_hostile_pages(name):
    # Four times the page takes about four times as long; a quadratic path would take sixteen. The
    # best of three runs, and a tenth of a second of slack, keep a shared machine's noise out (a
    # quadratic path on pages of megabytes takes minutes).
    small, large = HOSTILE_PAGES[name](1), HOSTILE_PAGES[name](4)
    assert 3.5 * len(small) < len(large) < 4.5 * len(small)
    seconds = _best_seconds(lambda: references.scan(small)), _best_seconds(lambda: references.scan(large))
    assert seconds[1] < 8 * seconds[0] + 0.1, seconds


# -- one guard for every path: the plugin, `factsheets build --out`, `factsheets validate` -----------

HOSTILE = Path(__file__).parent / "failure_modes" / "hostile-pages"


def _hostile_site(tmp_path: Path) -> Path:
    site = _mini(tmp_path)
    shutil.rmtree(site / "content")
    shutil.copytree(HOSTILE / "content", site / "content")
    return site


def _diagnostic_lines(text: str) -> list[str]:
    return [line.split("factsheets: ", 1)[-1] for line in text.splitlines() if ": error: " in line]


@pytest.mark.slow
def test_build_out_refuses_what_mkdocs_build_strict_refuses_with_the_same_diagnostics(tmp_path, monkeypatch):
    site = _hostile_site(tmp_path)
    built = mkdocs_build(site)
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert not (site / "site").exists()
    monkeypatch.chdir(site)
    (site / "build").mkdir()
    (site / "build" / "kept.txt").write_text("the previous output", encoding="utf-8")
    (site / "build" / ".factsheets-build").write_text("", encoding="utf-8")
    exported = CliRunner().invoke(main, ["build", "--out", "build"])
    assert exported.exit_code == 1
    assert _diagnostic_lines(exported.stderr) == _diagnostic_lines(built.stderr)
    assert sorted(p.name for p in (site / "build").iterdir()) == [".factsheets-build", "kept.txt"], "nothing written"
    assert not list(site.glob(".build-*")), "no staging folder left"
    validated = CliRunner().invoke(main, ["validate"])
    assert validated.exit_code == 1 and validated.stdout.splitlines() == _diagnostic_lines(built.stderr)
    expected = (HOSTILE / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert _diagnostic_lines(built.stderr) == expected


def _generated_tops(site_dir: Path, content: Path) -> set[str]:
    """The top-level names of a built site that neither content/ nor the theme made."""
    theme = {p.name for d in THEME_DIRS for p in d.iterdir()}
    own = {p.name.removesuffix(".md") for p in content.iterdir()} | {"index.html", "assets"}
    return {p.name for p in site_dir.iterdir()} - own - theme


@pytest.mark.slow
def test_a_hand_written_page_at_any_generated_address_is_named_never_a_traceback(tmp_path):
    site = _mini(tmp_path)
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    tops = _generated_tops(site / "site", site / "content")
    assert {"feed.xml", "sitemap.xml", "sitemap.xml.gz", "search", "api", "timeline", "people"} <= tops, tops
    # `factsheets validate` knows these without building: the guard's table and the kinds.
    assert {t.casefold() for t in tops} <= set(guard.GENERATED_NAMES) | set(KINDS), tops
    for top in sorted(tops):
        for relative in (f"{top}.md", f"{top}/page.md", f"{top}/index.md", top):
            if relative in guard.PUBLISHING_FILES:  # content/robots.txt replaces the plugin's: allowed
                continue
            docs = tmp_path / "tries" / relative.replace("/", "_") / "content"
            (docs / relative).parent.mkdir(parents=True, exist_ok=True)
            (docs / relative).write_text("# A hand-written page\n", encoding="utf-8")
            found = check_content(docs, THEME_DIRS)
            assert len(found) == 1 and found[0].path.endswith(f"content/{relative}"), (relative, found)
            assert "would take the address of" in found[0].message or "theme" in found[0].message, found
    for relative in ("feed.xml.md", "sitemap.xml.md"):  # once in a real build: a diagnostic, no traceback
        (site / "content" / relative).write_text("# Collides\n", encoding="utf-8")
    result = mkdocs_build(site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content/feed.xml.md:1:1: error: feed.xml.md would take the address of the feed" in result.stderr
    assert "content/sitemap.xml.md:1:1: error: sitemap.xml.md would take the address of" in result.stderr
    assert (site / "site" / "feed.xml").exists(), "the previous site is kept"


@pytest.mark.parametrize("linked", ["content", "pages", "pages/deeper"])
def test_a_docs_folder_that_is_or_lies_under_a_link_is_refused_on_every_path(tmp_path, monkeypatch, linked):
    project = tmp_path / "project"
    outside = tmp_path / "outside"
    (outside / "content").mkdir(parents=True)
    (outside / "content" / "token.md").write_text("# Secret\n", encoding="utf-8")
    docs = project / "pages" / "deeper" / "content"
    (project / linked).parent.mkdir(parents=True, exist_ok=True)
    (project / linked).symlink_to(outside / "content" if linked == "content" else outside, target_is_directory=True)
    if linked != "content":  # the link stands for a folder above the docs: make the docs below it
        (outside / "deeper" / "content").mkdir(parents=True, exist_ok=True)
        (outside / "content" / "deeper" / "content").mkdir(parents=True, exist_ok=True)
    docs = project / "content" if linked == "content" else docs
    monkeypatch.chdir(project)
    found = check_content(docs, THEME_DIRS, (), project)
    assert [d.message for d in found] == [
        "the docs folder is a symbolic link"
        if linked == "content"
        else f"{linked}, a folder above the docs, is a symbolic link"
    ], found


def test_validate_reads_content_and_build_out_writes_nothing_when_a_page_is_refused(tmp_path, monkeypatch):
    site = _mini(tmp_path)
    (site / "content" / "bad.md").write_text("# Bad\n\n<img src=x onerror=alert(1)>\n", encoding="utf-8")
    monkeypatch.chdir(site)
    validated = CliRunner().invoke(main, ["validate"])
    line = "content/bad.md:3:12: error: the attribute onerror of <img> is not published (remove it)"
    assert validated.exit_code == 1 and validated.stdout.splitlines() == [line]
    exported = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "out")])
    assert exported.exit_code == 1 and line in exported.stderr and not (tmp_path / "out").exists()
    assert not list(tmp_path.glob(".out-*")), "no staging folder left"


def test_build_out_copies_only_what_the_guard_publishes_with_front_matter_escaped(tmp_path, monkeypatch):
    site = _mini(tmp_path)
    (site / "content" / ".env").write_text("TOKEN=secret\n", encoding="utf-8")
    (site / "content" / ".hidden").mkdir()
    (site / "content" / ".hidden" / "page.md").write_text("# Hidden\n", encoding="utf-8")
    (site / "content" / "front.md").write_text(
        "---\ntitle: '<img src=x onerror=alert(1)>'\ndescription: '\"><script>alert(1)</script>'\n---\n\nBody.\n",
        encoding="utf-8",
    )
    (site / "content" / "heading.md").write_text("# H &lt;script&gt;alert(1)&lt;/script&gt;\n", encoding="utf-8")
    monkeypatch.chdir(site)
    assert CliRunner().invoke(main, ["build", "--out", "out"]).exit_code == 0
    docs = site / "out" / "docs"
    assert not (docs / ".env").exists() and not (docs / ".hidden").exists()
    front = (docs / "front.md").read_text(encoding="utf-8")
    assert "title: '&lt;img src=x onerror=alert(1)&gt;'" in front and "<script>" not in front
    assert "title: H &lt;script&gt;alert(1)&lt;/script&gt;" in (docs / "heading.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "dirty",
    [
        '<img src="/&#9;/127.0.0.1:8999/tab.png">',
        '<img src="/&#10;/127.0.0.1:8999/nl.png">',
        '<img src="/&#13;/127.0.0.1:8999/cr.png">',
        '<img src="\\\\127.0.0.1:8999/b.png">',
        '<img src="/\\127.0.0.1:8999/b.png">',
        '<img src=" //127.0.0.1:8999/s.png">',
        '<img src="&#1;//127.0.0.1:8999/c0.png">',
        '<img src="HTTPS://127.0.0.1:8999/u.png">',
        '<img src="ht&#9;tp://127.0.0.1:8999/t.png">',
    ],
)
def test_urls_are_judged_as_browsers_read_them(dirty):
    assert "127.0.0.1" not in sanitize_page(dirty)
    assert [m for _, m, _ in unsafe_markup(dirty)] == ["an image from another host"]


@pytest.mark.parametrize(
    "text, hidden",
    [
        ("Jane\U000e0049\U000e0047 Minister", "\U000e0049"),  # tag characters: a hidden message
        ("a\u200bb", "\u200b"),
        ("Ja\u00adne", "\u00ad"),
        ("x\u2066y", "\u2066"),
        ("Jane\ufe00", "\ufe00"),
        ("ab\u200ccd", "\u200c"),  # Latin script joins nothing
        ("\u200dx", "\u200d"),
        ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", None),  # Persian needs its non-joiner
        ("\U0001f468\u200d\U0001f469", None),  # an emoji sequence
        ("\u2764\ufe0f and #\ufe0f\u20e3", None),  # emoji presentation
        ("\u0915\u094d\u200d\u0937", None),  # Devanagari
    ],
)
def test_invisible_characters_are_found_except_the_joiners_a_script_needs(text, hidden):
    found = invisible.first_hidden(invisible.pattern(), text)
    assert (found.group() if found else None) == hidden


def test_too_many_or_too_large_archives_are_a_clear_error(tmp_path, monkeypatch):
    from factsheets.check import crossfile

    monkeypatch.setattr(crossfile, "MAX_ARCHIVES", 2)
    facts = write_facts(tmp_path, archives(3, 0.01))
    messages = [d.message for d in Pipeline(facts).check().diagnostics if d.severity == "error"]
    assert sum("more than 2 archived copies" in m for m in messages) == 1, messages
    monkeypatch.setattr(crossfile, "MAX_ARCHIVES", 64)
    monkeypatch.setattr(crossfile, "MAX_ARCHIVE_TOTAL", 15_000)  # each copy is about 10 kB
    messages = [d.message for d in Pipeline(facts).check().diagnostics if d.severity == "error"]
    assert sum("archived copies of more than" in m for m in messages) == 2, messages


# -- the job summary is text --------------------------------------------------------------------------

ATTACKS = [
    "Urgent: re-authenticate at https://github.com.evil.example/login or www.evil.example",
    "**bold** __bold__ *em* _em_ ~~strike~~ ~one~",
    "![pixel](https://tracker.example/p.gif) [click](https://evil.example) [ref][1] <https://evil.example>",
    "<img src=x onerror=alert(1)> &lt;b&gt; &#x3C;b&#x3E; @octocat #1 owner/repo#2",
    "`code` ``two`` \\*escaped\\* HTTPS://EVIL.EXAMPLE javascript:alert(1) mailto:a@b.example x@y.example",
]


def _inert(markdown: str) -> None:
    """Nothing GitHub's Markdown would read as markup: outside code spans no scheme, www., HTML,
    mention or unescaped markup character."""
    text, index = [], 0
    while index < len(markdown):
        char = markdown[index]
        if char == "\\":  # an escaped character is text, and it parts the text around it ('ww\\[w.' is no 'www.')
            text.append("\0")
            index += 2
            continue
        if char == "`":  # a code span: nothing in it is markup
            index = markdown.index("`", index + 1) + 1
            continue
        text.append(char)
        index += 1
    shown = "".join(text)
    assert not re.search(r"(?i)[a-z]+://|www\.|javascript:|mailto:", shown), markdown
    assert "<" not in shown and not re.search(r"@\w", shown), markdown
    assert not re.search(r"&(?!amp;|lt;|gt;)", shown), markdown
    assert not re.search(r"[*_~\[\]#!]", shown), markdown


@pytest.mark.parametrize("attack", ATTACKS)
def test_diff_markdown_makes_no_link_image_or_emphasis_of_attacker_text(tmp_path, attack):
    from factsheets.adapters.diff import fact_diff, to_markdown

    old, new = tmp_path / "old", tmp_path / "new"
    person(old, "p", "id: p\nname: P\n")
    quoted = attack.replace("\\", "\\\\").replace('"', '\\"')
    person(new, "p", f'id: p\nname: "{quoted}"\nsummary: "{quoted}"\n')
    person(new, "q", f'id: q\nname: "{quoted}"\n')
    markdown = to_markdown(fact_diff(str(old / "facts"), str(new / "facts")))
    body = "\n".join(line.split(": ", 1)[-1] for line in markdown.splitlines() if "P" in line or "Summary" in line)
    _inert(body.replace("**Summary**", "").replace("**Name**", ""))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab :/.@<>&*_~[]()!#`\\w-")), max_size=60))
def test_plain_text_of_the_job_summary_is_inert(text):
    from factsheets.adapters.diff import _plain

    _inert(_plain(text))


# -- nothing above linear: twice the input, about twice the time ---------------------------------------


def _best_of(runs: int, action) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def _assert_linear(make, action, size: int) -> None:
    """The time for 4n over the time for n: about 4 when linear, 16 when quadratic (the bound is 10).
    Best of three of each, so that a busy machine makes it slower, not steeper."""
    small, large = make(size), make(4 * size)
    large_time = _best_of(3, lambda: action(large))
    ratio = large_time / max(_best_of(3, lambda: action(small)), 1e-4)
    assert ratio < 10 or large_time < 0.05, f"4x the input took {ratio:.1f}x the time"  # or it is too quick to time


@pytest.fixture(scope="module")
def one_person_base():
    root = Path(__import__("tempfile").mkdtemp())
    base = Pipeline(write_facts(root, {"people/p0.yaml": PERSON})).check().base
    assert base is not None
    yield base, root
    shutil.rmtree(root, ignore_errors=True)


@pytest.mark.parametrize(
    "name, make, size",
    [
        ("one reference repeated on one line", repeated_reference, 4_000),
        ("distinct unknown references", distinct_unknown_references, 5_000),
        ("tags with an unclosed quote", unclosed_attributes, 5_000),
        ("words joined by ZWNJ", joined_words, 10_000),
    ],
)
def test_page_checks_and_substitution_grow_linearly(one_person_base, name, make, size):
    base, root = one_person_base

    def check(text: str) -> None:
        content = worst_page(root / name.replace(" ", "-"), "index.md", text)
        references.check_references(content, base)
        check_content(content, [], ())
        references.substitute(text, base, lambda target: target)

    _assert_linear(make, check, size)


def test_the_closest_passage_search_grows_linearly():
    def archive(words: int):
        return Archive(" ".join(f"word{i % 5000} said{i % 7}" for i in range(words)))

    _assert_linear(archive, lambda a: a.closest_passages(["word17 said3 nowhere", "said5 word9"]), 40_000)


@pytest.mark.slow
def test_a_hidden_file_a_site_lets_mkdocs_publish_is_refused(tmp_path):
    site = _mini(tmp_path)
    (site / "content" / ".env").write_text("TOKEN=secret\n", encoding="utf-8")
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "exclude_docs: |\n  drafts/\n  !.env\n", encoding="utf-8")
    result = mkdocs_build(site)
    assert result.returncode == 1 and "content/.env:1:1: error: a hidden file MkDocs would publish" in result.stderr
    assert not (site / "site").exists()
