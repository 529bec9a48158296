"""Every URL the project writes comes from site/urls.py, as MkDocs makes them."""

from __future__ import annotations

from pathlib import Path

import pytest
from factsheets.check.guard import check_content, publishing_files
from factsheets.site.publish import redirect_page, redirects
from factsheets.site.urls import (
    SiteUrls,
    absolute,
    file_path,
    page_url,
    relative,
    resolve_source_links,
    robots_txt,
    source_link,
)
from mkdocs.structure.files import File


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("src_uri", ["people/jane.md", "people/index.md", "index.md", "timeline/2024-2.md", "feed.xml"])
def test_page_urls_are_the_ones_mkdocs_gives(src_uri, directory_urls):
    file = File(src_uri, "content", "site", directory_urls)
    assert page_url(src_uri, directory_urls) == ("" if file.url == "./" else file.url)
    assert file_path(src_uri, directory_urls) == file.dest_uri


@pytest.mark.parametrize(
    "here, there, link",
    [
        ("people/jane/", "people/john/", "../john/"),
        ("people/jane/", "people/jane/#roles", "./#roles"),
        ("people/jane.html", "people/john.html", "john.html"),
        ("people/jane.html", "people/jane.html#roles", "jane.html#roles"),
        ("people/jane.html", "index.html", "../index.html"),
        ("people/", "people/jane/", "jane/"),
        ("", "people/jane/", "people/jane/"),
        ("people/jane/", "", "../../"),
        ("timeline.html", "feed.xml", "feed.xml"),
        ("blog/2024/01/05/post/", "incidents/x/", "../../../../../incidents/x/"),
    ],
)
def test_relative_links(here, there, link):
    assert relative(here, there) == link


@pytest.mark.parametrize(
    "site_url, url, here, expected",
    [
        ("https://example.org/facts/", "people/jane/", "", "https://example.org/facts/people/jane/"),
        ("https://example.org/facts", "people/jane.html", "", "https://example.org/facts/people/jane.html"),
        ("", "people/jane/", "people/john/", "../jane/"),
        ("", "feed.xml", "", "feed.xml"),
    ],
)
def test_absolute_urls_keep_the_site_urls_sub_path(site_url, url, here, expected):
    assert absolute(site_url, url, here) == expected


def test_links_to_hand_written_pages_take_the_url_mkdocs_finally_gives():
    html = source_link("../../blog/posts/first/", "blog/posts/first.md") + "First</a>"
    moved = {"blog/posts/first.md": "blog/2024/01/05/first/"}
    assert resolve_source_links(html, "people/jane/", moved.get) == '<a href="../../blog/2024/01/05/first/">First</a>'
    assert resolve_source_links(html, "people/jane/", {}.get) == '<a href="../../blog/posts/first/">First</a>'
    assert resolve_source_links(source_link("../../", "index.md") + "Home</a>", "people/jane/", {"index.md": "./"}.get)


@pytest.mark.parametrize(
    "directory_urls, path, target", [(True, "people/old/index.html", "../new/"), (False, "people/old.html", "new.html")]
)
def test_redirects_sit_where_mkdocs_would_have_written_the_old_page(directory_urls, path, target):
    class Entity:
        name = "New"
        previous_ids = ["old"]

    class Record:
        kind, id, ref, entity = "people", "new", "people/new", Entity()

    class Base:
        records = {"people/new": Record()}

    pages = redirects(Base(), SiteUrls("", directory_urls))  # type: ignore[arg-type]
    assert list(pages) == [path]
    assert f'content="0; url={target}"' in pages[path]


def test_a_redirect_keeps_the_fragment():
    page = redirect_page("Jane", "../jane/")
    assert '<script>location.replace("../jane/" + location.hash)</script>' in page
    assert "</script>x" not in redirect_page("x", "</script>x")


def test_robots_txt_names_the_sitemap_under_the_site_url():
    assert (
        robots_txt("https://example.org/facts")
        == "User-agent: *\nAllow: /\nSitemap: https://example.org/facts/sitemap.xml\n"
    )
    assert "Sitemap" not in robots_txt("")


def test_publishing_files_pass_the_guard_and_nothing_else_does(tmp_path: Path):
    docs = tmp_path / "content"
    for name in ("robots.txt", "CNAME", "_headers", "_redirects", ".nojekyll", ".well-known/security.txt"):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("x\n", encoding="utf-8")
    (docs / "favicon.ico").write_bytes(b"\x00\x00\x01\x00" + b"\0" * 16)
    assert check_content(docs, [], []) == []
    assert sorted(publishing_files(docs)) == sorted(
        ["robots.txt", "CNAME", "_headers", "_redirects", ".nojekyll", ".well-known/security.txt", "favicon.ico"]
    )
    (docs / "sub").mkdir()
    (docs / "sub/robots.txt").write_text("x\n", encoding="utf-8")  # only at the root
    (docs / "run.js").write_text("x\n", encoding="utf-8")
    assert sorted(d.path.rsplit("/", 1)[-1] for d in check_content(docs, [], [])) == ["robots.txt", "run.js"]
    (docs / ".well-known/security.txt").unlink()
    (docs / ".well-known/security.txt").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "elsewhere").write_text("x\n", encoding="utf-8")
    assert ".well-known/security.txt" not in publishing_files(docs)
