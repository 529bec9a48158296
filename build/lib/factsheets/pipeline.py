"""The one pipeline both adapters run: load → validate → link → (check content) → plan → render."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import load, references
from .diagnostics import Diagnostic, errors
from .link import FactBase, link
from .render import Page, Planned, plan, render_page, template_problem, templates
from .validate import validate


@contextmanager
def collector_paused() -> Iterator[None]:
    """The fact base is built once and kept: the cycle collector would only walk it again and
    again as it grows (a tenth to a fifth of loading time, measured)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class Build:
    diagnostics: list[Diagnostic]
    base: FactBase | None = None
    planned: list[Planned] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    templates: jinja2.Environment | None = None

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
    parsed: dict = field(default_factory=dict)

    def check(self) -> Build:
        """Everything but rendering: what `factsheets validate` runs."""
        with collector_paused():
            return self._check()

    def _check(self) -> Build:
        files, diagnostics = load.fact_files(self.facts_dir)
        documents, unreadable = load.load(files, self.parsed)
        records, invalid = validate(documents)
        present = {f"{kind}/{path.stem}" for path, kind in files}
        base, linked = link(records, present - {r.ref for r in records})
        diagnostics = diagnostics + unreadable + invalid + linked
        if self.content_dir is not None and self.content_dir.is_dir():
            diagnostics += references.check(self.content_dir, base)
        return Build(sorted(diagnostics), base)

    def build(self, render_pages: bool = True) -> Build:
        """Everything, and the pages too unless `render_pages` is false: `mkdocs build` renders them
        on the second core as MkDocs asks for them (background.py)."""
        with collector_paused():
            return self._build(render_pages)

    def _build(self, render_pages: bool) -> Build:
        result = self._check()
        if result.ok and result.base is not None:
            try:
                result.templates = templates(self.templates_dir)
                result.planned = plan(result.base, self.edit_prefix)
                if render_pages:
                    result.pages = [render_page(result.templates, result.base, p) for p in result.planned]
            except jinja2.TemplateError as error:  # a site's template override, reported like a fact
                result.diagnostics.append(template_problem(error, self.templates_dir))
        return result
