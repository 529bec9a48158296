"""Every URL the project writes, from one place, as MkDocs makes them.

A page's URL is MkDocs' own (`File.url`, with the site's `use_directory_urls`), so a link, a JSON-LD
`@id`, a feed entry, an export's `url` and a redirect all name the page MkDocs writes. URLs are
site-relative (`people/x/`, `people/x.html`; the home page is ``); `absolute` puts the site URL in
front (with its sub-path: `https://example.org/facts/people/x/`), and `relative` makes the link one
page writes to another, so the site works under any base URL.

Pages that other plugins move (Material's blog posts, translated copies) get their URL from MkDocs
only once those plugins ran: links to hand-written pages carry their source path
(`source_link`), and `resolve_source_links` rewrites them with the URL MkDocs finally gave.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from mkdocs.structure.files import File


@functools.lru_cache(maxsize=65536)
def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives a file: `people/x.md` → `people/x/` (or `people/x.html`),
    `index.md` → `` (MkDocs writes `./`), `feed.xml` → `feed.xml`; quoted as MkDocs quotes it."""
    url = File(src_uri, None, "", directory_urls).url
    return "" if url == "./" else url


@functools.lru_cache(maxsize=65536)
def file_path(src_uri: str, directory_urls: bool = True) -> str:
    """Where MkDocs writes a file in the site folder: `people/x.md` → `people/x/index.html`."""
    return File(src_uri, None, "", directory_urls).dest_uri


def relative(from_url: str, to_url: str) -> str:
    """The link from the page at `from_url` to `to_url` (both site-relative), fragment kept.
    String work only: posixpath.relpath was a fifth of rendering."""
    folder = from_url[: from_url.rfind("/") + 1]
    if to_url.startswith(folder):
        target = to_url[len(folder) :]
    else:  # up to the folders both share, then down
        path, hash_, fragment = to_url.partition("#")
        ups, downs = folder.split("/")[:-1], path.split("/")
        shared = 0
        while shared < len(ups) and shared < len(downs) - 1 and ups[shared] == downs[shared]:
            shared += 1
        target = "../" * (len(ups) - shared) + "/".join(downs[shared:]) + hash_ + fragment
    return target if target and not target.startswith("#") else "./" + target


def root(site_url: str) -> str:
    """The site URL as a prefix of page URLs: always ending in `/`, empty when there is none."""
    return site_url if not site_url or site_url.endswith("/") else site_url + "/"


def absolute(site_url: str, url: str, from_url: str = "") -> str:
    """`url` for a reader outside the site: under the site URL, sub-path included; without a site
    URL, relative to the page at `from_url` (where the JSON-LD or link is written)."""
    return root(site_url) + url if site_url else relative(from_url, url)


@dataclass(frozen=True)
class SiteUrls:
    """The site's URL settings, as MkDocs' configuration gives them."""

    site_url: str = ""
    directory_urls: bool = True

    def page(self, src_uri: str) -> str:
        return page_url(src_uri, self.directory_urls)

    def sheet(self, ref: str) -> str:
        """A fact sheet's URL: `people/x` → `people/x/`."""
        return page_url(f"{ref}.md", self.directory_urls)

    def file(self, src_uri: str) -> str:
        return file_path(src_uri, self.directory_urls)

    def absolute(self, url: str, from_url: str = "") -> str:
        return absolute(self.site_url, url, from_url)


# -- links to pages MkDocs may move ----------------------------------------------------------------

_SOURCE_LINK = re.compile(r'<a href="([^"]*)" data-fs-src="([^"]*)">')


def source_link(href: str, src_uri: str) -> str:
    """The opening tag of a link to a hand-written page: its URL as computed now, and its source
    path, for `resolve_source_links` to put the final URL in."""
    return f'<a href="{html.escape(href)}" data-fs-src="{html.escape(src_uri)}">'


def resolve_source_links(page_html: str, own_url: str, url_of: Callable[[str], str | None]) -> str:
    """Links to hand-written pages pointed at the URL MkDocs gave them (`url_of(src_uri)`, from its
    Files, after every plugin ran); a page MkDocs doesn't know keeps the computed URL."""

    def link(match: re.Match) -> str:
        url = url_of(html.unescape(match[2]))
        href = html.escape(relative(own_url, "" if url in (None, "./") else url)) if url is not None else match[1]
        return f'<a href="{href}">'

    return _SOURCE_LINK.sub(link, page_html)


def robots_txt(site_url: str) -> str:
    """A robots.txt that lets every crawler in and names the sitemap (which must be absolute)."""
    sitemap = f"Sitemap: {root(site_url)}sitemap.xml\n" if site_url else ""
    return f"User-agent: *\nAllow: /\n{sitemap}"
