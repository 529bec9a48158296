"""Text from YAML made safe for the Markdown and HTML it is placed into (words: wording.py)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

# Every ASCII punctuation mark that means something to Markdown, its extensions or HTML
# becomes a numeric character reference: the reader sees it, no parser acts on it.
_KEEP = {",", ".", "-", "/", "?", ";", ":", "'"}
_ESCAPES = {ord(c): f"&#{ord(c)};" for c in "!\"#$%&'()*+-./:;<=>?@[\\]^_`{|}~" if c not in _KEEP}
# Control characters are never text; Python-Markdown also uses \x02 and \x03 as its own markers.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What starts a block at the start of a line, once the rest is escaped: lists, definitions.
_LINE_START = re.compile(r"^(\s*)([-:]|\d+[.)])")


def md(value: Any) -> str:
    """Escape one value for Markdown inline text (and so for HTML): the Jinja finalizer."""
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    text = " ".join(CONTROL.sub("\ufffd", str(value)).split())  # a newline never starts a new block
    text = text.translate(_ESCAPES)
    return _LINE_START.sub(lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)), text)


def attribute(value: Any) -> str:
    """Escape for an HTML attribute or for a title the theme prints raw."""
    return html.escape(" ".join(str(value).split()), quote=True)


def date_key(text: str) -> str:
    """Sort key for dates of any precision: 2020 < 2020-01 < 2020-01-03."""
    return text.rstrip("~?")


def safe_slugify(inner: Callable[[str, str], str] | None = None) -> Callable[[str, str], str]:
    """The `toc` extension's slugify (or the site's own), giving no heading an id the theme owns:
    `# __config` gets `fs__config`, as the sanitizer renames it, so the table of contents and
    the page agree. Set it as `markdown_extensions: toc: slugify`."""
    from markdown.extensions.toc import slugify as markdown_slugify

    from .check.sanitize import safe_id

    slugify = inner or markdown_slugify

    def safe(value: str, separator: str) -> str:
        return safe_id(slugify(value, separator))

    return safe
