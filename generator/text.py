"""Text from YAML made safe for the Markdown and HTML it is placed into, and read aloud nicely."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

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


def date_words(text: str) -> str:
    """2024-01-03 → 3 January 2024; 2022-08 → August 2022; 2017~ → about 2017."""
    core, mark = text.rstrip("~?"), text[len(text.rstrip("~?")) :]
    parts = core.split("-")
    words = parts[0]
    if len(parts) >= 2:
        words = f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 3:
        words = f"{int(parts[2])} {words}"
    if mark == "~":
        words = f"about {words}"
    elif mark == "?":
        words = f"{words} (uncertain)"
    return words


def figure_words(value: Any) -> str:
    """95 → 95; {at_least: 17} → at least 17; {at_most: 211} → up to 211; {approx: 700} → about 700."""
    if isinstance(value, int):
        return f"{value:,}"
    if value.approx is not None:
        return f"about {value.approx:,}"
    if value.at_least is not None and value.at_most is not None:
        return f"{value.at_least:,} to {value.at_most:,}"
    if value.at_least is not None:
        return f"at least {value.at_least:,}"
    return f"up to {value.at_most:,}"


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
