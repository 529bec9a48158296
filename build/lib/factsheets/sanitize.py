"""The second wall: the HTML of every generated page passes an allow-list after rendering.

The first wall is escaping each YAML string for the Markdown it is placed into (text.py). This
one catches whatever might slip past it, from a template override or a Markdown extension a
site enables: no script, no event handlers, no frames, no comments, links to http(s) or to the
site's own pages only. Page titles and the navigation are escaped by render.py and the theme,
not here: a sanitizer sees only the page body.
"""

from __future__ import annotations

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


def sanitize(page_html: str) -> str:
    return nh3.clean(
        page_html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https"},  # relative links to the site's own pages pass as they are
        link_rel=None,  # we set rel="noopener" ourselves where a link opens elsewhere
        strip_comments=True,
    )
