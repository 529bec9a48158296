"""The MkDocs plugin: an adapter that runs the pipeline and hands its pages and files to MkDocs.

plugins:
  - search
  - factsheets:
      facts_dir: facts          # the YAML fact files, relative to mkdocs.yml
      templates_dir: overrides/factsheets   # optional: your versions of our *.html.j2 templates
      add_to_nav: true          # optional: each kind's index and the timeline in the navigation
"""

from __future__ import annotations

import html
import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from ..check import references
from ..check.guard import check_content, content_files, escape_page_fields, publishing_files
from ..check.link import FactBase
from ..check.load import display_path
from ..check.prose import doubled_phrases
from ..check.sanitize import sanitize, sanitize_page
from ..diagnostics import Diagnostic, errors
from ..factmodel.kinds import KINDS
from ..i18n import ENGLISH, N_, Language
from ..pipeline import Build, Pipeline
from ..site import search
from ..site.htmlpage import GeneratedPage
from ..site.lastmod import page_dates
from ..site.pages import Reuse
from ..site.scrolling import scrollable_tables
from ..site.urls import relative, robots_txt
from ..text import attribute, safe_slugify
from .navonce import NavOnce
from .preview import KeptBytecode, PageFiles, serve_folder, source_date, with_banner

log = logging.getLogger("mkdocs.plugins.factsheets")


class FactsheetsConfig(Config):
    facts_dir = c.Type(str, default="facts")
    """Where the fact files are, relative to mkdocs.yml."""
    templates_dir = c.Optional(c.Type(str))
    """A folder of templates that replace ours by name; `{% extends "default:sheet.html.j2" %}` reaches ours."""
    add_to_nav = c.Type(bool, default=False)
    """Put the index page of each kind and the timeline in the navigation: appended to a `nav:` that
    doesn't list them, or, with no `nav:`, in the one MkDocs makes. Fact sheets never are (a nav
    of every page makes the build quadratic)."""
    search = c.Type(bool, default=True)
    """Pagefind's search box and index (MkDocs' own `search` plugin is then not needed)."""


def site_language(theme: Any) -> str:
    """The site's language as the theme has it: Material's `language`, MkDocs' own themes' `locale`."""
    language = theme.get("language") or theme.get("locale") or "en"
    return str(language)


class FactsheetsPlugin(BasePlugin[FactsheetsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.pipeline: Pipeline | None = None
        self.parsed: dict = {}  # files parsed, kept between rebuilds under `mkdocs serve`
        self.reuse = Reuse()  # and the pages rendered
        self.shown = Build([])  # what the pages show: under serve, the last good build
        self.problems: list[Diagnostic] = []  # under serve: the errors the banner lists
        self.generated: set[str] = set()
        self.page_files = PageFiles()  # under serve
        self.language = ENGLISH  # the site's: theme.language
        self.lastmod: dict[str, str] = {}  # src_uri -> the date of its last change, for sitemap.xml
        self.aside: list[File] = []
        self.robots = False  # whether we wrote robots.txt
        self.indexer = search.Background()  # under serve
        self.bytecode = KeptBytecode()  # under serve: the theme's templates, compiled once

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"  # defining on_startup also keeps this object between rebuilds

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Our theme overrides and CSS come with the package: any site gets them without a custom_dir
        # of ours, and a site's own custom_dir still comes first.
        theme_dir = str(Path(__file__).parents[1] / "theme")
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
        if "assets/stylesheets/factsheets.css" not in config.extra_css:
            config.extra_css.append("assets/stylesheets/factsheets.css")
        if "assets/javascripts/tables.js" not in config.extra_javascript:  # index pages: sort and filter
            config.extra_javascript.append("assets/javascripts/tables.js")
        self.serving = self.serving or serve_folder(config.site_dir)
        root = Path(config.config_file_path or ".").resolve().parent
        templates = self.config.templates_dir
        language = site_language(config.theme)
        if self.pipeline is not None and self.pipeline.language != language:
            self.reuse = Reuse()  # under serve, a new language: every kept page is in the old one
        self.pipeline = Pipeline(
            facts_dir=root / self.config.facts_dir,
            content_dir=Path(config.docs_dir),
            templates_dir=root / templates if templates else None,
            edit_prefix=os.path.relpath(root / self.config.facts_dir, config.docs_dir).replace(os.sep, "/"),
            site_name=config.site_name,
            site_url=config.site_url or "",
            directory_urls=config.use_directory_urls,
            build_date=source_date(),
            parsed=self.parsed,
            reuse=self.reuse if self.serving else None,
            language=language,
        )
        self.language = Language(self.pipeline.language)
        if self.config.add_to_nav and config.nav is not None:
            self._add_to_nav(config)
        if "toc" in config.markdown_extensions:  # no heading id can stand in for the theme's (#__config)
            toc = config.mdx_configs.setdefault("toc", {})
            toc["slugify"] = safe_slugify(toc.get("slugify"))
        return config

    def _add_to_nav(self, config: MkDocsConfig) -> None:
        """The sections' index pages, after what the site's own `nav:` lists."""
        listed: set[str] = set()

        def walk(item: Any) -> None:
            if isinstance(item, str):
                listed.add(item)
            elif isinstance(item, dict):
                for value in item.values():
                    walk(value)
            elif isinstance(item, list):
                for value in item:
                    walk(value)

        nav = config.nav or []
        walk(nav)
        nav += [{title: src_uri} for title, src_uri in section_pages(self.language) if src_uri not in listed]
        config.nav = nav

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        assert self.pipeline is not None
        # As every plugin left them: Material's offline plugin turns directory URLs off in its on_config.
        self.pipeline.directory_urls = config.use_directory_urls
        self.pipeline.site_url = config.site_url or ""
        result = self.pipeline.build()
        # Under serve every problem is news for the terminal, never a warning that strict mode would
        # turn into a stalled server; the browser shows the errors in a banner.
        for diagnostic in result.diagnostics:
            (log.info if self.serving else log.error if diagnostic.severity == "error" else log.warning)(
                f"factsheets: {diagnostic}"
            )
        # The content guard in the same run, so that every problem of facts and pages is said at once,
        # and before MkDocs reads a page (its front matter too); under serve as well.
        root = Path(config.config_file_path or ".").resolve().parent
        made = result if result.ok else self.shown
        generated = {page.src_uri for page in made.pages} | set(made.published)
        _refuse(check_content(Path(config.docs_dir), config.theme.dirs, generated, root))
        self.problems = errors(result.diagnostics)
        if result.ok:
            self.shown = result
            return
        if not self.serving:
            count = len(self.problems)
            raise PluginError(f"factsheets: {count} error{'s' * (count != 1)} in the facts; nothing was built")
        if not self.shown.pages:  # the preview started with broken facts: the pages of an empty base
            self.shown = self.pipeline.render(FactBase({}, {}))
        # Links into the facts may dangle while they are broken: the banner says why, and a strict
        # preview must not stop over it.
        for option in ("not_found", "absolute_links", "unrecognized_links", "anchors"):
            setattr(config.validation.links, option, logging.INFO)

    @event_priority(50)  # early: a plugin listed before us (mkdocs-redirects) sees the fact sheets too
    def _add_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # The guard read what MkDocs publishes by default; a site's own `exclude_docs` may publish more
        # (hidden files, templates/): any such file is refused, never published unread.
        guarded = {relative for relative, _ in content_files(Path(config.docs_dir))}
        guarded |= set(publishing_files(Path(config.docs_dir)))
        unread = [
            Diagnostic(
                display_path(Path(file.abs_src_path or file.src_uri)),
                1,
                1,
                "error",
                "a hidden file MkDocs would publish",
                "remove it, or leave hidden files and templates/ out with exclude_docs",
            )
            for file in files
            if file.generated_by is None
            and file.inclusion.is_included()
            and file.src_uri not in guarded
            and Path(file.abs_src_path or "").is_relative_to(config.docs_dir)  # not the theme's
        ]
        _refuse(unread)
        self.generated = set()
        in_nav = {src_uri for _, src_uri in section_pages()} if self.config.add_to_nav and config.nav is None else set()
        for page in self.shown.pages:
            if files.get_file_from_path(page.src_uri) is not None:  # another plugin's file: not content/
                raise PluginError(f"factsheets: {page.src_uri} is where a generated page goes; rename it")
            file = self.page_files.file(config, page.src_uri, page.html, self.serving)
            file.inclusion = InclusionLevel.INCLUDED if page.src_uri in in_nav else InclusionLevel.NOT_IN_NAV
            if page.fact_file:
                file.edit_uri = page.fact_file  # relative to the edit URI, which points into the docs folder
                if not self.serving:  # made from that file: git-revision-date and the like date it by the YAML
                    file.abs_src_path = os.path.normpath(os.path.join(config.docs_dir, page.fact_file))
                    file.generated_by = None
            GeneratedPage(page, file, config)  # HTML already: MkDocs takes it as the page (file.page)
            files.append(file)
            self.generated.add(page.src_uri)
        for path, content in self.shown.published.items():
            files.append(self.page_files.file(config, path, content, self.serving))
        for path in publishing_files(Path(config.docs_dir)):  # hidden ones too, which MkDocs leaves out
            found = files.get_file_from_path(path)
            if found is None:
                found = File(path, config.docs_dir, config.site_dir, config.use_directory_urls)
                files.append(found)
            found.inclusion = InclusionLevel.INCLUDED
        self.robots = files.get_file_from_path("robots.txt") is None
        if self.robots:
            files.append(File.generated(config, "robots.txt", content=robots_txt(config.site_url or "")))
        if not self.serving and self.shown.base is not None and self.pipeline is not None:
            hand_written = {
                f.src_uri: Path(f.abs_src_path)
                for f in files.documentation_pages()
                if f.abs_src_path and f.src_uri not in self.generated
            }
            folders = [self.pipeline.facts_dir, Path(config.docs_dir)]
            self.lastmod = page_dates(self.shown.base, self.generated, hand_written, folders)
        return files

    # mkdocs-static-i18n (on_files at -100) rebuilds the list of files from the docs folder and fails on
    # any other file: ours step out of its way and come back right after it.
    @event_priority(-99)
    def _step_aside(self, files: Files, *, config: MkDocsConfig) -> Files:
        ours = self.generated | set(self.shown.published) | ({"robots.txt"} if self.robots else set())
        self.aside = [f for f in files if f.src_uri in ours]
        for file in self.aside:
            files.remove(file)
        return files

    @event_priority(-101)
    def _come_back(self, files: Files, *, config: MkDocsConfig) -> Files:
        for file in self.aside:
            if files.get_file_from_path(file.src_uri) is None:
                files.append(file)
        self.aside = []
        return files

    on_files = CombinedEvent(_add_files, _step_aside, _come_back)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        base = self.shown.base
        if page.file.src_uri in self.generated or base is None:
            return markdown
        folder = os.path.dirname(page.file.src_uri) or "."
        with self.language.active():  # `[[kind/id#field]]` in the site's words
            return references.substitute(
                markdown, base, lambda target: os.path.relpath(target, folder).replace(os.sep, "/")
            )

    @event_priority(-100)  # last, so that what other plugins add is sanitized too
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Generated pages are autoescaped by our templates: that is the wall. A site's own templates may
        write raw HTML, so with `templates_dir` they also pass the sanitizer's allow-list. (On every page
        it cost about 6 % of a build: 0.58 s of 10.4 s at 1,000 entities.)"""
        if page.file.src_uri in self.generated:
            html = sanitize(html) if self.config.templates_dir else html
        else:
            # Its title and front matter, which the theme prints raw; not what other plugins added.
            escape_page_fields(page, get_data(page.file.content_string)[1])
            html = sanitize_page(html)  # hand-written: no first wall, so the wider allow-list
        self._check_prose(page, html)
        return scrollable_tables(html)

    def _check_prose(self, page: Page, html: str) -> None:
        """A word group said twice in a row ("U.S. personnel U.S. personnel"), usually prose repeating
        what a reference to a fact already says: a warning, so a strict build fails."""
        source = page.markdown or "" if page.file.src_uri not in self.generated else ""
        for doubled in doubled_phrases(html):
            line = next((n for n, text in enumerate(source.splitlines(), 1) if doubled.phrase in text), 1)
            (log.info if self.serving else log.warning)(
                f"factsheets: {page.file.src_uri}:{line}: the words {doubled} are doubled on the built page"
            )

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Each page's date for sitemap.xml's <lastmod>: every page is read by now, none written yet.
        And the theme's navigation rendered once per folder for the pages it doesn't list; under serve,
        the theme's templates compiled once for every rebuild."""
        NavOnce().install(env)
        if self.serving:
            self.bytecode.serve(env)
        for file in files.documentation_pages():
            if file.page is not None and file.src_uri in self.lastmod:
                file.page.update_date = self.lastmod[file.src_uri]
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The feed's link in every page's <head>, and JSON-LD in each fact sheet's. The link is relative:
        Material fetches a sitemap beside each alternate link, and the reader's page must load nothing
        from another host, even a site_url not yet deployed."""
        feed = html.escape(relative(page.url, "feed.xml"))
        title = attribute(self.language.gettext(N_("Fact sheets")))
        head = f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{feed}">'
        data = self.shown.jsonld.get(page.file.src_uri.removesuffix(".md"))
        if data is not None:
            head += f'\n<script type="application/ld+json">{data}</script>'
        return output.replace("</head>", head + "\n</head>", 1)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.pipeline is not None
        server.watch(str(self.pipeline.facts_dir))
        if self.pipeline.templates_dir is not None:
            server.watch(str(self.pipeline.templates_dir))
        server.set_app(with_banner(server.get_app(), lambda: self.problems))
        return server

    @event_priority(-100)  # last: the index reads every page as the reader gets it
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        deferred = os.environ.get(search.DEFER_INDEX)
        if self.config.search and self.serving:
            self.indexer.index(config.site_dir)
        elif self.config.search and deferred:  # `factsheets site` indexes once MkDocs has ended
            Path(deferred).write_text(config.site_dir, encoding="utf-8")
        elif self.config.search:
            search.index(config.site_dir)

    def on_shutdown(self) -> None:
        self.page_files.close()


def section_pages(language: Language = ENGLISH) -> list[tuple[str, str]]:
    """The generated pages a reader starts from: each kind's index, then the timeline; titled in
    the site's language, as the pages are."""
    pages = [*((kind.title, f"{kind.name}/index.md") for kind in KINDS.values()), (N_("Timeline"), "timeline.md")]
    return [(language.gettext(title), src_uri) for title, src_uri in pages]


def _refuse(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        log.error(f"factsheets: {diagnostic}")
    if diagnostics:
        count = len(diagnostics)
        raise PluginError(f"factsheets: {count} problem{'s' * (count != 1)} in the docs folder; nothing was built")
