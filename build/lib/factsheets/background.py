"""`mkdocs build` on two cores: pages are rendered, and their HTML sanitized, in a second process
while MkDocs converts Markdown in the first.

MkDocs asks for the pages one at a time and spends far longer on each (Python-Markdown, search,
theme) than we take to render it, so the second process stays ahead and our rendering drops out of
the build's wall time. The worker is forked once the fact base is built: it shares the base and the
compiled templates without copying them. Without `fork` (Windows), with other threads running, or
without a second core, the same work runs in a thread of this process, in the same order.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import jinja2

from .diagnostics import Diagnostic
from .link import FactBase
from .render import Planned, render_page, template_problem
from .sanitize import sanitize

_templates: jinja2.Environment | None = None
_base: FactBase | None = None
_override_dir: Path | None = None


def _start(env: jinja2.Environment, base: FactBase, override_dir: Path | None) -> None:
    global _templates, _base, _override_dir
    _templates, _base, _override_dir = env, base, override_dir


def _render(planned: Planned) -> str | Diagnostic:
    assert _templates is not None and _base is not None
    try:
        return render_page(_templates, _base, planned).markdown
    except jinja2.TemplateError as error:  # a site's template override failing on this page's data
        return template_problem(error, _override_dir)


class RenderError(Exception):
    def __init__(self, problem: Diagnostic):
        self.problem = problem
        super().__init__(str(problem))


class Renderer:
    """Pages rendered ahead of MkDocs in the order planned; any page can be asked for at any time."""

    def __init__(
        self, env: jinja2.Environment, base: FactBase, planned: list[Planned], override_dir: Path | None = None
    ):
        self.pool: Executor
        state = (env, base, override_dir)
        # fork() is safe only while this process has no other thread (a plugin's pool, say).
        forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
        if forkable and (os.cpu_count() or 1) > 1:
            context = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(1, mp_context=context, initializer=_start, initargs=state)
        else:
            self.pool = ThreadPoolExecutor(1, initializer=_start, initargs=state)
        # Pages travel in chunks of 16, so that the round trips cost little beside the rendering.
        self.coming: Iterator[tuple[Planned, str | Diagnostic]] = zip(
            planned, self.pool.map(_render, planned, chunksize=16), strict=True
        )
        self.ready: dict[str, str | Diagnostic] = {}

    def markdown(self, src_uri: str) -> str:
        while src_uri not in self.ready:
            planned, outcome = next(self.coming)
            self.ready[planned.src_uri] = outcome
        outcome = self.ready.pop(src_uri)
        if isinstance(outcome, Diagnostic):
            raise RenderError(outcome)
        return outcome

    def sanitize(self, page_html: str) -> Future[str]:
        return self.pool.submit(sanitize, page_html)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
