"""The one pipeline both adapters run: load → validate → link → check content → render → publish."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .check import load, references
from .check.crossfile import check_across_files
from .check.link import FactBase, link
from .check.validate import validate
from .diagnostics import Diagnostic, errors
from .i18n import Language
from .reuse import Reuse
from .site.pages import Page, render
from .site.publish import published


@dataclass
class Build:
    diagnostics: list[Diagnostic]
    base: FactBase | None = None
    pages: list[Page] = field(default_factory=list)
    published: dict[str, str] = field(default_factory=dict)  # site path -> text: exports, feed
    jsonld: dict[str, str] = field(default_factory=dict)  # ref -> the JSON-LD of its fact sheet
    files: int = 0  # fact files found, for the summary line

    @property
    def ok(self) -> bool:
        return not errors(self.diagnostics)


@dataclass
class Pipeline:
    """Holds what survives between runs under `mkdocs serve`: files parsed, keyed by content."""

    facts_dir: Path
    content_dir: Path | None = None
    templates_dir: Path | None = None
    edit_prefix: str = "facts"
    site_name: str = "Factsheets"
    site_url: str = ""
    directory_urls: bool = True  # the page URLs links are written for: people/x/ or people/x.html
    build_date: str | None = None  # the feed's date when a file has no review date; else the newest one
    parsed: dict = field(default_factory=dict)
    today: str = ""  # checks that depend on the day count from this one; empty: the clock's
    reuse: Reuse | None = None  # pages kept between runs: `mkdocs serve` passes one
    language: str = "en"  # the site's `theme.language`: every generated word is in it

    def check(self) -> Build:
        """Everything but rendering: what `factsheets validate` runs."""
        files, diagnostics = load.fact_files(self.facts_dir)
        documents, unreadable = load.load(files, self.parsed)
        records, invalid = validate(documents, self.reuse)
        failed = {f"{kind}/{path.stem}" for path, kind in files} - {r.ref for r in records}
        partial = [d for d in documents if f"{d.kind}/{d.stem}" in failed]
        base, linked = link(records, failed, partial)
        today = self.today or date.today().isoformat()
        diagnostics = (
            diagnostics + unreadable + invalid + linked + check_across_files(records, self.facts_dir, today, self.reuse)
        )
        diagnostics.sort()
        # Fact files first, by file, then pages: a page's broken reference is most often caused by a
        # fact file's error, and the cause should be read first.
        if self.content_dir is not None and self.content_dir.is_dir():
            with Language(self.language).active():  # `[[kind/id#field]]` reads in the site's words
                mentions, problems = references.check_references(self.content_dir, base, self.facts_dir)
            base = dataclasses.replace(base, mentioned_in=mentions)
            diagnostics += sorted(problems)
        return Build(diagnostics, base, files=len(files))

    def build(self) -> Build:
        """Everything: pages, exports, feed and JSON-LD, or the diagnostics of why not."""
        result = self.check()
        if not result.ok or result.base is None:
            return result
        rendered = self.render(result.base)
        rendered.diagnostics = result.diagnostics + rendered.diagnostics
        return rendered

    def render(self, base: FactBase) -> Build:
        """A linked fact base's pages and published files, or the template errors of why not."""
        with Language(self.language).active():
            pages, problems = render(base, self.edit_prefix, self.templates_dir, self.reuse, self.directory_urls)
            if problems:
                return Build(problems, base)
            files, jsonld = published(
                base, self.site_name, self.site_url, self.build_date, self.reuse, self.directory_urls
            )
        return Build([], base, pages, files, jsonld)
