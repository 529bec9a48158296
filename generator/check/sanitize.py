"""The allow-list HTML passes where no escaping stands before it.

Generated pages: the wall is Jinja's autoescape in our templates (render.py), as in mkdocstrings:
a value from the facts is text. A site's override templates (`templates_dir`) may write raw HTML,
so under them generated pages pass this allow-list too: no script, no event handlers, no frames,
no comments, links to http(s) or to the site's own pages only. Page titles and the navigation are
escaped by render.py and the theme, not here: a sanitizer sees only the page body.

Hand-written pages (content/) have no first wall: their author writes Markdown and HTML. They
pass a wider allow-list, what Python-Markdown, its common extensions and Material's content
features produce (tables, highlighted code, admonitions, footnotes, tabs, task lists, buttons),
and nothing that runs, loads from another host, or dresses up as the theme.

On both, ids the theme owns are renamed: Material finds its configuration, search, drawer and
navigation toggles by ids starting with `__` (`#__config`), so a heading or element of a page
with such an id would stand in for them (DOM clobbering) and stop the site's scripts.
"""

from __future__ import annotations

import re
from functools import partial

import nh3

# What our templates and Python-Markdown produce for fact sheets, and nothing else.
TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "q", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "ul",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-describedby"},
    "a": {"href", "rel"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
}

# The pictures of pictures.py: shapes, text and links, nothing that loads or runs (no <use>, <image>,
# <foreignObject>, <animate>, <set>, no style, filter, mask or clip-path). Generated pages only.
SVG_TAGS = {"svg", "g", "title", "line", "circle", "rect", "text"}
SVG_ATTRIBUTES = {
    "svg": {"xmlns", "viewBox", "width", "height", "aria-labelledby", "font-size", "fill"},
    "g": {"aria-hidden", "stroke"},
    "line": {"x1", "y1", "x2", "y2", "stroke", "stroke-opacity"},
    "circle": {"cx", "cy", "r", "fill-opacity", "stroke", "stroke-dasharray"},
    "rect": {"x", "y", "width", "height", "rx", "fill-opacity", "stroke", "stroke-opacity", "stroke-width",
             "stroke-dasharray"},
    "text": {"x", "y", "text-anchor", "font-size", "font-weight", "fill-opacity", "stroke"},
}  # fmt: skip

# Hand-written pages: what Markdown and Material's content features need besides.
PAGE_TAGS = TAGS | {
    "b", "cite", "col", "colgroup", "dfn", "figcaption", "figure", "i", "img", "input", "ins", "kbd",
    "label", "mark", "s", "samp", "u", "var", "wbr",
}  # fmt: skip
PAGE_ATTRIBUTES = {
    **ATTRIBUTES,
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"checked", "disabled", "name"},  # task lists and content tabs, never a form (no <form>)
    "label": {"for"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "style"},  # Markdown's column alignment: text-align only
    "th": {"colspan", "rowspan", "scope", "style"},
    "col": {"span"},
    "colgroup": {"span"},
}
PAGE_ATTRIBUTE_VALUES = {"input": {"type": {"checkbox", "radio"}}}

# Ids Material owns start with `__`; these are made by Markdown extensions inside page content
# (line numbers, content tabs), and Material's scripts expect them there.
_CONTENT_IDS = ("__codelineno-", "__span-", "__tabbed_")
# Material's classes that draw its own interface (header, search, drawer, banners): a page using
# them could lay a fake one over the real. Buttons and the dialog are content features.
_THEME_CLASS = re.compile(r"md-(?!button\b|button--primary\b|dialog\b)\S*")
_ABSOLUTE = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|[\\/]{2})")


def safe_id(value: str) -> str:
    """An id of a page's element that can't stand in for the theme's: `__config` → `fs__config`."""
    return "fs" + value if value.startswith("__") and not value.startswith(_CONTENT_IDS) else value


def _filter(tag: str, name: str, value: str, *, page: bool) -> str | None:
    if name in ("id", "for", "name"):
        return safe_id(value)
    if name == "href" and value.startswith("#"):
        return "#" + safe_id(value[1:])
    if name == "class" and "md-" in value:
        return " ".join(c for c in value.split() if not _THEME_CLASS.fullmatch(c)) or None
    if page and tag == "img" and name == "src" and _ABSOLUTE.match(value):
        return None  # pages load nothing from other hosts: an image is a file of the site
    return value


_GENERATED = nh3.Cleaner(
    tags=TAGS | SVG_TAGS,
    attributes={**ATTRIBUTES, **SVG_ATTRIBUTES},
    attribute_filter=partial(_filter, page=False),
    url_schemes={"http", "https"},  # relative links to the site's own pages pass as they are
    link_rel=None,  # we set rel="noopener" ourselves where a link opens elsewhere
    strip_comments=True,
)
_PAGE = nh3.Cleaner(
    tags=PAGE_TAGS,
    clean_content_tags={"script", "style"},  # their text is code, not words to show
    attributes=PAGE_ATTRIBUTES,
    tag_attribute_values=PAGE_ATTRIBUTE_VALUES,
    attribute_filter=partial(_filter, page=True),
    url_schemes={"http", "https", "mailto"},
    filter_style_properties={"text-align"},
    link_rel=None,
    strip_comments=True,
)


def sanitize(page_html: str) -> str:
    """A generated page's body."""
    return _GENERATED.clean(page_html)


def sanitize_page(page_html: str) -> str:
    """A hand-written page's body (content/)."""
    return _PAGE.clean(page_html)
