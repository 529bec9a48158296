"""The content guard: what `content/` (MkDocs' docs_dir, where pull requests add hand-written pages)
may publish. One guard, called by every path: the plugin (before MkDocs reads a page),
`factsheets build --out` (before a file is copied) and `factsheets validate` (before any build),
so that each refuses the same files with the same diagnostics.

MkDocs publishes every file of the docs_dir as it is, and a file there wins over the theme's file
of the same path: `content/assets/javascripts/bundle.<hash>.min.js` would run on every page. So:

- only what the allow-list below names is published: pages (`.md`) and raster images that are the
  format their name says. SVG is refused: it is a document that can hold scripts and links. PDF,
  HTML, CSS, JS and the rest are refused: reviewers read Markdown, not every asset file.
- the publishing files a host or crawler reads at the root (`PUBLISHING_FILES`: robots.txt, CNAME,
  .nojekyll, _headers, _redirects, favicon.ico, .well-known/security.txt) are published as they are;
- no file may take the address of a theme file or of a generated one: the kind folders, `api/`,
  `timeline`, `feed.xml`, MkDocs' `sitemap.xml` and `search/` (GENERATED_NAMES), so neither
  `content/feed.xml` nor `content/feed.xml.md` (the page `feed.xml/`);
- nothing is followed: a symbolic link (MkDocs would publish `/etc/os-release` through one), a docs
  folder that is a link or lies under one, and a device or pipe are errors with their path;
- a page is UTF-8 of at most 1 MiB, holds no control or invisible character (invisible.py), no
  heading too long to be one, front matter the strict loader of fact files reads (no anchors, no
  tags, bounded size and depth), and no raw HTML or link target the sanitizer's allow-list refuses
  (sanitize.unsafe_markup): a builder without our plugin runs no sanitizer.

Hidden files and `templates/` are skipped, as MkDocs skips them (its default `exclude_docs`), and
`build --out` copies only what this walk yields. In the plugin the HTML of hand-written pages then
passes `sanitize_page` (sanitize.py) as well.
"""

from __future__ import annotations

import dataclasses
import html
import os
import posixpath
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from mkdocs.utils.meta import YAML_RE, get_data

from ..diagnostics import Diagnostic
from ..factmodel.kinds import KINDS
from . import invisible, load
from .load import display_path, read_limited
from .sanitize import sanitize_page, unsafe_markup

__all__ = [
    "check_content",
    "content_files",
    "escape_page_fields",
    "escaped_page",
    "pages",
    "publishing_files",
    "sanitize_page",
]

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
# What the site makes at its top level besides the kind folders, whoever makes it: a content file may
# take none of these addresses, as a file, a folder or a page (`feed.xml.md` is the page feed.xml/).
# A test builds a site and checks that every generated path starts with one of these.
GENERATED_NAMES: dict[str, str] = {
    "api": "the JSON and CSV exports",
    "timeline": "the timeline",
    "feed.xml": "the feed",
    "sitemap.xml": "MkDocs' sitemap",
    "sitemap.xml.gz": "MkDocs' sitemap",
    "search": "the search index",
    "pagefind": "the Pagefind search index",
    "robots.txt": "the robots.txt the plugin writes when content/ has none",
}
# Folders of the theme's own code, in Material and in Zensical (whose files may not be installed
# here): nothing of content/ goes in them, whatever its name, so no build's bundle can be replaced.
THEME_FOLDERS = ("assets/javascripts", "assets/stylesheets")
MAX_PAGE_PROBLEMS = 20  # of one kind in one page: enough to fix them, never a flood
MAX_HEADING = 1000
_ATX_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
# File names become URLs, titles and log lines: none of these characters belongs in one.
_UNSAFE_NAME = re.compile("[<>\"'`&\\\\\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
# Controls (but tab and line breaks), the Unicode line and paragraph separators (invisible line
# breaks that shift line numbers), and the default-ignorable code points: bidirectional overrides,
# zero-width and tag characters. Joiners stay where a script needs them (invisible.py).
_TROJAN = invisible.pattern("\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029")


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


def _address(relative: str) -> str:
    """The top-level name of the address a content file takes, compared without case (not every
    disk has it): `feed.xml.md` is the page feed.xml/, `People/photo.png` is in people/."""
    top, _, rest = relative.partition("/")
    return (top.removesuffix(".md") if not rest else top).casefold()


def _reserved(generated: Iterable[str]) -> dict[str, str]:
    """Top-level names generated output owns, each with what it is: GENERATED_NAMES, the kind
    folders, and the first part of every generated path given."""
    owned = {name.casefold(): what for name, what in GENERATED_NAMES.items()}
    owned.update({kind.casefold(): f"the {kind} fact sheets" for kind in KINDS})
    for path in generated:
        owned.setdefault(_address(path), path)
    return owned


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


def _position(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def _page_problems(path: Path, shown: str) -> list[Diagnostic]:
    """Everything wrong with one page's text, each at its line and column."""
    try:
        raw = read_limited(path, MAX_PAGE_BYTES)
    except OSError as error:
        return [Diagnostic(shown, 1, 1, "error", f"cannot read the file: {error.strerror}")]
    if len(raw) > MAX_PAGE_BYTES:
        return [Diagnostic(shown, 1, 1, "error", f"the page is larger than {MAX_PAGE_BYTES // 1024} KiB", "split it")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return [Diagnostic(shown, line, 1, "error", "this is not valid UTF-8", "save the page as UTF-8")]
    hidden = invisible.first_hidden(_TROJAN, text)
    if hidden is not None:  # the rest of the page may not read as it looks: this first
        return [
            Diagnostic(
                shown,
                *_position(text, hidden.start()),
                "error",
                f"invisible or control character {invisible.describe(hidden.group())}",
                "delete it: it shows reviewers other text than readers get",
            )
        ]
    found = _front_matter(text, shown)
    heading = _long_heading(text, shown)
    found += [heading] if heading else []
    return found + _unsafe_markup(text, shown)


def _front_matter(text: str, shown: str) -> list[Diagnostic]:
    """The page's YAML front matter, as MkDocs finds it, read by the strict loader of fact files:
    MkDocs' own loader expands aliases (a 475-byte "billion laughs" took gigabytes) and takes tags.
    The guard runs before MkDocs reads a page, so MkDocs only ever reads what passed here."""
    match = YAML_RE.match(text)
    if match is None:
        return []
    document, problems = load.parse(match[1].encode("utf-8"), shown)
    if document is None and not match[1].strip(" \t\n#"):
        return []
    problems = [p for p in problems if p.message != "the file is empty"]  # comments only: no settings
    if len(match[1].encode("utf-8")) > load.MAX_FILE_BYTES:  # said in a page's words
        limit = f"the front matter is larger than {load.MAX_FILE_BYTES // 1024} KiB"
        problems = [Diagnostic(shown, 1, 1, "error", limit, "page settings are a few short lines")]
    if document is not None and not isinstance(document.data, dict | None):
        problems.append(Diagnostic(shown, 2, 1, "error", "the front matter is not a set of `key: value` settings"))
    return [dataclasses.replace(p, line=p.line + 1) for p in problems]  # after the opening ---


def _unsafe_markup(text: str, shown: str) -> list[Diagnostic]:
    from .references import outside_code  # references reads pages through this module

    masked = outside_code(text)
    problems = unsafe_markup(masked)
    found = [  # a position costs a count of the lines before it: only for those shown
        Diagnostic(shown, *_position(masked, offset), "error", message, hint)
        for offset, message, hint in problems[:MAX_PAGE_PROBLEMS]
    ]
    if len(problems) > MAX_PAGE_PROBLEMS:
        more = len(problems) - MAX_PAGE_PROBLEMS
        found.append(
            Diagnostic(
                shown,
                found[-1].line,
                found[-1].column,
                "error",
                f"and {more:,} more HTML problems",
                "fix these and run again",
            )
        )
    return found


def _long_heading(text: str, shown: str) -> Diagnostic | None:
    """A heading too long to be one. Python-Markdown's table of contents and MkDocs' page title
    strip tags from a heading with a loop that copies the text once per tag: quadratic, so a
    heading of 300,000 `<b>` takes minutes. A heading is one line, or a paragraph underlined."""
    paragraph = 0
    settings = YAML_RE.match(text)  # front matter is not Markdown: its closing --- underlines nothing
    skipped = text.count("\n", 0, settings.end()) if settings else 0
    for number, line in enumerate(text.split("\n")[skipped:], start=skipped + 1):
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


def _linked_folder(docs_dir: Path, root: Path | None) -> Diagnostic | None:
    """The docs folder, or a folder between the project and it, that is a symbolic link: git stores
    links, so a pull request can turn `content` (or a folder above it) into one to a folder
    outside the repository, whose files MkDocs would publish."""
    folders = [docs_dir]
    if root is not None:
        try:
            inside = Path(os.path.abspath(docs_dir)).relative_to(os.path.abspath(root))
        except ValueError:  # a docs_dir outside the project is the maintainers' choice
            inside = None
        if inside is not None:
            folders = [Path(os.path.abspath(root)) / part for part in reversed(inside.parents[:-1])] + [docs_dir]
    for folder in folders:
        if folder.is_symlink():
            what = "the docs folder" if folder == docs_dir else f"{display_path(folder)}, a folder above the docs,"
            return Diagnostic(
                display_path(folder), 1, 1, "error", f"{what} is a symbolic link", "put the folder itself here"
            )
    return None


def check_content(
    docs_dir: Path, theme_dirs: Iterable[str | Path], generated: Iterable[str] = (), root: Path | None = None
) -> list[Diagnostic]:
    """Every file of docs_dir that must not be published, with its path and why.

    `theme_dirs` are the folders the theme's files come from (MkDocs' `config.theme.dirs`);
    `generated` are the site paths of generated files (`people/x.md`, `timeline.md`,
    `api/facts.json`, `feed.xml`), beside GENERATED_NAMES; `root` is the project's folder, whose
    folders down to docs_dir may not be links."""
    linked = _linked_folder(docs_dir, root)
    if linked is not None:
        return [linked]
    if not docs_dir.is_dir():
        return []
    themes = [Path(d) for d in theme_dirs]
    owned = _reserved(generated)
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
        elif _address(relative) in owned and relative not in PUBLISHING_FILES:
            what = owned[_address(relative)]
            refuse(
                f"{relative} would take the address of {what}, which the build makes",
                "rename or move it: the kind folders, api/, timeline, feed.xml, sitemap.xml and search/ are generated",
            )
        elif any(_in_theme(theme, relative) for theme in themes):
            refuse(f"{relative} would replace the theme's file of that name", "rename it or move it")
        elif relative.casefold().startswith(tuple(f"{folder}/" for folder in THEME_FOLDERS)):
            refuse(f"{relative} is in the theme's folder of code", "move it: assets/images/ is for images")
        elif relative in PUBLISHING_FILES and suffix != ".ico":
            if entry.stat(follow_symlinks=False).st_size > MAX_PAGE_BYTES:
                refuse(f"the file is larger than {MAX_PAGE_BYTES // 1024} KiB", "")
        elif suffix == ".svg":
            refuse("SVG images are not published: an SVG file can hold scripts", "export it as PNG or WebP")
        elif suffix not in ALLOWED_SUFFIXES:
            allowed = ", ".join(sorted(ALLOWED_SUFFIXES))
            refuse(f"{suffix or 'a file without an extension'} is not published", f"pages and images only: {allowed}")
        elif suffix in PAGE_SUFFIXES:
            found.extend(_page_problems(path, shown))
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
    """Whether a theme folder has a file at this path, at the page this path becomes (with or
    without directory URLs), or at a folder of either: a page `bundle.min.js/index.md` would
    need the theme's file as a folder."""
    candidates = [relative]
    if relative.endswith(".md"):
        stem = relative.removesuffix(".md")
        folder, name = posixpath.split(stem)
        candidates.append(posixpath.join(folder, "index.html") if name in ("index", "README") else f"{stem}/index.html")
        candidates.append(f"{stem}.html")
    folders = {str(parent) for candidate in candidates for parent in PurePosixPath(candidate).parents}
    return any(os.path.lexists(theme_dir / candidate) for candidate in candidates) or any(
        (theme_dir / folder).is_file() for folder in folders - {"."}
    )


def content_files(docs_dir: Path) -> list[tuple[str, Path]]:
    """The files of docs_dir that are published, as (relative posix path, path): what check_content
    walks, less what it refuses outright. `build --out` copies these, and only after the guard
    found nothing."""
    if not docs_dir.is_dir() or docs_dir.is_symlink():
        return []
    return [
        (relative, Path(entry.path))
        for relative, entry in _walk(docs_dir)
        if not entry.is_symlink() and entry.is_file(follow_symlinks=False)
    ]


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


_TAGS = re.compile(r"<[^<>]*>")


def _heading_title(body: str) -> str | None:
    """The text of a page's first `# ` heading, as MkDocs would take it for the title."""
    for line in body.splitlines():
        if line.startswith("# "):
            return html.unescape(_TAGS.sub("", line[2:].strip().rstrip("#").strip()))
    return None


def escaped_page(markdown: str) -> str:
    """A page as `build --out` writes it for a builder without our plugin: what escape_page_fields
    does to the page in MkDocs, done to its source. Its front matter (YAML or MultiMarkdown, read as
    MkDocs reads it, after the guard passed it) becomes YAML of HTML-escaped strings; a title the
    builder would take from a heading that holds markup or entities (it strips tags and unescapes)
    is written there escaped. A page with neither is written as it is."""
    body, meta = get_data(markdown)
    written = meta.get("title")
    heading = _heading_title(body) if not isinstance(written, str) else None
    risky = heading is not None and ("<" in heading or "&" in heading)
    if not meta and not risky:
        return markdown
    meta = _escaped(meta)
    if risky:
        meta["title"] = html.escape(str(heading), quote=True)
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{front}---\n\n{body}"


OUR_THEME = Path(__file__).parents[1] / "theme"


def site_theme_dirs(theme: Any, root: Path) -> list[Path]:
    """The folders a site's theme files come from, as the plugin sees them in `config.theme.dirs`:
    the site's custom_dir, our theme overrides, then the theme and the themes it extends. `theme` is
    mkdocs.yml's `theme` as written (a name, or a mapping with `name` and `custom_dir`); for the
    commands that read mkdocs.yml without running MkDocs."""
    from mkdocs.theme import Theme  # MkDocs' own resolution of a theme's folders

    options = theme if isinstance(theme, dict) else {"name": theme or "mkdocs"}
    custom = options.get("custom_dir")
    custom_dir = str(root / custom) if isinstance(custom, str) else None
    try:
        dirs = [Path(d) for d in Theme(name=options.get("name") or None, custom_dir=custom_dir).dirs]
    except Exception:  # an unknown theme: MkDocs itself will say so; guard what we know
        dirs = [Path(custom_dir)] if custom_dir else []
    return [*dirs[: 1 if custom_dir else 0], OUR_THEME, *dirs[1 if custom_dir else 0 :]]
