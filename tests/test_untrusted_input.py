"""What a pull request can put in facts/ and content/ beyond text: links, devices, files that would
replace the theme's, hand-written HTML, escapes, template code. Each table row is one way in."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import timeit
import unicodedata
from pathlib import Path
from xml.etree import ElementTree

import material
import pytest
from click.testing import CliRunner
from factsheets.adapters.cli import main
from factsheets.check import load, references
from factsheets.check.guard import check_content
from factsheets.check.sanitize import sanitize, sanitize_page
from factsheets.diagnostics import Diagnostic, format_github, format_json, format_text
from factsheets.factmodel.kinds import KINDS
from factsheets.pipeline import Pipeline
from factsheets.site.pages import render
from factsheets.site.publish import feed, kind_csv
from hypothesis import given, settings
from hypothesis import strategies as st

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
    written = kind_csv(base, KINDS["people"])
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
        ("assets/images/favicon.png", PNG, "would replace the theme's file"),
        ("main.md", b"# Main", "would replace the theme's file"),  # the page main.html
        ("people/p.md", b"# Fake fact sheet", "is where generated pages go"),
        ("people/extra.md", b"# Looks like a fact sheet", "is where generated pages go"),
        ("People/photo.png", PNG, "is where generated pages go"),
        ("api/facts.json", b"{}", "is where generated pages go"),
        ("timeline.md", b"# Timeline", "would replace a generated page"),
        ("timeline/index.md", b"# Timeline", "would replace a generated page"),
        ("feed.xml", b"<feed/>", "is where generated pages go"),
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
        "index.md": b"# Home\n\nPersian keeps its joiner: \xe2\x80\x8c.\n",
        "backgrounders/a.md": b"# A",
        "backgrounders/map.png": PNG,
        "img/photo.JPEG": b"\xff\xd8\xff\xe0" + b"\x00" * 16,
        "img/anim.gif": b"GIF89a" + b"\x00" * 16,
        "img/pic.webp": b"RIFF\x00\x00\x00\x00WEBPVP8 ",
        "img/pic.avif": b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00",
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
    assert result.returncode == 1, "the reference that holds a Markdown link is an error"
    assert "content/index.md:7:1: error: this reference is not closed" in result.stderr
    index = site / "content" / "index.md"
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
