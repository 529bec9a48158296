"""Problems found in the facts, as data, with formatters for people and programs."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place: `path:line:column: severity: message (hint)`."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class FactsError(Exception):
    """Raised at the edges (plugin, CLI) when the facts have errors."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__(format_text(diagnostics))


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    return "\n".join(str(d) for d in sorted(diagnostics))


def _github_escape(text: str, *, property: bool = False) -> str:
    # GitHub's workflow-command encoding: these characters end or split a command.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    """GitHub Actions annotations: shown on the changed lines of a pull request."""
    lines = []
    for d in sorted(diagnostics):
        message = f"{d.message} ({d.hint})" if d.hint else d.message
        lines.append(
            f"::{d.severity} file={_github_escape(d.path, property=True)},line={d.line},"
            f"col={d.column},title={_github_escape('factsheets', property=True)}::"
            f"{_github_escape(message)}"
        )
    return "\n".join(lines)


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([asdict(d) for d in sorted(diagnostics)], indent=2, ensure_ascii=False)


FORMATTERS = {"text": format_text, "github": format_github, "json": format_json}
