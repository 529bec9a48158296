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

import html
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
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_EDGES = "".join(map(chr, range(0x21)))  # what a browser strips from both ends: C0 controls, space
_URL_INSIDE = str.maketrans({"\t": None, "\n": None, "\r": None, "\\": "/"})


def browser_url(value: str) -> str:
    """A URL as a browser reads it (WHATWG URL): entities decoded, C0 controls and spaces at the ends
    dropped, tab, newline and carriage return inside removed, backslashes read as slashes. So
    `/&#9;/host/x.png` is `//host/x.png`, another host, and `java&#10;script:` is `javascript:`."""
    text = value
    for _ in range(2):  # an attribute's value is decoded once by the parser; `&amp;#9;` twice by nobody
        text = html.unescape(text)
    return text.strip(_URL_EDGES).translate(_URL_INSIDE)


def url_scheme(value: str) -> str | None:
    """The scheme a browser gives the URL (`javascript`), or None for a relative one."""
    match = _SCHEME.match(browser_url(value))
    return match[1].lower() if match else None


def loads_elsewhere(value: str) -> bool:
    """Whether a browser would fetch this URL from a host other than the page's own."""
    url = browser_url(value)
    return url_scheme(url) is not None or url.startswith("//")


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
    if page and tag == "img" and name == "src" and loads_elsewhere(value):
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


# -- hand-written pages read before any build ------------------------------------------------------
# `factsheets build --out` hands content/ to a builder that runs no sanitizer, and `factsheets
# validate` runs before any build: so the raw HTML and link targets of a page's Markdown are read
# here against the allow-list above, and what the sanitizer would have to remove is an error with
# its line and column, on every path. The sanitizer stays behind it in the plugin, for HTML that
# Markdown extensions and other plugins make.

# An HTML tag as Markdown passes it through: quoted values may not hold `<` here, so every attempt
# ends at the next `<` and a page is read in linear time; a tag this can't read is refused whole.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^<>\"']|\"[^\"<]*\"|'[^'<]*')*+)(>?)")
_ATTRIBUTE = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|<[^\s<>@]+@[^\s<>@]+>")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^\s<>()]*)")
_IMAGE_TARGET = re.compile(r"!\[[^\[\]\n]*\]\(\s*<?([^\s<>()]*)")
# A link reference definition, its target on the same line or the next (not a footnote [^1]:)
_DEFINITION = re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*\n?[ \t]*<?([^\s<>]+)", re.M)
# attr_list's `{: #id .class key=value }` sets attributes on what Markdown makes; each key=value pair
_ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]*)\}")
_ATTR_PAIR = re.compile(r"(?<!\S)(?:([^\s\"'=#.{}]++)=(\"[^\"]*\"|'[^']*'|[^\s}]+)|#([^\s}]+)|\.([^\s}]+))")
# pymdownx.snippets' include line: it reads a file of the build machine into the page.
_SNIPPET = re.compile(r"^[ \t]*-{2,}8<-{2,}", re.M)
_URL_ATTRIBUTES = {"href", "src", "cite"}
_LINK_SCHEMES = {"http", "https", "mailto"}
_MARKDOWN_ATTRIBUTES = {"markdown"}  # md_in_html's switch; Python-Markdown removes it


def _tag_problem(tag: str, attributes: str) -> tuple[int, str, str] | None:
    """What in one opening tag the allow-list refuses: (offset in `attributes`, message, hint)."""
    if tag not in PAGE_TAGS:
        return 0, f"the HTML tag <{tag}> is not published", "write it in Markdown; raw HTML may use text tags only"
    allowed = PAGE_ATTRIBUTES.get(tag, set()) | PAGE_ATTRIBUTES["*"] | _MARKDOWN_ATTRIBUTES
    for match in _ATTRIBUTE.finditer(attributes):
        name, quoted = match[1].lower(), match[2] or ""
        value = html.unescape(quoted[1:-1] if quoted[:1] in ("'", '"') else quoted)
        if name not in allowed or (name == "style" and tag not in ("td", "th")):
            return match.start(), f"the attribute {name} of <{tag}> is not published", "remove it"
        if name == "style" and not re.fullmatch(r"\s*text-align\s*:\s*(left|right|center)\s*;?\s*", value):
            return match.start(), f"a style on <{tag}> other than text-align", "remove it"
        allowed_values = PAGE_ATTRIBUTE_VALUES.get(tag, {}).get(name)
        if allowed_values is not None and value.strip().lower() not in allowed_values:
            return match.start(), f'<{tag} {name}="{value}"> is not published', "allowed: " + ", ".join(allowed_values)
        if name in ("id", "for", "name") and safe_id(value) != value:
            return match.start(), f"the id {value!r} belongs to the theme", "choose an id that doesn't start with __"
        if name == "class" and any(_THEME_CLASS.fullmatch(c) for c in value.split()):
            return match.start(), "a class of the theme's own interface (md-…)", "remove it; md-button is allowed"
        if name in _URL_ATTRIBUTES and (problem := _url_problem(value, image=tag == "img")):
            return match.start(), *problem
    return None


def _attr_list_problem(written: str) -> tuple[int, str, str] | None:
    """What in attr_list's braces sets an attribute the allow-list refuses (on any element)."""
    for pair in _ATTR_PAIR.finditer(written):
        key, value, ident, name = pair.groups()
        if ident is not None and safe_id(ident) != ident:
            return pair.start(), f"the id {ident!r} belongs to the theme", "choose an id that doesn't start with __"
        if name is not None and _THEME_CLASS.fullmatch(name):
            return pair.start(), "a class of the theme's own interface (md-…)", "remove it; md-button is allowed"
        if key is None:
            continue
        value = html.unescape(value[1:-1] if value[:1] in ("'", '"') else value)
        if key.lower() not in PAGE_ATTRIBUTES["*"] | {"href", "src", "width", "height", "loading", "alt"}:
            return pair.start(), f"the attribute {key} is not published", "remove it"
        if key.lower() in ("id", "for", "name") and safe_id(value) != value:
            return pair.start(), f"the id {value!r} belongs to the theme", "choose an id that doesn't start with __"
        if key.lower() in ("href", "src") and (problem := _url_problem(value, image=key.lower() == "src")):
            return (pair.start(), *problem)
    return None


def _url_problem(value: str, *, image: bool) -> tuple[str, str] | None:
    scheme = url_scheme(value)
    if image and loads_elsewhere(value):
        return "an image from another host", "put the image in the site's folder and link it by a relative path"
    if scheme is not None and scheme not in _LINK_SCHEMES:
        return f"a link with the scheme {scheme}:", "link to http, https or mailto addresses, or to pages of the site"
    return None


def unsafe_markup(markdown: str) -> list[tuple[int, str, str]]:
    """Every raw HTML tag, autolink and Markdown link target the allow-list refuses: (offset, message,
    hint). `markdown` has its code blanked out (references.outside_code): code is shown, not read."""
    found: list[tuple[int, str, str]] = []
    for autolink in _AUTOLINK.finditer(markdown):
        if problem := _url_problem(autolink.group()[1:-1], image=False):
            found.append((autolink.start(), *problem))
    for tag in _TAG.finditer(markdown):
        if tag[1] or _AUTOLINK.match(markdown, tag.start()):  # a closing tag carries nothing
            continue
        if not tag[4]:
            found.append((tag.start(), "an HTML tag that is never closed", "close it with >, or write &lt; for <"))
            continue
        if refused := _tag_problem(tag[2].lower(), tag[3]):
            offset, message, hint = refused
            found.append((tag.start(3) + offset if offset else tag.start(), message, hint))
    for attributes in _ATTR_LIST.finditer(markdown):
        if refused := _attr_list_problem(attributes[1]):
            offset, message, hint = refused
            found.append((attributes.start(1) + offset, message, hint))
    for snippet in _SNIPPET.finditer(markdown):
        message = "a snippet include (--8<--): it reads a file of the build machine into the page"
        found.append((snippet.start(), message, "copy the text in"))
    for pattern, image in ((_LINK_TARGET, False), (_IMAGE_TARGET, True), (_DEFINITION, False)):
        for target in pattern.finditer(markdown):
            if problem := _url_problem(target[1], image=image):
                found.append((target.start(1), *problem))
    return sorted(set(found))
