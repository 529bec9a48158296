"""A generated page as MkDocs sees it: already HTML, so Python-Markdown never reads it.

MkDocs asks a page to `read_source()` and `render()`; this one has its metadata and HTML from the
pipeline and only adds what Markdown's `toc` extension would have: heading permalinks, the table
of contents Material shows, and the ids other pages may link to (MkDocs checks those anchors).
"""

from __future__ import annotations

import html
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from . import pages as render
from .urls import resolve_source_links

# Our templates write headings on one line, as <hN id="…">text</hN>; an override that writes
# them otherwise still renders, its heading just isn't in the table of contents.
_HEADING = re.compile(r'<h([1-6]) id="([^"]+)">(.*?)</h\1>')
_ID = re.compile(r'\sid="([^"]+)"')
_TAG = re.compile(r"<[^>]+>")


def permalinks(page_html: str, symbol: str | None, title: str = "Permanent link") -> tuple[str, TableOfContents]:
    """Headings with Material's permalink (`¶`, as `toc: permalink: true` writes it) and the page's
    table of contents, nested by level as the `toc` extension nests it."""
    items: list[AnchorLink] = []
    open_: list[AnchorLink] = []

    def heading(match: re.Match) -> str:
        level, anchor, inner = int(match[1]), match[2], match[3]
        link = AnchorLink(_TAG.sub("", inner).strip(), anchor, level)
        while open_ and open_[-1].level >= level:
            open_.pop()
        (open_[-1].children if open_ else items).append(link)
        open_.append(link)
        if symbol is None:
            return match[0]
        return (
            f'<h{level} id="{anchor}">{inner}<a class="headerlink" href="#{anchor}" '
            f'title="{title}">{symbol}</a></h{level}>'
        )

    return _HEADING.sub(heading, page_html), TableOfContents(items)


def _permalink(config: MkDocsConfig) -> tuple[str | None, str]:
    """The symbol and title of heading permalinks, as the site configures Markdown's `toc` for its pages."""
    toc = (config.mdx_configs or {}).get("toc", {})
    title = html.escape(str(toc.get("permalink_title", "Permanent link")))
    permalink = toc.get("permalink")
    if not permalink or "toc" not in config.markdown_extensions:
        return None, title
    return ("¶" if permalink is True else html.escape(str(permalink))), title


class GeneratedPage(Page):
    def __init__(self, generated: render.Page, file: File, config: MkDocsConfig) -> None:
        super().__init__(None, file, config)
        self.generated = generated

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown, self.meta = "", self.generated.meta  # other plugins see a page with no Markdown

    def render(self, config: MkDocsConfig, files: Files) -> None:
        content, self.toc = permalinks(self.generated.html, *_permalink(config))

        def url_of(src_uri: str) -> str | None:  # as MkDocs finally gave it, after every plugin
            file = files.get_file_from_path(src_uri)
            return None if file is None else file.url

        self.content = resolve_source_links(content, self.url, url_of)
        self.present_anchor_ids = set(_ID.findall(self.content))
