"""The MkDocs plugin: runs the pipeline and adds every generated page as a virtual file.

plugins:
  - search
  - factsheets:
      facts_dir: facts          # the YAML fact files, relative to mkdocs.yml
      templates_dir: overrides/factsheets   # optional: your versions of our *.md.j2 templates
"""

from __future__ import annotations

import gc
import html
import logging
import os
import posixpath
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import references
from .background import Renderer, RenderError
from .diagnostics import Diagnostic, errors
from .pipeline import Build, Pipeline
from .publish import exports, feed, jsonld, script_json
from .sanitize import sanitize
from .text import date_key

log = logging.getLogger("mkdocs.plugins.factsheets")


class FactsheetsConfig(Config):
    facts_dir = c.Type(str, default="facts")
    """Where the fact files are, relative to mkdocs.yml."""
    templates_dir = c.Optional(c.Type(str))
    """A folder of templates that replace ours by name; `{% extends "default:sheet.md.j2" %}` reaches ours."""


class FactsheetsPlugin(BasePlugin[FactsheetsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.pipeline: Pipeline | None = None
        self.parsed: dict = {}
        self.result: Build | None = None
        self.last_good: Build | None = None
        self.generated: set[str] = set()
        self.site_dir: str | None = None
        self.staging: str | None = None
        self.built = False
        self.problems: list[Diagnostic] = []
        self.page_cache: str | None = None  # under `mkdocs serve` only
        self.written: dict[str, str] = {}
        self.renderer: Renderer | None = None  # under `mkdocs build` only
        self.cleaning: dict[str, Future[str]] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Packaging (issue 16): our template overrides and CSS come with the package, so any site
        # gets them without a `custom_dir`; a site's own custom_dir still comes first.
        theme_dir = str(Path(__file__).parent / "theme")
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
        if "assets/stylesheets/factsheets.css" not in config.extra_css:
            config.extra_css.append("assets/stylesheets/factsheets.css")
        # End of packaging lines.
        root = Path(config.config_file_path or ".").resolve().parent
        templates = self.config.templates_dir
        self.pipeline = Pipeline(
            facts_dir=root / self.config.facts_dir,
            content_dir=Path(config.docs_dir),
            templates_dir=root / templates if templates else None,
            edit_prefix=Path(self.config.facts_dir).as_posix(),
            parsed=self.parsed,  # the plugin outlives each rebuild under `mkdocs serve`
        )
        if self.command == "build" and self.staging is None:
            # Build beside the real output and swap at the end: a failed build leaves site/ as it was.
            self.site_dir = config.site_dir
            parent = Path(self.site_dir).parent
            parent.mkdir(parents=True, exist_ok=True)
            self.staging = tempfile.mkdtemp(prefix=".site-staging-", dir=parent)
            config.site_dir = self.staging
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        assert self.pipeline is not None
        # `mkdocs build` renders pages in a second process as MkDocs asks for them; `mkdocs serve`
        # renders them all here, to rewrite only those that changed.
        result = self.pipeline.build(render_pages=self.command == "serve")
        for diagnostic in result.diagnostics:
            (log.error if diagnostic.severity == "error" else log.warning)(str(diagnostic))
        self.problems = errors(result.diagnostics)
        if result.ok:
            self.result = self.last_good = result
            _default_build_date(result)
        elif self.command == "serve" and self.last_good is not None:
            log.error("factsheets: the preview keeps the last good facts until the errors are fixed")
            self.result = self.last_good
        else:
            count = len(errors(result.diagnostics))
            raise PluginError(f"factsheets: {count} error{'s' * (count != 1)} in the facts; nothing was built")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.pipeline is not None and self.result is not None
        assert self.result.base is not None and self.result.templates is not None
        base = self.result.base
        rendered = {page.src_uri: page.markdown for page in self.result.pages}  # under serve
        if self.command != "serve":
            # What exists now lives until the build ends: frozen, the collector no longer walks it
            # through MkDocs' build, and the forked renderer shares it without copying.
            gc.freeze()
            self.renderer = Renderer(self.result.templates, base, self.result.planned, self.pipeline.templates_dir)
        edit_uri = _edit_uri(config)
        self.generated = set()
        for page in self.result.planned:
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(
                    f"factsheets: {config.docs_dir}/{page.src_uri} is a hand-written page where a "
                    "generated one goes; rename it"
                )
            if self.command == "serve":
                cached = self._cached(page.src_uri, rendered[page.src_uri])
                file = File.generated(config, page.src_uri, abs_src_path=cached, inclusion=InclusionLevel.NOT_IN_NAV)
            else:  # the renderer fills it in on_pre_page
                file = File.generated(config, page.src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
            if page.fact_file:
                file.edit_uri = edit_uri(page.fact_file)
            files.append(file)
            self.generated.add(page.src_uri)
        published = {**exports(base), "feed.xml": feed(base, config.site_name, config.site_url or "", _build_date())}
        for path, content in published.items():
            files.append(File.generated(config, path, content=content))
        return files

    def _cached(self, src_uri: str, markdown: str) -> str:
        """Under `mkdocs serve`, pages are files rewritten only when their text changes, so that
        `--dirty` rebuilds just the pages an edit touched (in-memory pages always count as changed)."""
        if self.page_cache is None:
            self.page_cache = tempfile.mkdtemp(prefix="factsheets-serve-")
        path = os.path.join(self.page_cache, src_uri)
        if self.written.get(src_uri) != markdown:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as out:
                out.write(markdown)
            self.written[src_uri] = markdown
        return path

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """JSON-LD for fact sheets, and the feed's link, in every page's <head>."""
        root = config.site_url or "../" * page.url.count("/")
        head = f'<link rel="alternate" type="application/atom+xml" title="Fact sheets" href="{root}feed.xml">'
        ref = page.file.src_uri.removesuffix(".md")
        base = self.result.base if self.result else None
        if base is not None and ref in base.records:
            data = script_json(jsonld(base, base.records[ref], root))
            head += f'\n<script type="application/ld+json">{data}</script>'
        return output.replace("</head>", head + "\n</head>", 1)

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        if self.renderer is not None and page.file.src_uri in self.generated:
            try:
                page.file.content_string = self.renderer.markdown(page.file.src_uri)
            except RenderError as error:
                log.error(str(error.problem))
                raise PluginError("factsheets: a template failed; nothing was built") from None
        return page

    @event_priority(-100)  # last, so that what other plugins add is sanitized too
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Generated pages pass the sanitizer's allow-list: a second wall behind escaping."""
        if page.file.src_uri not in self.generated:
            return html
        if self.renderer is None:
            return sanitize(html)
        self.cleaning[page.file.src_uri] = self.renderer.sanitize(html)  # collected in on_page_context
        return html

    @event_priority(100)  # first, before search indexes the page or the theme shows it
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        cleaned = self.cleaning.pop(page.file.src_uri, None)
        if cleaned is not None:
            page.content = cleaned.result()
        return context

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.problems:  # only under `mkdocs serve`: a build with errors stops before pages
            markdown = _problems_banner(self.problems) + markdown
        if page.file.src_uri in self.generated or self.result is None or self.result.base is None:
            return markdown
        here = page.file.src_uri

        def href(target: str) -> str:
            return os.path.relpath(target, os.path.dirname(here) or ".").replace(os.sep, "/")

        return references.substitute(markdown, self.result.base, href)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.pipeline is not None
        server.watch(str(self.pipeline.facts_dir))
        if self.pipeline.templates_dir is not None:
            server.watch(str(self.pipeline.templates_dir))
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.built = True
        self._stop_renderer()

    def on_build_error(self, *, error: Exception) -> None:
        self.built = False
        self._stop_renderer()

    def _stop_renderer(self) -> None:
        if self.renderer is not None:
            self.renderer.close()
        self.renderer, self.cleaning = None, {}

    def on_shutdown(self) -> None:
        self._stop_renderer()
        if self.page_cache is not None:
            shutil.rmtree(self.page_cache, ignore_errors=True)
        if self.staging is None or self.site_dir is None:
            return
        staging, self.staging = self.staging, None
        if not self.built:
            shutil.rmtree(staging, ignore_errors=True)
            return
        old = f"{staging}-old"
        if os.path.exists(self.site_dir):
            os.rename(self.site_dir, old)
        os.rename(staging, self.site_dir)
        shutil.rmtree(old, ignore_errors=True)


def _problems_banner(problems: list[Diagnostic]) -> str:
    """What the preview shows on every page while the facts have errors."""
    items = "".join(f"<li><code>{html.escape(str(d))}</code></li>" for d in problems[:20])
    more = f"<li>and {len(problems) - 20} more</li>" if len(problems) > 20 else ""
    return (
        f'<div class="fs-problems" role="alert"><p><strong>The facts have {len(problems)} '
        f"error{'s' * (len(problems) != 1)}: this preview shows the last good version.</strong></p>"
        f"<ul>{items}{more}</ul></div>\n\n"
    )


def _build_date() -> str:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%d")


def _default_build_date(result: Build) -> None:
    """Reproducible builds: unless SOURCE_DATE_EPOCH is set, the dates MkDocs writes (sitemap,
    gzip headers) are the newest review date of the facts, not the clock."""
    if "SOURCE_DATE_EPOCH" in os.environ or result.base is None:
        return
    reviewed = [r.entity.reviewed for r in result.base.records.values() if r.entity.reviewed]
    newest = max((date_key(d) for d in reviewed), default=None)
    if newest:
        year, month, day = (newest.split("-") + ["01", "01"])[:3]
        moment = datetime(int(year), int(month), int(day), tzinfo=UTC)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))


def _edit_uri(config: MkDocsConfig) -> Callable[[str], str]:
    """A fact file's path relative to the edit URI, which points into the docs folder."""
    docs = Path(config.docs_dir).resolve()
    root = Path(config.config_file_path or ".").resolve().parent
    up = os.path.relpath(root, docs).replace(os.sep, "/")
    return lambda fact_file: posixpath.normpath(f"{up}/{fact_file}")
