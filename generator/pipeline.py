"""The one pipeline both adapters run: load → validate → link → (check content) → render."""

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
from .load import display_path
from .render import Page, render
from .validate import validate


@contextmanager
def _collector_paused() -> Iterator[None]:
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
    pages: list[Page] = field(default_factory=list)

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
        with _collector_paused():
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

    def build(self) -> Build:
        with _collector_paused():
            return self._build()

    def _build(self) -> Build:
        result = self._check()
        if result.ok and result.base is not None:
            try:
                result.pages = render(result.base, self.edit_prefix, self.templates_dir)
            except jinja2.TemplateError as error:  # a site's template override, reported like a fact
                where = getattr(error, "filename", None) or str(self.templates_dir or "templates")
                line = getattr(error, "lineno", None) or 1
                result.diagnostics.append(
                    Diagnostic(
                        display_path(Path(where)), line, 1, "error", f"template error: {error.message or error!r}"
                    )
                )
        return result
