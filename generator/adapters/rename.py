"""`factsheets rename kind/old-id new-id`: the file moves, every reference in facts/ and content/ is
rewritten, and the old id goes into `previous_ids` (old links keep working). Edits are made where the
loader says each reference is written, so comments and layout stay; nothing is written unless the
facts are free of errors before, and every file is written only once all edits are known."""

from __future__ import annotations

import re
from pathlib import Path

from ..check import guard
from ..check.link import claims_of
from ..check.validate import Record
from ..diagnostics import errors
from ..factmodel.kinds import KINDS
from ..factmodel.model import ID_PATTERN, Citation
from ..pipeline import Pipeline


class RenameError(Exception):
    """Why nothing was renamed, in an editor's words."""


Edit = tuple[int, int, str, str]  # line, column, the text written there, what replaces it


def _edits(record: Record, ref: str, new_ref: str) -> list[Edit]:
    """Where the record refers to `ref`: claim values and parties, or (for a source) citations."""
    kind, old_id = ref.split("/", 1)
    new_id = new_ref.split("/", 1)[1]
    found = []
    position = record.document.position
    for name, index, claim in claims_of(record):
        for key in ("value", "according_to", "named_by"):
            if getattr(claim, key, None) == ref:
                found.append((*position((name, index, key)), ref, new_ref))
        if kind == "sources":
            for number, item in enumerate(claim.sources):
                cited = item.source if isinstance(item, Citation) else item
                path = (name, index, "sources", number) + (("source",) if isinstance(item, Citation) else ())
                if cited == old_id:
                    found.append((*position(path), old_id, new_id))
    return found


def _apply(text: str, edits: list[Edit]) -> str:
    """Each edit replaces the first occurrence of its text at or after its position, on its line."""
    lines = text.splitlines(keepends=True)
    for line, column, old, new in sorted(edits, reverse=True):  # right to left: positions stay true
        here = lines[line - 1]
        at = here.find(old, column - 1)
        if at < 0:
            raise RenameError(f"cannot find '{old}' at line {line}: rewrite it by hand")
        lines[line - 1] = here[:at] + new + here[at + len(old) :]
    return "".join(lines)


def _own_file(text: str, record: Record, old_id: str, new_id: str) -> str:
    """The renamed file: its new id, and the old one in previous_ids."""
    line, column = record.document.position(("id",))
    text = _apply(text, [(line, column, old_id, new_id)])
    lines = text.splitlines(keepends=True)
    previous = record.entity.previous_ids
    if not previous:
        lines.insert(line, f"previous_ids: [{old_id}]\n")
    else:
        at, col = record.document.position(("previous_ids", len(previous) - 1))
        here = lines[at - 1]
        if "[" in here[: col - 1]:  # a flow list: previous_ids: [a, b]
            end = col - 1 + len(previous[-1])
            lines[at - 1] = here[:end] + f", {old_id}" + here[end:]
        else:  # a block list: one `- id` per line
            lines.insert(at, here[: col - 1] + old_id + "\n")
    return "".join(lines)


def _content_edits(content_dir: Path, ref: str, new_ref: str) -> dict[Path, str]:
    """Every page's `[[kind/old-id]]`, `[[kind/old-id#field]]` and `[[kind/old-id|label]]`."""
    pattern = re.compile(r"\[\[" + re.escape(ref) + r"(?=[#|\]])")
    changed = {}
    for path, _, text in guard.pages(content_dir):
        rewritten = pattern.sub("[[" + new_ref, text)
        if rewritten != text:
            changed[path] = rewritten
    return changed


def rename(facts_dir: Path, content_dir: Path | None, ref: str, new_id: str) -> list[Path]:
    """Rename the entity `ref` (kind/id) to `new_id`; the files written, the moved one first."""
    kind, _, old_id = ref.partition("/")
    if kind not in KINDS:
        raise RenameError(f"'{ref}' is not kind/id: kinds are {', '.join(KINDS)}")
    if not re.match(ID_PATTERN, new_id):
        raise RenameError(f"'{new_id}' is not a valid id: lowercase letters, digits and single hyphens")
    old_path, new_path = facts_dir / kind / f"{old_id}.yaml", facts_dir / kind / f"{new_id}.yaml"
    if not old_path.is_file():
        raise RenameError(f"there is no {old_path}")
    if new_path.exists():
        raise RenameError(f"{new_path} exists already")
    checked = Pipeline(facts_dir, content_dir).check()
    if errors(checked.diagnostics) or checked.base is None:
        raise RenameError("the facts have errors: fix them first (`factsheets validate`), then rename")
    new_ref = f"{kind}/{new_id}"
    written: dict[Path, str] = {}
    for record in checked.base.records.values():
        edits = _edits(record, ref, new_ref)
        path = facts_dir / record.kind / f"{record.id}.yaml"
        text = written.get(path) or path.read_text(encoding="utf-8")
        if record.ref == ref:
            text = _own_file(_apply(text, edits), record, old_id, new_id)
            written[new_path] = text
        elif edits:
            written[path] = _apply(text, edits)
    if content_dir is not None and content_dir.is_dir():
        written.update(_content_edits(content_dir, ref, new_ref))
    for path, text in written.items():  # all edits known: now write
        path.write_text(text, encoding="utf-8")
    old_path.unlink()
    return sorted(written, key=lambda p: p != new_path)
