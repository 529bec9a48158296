"""The MkDocs plugin: an adapter that runs the pipeline and hands its pages and files to MkDocs.

plugins:
  - search
  - factsheets:
      facts_dir: facts          # the YAML fact files, relative to mkdocs.yml
      templates_dir: overrides/factsheets   # optional: your versions of our *.md.j2 templates
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import tempfile
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
from .diagnostics import Diagnostic, errors
from .link import FactBase
from .pipeline import Build, Pipeline
from .sanitize import sanitize

log = logging.getLogger("mkdocs.plugins.factsheets")


class FactsheetsConfig(Config):
    facts_dir = c.Type(str, default="facts")
    """Where the fact files are, relative to mkdocs.yml."""
    templates_dir = c.Optional(c.Type(str))
    """A folder of templates that replace ours by name; `{% extends "default:sheet.md.j2" %}` reaches ours."""


class FactsheetsPlugin(BasePlugin[FactsheetsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.pipeline: Pipeline | None = None
        self.parsed: dict = {}  # files parsed, kept between rebuilds under `mkdocs serve`
        self.shown = Build([])  # what the pages show: under serve, the last good build
        self.problems: list[Diagnostic] = []  # under serve: the errors the banner lists
        self.generated: set[str] = set()
        self.site_dir: str | None = None
        self.staging: str | None = None
        self.built = False
        self.page_cache: str | None = None
        self.written: dict[str, str] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"  # defining on_startup also keeps this object between rebuilds

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Packaging (issue 16): our template overrides and CSS come with the package, so any site
        # gets them without a `custom_dir`; a site's own custom_dir still comes first.
        theme_dir = str(Path(__file__).parent / "theme")
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
        if "assets/stylesheets/factsheets.css" not in config.extra_css:
            config.extra_css.append("assets/stylesheets/factsheets.css")
        # End of packaging lines.
        # `mkdocs serve --clean` tells plugins "build", but builds into its own temporary folder.
        self.serving = self.serving or _serve_folder(config.site_dir)
        root = Path(config.config_file_path or ".").resolve().parent
        templates = self.config.templates_dir
        self.pipeline = Pipeline(
            facts_dir=root / self.config.facts_dir,
            content_dir=Path(config.docs_dir),
            templates_dir=root / templates if templates else None,
            edit_prefix=os.path.relpath(root / self.config.facts_dir, config.docs_dir).replace(os.sep, "/"),
            site_name=config.site_name,
            site_url=config.site_url or "",
            build_date=_source_date(),
            parsed=self.parsed,
        )
        if not self.serving and self.staging is None:
            # Build beside the real output and swap at the end: a failed build leaves site/ as it was.
            self.site_dir = config.site_dir
            parent = Path(self.site_dir).parent
            parent.mkdir(parents=True, exist_ok=True)
            self.staging = tempfile.mkdtemp(prefix=".site-staging-", dir=parent)
            config.site_dir = self.staging
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        assert self.pipeline is not None
        result = self.pipeline.build()
        # Under serve every problem is news for the terminal, never a warning that strict mode would
        # turn into a stalled server; the browser shows the errors in a banner.
        for diagnostic in result.diagnostics:
            (log.info if self.serving else log.error if diagnostic.severity == "error" else log.warning)(
                f"factsheets: {diagnostic}"
            )
        self.problems = errors(result.diagnostics)
        if result.ok:
            self.shown = result
        elif self.serving and not self.shown.pages:
            # Started with broken facts: the pages of an empty fact base, so that every link resolves.
            self.shown = self.pipeline.render(FactBase({}, {}))
        elif not self.serving:
            count = len(self.problems)
            raise PluginError(f"factsheets: {count} error{'s' * (count != 1)} in the facts; nothing was built")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.generated = set()
        for page in self.shown.pages:
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(
                    f"factsheets: {config.docs_dir}/{page.src_uri} is where a generated page goes; rename it"
                )
            if self.serving:  # files rewritten only when their text changes, so --dirty rebuilds just those
                file = File.generated(config, page.src_uri, abs_src_path=self._cached(page.src_uri, page.markdown))
            else:
                file = File.generated(config, page.src_uri, content=page.markdown)
            file.inclusion = InclusionLevel.NOT_IN_NAV
            if page.fact_file:
                file.edit_uri = page.fact_file  # relative to the edit URI, which points into the docs folder
            files.append(file)
            self.generated.add(page.src_uri)
        for path, content in self.shown.published.items():
            files.append(File.generated(config, path, content=content))
        return files

    def _cached(self, src_uri: str, markdown: str) -> str:
        if self.page_cache is None:
            self.page_cache = tempfile.mkdtemp(prefix="factsheets-serve-")
        path = os.path.join(self.page_cache, src_uri)
        if self.written.get(src_uri) != markdown:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            Path(path).write_text(markdown, encoding="utf-8")
            self.written[src_uri] = markdown
        return path

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        base = self.shown.base
        if page.file.src_uri in self.generated or base is None:
            return markdown
        folder = os.path.dirname(page.file.src_uri) or "."
        return references.substitute(
            markdown, base, lambda target: os.path.relpath(target, folder).replace(os.sep, "/")
        )

    @event_priority(-100)  # last, so that what other plugins add is sanitized too
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Generated pages pass the sanitizer's allow-list: a second wall behind escaping."""
        return sanitize(html) if page.file.src_uri in self.generated else html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The feed's link in every page's <head>, and JSON-LD in each fact sheet's."""
        root = config.site_url or "../" * page.url.count("/")
        head = f'<link rel="alternate" type="application/atom+xml" title="Fact sheets" href="{root}feed.xml">'
        data = self.shown.jsonld.get(page.file.src_uri.removesuffix(".md"))
        if data is not None:
            head += f'\n<script type="application/ld+json">{data}</script>'
        return output.replace("</head>", head + "\n</head>", 1)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.pipeline is not None
        server.watch(str(self.pipeline.facts_dir))
        if self.pipeline.templates_dir is not None:
            server.watch(str(self.pipeline.templates_dir))
        server.set_app(_with_banner(server.get_app(), lambda: self.problems))
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.built = True

    def on_build_error(self, *, error: Exception) -> None:
        self.built = False

    def on_shutdown(self) -> None:
        if self.page_cache is not None:
            shutil.rmtree(self.page_cache, ignore_errors=True)
        staging, self.staging = self.staging, None
        if staging is None or self.site_dir is None:
            return
        if not self.built:  # failed or interrupted (Ctrl-C): the previous site stays
            shutil.rmtree(staging, ignore_errors=True)
            return
        old = f"{staging}-old"
        if os.path.exists(self.site_dir):
            os.rename(self.site_dir, old)
        os.rename(staging, self.site_dir)
        shutil.rmtree(old, ignore_errors=True)


def _serve_folder(site_dir: str) -> bool:
    path = Path(site_dir)
    return path.parent == Path(tempfile.gettempdir()) and path.name.startswith("mkdocs_")


def _source_date() -> str | None:
    """SOURCE_DATE_EPOCH, when the caller sets it (the Makefile does): the date of reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y-%m-%d") if epoch.isdigit() else None


def banner(problems: list[Diagnostic]) -> str:
    """What the preview shows on every page while the facts have errors."""
    items = "".join(f"<li><code>{html.escape(str(d))}</code></li>" for d in problems[:50])
    more = f"<li>and {len(problems) - 50} more</li>" if len(problems) > 50 else ""
    count = f"{len(problems)} error{'s' * (len(problems) != 1)}"
    return (
        f'<div class="fs-problems admonition failure" role="alert"><p class="admonition-title">The facts have {count}: '
        f"this preview shows the last good version.</p><ul>{items}{more}</ul></div>"
    )


def _with_banner(app: Any, problems: Any) -> Any:
    """The preview server, with the banner in every HTML page it serves while the facts have errors:
    no page has to be rebuilt for it to appear or to go."""

    def serve(environ: dict, start_response: Any) -> Any:
        caught: list[Any] = []
        body = app(environ, lambda status, headers, exc_info=None: caught.append((status, headers)))
        status, headers = caught[0] if caught else ("500 Internal Server Error", [])
        current = problems()
        is_html = any(k.lower() == "content-type" and "text/html" in v for k, v in headers)
        if not current or not is_html or not status.startswith("200"):
            start_response(status, headers)
            return body
        content = b"".join(body)
        anchor = content.find(b'<article class="md-content__inner md-typeset">')
        anchor = content.find(b">", anchor) + 1 if anchor >= 0 else content.find(b">", content.find(b"<body")) + 1
        content = content[:anchor] + banner(current).encode() + content[anchor:]
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        start_response(status, [*headers, ("Content-Length", str(len(content)))])
        return [content]

    return serve
