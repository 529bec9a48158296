"""References from hand-written pages to facts: `[[people/qassem-soleimani]]`, checked and linked.

    [[kind/id]]              a link titled with the entity's name
    [[kind/id|label]]        a link with your own label
    [[kind/id#field]]        the field's current value, linked to it on the fact sheet
    [[list:most-cited]]      the most cited fact sheets;  [[list:recent]]  the newest dated ones
    [[fields:incidents]]     the field reference of a kind (or `claim`), read from the models

References inside code (backticks or fenced blocks) are left alone, so pages can show the syntax.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic
from .kinds import KINDS
from .link import FactBase, current
from .load import display_path
from .model import Claim, fact_fields, field_anchor, field_reference
from .text import date_key, md

REFERENCE = re.compile(r"\[\[(?P<target>[^\]|#\n]*)(?:#(?P<field>[^\]|\n]*))?(?:\|(?P<label>[^\]\n]*))?\]\]")
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"`[^`\n]*`")
LISTS = ("most-cited", "recent")


@dataclass(frozen=True)
class Reference:
    line: int
    column: int
    target: str
    field: str | None
    label: str | None


def find(markdown: str) -> list[Reference]:
    """Every reference in a page, outside code."""
    found = []
    fenced = False
    for number, line in enumerate(markdown.splitlines(), start=1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        masked = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
        for match in REFERENCE.finditer(masked):
            found.append(
                Reference(
                    number,
                    match.start() + 1,
                    match["target"].strip(),
                    match["field"].strip() if match["field"] is not None else None,
                    match["label"].strip() if match["label"] is not None else None,
                )
            )
    return found


def _problem(base: FactBase, ref: Reference) -> tuple[str, str] | None:
    if ref.target.startswith("list:"):
        name = ref.target[5:]
        return None if name in LISTS else (f"unknown list '{name}'", "allowed: " + ", ".join(LISTS))
    if ref.target.startswith("fields:"):
        name = ref.target[7:]
        kinds = [*KINDS, "claim"]
        return None if name in kinds else (f"no field reference for '{name}'", "allowed: " + ", ".join(kinds))
    kind, _, id_ = ref.target.partition("/")
    if kind not in KINDS or not _ID.match(id_):
        return (
            f"'{ref.target}' is not a fact reference",
            "write [[<kind>/<id>]], for example [[people/qassem-soleimani]]",
        )
    if ref.target not in base.records:
        close = difflib.get_close_matches(ref.target, list(base.records), n=1, cutoff=0.6)
        return f"unknown fact '{ref.target}'", f"did you mean `{close[0]}`?" if close else "no fact file has this id"
    if ref.field is not None:
        record = base.records[ref.target]
        fields = fact_fields(type(record.entity))
        if ref.field not in fields:
            return f"'{ref.target}' has no field '{ref.field}'", "fields: " + ", ".join(fields)
        if not current(getattr(record.entity, ref.field)):
            return f"'{ref.target}' has no current value for '{ref.field}'", ""
    return None


def page_title(markdown: str, fallback: str) -> str:
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return fallback


Mentions = dict[str, list[tuple[str, str]]]  # ref -> (page title, page) of the pages that mention it


def check(content_dir: Path, base: FactBase) -> tuple[Mentions, list[Diagnostic]]:
    """Every page's references checked, and which pages mention which facts."""
    diagnostics = []
    mentions: Mentions = {}
    for path in sorted(content_dir.rglob("*.md")):
        src_uri = path.relative_to(content_dir).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        mentioned = set()
        for ref in find(text):
            problem = _problem(base, ref)
            if problem:
                diagnostics.append(Diagnostic(display_path(path), ref.line, ref.column, "error", *problem))
            elif not ref.target.startswith(("list:", "fields:")) and ref.target not in mentioned:
                mentioned.add(ref.target)
                mentions.setdefault(ref.target, []).append((page_title(text, path.stem), src_uri))
    return mentions, diagnostics


def _value_words(base: FactBase, target: str, field: str) -> str:
    claim: Claim = current(getattr(base.records[target].entity, field))[0]
    said = claim.attribution(base.name)
    return claim.value_words(base.name) + (f", {said}" if said else "")


def _list(base: FactBase, name: str, href) -> str:
    if name == "most-cited":
        counts = {ref: 0 for ref in base.records if not ref.startswith("sources/")}
        for relations in base.incoming.values():
            for relation in relations:
                counts[relation.target] = counts.get(relation.target, 0) + 1
        for ref, attributions in base.attributed.items():
            counts[ref] = counts.get(ref, 0) + len(attributions)
        for ref, pages in base.mentioned_in.items():
            counts[ref] = counts.get(ref, 0) + len(pages)
        top = sorted(counts, key=lambda r: (-counts[r], r))[:10]
    else:
        dated = [
            (current(r.entity.date)[0].value, r.ref)
            for kind in KINDS.values()
            if kind.dated
            for r in base.by_kind.get(kind.name, [])
            if current(r.entity.date)
        ]
        top = [ref for _, ref in sorted(dated, key=lambda d: (date_key(d[0]), d[1]), reverse=True)[:10]]
    return "\n" + "\n".join(f"- [{md(base.name(ref))}]({href(ref + '.md')})" for ref in top) + "\n"


def _fields_table(kind: str) -> str:
    rows = ["| Field | Holds | Required | What it is for |", "| --- | --- | --- | --- |"]
    model = Claim if kind == "claim" else KINDS[kind].model
    for name, what, required, description in field_reference(model):
        rows.append(
            f"| `{name}` | {md(what) if '`' not in what else what} | {'yes' if required else ''} | {md(description)} |"
        )
    return "\n" + "\n".join(rows) + "\n"


def substitute(markdown: str, base: FactBase, href) -> str:
    """Replace checked references with Markdown links; `href` makes a page-relative path."""
    lines = markdown.splitlines(keepends=True)
    for ref in reversed(find(markdown)):
        line = lines[ref.line - 1]
        match = REFERENCE.match(line, ref.column - 1)
        if match is None or _problem(base, ref):
            continue
        if ref.target.startswith("list:"):
            text = _list(base, ref.target[5:], href)
        elif ref.target.startswith("fields:"):
            text = _fields_table(ref.target[7:])
        elif ref.field is not None:
            label = ref.label if ref.label is not None else md(_value_words(base, ref.target, ref.field))
            text = f"[{label}]({href(ref.target + '.md')}#{field_anchor(ref.field)})"
        else:
            label = ref.label if ref.label is not None else md(base.name(ref.target))
            text = f"[{label}]({href(ref.target + '.md')})"
        lines[ref.line - 1] = line[: match.start()] + text + line[match.end() :]
    return "".join(lines)
