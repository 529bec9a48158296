"""`factsheets diff`: what a change does to the facts, not to the YAML: entities added, removed and
renamed, and per entity the claims that changed, with old and new value, sources and status."""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, errors
from .kinds import KINDS
from .link import FactBase
from .model import Claim, claim_fields, field_label, relation
from .pipeline import Pipeline


class DiffError(Exception):
    """A revision or folder that cannot be read, or facts that do not validate."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None):
        super().__init__(message)
        self.diagnostics = diagnostics or []


@dataclass
class Change:
    field: str
    change: str  # added, removed, changed
    old: str | None = None
    new: str | None = None


@dataclass
class EntityChanges:
    ref: str
    name: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class FactDiff:
    added: list[dict[str, str]] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    renamed: list[dict[str, str]] = field(default_factory=list)
    changed: list[EntityChanges] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.changed)


def claim_words(kind: str, name: str, claim: Claim) -> str:
    """A claim in one line: its words, and the sources it cites."""
    return f"{claim.words()} (source {', '.join(claim.source_ids())})"


def _fields(record: Any) -> dict[str, list[str]]:
    """Every field of an entity as lines of text, claims and plain fields alike."""
    entity = record.entity
    lines: dict[str, list[str]] = {}
    for name, value in entity:
        if name in claim_fields(type(entity)):
            lines[name] = [claim_words(record.kind, name, c) for c in value]
        elif name != "id" and value not in (None, [], ""):
            lines[name] = [", ".join(value)] if isinstance(value, list) else [str(value)]
    return lines


def _compare(old: dict[str, list[str]], new: dict[str, list[str]]) -> list[Change]:
    changes = []
    for name in dict.fromkeys([*old, *new]):
        before, after = old.get(name, []), new.get(name, [])
        if before == after:
            continue
        gone = [line for line in before if line not in after]
        came = [line for line in after if line not in before]
        if len(gone) == 1 and len(came) == 1:
            changes.append(Change(name, "changed", gone[0], came[0]))
            continue
        changes += [Change(name, "removed", old=line) for line in gone]
        changes += [Change(name, "added", new=line) for line in came]
    return changes


def diff_bases(old: FactBase, new: FactBase) -> FactDiff:
    result = FactDiff()
    gone = {ref: old.records[ref] for ref in old.records if ref not in new.records}
    came = {ref: new.records[ref] for ref in new.records if ref not in old.records}
    # A file whose facts stayed the same under another id was renamed.
    for ref, record in list(gone.items()):
        twin = next(
            (r for r, other in came.items() if other.kind == record.kind and _fields(other) == _fields(record)), None
        )
        if twin:
            result.renamed.append({"from": ref, "to": twin, "name": came[twin].entity.name})
            del gone[ref], came[twin]
    result.removed = [{"ref": ref, "name": r.entity.name} for ref, r in sorted(gone.items())]
    result.added = [{"ref": ref, "name": r.entity.name} for ref, r in sorted(came.items())]
    for ref in sorted(set(old.records) & set(new.records)):
        changes = _compare(_fields(old.records[ref]), _fields(new.records[ref]))
        if changes:
            result.changed.append(EntityChanges(ref, new.records[ref].entity.name, changes))
    return result


def load_side(spec: str, repo: Path, facts_path: str) -> tuple[FactBase, tempfile.TemporaryDirectory | None]:
    """A folder of fact files, or a git revision whose facts are read into a temporary folder."""
    folder = Path(spec)
    holder = None
    if not folder.is_dir():
        holder = tempfile.TemporaryDirectory(prefix="factsheets-diff-")
        archive = subprocess.run(
            ["git", "archive", "--format=tar", spec, "--", facts_path], cwd=repo, capture_output=True
        )
        if archive.returncode != 0:
            holder.cleanup()
            raise DiffError(
                f"cannot read '{facts_path}' at revision '{spec}': {archive.stderr.decode(errors='replace').strip()}"
            )
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(holder.name, filter="data")
        folder = Path(holder.name) / facts_path
    result = Pipeline(folder).check()
    if errors(result.diagnostics) or result.base is None:
        if holder:
            holder.cleanup()
        raise DiffError(f"the facts at '{spec}' do not validate", errors(result.diagnostics))
    return result.base, holder


def fact_diff(old_spec: str, new_spec: str, repo: Path = Path("."), facts_path: str = "facts") -> FactDiff:
    old, old_holder = load_side(old_spec, repo, facts_path)
    try:
        new, new_holder = load_side(new_spec, repo, facts_path)
    finally:
        if old_holder:
            old_holder.cleanup()
    if new_holder:
        new_holder.cleanup()
    return diff_bases(old, new)


def _code(text: str) -> str:
    return "`" + text.replace("`", "'") + "`"


def _plain(text: str | None) -> str:
    # Fact text in a PR comment is shown, never interpreted: no HTML, no mentions, no links.
    return (text or "").replace("<", "&lt;").replace(">", "&gt;").replace("@", "@\u200b").replace("[", "\\[")


def to_markdown(diff: FactDiff) -> str:
    if diff.empty:
        return "## Fact changes\n\nNo facts changed.\n"
    counts = [
        f"{len(diff.added)} added",
        f"{len(diff.removed)} removed",
        f"{len(diff.renamed)} renamed",
        f"{len(diff.changed)} changed",
    ]
    lines = ["## Fact changes", "", "**" + ", ".join(counts) + "**", ""]
    for title, items in (("Added", diff.added), ("Removed", diff.removed)):
        if items:
            lines += [f"### {title}", ""] + [f"- {_code(i['ref'])}: {_plain(i['name'])}" for i in items] + [""]
    if diff.renamed:
        lines += (
            ["### Renamed", ""]
            + [f"- {_code(i['from'])} → {_code(i['to'])}: {_plain(i['name'])}" for i in diff.renamed]
            + [""]
        )
    if diff.changed:
        lines += ["### Changed", ""]
        for entity in diff.changed:
            lines += [f"#### {_code(entity.ref)}: {_plain(entity.name)}", ""]
            for c in entity.changes:
                mark = relation(KINDS[entity.ref.split("/")[0]].model, c.field)
                label = mark.label if mark else field_label(c.field)
                if c.change == "changed":
                    lines.append(f"- **{label}**: {_plain(c.old)} → {_plain(c.new)}")
                else:
                    lines.append(f"- **{label}** {c.change}: {_plain(c.new if c.change == 'added' else c.old)}")
            lines.append("")
    return "\n".join(lines)


def to_json(diff: FactDiff) -> str:
    return json.dumps(asdict(diff), ensure_ascii=False, indent=2)
