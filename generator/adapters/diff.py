"""`factsheets diff`: what a change does to the evidence, not to the YAML.

Entities added and removed (with all their claims), renamed (found by content or by name, never
by comparing every pair), and per entity every change to a claim: value, quote, locator, note,
status, as_of, according_to, sources added or removed. It compares the YAML data itself, so it
runs on a tree with errors: it diffs every file that parses and lists the errors beside.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import subprocess
import tarfile
import tempfile
from collections import defaultdict, deque
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import wording
from ..check.crossfile import name_key
from ..check.load import Document, fact_files
from ..diagnostics import Diagnostic, errors
from ..factmodel.kinds import KINDS
from ..factmodel.model import Claim, claim_fields, field_label
from ..pipeline import Pipeline
from . import impact


class DiffError(Exception):
    """A revision or folder that cannot be read at all."""


@dataclass
class Change:
    """One difference. `old` and `new` are the YAML data as written (None when absent)."""

    field: str  # the entity's field: deaths, summary, ...
    change: str  # added, removed, changed
    old: Any = None
    new: Any = None
    claim: int | None = None  # the claim's position in the field's list (in the new file when it exists)
    part: str | None = None  # what changed in the claim: value, quote, source, status, ...
    source: str | None = None  # the source a quote or locator belongs to
    claim_value: Any = None  # the value of the claim a part changed in, to say which claim
    quotes: list[str] = dataclasses.field(default_factory=list)  # the changed claim's quotes: a reviewer compares
    claim_words: str | None = None  # that value as the site words it
    old_words: str | None = None  # old and new as the site words them (wording.py): names, not ids
    new_words: str | None = None


@dataclass
class EntityChanges:
    ref: str
    name: str
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the editor should do about it


@dataclass
class Rename:
    old: str
    new: str
    name: str
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class EntityData:
    ref: str
    name: str
    data: dict[str, Any]


@dataclass
class FactDiff:
    added: list[EntityData] = field(default_factory=list)
    removed: list[EntityData] = field(default_factory=list)
    renamed: list[Rename] = field(default_factory=list)
    changed: list[EntityChanges] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)  # of either side; their files diff as far as they parse
    pages: list[impact.PageChange] = field(default_factory=list)  # the rendered impact, when asked for
    names: dict[str, str] = field(default_factory=dict)  # every entity's name, by ref: parties in words

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.changed)


# -- comparing data ----------------------------------------------------------------------------

_IDENTITY = ("id", "previous_ids")  # what a rename changes


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _claim_lists(kind: str) -> tuple[str, ...]:
    return claim_fields(KINDS[kind].model) if kind in KINDS else ()


def _citations(claim: dict[str, Any]) -> list[dict[str, Any]]:
    items = claim.get("sources")
    items = items if isinstance(items, list) else [items] if items is not None else []
    return [item if isinstance(item, dict) else {"source": item} for item in items]


def _claim_changes(name: str, index: int, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """What changed inside one claim: each field, and the sources one by one."""
    changes = []
    for part in dict.fromkeys([*old, *new]):
        if part == "sources" or old.get(part) == new.get(part):
            continue
        change = "added" if part not in old else "removed" if part not in new else "changed"
        changes.append(Change(name, change, old.get(part), new.get(part), index, part))
    before, after = _citations(old), _citations(new)
    unmatched = [item for item in before if item not in after]
    for item in after:
        if item in before:
            continue
        # the same source cited again with another quote or locator: a change of that quote
        twin = next((o for o in unmatched if o.get("source") == item.get("source")), None)
        if twin is None:
            changes.append(Change(name, "added", None, item, index, "source", str(item.get("source"))))
            continue
        unmatched.remove(twin)
        for part in dict.fromkeys([*twin, *item]):
            if part != "source" and twin.get(part) != item.get(part):
                change = "added" if part not in twin else "removed" if part not in item else "changed"
                changes.append(Change(name, change, twin.get(part), item.get(part), index, part, str(item["source"])))
    changes += [Change(name, "removed", item, None, index, "source", str(item.get("source"))) for item in unmatched]
    quotes = [str(c["quote"]) for c in _citations(new) if c.get("quote")]
    for found in changes:
        found.claim_value = new.get("value")
        found.quotes = quotes if found.part not in ("quote", "source") else []  # those lines show it
    return changes


def _value(claim: Any) -> Any:
    return claim.get("value") if isinstance(claim, dict) else claim


def _claims(name: str, old: list[Any], new: list[Any]) -> list[Change]:
    """Claims matched old to new: equal ones first, then those with the same value, then in order;
    what is left was added or removed. Each pass is linear in the claims of one field."""
    old_left = dict(enumerate(old))
    new_left = dict(enumerate(new))
    found: list[Change] = []
    for same in (_key, lambda claim: _key(_value(claim)), None):
        waiting: dict[Any, deque[int]] = defaultdict(deque)  # new claims by what they are matched on
        for j, claim in new_left.items():
            waiting[same(claim) if same else None].append(j)
        for i, claim in list(old_left.items()):
            candidates = waiting.get(same(claim) if same else None)
            if not candidates:
                continue
            j = candidates.popleft()
            before, after = old_left.pop(i), new_left.pop(j)
            if _key(before) == _key(after):
                continue
            if isinstance(before, dict) and isinstance(after, dict):
                found += _claim_changes(name, j, before, after)
            else:
                found.append(Change(name, "changed", before, after, j))
    found += [Change(name, "removed", claim, None, i) for i, claim in old_left.items()]
    found += [Change(name, "added", None, claim, j) for j, claim in new_left.items()]
    return found


def entity_changes(kind: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every difference between two versions of one entity's data, its id aside."""
    changes: list[Change] = []
    claims = _claim_lists(kind)
    for name in dict.fromkeys([*old, *new]):
        if name in _IDENTITY or _key(old.get(name)) == _key(new.get(name)):
            continue
        before, after = old.get(name), new.get(name)
        if name in claims and isinstance(before or [], list) and isinstance(after or [], list):
            changes += _claims(name, before or [], after or [])
        else:
            change = "added" if name not in old else "removed" if name not in new else "changed"
            changes.append(Change(name, change, before, after))
    return changes


def _notes(kind: str, old: dict[str, Any], new: dict[str, Any], changes: list[Change]) -> list[str]:
    claims = _claim_lists(kind)
    if any(c.field in claims for c in changes) and old.get("reviewed") == new.get("reviewed"):
        return ["its claims changed but `reviewed` did not: set it to the day you checked them"]
    return []


def _name(data: dict[str, Any], ref: str) -> str:
    name = data.get("name")
    return name if isinstance(name, str) else ref


def _renames(gone: dict[str, Document], came: dict[str, Document]) -> list[tuple[str, str]]:
    """Pairs (old ref, new ref) of one entity under a new id: the new file lists the old id in
    previous_ids, or has the same content, or (edited too) the same kind and name. Indexes, not a
    comparison of every pair: 600 renamed files must not cost 360,000 comparisons."""
    pairs: list[tuple[str, str]] = []
    taken: set[str] = set()
    by_previous: dict[str, str] = {}
    by_content: dict[str, list[str]] = defaultdict(list)
    by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    for ref, document in sorted(came.items()):
        data = document.data
        previous = data.get("previous_ids")
        for old_id in previous if isinstance(previous, list) else []:
            by_previous[f"{document.kind}/{old_id}"] = ref
        by_content[document.kind + _key({k: v for k, v in data.items() if k not in _IDENTITY})].append(ref)
        if isinstance(data.get("name"), str):
            by_name[(document.kind, name_key(data["name"]))].append(ref)
    for ref, document in sorted(gone.items()):
        data = document.data
        candidates = [by_previous[ref]] if ref in by_previous else []
        candidates += by_content.get(document.kind + _key({k: v for k, v in data.items() if k not in _IDENTITY}), [])
        if isinstance(data.get("name"), str):
            candidates += by_name.get((document.kind, name_key(data["name"])), [])
        twin = next((c for c in candidates if c not in taken), None)
        if twin is not None:
            taken.add(twin)
            pairs.append((ref, twin))
    return pairs


def _renamed_refs(data: Any, renames: list[tuple[str, str]], key: str = "") -> Any:
    """The data with every reference to a renamed entity written with its new id: `people/old` as
    a value or party, a source's bare id where a claim cites it."""
    if not renames:
        return data
    refs = dict(renames)
    sources = {o.split("/", 1)[1]: n.split("/", 1)[1] for o, n in renames if o.startswith("sources/")}
    if isinstance(data, dict):
        return {k: _renamed_refs(v, renames, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_renamed_refs(v, renames, key) for v in data]
    if isinstance(data, str):
        return sources.get(data, data) if key in ("sources", "source") else refs.get(data, data)
    return data


def diff_documents(
    old: list[Document],
    new: list[Document],
    unreadable: set[str] = frozenset(),  # type: ignore[assignment]
) -> FactDiff:
    """The difference between two sets of parsed fact files. `unreadable` names files of either side
    that exist but did not parse: not compared, rather than shown as added or removed."""
    before = {f"{d.kind}/{d.stem}": d for d in old if isinstance(d.data, dict)}
    after = {f"{d.kind}/{d.stem}": d for d in new if isinstance(d.data, dict)}
    result = FactDiff()
    result.names = {ref: _name(d.data, ref) for ref, d in [*before.items(), *after.items()]}
    gone = {ref: d for ref, d in before.items() if ref not in after and ref not in unreadable}
    came = {ref: d for ref, d in after.items() if ref not in before and ref not in unreadable}
    renames = _renames(gone, came)
    for old_ref, new_ref in renames:
        old_data, new_data = gone.pop(old_ref).data, came.pop(new_ref).data
        kind = new_ref.split("/")[0]
        old_id = old_ref.split("/", 1)[1]
        previous, now = old_data.get("previous_ids") or [], new_data.get("previous_ids")
        if isinstance(previous, list) and isinstance(now, list) and old_id in now:  # that is the rename itself
            old_data = {**old_data, "previous_ids": [*previous, old_id]}
        changes = entity_changes(kind, _renamed_refs(old_data, renames), new_data)
        notes = _notes(kind, old_data, new_data, changes)
        previous = new_data.get("previous_ids")
        if not (isinstance(previous, list) and old_id in previous):
            notes.append(f"add {old_id} to its `previous_ids`, so that links to {old_ref} keep working")
        result.renamed.append(Rename(old_ref, new_ref, _name(new_data, new_ref), changes, notes))
    result.removed = [EntityData(ref, _name(d.data, ref), d.data) for ref, d in sorted(gone.items())]
    result.added = [EntityData(ref, _name(d.data, ref), d.data) for ref, d in sorted(came.items())]
    for ref in sorted(before.keys() & after.keys()):
        old_data, new_data = before[ref].data, after[ref].data
        # A reference rewritten to a renamed entity's new id is part of the rename, not a change.
        changes = entity_changes(ref.split("/")[0], _renamed_refs(old_data, renames), new_data)
        if changes:
            notes = _notes(ref.split("/")[0], old_data, new_data, changes)
            result.changed.append(EntityChanges(ref, _name(new_data, ref), changes, notes))
    for ref, changes in [*((c.ref, c.changes) for c in result.changed), *((r.new, r.changes) for r in result.renamed)]:
        for change in changes:
            _word(ref.split("/")[0], change, result.names)
    return result


# -- reading both sides ------------------------------------------------------------------------


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True)


def _revision(spec: str, repo: Path) -> str | None:
    """The commit `spec` names, or None. `--end-of-options` and the leading `-` refused before it:
    a revision is never read as an option (`--output=file` would write a file)."""
    found = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{spec}^{{commit}}")
    return found.stdout.decode().strip() if found.returncode == 0 else None


def _extract(commit: str, spec: str, repo: Path, facts_path: str, into: Path) -> None:
    top = _git(repo, "rev-parse", "--show-toplevel")
    root = Path(top.stdout.decode().strip()) if top.returncode == 0 else repo
    archive = _git(root, "archive", "--format=tar", commit, "--", facts_path)
    if archive.returncode != 0:
        problem = archive.stderr.decode(errors="replace").strip()
        raise DiffError(f"cannot read '{facts_path}' at revision '{spec}': {problem}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        for member in tar.getmembers():
            if not (member.isfile() or member.isdir()):  # a link could point anywhere
                raise DiffError(
                    f"revision '{spec}' has a symbolic link or special file at {member.name}: "
                    "fact files are plain files; replace it with the file itself"
                )
        tar.extractall(into, filter="data")


Side = tuple[list[Document], set[str], list[Diagnostic]]


def read_side(spec: str, repo: Path, facts_path: str) -> Side:
    """The parsed fact files of a folder or of a git revision, the files that did not parse, and
    the errors."""
    with _opened(spec, repo, facts_path) as (folder, shown_as, label):
        return _check(folder, shown_as, label)


def side_pages(spec: str, repo: Path, facts_path: str) -> dict:
    """Every rendered page of a side (impact.rendered): its facts and the content/ beside them."""
    with _opened(spec, repo, facts_path, (Path(facts_path).parent / "content").as_posix()) as (folder, _, _):
        return impact.rendered(folder, folder.parent / "content")


@contextmanager
def _opened(spec: str, repo: Path, facts_path: str, content_path: str | None = None) -> Iterator[tuple[Path, str, str]]:
    """A side as a folder: the folder given, or the revision's facts (and content) extracted."""
    if spec.startswith("-"):
        raise DiffError(f"'{spec}' starts with '-': revisions and folders never do (write ./{spec} for a folder)")
    if facts_path.startswith("-") or ".." in Path(facts_path).parts:
        raise DiffError(f"'{facts_path}' is not a path inside the repository")
    folder = Path(spec)
    commit = _revision(spec, repo) if not folder.is_dir() or not folder.is_absolute() else None
    if folder.is_dir() and commit is not None:
        raise DiffError(
            f"'{spec}' is both a folder and a git revision: write ./{spec} for the folder, "
            f"or refs/heads/{spec} (or the commit) for the revision"
        )
    if folder.is_dir():
        yield folder, folder.as_posix(), f"{folder.as_posix()}"
        return
    if commit is None:
        raise DiffError(f"cannot read '{facts_path}' at revision '{spec}': no such folder or git revision")
    with tempfile.TemporaryDirectory(prefix="factsheets-diff-") as holder:
        _extract(commit, spec, repo, facts_path, Path(holder))
        if content_path is not None:
            with suppress(DiffError):  # a revision without hand-written pages has generated ones all the same
                _extract(commit, spec, repo, content_path, Path(holder))
        yield Path(holder) / facts_path, str(Path(holder) / facts_path), f"{spec}:{facts_path}"


def _check(folder: Path, shown_as: str, label: str) -> Side:
    """Validate a side to list its errors; the documents it parsed are what is diffed."""
    pipeline = Pipeline(folder)
    result = pipeline.check()
    documents = list(pipeline.parsed.values())
    parsed = {f"{d.kind}/{d.stem}" for d in documents if isinstance(d.data, dict)}
    unreadable = {f"{kind}/{path.stem}" for path, kind in fact_files(folder)[0]} - parsed
    prefix = str(Path(shown_as).resolve())

    def relabel(diagnostic: Diagnostic) -> Diagnostic:
        path = str(Path(diagnostic.path).resolve())
        if path.startswith(prefix):
            path = label + path[len(prefix) :]
        return Diagnostic(
            path, diagnostic.line, diagnostic.column, diagnostic.severity, diagnostic.message, diagnostic.hint
        )

    return documents, unreadable, [relabel(d) for d in errors(result.diagnostics)]


def fact_diff(
    old_spec: str, new_spec: str, repo: Path = Path("."), facts_path: str = "facts", pages: bool = False
) -> FactDiff:
    """The fact diff; with `pages`, also the rendered impact: the pages whose text changes."""
    old, old_unreadable, old_errors = read_side(old_spec, repo, facts_path)
    new, new_unreadable, new_errors = read_side(new_spec, repo, facts_path)
    result = diff_documents(old, new, old_unreadable | new_unreadable)
    result.errors = old_errors + new_errors
    if pages and not result.errors:
        result.pages = impact.compare(side_pages(old_spec, repo, facts_path), side_pages(new_spec, repo, facts_path))
    return result


# -- output --------------------------------------------------------------------------------------


def _code(text: str) -> str:
    return "`" + str(text).replace("`", "'") + "`"


# What GitHub's Markdown makes a link of by itself (GFM's extended autolinks, and schemes a renderer
# might): shown in a code span, where nothing is a link.
_LINKISH = re.compile(r"(?i)(?:[a-z][a-z0-9+.-]*://|(?:mailto|xmpp|javascript|data|vbscript|file):|www\.)\S*")
# Characters that start markup inside a line: emphasis, strikethrough, code, links and images,
# HTML and entities, issue references; each escaped (a mention's @ is broken by a zero-width space).
_MARKUP = str.maketrans(
    {
        **{c: "\\" + c for c in "\\`*_~[]!#|"},
        "<": "&lt;",
        ">": "&gt;",
        "&": "&amp;",
        "@": "@\u200b",
    }
)


def _plain(text: Any) -> str:
    """Fact text in a PR comment or job summary is shown, never interpreted: no HTML, no mentions, no
    links or images, no emphasis. Anything a renderer would link goes in a code span."""
    text = " ".join(str(text).split())
    parts, last = [], 0
    for link in _LINKISH.finditer(text):
        parts += [text[last : link.start()].translate(_MARKUP), _code(link.group())]
        last = link.end()
    return "".join(parts) + text[last:].translate(_MARKUP)


def _note(text: str) -> str:
    """One of our notes: its `code` kept as code, the rest (which holds the editor's ids) as _plain."""
    parts = []
    for index, part in enumerate(text.split("`")):
        if index % 2:
            parts.append(_code(part))
            continue
        lead = " " if part[:1].isspace() else ""
        trail = " " if part[-1:].isspace() and part.strip() else ""
        parts.append(lead + _plain(part) + trail)
    return "".join(parts)


def words(value: Any) -> str:
    """YAML data read aloud, for the Markdown output only."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        if set(value) <= {"source", "quote", "locator"} and "source" in value:
            extra = [f'"{value["quote"]}"'] if value.get("quote") else []
            extra += [str(value["locator"])] if value.get("locator") else []
            return str(value["source"]) + (f" ({', '.join(extra)})" if extra else "")
        return ", ".join(f"{key.replace('_', ' ')} {words(item)}" for key, item in value.items())
    if isinstance(value, list):
        return "; ".join(words(item) for item in value) or "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _claim_model(kind: str, name: str) -> type[Claim] | None:
    model = KINDS[kind].model if kind in KINDS else None
    info = model.model_fields.get(name) if model else None
    item = getattr(info.annotation, "__args__", (None,))[0] if info else None
    return item if isinstance(item, type) and issubclass(item, Claim) else None


def _as_claim(kind: str, name: str, data: Any) -> Claim | None:
    """The claim as the site reads it, when the data is a valid claim of the field."""
    model = _claim_model(kind, name)
    if model is None or not isinstance(data, dict):
        return None
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


def diff_claim_words(claim: Any, kind: str = "", name: str = "", names: dict[str, str] | None = None) -> str:
    """A claim in one line, in the words of its fact sheet (wording.py), then its sources. A claim that
    does not validate is read aloud as written."""
    names = names or {}
    valid = _as_claim(kind, name, claim)
    if valid is None:
        if not isinstance(claim, dict):
            return words(claim)
        details = [f"{k.replace('_', ' ')} {words(claim[k])}" for k in claim if k not in ("value", "sources")]
        text = words(claim.get("value")) + (f" ({'; '.join(details)})" if details else "")
    else:
        text = wording.claim_words(valid, lambda ref: names.get(ref, ref))
        text += f" Note: {valid.note}" if valid.note else ""
    sources = [str(c.get("source")) for c in _citations(claim)]  # ids: what a reviewer looks up
    text = f"{text} — source: {'; '.join(sources)}" if sources else text
    # The quotes, so that a reviewer compares the value with what the source says.
    quoted = [f'"{c["quote"]}"' for c in _citations(claim) if c.get("quote")]
    return text + (f", quoting {' and '.join(quoted)}" if quoted else "")


def _part_words(kind: str, name: str, part: str | None, value: Any, names: dict[str, str]) -> str | None:
    """One part of a claim in the sheet's words: a value, a date, a party by name."""
    if value is None or part is None:
        return None
    if part == "value":
        shown = _as_claim(kind, name, {"value": value, "sources": ["x"]})
        return wording.value_words(shown, lambda ref: names.get(ref, ref)) if shown else None
    if part in ("as_of", "from", "until") and isinstance(value, str):
        return wording.date_words(value) if value.rstrip("~?")[:4].isdigit() else None
    if part == "according_to" and isinstance(value, str):
        return wording.party_words(value, lambda ref: names.get(ref, ref))
    return None


def _word(kind: str, change: Change, names: dict[str, str]) -> None:
    """The words of a change's old and new, for both outputs: Markdown and JSON."""
    if change.part is None and (change.claim is not None or change.field in _claim_lists(kind)):
        change.old_words = diff_claim_words(change.old, kind, change.field, names) if change.old is not None else None
        change.new_words = diff_claim_words(change.new, kind, change.field, names) if change.new is not None else None
    else:
        change.old_words = _part_words(kind, change.field, change.part, change.old, names)
        change.new_words = _part_words(kind, change.field, change.part, change.new, names)
        change.claim_words = _part_words(kind, change.field, "value", change.claim_value, names)


def _label(ref: str, name: str) -> str:
    kind = KINDS.get(ref.split("/")[0])
    return field_label(kind.model, name) if kind else name.replace("_", " ").capitalize()


def _change_line(ref: str, change: Change) -> str:
    line = _change_words(ref, change)
    return line + "".join(f'\n  - quote: "{_plain(q)}"' for q in change.quotes)


def _change_words(ref: str, change: Change) -> str:
    label = f"**{_plain(_label(ref, change.field))}**"
    old = change.old_words if change.old_words is not None else words(change.old)
    new = change.new_words if change.new_words is not None else words(change.new)
    if old == new:  # two entities of one name, say: the data tells them apart
        old, new = words(change.old), words(change.new)
    if change.part is None:
        if change.claim is not None or change.field in _claim_lists(ref.split("/")[0]):
            if change.change == "changed":
                return f"- {label}: {_plain(old)} → {_plain(new)}"
            shown = new if change.change == "added" else old
            return f"- {label}, claim {change.change}: {_plain(shown)}"
        if change.change == "changed":
            return f"- {label}: {_plain(old)} → {_plain(new)}"
        return f"- {label} {change.change}: {_plain(new if change.change == 'added' else old)}"
    if change.part == "value" and change.change == "changed":
        return f"- {label}: {_plain(old)} → {_plain(new)}"
    which = change.claim_words if change.claim_words is not None else words(change.claim_value)
    where = f"{label}, claim {_plain(which)}"
    part = _plain(change.part.replace("_", " "))
    if change.part == "source":
        shown = change.new if change.change == "added" else change.old
        return f"- {where}: source {change.change}: {_plain(words(shown))}"
    of = f" from {_plain(change.source)}" if change.source else ""
    if change.change == "changed":
        return f"- {where}: {part}{of} {_plain(old)} → {_plain(new)}"
    return f"- {where}: {part}{of} {change.change}: {_plain(new if change.change == 'added' else old)}"


def _entity_lines(ref: str, data: dict[str, Any], names: dict[str, str]) -> list[str]:
    lines = []
    kind = ref.split("/")[0]
    claims = _claim_lists(kind)
    for name, value in data.items():
        if name in ("id", "name") or value in (None, [], ""):
            continue
        if name in claims and isinstance(value, list):
            label = _plain(_label(ref, name))
            lines += [f"  - **{label}**: {_plain(diff_claim_words(c, kind, name, names))}" for c in value]
        else:
            lines.append(f"  - **{_plain(_label(ref, name))}**: {_plain(words(value))}")
    return lines


def to_markdown(diff: FactDiff) -> str:
    lines = ["## Fact changes", ""]
    if diff.empty:
        lines += ["No facts changed.", ""]
    else:
        counts = [
            f"{len(diff.added)} added",
            f"{len(diff.removed)} removed",
            f"{len(diff.renamed)} renamed",
            f"{len(diff.changed)} changed",
        ]
        lines += ["**" + ", ".join(counts) + "**", ""]
    for title, entities in (("Added", diff.added), ("Removed", diff.removed)):
        if entities:
            lines += [f"### {title}", ""]
            for entity in entities:
                lines.append(f"- {_code(entity.ref)}: {_plain(entity.name)}")
                lines += _entity_lines(entity.ref, entity.data, diff.names)
            lines.append("")
    if diff.renamed:
        lines += ["### Renamed", ""]
        for rename in diff.renamed:
            lines.append(f"- {_code(rename.old)} → {_code(rename.new)}: {_plain(rename.name)}")
            lines += [f"  - **Note**: {_note(note)}" for note in rename.notes]
            lines += ["  " + _change_line(rename.new, c).replace("\n", "\n  ") for c in rename.changes]
        lines.append("")
    if diff.changed:
        lines += ["### Changed", ""]
        for changed in diff.changed:
            lines += [f"#### {_code(changed.ref)}: {_plain(changed.name)}", ""]
            lines += [f"- **Note**: {_note(note)}" for note in changed.notes]
            lines += [_change_line(changed.ref, c) for c in changed.changes]
            lines.append("")
    if diff.pages:
        lines += ["### Pages whose text changes", ""]
        lines += ["Read each sentence in its new form: prose around a reference may no longer be true.", ""]
        for page in diff.pages:
            lines.append(f"- {_code(page.page)} ({page.kind})")
            for sentence in page.sentences:
                before = f'"{_plain(sentence.before)}"' if sentence.before else "(new)"
                after = f'"{_plain(sentence.after)}"' if sentence.after else "(removed)"
                lines.append(f"  - {before} → {after}")
            if page.more:
                lines.append(f"  - and {page.more} more")
        lines.append("")
    if diff.errors:
        lines += ["### Errors", "", "These files have errors; what parsed was compared all the same.", ""]
        lines += [f"- {_plain(str(d))}" for d in diff.errors] + [""]
    return "\n".join(lines)


def to_json(diff: FactDiff) -> str:
    data = asdict(diff)
    data["errors"] = [asdict(d) for d in diff.errors]
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
