"""Guarding `content/`, MkDocs' docs_dir, where pull requests add hand-written pages.

MkDocs publishes every file of the docs_dir as it is, and a file there wins over the theme's file
of the same path: `content/assets/javascripts/bundle.<hash>.min.js` would run on every page. So
before MkDocs reads the folder:

- only pages (`.md`) and raster images are published; an image must be the format its name
  says. SVG is refused: it is a document that can hold scripts and links, and no sanitizer
  here keeps its case-sensitive attributes (`viewBox`) intact. PDF, HTML, CSS, JS and the
  rest are refused: reviewers read Markdown, not every asset file.
- the publishing files a host or crawler reads at the root (`PUBLISHING_FILES`: robots.txt, CNAME,
  .nojekyll, _headers, _redirects, favicon.ico, .well-known/security.txt) are published as they are;
- no file may take the path of a theme file or of a generated page: the kind folders, `api/`,
  `timeline`, `feed.xml`;
- nothing is followed: a symbolic link (MkDocs would publish `/etc/os-release` through one) and
  a device or pipe are errors with their path;
- a page may not hold control characters or bidirectional overrides, which show reviewers
  other text than readers get ("Trojan Source").

Hidden files and `templates/` are skipped, as MkDocs skips them (its default `exclude_docs`).
The HTML of hand-written pages then passes `sanitize_page` (sanitize.py).
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from .load import display_path, read_limited
from .sanitize import sanitize_page

__all__ = ["check_content", "escape_page_fields", "pages", "publishing_files", "sanitize_page"]

MAX_PAGE_BYTES = 1024 * 1024
MAX_IMAGE_BYTES = 10 * 1024 * 1024
PAGE_SUFFIXES = {".md"}
# Each image type with how its files start: a `.png` that is HTML is refused too.
IMAGE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),  # and WEBP at offset 8, checked below
    ".avif": (b"",),  # an ISO box: `ftyp` at offset 4, checked below
    ".ico": (b"\x00\x00\x01\x00",),
}
ALLOWED_SUFFIXES = PAGE_SUFFIXES | set(IMAGE_SIGNATURES)
# The files a static host or crawler reads at the site's root, published as they are: text, never
# scripts. (MkDocs leaves hidden files out by default; the plugin puts these two in.)
PUBLISHING_FILES = (
    "robots.txt",
    "CNAME",
    ".nojekyll",
    "_headers",
    "_redirects",
    "favicon.ico",
    ".well-known/security.txt",
)
MAX_HEADING = 1000
_ATX_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
# File names become URLs, titles and log lines: none of these characters belongs in one.
_UNSAFE_NAME = re.compile("[<>\"'`&\\\\\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
# Controls (but tab and line breaks), the Unicode line and paragraph separators (invisible line
# breaks that shift line numbers), and bidirectional overrides and isolates. Zero-width
# joiners stay: Persian and Arabic spelling needs them.
_TROJAN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]")


def _skipped(name: str, relative: str) -> bool:
    """What MkDocs leaves out by default (`exclude_docs`: `.*` and `/templates/`)."""
    return name.startswith(".") or relative == "templates"


def _walk(docs_dir: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every entry below docs_dir MkDocs would read, as (relative posix path, entry), in order;
    symbolic links are yielded, never entered. A stack, not recursion: no depth to exhaust."""
    stack = [""]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(docs_dir / folder if folder else docs_dir) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            continue
        below = []
        for entry in entries:
            relative = f"{folder}/{entry.name}" if folder else entry.name
            if _skipped(entry.name, relative):
                continue
            if entry.is_dir(follow_symlinks=False):
                below.append(relative)
            else:
                yield relative, entry
        stack.extend(reversed(below))


def _page_key(relative: str) -> str:
    """The URL a page gets, for comparing pages: `timeline.md`, `timeline/index.md` and
    `Timeline/README.md` are all `timeline` (compared without case: not every disk has it)."""
    stem = relative.removesuffix(".md")
    folder, name = posixpath.split(stem)
    return (folder if name in ("index", "README") else stem).casefold()


def _reserved(generated: Iterable[str]) -> tuple[set[str], set[str], set[str]]:
    """Folders, page keys and other files that generated output owns."""
    folders, keys, files = set(), set(), set()
    for path in generated:
        if "/" in path:
            folders.add(path.split("/", 1)[0].casefold())
        if path.endswith(".md"):
            keys.add(_page_key(path))
        else:
            files.add(path.casefold())
    return folders, keys, files


def _image_problem(path: Path, suffix: str) -> str | None:
    try:
        head = read_limited(path, 31)
    except OSError as error:
        return f"cannot read the file: {error.strerror}"
    if suffix == ".webp":
        good = head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    elif suffix == ".avif":
        good = head[4:8] == b"ftyp" and (b"avif" in head or b"avis" in head)
    else:
        good = head.startswith(IMAGE_SIGNATURES[suffix])
    return None if good else f"the file is not a {suffix[1:].upper()} image"


def _text_problem(path: Path, shown: str) -> Diagnostic | None:
    try:
        raw = read_limited(path, MAX_PAGE_BYTES)
    except OSError as error:
        return Diagnostic(shown, 1, 1, "error", f"cannot read the file: {error.strerror}")
    if len(raw) > MAX_PAGE_BYTES:
        return Diagnostic(shown, 1, 1, "error", f"the page is larger than {MAX_PAGE_BYTES // 1024} KiB", "split it")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Diagnostic(shown, line, 1, "error", "this is not valid UTF-8", "save the page as UTF-8")
    hidden = _TROJAN.search(text)
    if hidden is None:
        return _long_heading(text, shown)
    offset = hidden.start()
    line, column = text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
    name = unicodedata.name(hidden.group(), f"U+{ord(hidden.group()):04X}")
    return Diagnostic(
        shown,
        line,
        column,
        "error",
        f"invisible or control character {name}",
        "delete it: it shows reviewers other text than readers get",
    )


def _long_heading(text: str, shown: str) -> Diagnostic | None:
    """A heading too long to be one. Python-Markdown's table of contents and MkDocs' page title
    strip tags from a heading with a loop that copies the text once per tag: quadratic, so a
    heading of 300,000 `<b>` takes minutes. A heading is one line, or a paragraph underlined."""
    paragraph = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        underline = bool(stripped) and set(stripped) in ({"="}, {"-"})
        if (_ATX_HEADING.match(line) and len(line) > MAX_HEADING) or (underline and paragraph > MAX_HEADING):
            return Diagnostic(
                shown,
                number,
                1,
                "error",
                f"a heading longer than {MAX_HEADING:,} characters",
                "shorten it; a line of === or --- right under a paragraph makes the paragraph a heading",
            )
        paragraph = paragraph + len(line) if stripped and not underline else 0
    return None


def check_content(docs_dir: Path, theme_dirs: Iterable[str | Path], generated: Iterable[str]) -> list[Diagnostic]:
    """Every file of docs_dir that must not be published, with its path and why.

    `theme_dirs` are the folders the theme's files come from (MkDocs' `config.theme.dirs`);
    `generated` are the site paths of generated files (`people/x.md`, `timeline.md`,
    `api/facts.json`, `feed.xml`)."""
    if docs_dir.is_symlink():  # git stores links: a pull request can turn the folder into one
        return [Diagnostic(display_path(docs_dir), 1, 1, "error", "the docs folder is a symbolic link", "")]
    if not docs_dir.is_dir():
        return []
    themes = [Path(d) for d in theme_dirs]
    folders, keys, files = _reserved(generated)
    found: list[Diagnostic] = []
    for relative, entry in _walk(docs_dir):
        path = Path(entry.path)
        shown = display_path(path)

        def refuse(message: str, hint: str = "", shown: str = shown) -> None:
            found.append(Diagnostic(shown, 1, 1, "error", message, hint))

        suffix = posixpath.splitext(relative)[1].lower()
        if entry.is_symlink():
            refuse("a symbolic link", "put the file itself here; links are not followed")
        elif _UNSAFE_NAME.search(relative):
            refuse(
                "the path holds characters that HTML or a terminal would act on", "rename it: letters, digits, - and _"
            )
        elif not entry.is_file(follow_symlinks=False):
            refuse("not a regular file", "pages and images are plain files")
        elif relative.split("/", 1)[0].casefold() in folders or relative.casefold() in files:
            refuse(
                f"{relative} is where generated pages go",
                "move the file: the kind folders, api/, timeline and feed.xml are made from the facts",
            )
        elif suffix == ".md" and _page_key(relative) in keys:
            refuse(f"{relative} would replace a generated page", "rename it")
        elif any(_in_theme(theme, relative) for theme in themes):
            refuse(f"{relative} would replace the theme's file of that name", "rename it or move it")
        elif relative in PUBLISHING_FILES and suffix != ".ico":
            if entry.stat(follow_symlinks=False).st_size > MAX_PAGE_BYTES:
                refuse(f"the file is larger than {MAX_PAGE_BYTES // 1024} KiB", "")
        elif suffix == ".svg":
            refuse("SVG images are not published: an SVG file can hold scripts", "export it as PNG or WebP")
        elif suffix not in ALLOWED_SUFFIXES:
            allowed = ", ".join(sorted(ALLOWED_SUFFIXES))
            refuse(f"{suffix or 'a file without an extension'} is not published", f"pages and images only: {allowed}")
        elif suffix in PAGE_SUFFIXES:
            problem = _text_problem(path, shown)
            if problem:
                found.append(problem)
        elif entry.stat(follow_symlinks=False).st_size > MAX_IMAGE_BYTES:
            refuse(f"the image is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MiB", "make it smaller")
        elif message := _image_problem(path, suffix):
            refuse(message, f"export it again as {suffix[1:].upper()}, or name it for its format")
    return found


def publishing_files(docs_dir: Path) -> list[str]:
    """The allow-listed publishing files docs_dir has, hidden ones included, as plain files that no
    symbolic link leads to (the visible ones also pass check_content)."""
    if docs_dir.is_symlink():
        return []
    found = []
    for relative in PUBLISHING_FILES:
        parts = relative.split("/")
        paths = [docs_dir.joinpath(*parts[: i + 1]) for i in range(len(parts))]
        if not any(p.is_symlink() for p in paths) and paths[-1].is_file():
            found.append(relative)
    return found


def _in_theme(theme_dir: Path, relative: str) -> bool:
    """Whether a theme folder has a file at this path, or at the page this path becomes."""
    candidates = [relative]
    if relative.endswith(".md"):
        stem = relative.removesuffix(".md")
        folder, name = posixpath.split(stem)
        candidates.append(posixpath.join(folder, "index.html") if name in ("index", "README") else f"{stem}/index.html")
        candidates.append(f"{stem}.html")
    return any(os.path.lexists(theme_dir / candidate) for candidate in candidates)


def pages(docs_dir: Path) -> Iterator[tuple[Path, str, str]]:
    """Each Markdown page MkDocs would read: (path, relative posix path, text). What
    check_content refuses (links, devices, pages too large) is skipped here, not read."""
    if not docs_dir.is_dir() or docs_dir.is_symlink():
        return
    for relative, entry in _walk(docs_dir):
        if not relative.lower().endswith(".md") or entry.is_symlink():
            continue
        path = Path(entry.path)
        try:
            raw = read_limited(path, MAX_PAGE_BYTES)
        except OSError:
            continue
        if len(raw) <= MAX_PAGE_BYTES and stat.S_ISREG(entry.stat(follow_symlinks=False).st_mode):
            yield path, relative, raw.decode("utf-8", errors="replace")


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    return value


def escape_page_fields(page: Any, front_matter: Iterable[str] | None = None) -> None:
    """A hand-written page's front matter and title, as HTML-escaped text. MkDocs' theme templates
    don't autoescape: Material prints `title` and `description` from front matter raw (in <title>,
    the navigation of every page, an attribute), and a title MkDocs takes from the first heading
    through `striptags`, which unescapes it. So every front matter string is escaped once, and a
    title from the heading or the file name is put in front matter the same way. Call it once
    per page after rendering (the heading's title is known then) and before templates run.

    `front_matter` names the keys the page's file wrote (default: every key): what other plugins put
    in the metadata (a revision date as HTML) is theirs, and stays as they wrote it."""
    written = page.meta.get("title")
    keys = set(page.meta if front_matter is None else front_matter)
    page.meta = {key: _escaped(value) if key in keys else value for key, value in page.meta.items()}
    if not isinstance(written, str) and page.title:
        page.meta["title"] = html.escape(html.unescape(str(page.title)), quote=True)
    if "title" in page.meta:
        page.title = page.meta["title"]
