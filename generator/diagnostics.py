"""Problems found in the facts, as data, with formatters for people and programs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]

# What a terminal or a log viewer would act on instead of showing: control characters (a line
# break or ESC could forge a diagnostic line or recolour the screen), bidirectional overrides and
# isolates (they reorder what follows), zero-width and other invisible characters, and the
# undecodable bytes of a file name (lone surrogates).
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]"
)


def printable(text: str) -> str:
    """Text safe to print on one line: hidden characters shown as Python escapes (\\x1b, \\u202e)."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


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
        # Paths, ids and values from a pull request reach this line: none of it can act on a terminal.
        text = f"{printable(self.path)}:{self.line}:{self.column}: {self.severity}: {printable(self.message)}"
        return f"{text} ({printable(self.hint)})" if self.hint else text


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


# The formatters keep the order they are given: the pipeline's, fact files before pages.


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    return "\n".join(str(d) for d in diagnostics)


def _github_escape(text: str, *, property: bool = False) -> str:
    # GitHub's workflow-command encoding: these characters end or split a command; the log is
    # a terminal too, so the other hidden characters are shown as escapes.
    text = printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
    if property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    """GitHub Actions annotations: shown on the changed lines of a pull request."""
    lines = []
    for d in diagnostics:
        message = f"{d.message} ({d.hint})" if d.hint else d.message
        lines.append(
            f"::{d.severity} file={_github_escape(d.path, property=True)},line={d.line},"
            f"col={d.column},title={_github_escape('factsheets', property=True)}::"
            f"{_github_escape(message)}"
        )
    return "\n".join(lines)


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    # The same data for a program; hidden characters as JSON escapes, for whoever prints it.
    text = json.dumps([asdict(d) for d in diagnostics], indent=2, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda m: m.group() if m.group() == "\n" else f"\\u{ord(m.group()):04x}", text)


FORMATTERS = {"text": format_text, "github": format_github, "json": format_json}
