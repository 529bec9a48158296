"""Step 3, link: the fact base. References resolved, relations both ways, citations; then the checks
across files, each a named pass that returns its own diagnostics."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .. import wording
from ..diagnostics import Diagnostic, Severity
from ..factmodel.kinds import KINDS, looks_like_ref
from ..factmodel.model import ID_PATTERN, REF_PATTERN, Citation, Claim, RefClaim, claim_fields, relation, told_with
from ..text import date_key
from .load import Document, Path_
from .validate import Record

SYMMETRIC = {"related_to"}
SUGGESTIONS = 50  # "did you mean" costs a scan of every id; past this many unknown ids, no more hints


@dataclass(frozen=True)
class Connection:
    """One relation claim, as both of its pages show it."""

    subject: str  # the ref of the entity whose file holds the claim
    field: str
    index: int
    claim: RefClaim
    target: str


@dataclass(frozen=True)
class Attribution:
    """A claim whose source attributes it to an entity: shown on that entity's page."""

    subject: str
    field: str
    claim: Claim


@dataclass
class FactBase:
    records: dict[str, Record]
    by_kind: dict[str, list[Record]]
    incoming: dict[str, list[Connection]] = field(default_factory=lambda: defaultdict(list))
    attributed: dict[str, list[Attribution]] = field(default_factory=lambda: defaultdict(list))
    cited_by: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # source id -> refs
    mentioned_in: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # ref -> (title, page)
    previous: dict[str, str] = field(default_factory=dict)  # an old ref (previous_ids) -> the current one
    failed: frozenset[str] = frozenset()  # refs of files that exist but have errors of their own
    # What each fact sheet reads (site/pages.py `inputs`), found once per base: a copy starts afresh.
    sheet_reads: dict[str, tuple] = field(default_factory=dict, init=False, compare=False, repr=False)

    def get(self, ref: str) -> Record:
        return self.records[ref]

    def resolve(self, ref: str) -> str:
        """The current ref of an entity, given its current or a previous one."""
        return ref if ref in self.records else self.previous.get(ref, ref)

    def name(self, ref: str) -> str:
        record = self.records.get(self.resolve(ref))
        return record.entity.name if record else ref


def claims_of(record: Record) -> Iterator[tuple[str, int, Claim]]:
    """Every claim of a record, with its field and position in the field's list."""
    for name in claim_fields(type(record.entity)):
        for index, claim in enumerate(getattr(record.entity, name)):
            yield name, index, claim


ClaimT = TypeVar("ClaimT", bound=Claim)


def current(claims: list[ClaimT]) -> list[ClaimT]:
    """The claims that stand: not superseded, not denied."""
    return [c for c in claims if c.stands]


def sequence(entity: Any, field: str) -> list[Claim]:
    """The claims of `field` and of the fields told with it, as a dated sequence, when a later claim
    in one of them overtook an earlier one ("no group had claimed responsibility as of 3 January;
    ISIS claimed responsibility on 4 January"). Empty when nothing was overtaken across fields: then
    the field's standing claims say it all. Denials are history, not steps of the sequence."""
    fields = told_with(type(entity), field)
    if len(fields) < 2:
        return []
    claims = [c for f in fields for c in getattr(entity, f) if c.stands or c.status == "superseded"]
    if all(c.stands for c in claims):
        return []
    # Undated overtaken claims come first, undated standing ones last; the sort is stable.
    return sorted(claims, key=lambda c: date_key(c.as_of) if c.as_of else ("" if not c.stands else "~"))


def _at(record: Record, path: Path_, message: str, hint: str = "", severity: Severity = "error") -> Diagnostic:
    return _at_document(record.document, path, message, hint, severity)


def _at_document(
    document: Document, path: Path_, message: str, hint: str = "", severity: Severity = "error"
) -> Diagnostic:
    line, column = document.position(path)
    return Diagnostic(document.path, line, column, severity, message, hint)


class _Suggest:
    """ "did you mean …?" for an unknown id, among the ids of the kinds the field takes."""

    def __init__(self, refs: Collection[str]):
        self.refs = refs
        self.asked: dict[tuple[str, frozenset[str] | None], str] = {}

    def __call__(self, ref: str, kinds: frozenset[str] | None = None, bare: bool = False) -> str:
        key = (ref, kinds)
        if key not in self.asked and len(self.asked) < SUGGESTIONS:
            choices = [r for r in self.refs if kinds is None or r.partition("/")[0] in kinds]
            close = difflib.get_close_matches(ref, choices, n=1, cutoff=0.6)
            self.asked[key] = (close[0].partition("/")[2] if bare else close[0]) if close else ""
        found = self.asked.get(key, "")
        return f"did you mean `{found}`?" if found else ""


def link(
    records: list[Record], failed: Collection[str] = (), partial: Collection[Document] = ()
) -> tuple[FactBase, list[Diagnostic]]:
    """The fact base, and every problem across files. `failed` names files that exist but failed
    validation: their own errors are reported already, so references to them are not errors twice.
    `partial` are the parsed documents of those files: what references they hold is checked all the
    same, so that an editor sees every problem in one run."""
    by_kind: dict[str, list[Record]] = defaultdict(list)
    table = {}
    for record in sorted(records, key=lambda r: (r.kind, r.id)):
        table[record.ref] = record
        by_kind[record.kind].append(record)
    base = FactBase(table, dict(by_kind), failed=frozenset(failed))
    suggest = _Suggest([*table, *failed])
    diagnostics = [
        *previous_ids(base),
        *references_of_failed_files(base, partial, failed, suggest),
        *cite_sources(base, failed, suggest),
        *attribute_claims(base, failed, suggest),
        *resolve_relations(base, failed, suggest),
        *superseded_without_successor(base),
        *written_both_ways(base),
        *part_of_cycles(base),
        *uncited_sources(base, failed, partial),
    ]
    return base, diagnostics


def previous_ids(base: FactBase) -> Iterator[Diagnostic]:
    """`previous_ids` make old refs resolve: each names one entity, and no entity that exists now."""
    for record in base.records.values():
        for index, old_id in enumerate(record.entity.previous_ids):
            old = f"{record.kind}/{old_id}"
            here = ("previous_ids", index)
            if old in base.records:
                yield _at(record, here, f"'{old}' is the id of another file", "a previous id must be free")
            elif old in base.previous and base.previous[old] != record.ref:
                yield _at(record, here, f"'{old}' is a previous id of {base.previous[old]} too", "keep it in one file")
            else:
                base.previous[old] = record.ref


def _renamed(base: FactBase, record: Record, path: Path_, old: str, written: str) -> Diagnostic:
    return _at(
        record,
        path,
        f"'{written}' is an old id of {base.previous[old]}",
        f"write {base.previous[old] if '/' in written else base.previous[old].partition('/')[2]}",
        "warning",
    )


_ID = re.compile(ID_PATTERN)
_REF = re.compile(REF_PATTERN)


def _raw_claims(document: Document) -> Iterator[tuple[str, int, dict[str, Any]]]:
    data = document.data if isinstance(document.data, dict) else {}
    for name in claim_fields(KINDS[document.kind].model):
        items = data.get(name)
        for index, claim in enumerate(items if isinstance(items, list) else []):
            if isinstance(claim, dict):
                yield name, index, claim


def references_of_failed_files(
    base: FactBase, documents: Collection[Document], failed: Collection[str], suggest: _Suggest
) -> Iterator[Diagnostic]:
    """The well-formed references of files that failed validation, checked as if they had not: the
    editor fixes a wrong field and a mistyped id in one go. Ill-formed ones have their schema error."""
    for document in documents:
        model = KINDS[document.kind].model
        for name, index, claim in _raw_claims(document):
            items = claim.get("sources")
            for number, item in enumerate(items if isinstance(items, list) else []):
                source = item.get("source") if isinstance(item, dict) else item
                if not isinstance(source, str) or not _ID.match(source):
                    continue
                ref, path = f"sources/{source}", (name, index, "sources", number)
                if ref in base.records:
                    base.cited_by[source].append(f"{document.kind}/{document.stem}")
                elif ref in base.previous:
                    base.cited_by[base.previous[ref].partition("/")[2]].append(f"{document.kind}/{document.stem}")
                elif ref not in failed:
                    hint = suggest(ref, frozenset({"sources"}), bare=True)
                    yield _at_document(document, path, f"unknown source '{source}'", hint)
            targets: list[tuple[str, Any, frozenset[str] | None]] = [("according_to", claim.get("according_to"), None)]
            mark = relation(model, name)
            if mark is not None:
                targets.append(("value", claim.get("value"), mark.kinds))
            for part, target, kinds in targets:
                if not isinstance(target, str) or not _REF.match(target) or not looks_like_ref(target):
                    continue
                target = base.resolve(target)
                if kinds is not None and target.partition("/")[0] not in kinds:
                    kind = KINDS[target.partition("/")[0]]
                    article = "an" if kind.singular[0] in "aeiou" else "a"
                    takes = " or ".join(sorted(kinds))
                    message = f"'{target}' is {article} {kind.singular}; '{name}' takes {takes}"
                    yield _at_document(document, (name, index, part), message)
                elif target not in base.records and target not in failed:
                    hint = suggest(target, kinds) or ("" if kinds else "write a named party in words")
                    yield _at_document(document, (name, index, part), f"unknown entity '{target}'", hint)


def cite_sources(base: FactBase, failed: Collection[str], suggest: _Suggest) -> Iterator[Diagnostic]:
    """Every source a claim names exists; `cited_by` lists, per source, the records citing it."""
    for record in base.records.values():
        cites: dict[str, None] = {}  # once each, in order: not `ref in list`, which was quadratic
        for name, index, claim in claims_of(record):
            for number, source in enumerate(claim.source_ids()):
                ref = f"sources/{source}"
                item = claim.sources[number]
                path = (name, index, "sources", number) + (("source",) if isinstance(item, Citation) else ())
                if ref in base.records:
                    cites[source] = None
                elif ref in base.previous:
                    yield _renamed(base, record, path, ref, source)
                    cites[base.previous[ref].partition("/")[2]] = None
                elif ref not in failed:
                    hint = suggest(ref, frozenset({"sources"}), bare=True)
                    yield _at(record, path, f"unknown source '{source}'", hint)
        for source in cites:
            base.cited_by[source].append(record.ref)


def attribute_claims(base: FactBase, failed: Collection[str], suggest: _Suggest) -> Iterator[Diagnostic]:
    """`according_to: people/x` makes the claim a statement shown on that person's page; `named_by`
    names the party whose own claim names the value. Both may be an entity or a party in words."""
    for record in base.records.values():
        for name, index, claim in claims_of(record):
            for key in ("according_to", "named_by"):
                party = getattr(claim, key)
                if not party or not looks_like_ref(party):
                    continue
                if party in base.previous:
                    yield _renamed(base, record, (name, index, key), party, party)
                    party = base.previous[party]
                if party not in base.records and party not in failed:
                    hint = suggest(party) or "write a named party in words, or add its fact file"
                    yield _at(record, (name, index, key), f"unknown entity '{party}'", hint)
                elif party in base.records and key == "according_to":
                    base.attributed[party].append(Attribution(record.ref, name, claim))


def resolve_relations(base: FactBase, failed: Collection[str], suggest: _Suggest) -> Iterator[Diagnostic]:
    """Relations point to existing entities of the kinds their field takes; `incoming` indexes them."""
    for record in base.records.values():
        model = type(record.entity)
        for name, index, claim in claims_of(record):
            mark = relation(model, name)
            if mark is None or not isinstance(claim, RefClaim):
                continue
            target, here = claim.value, (name, index, "value")
            if target in base.previous:
                yield _renamed(base, record, here, target, target)
                target = base.previous[target]
            target_kind = KINDS.get(target.partition("/")[0])
            if target in failed:
                continue
            if target not in base.records:
                yield _at(record, here, f"unknown entity '{target}'", suggest(target, mark.kinds))
            elif target_kind is None or target_kind.name not in mark.kinds:
                singular = target_kind.singular if target_kind else target.partition("/")[0]
                article = "an" if singular[0] in "aeiou" else "a"
                takes = " or ".join(sorted(mark.kinds))
                yield _at(record, here, f"'{target}' is {article} {singular}; '{name}' takes {takes}")
            elif target == record.ref:
                yield _at(record, here, f"'{name}' points to the entity itself")
            else:
                base.incoming[target].append(Connection(record.ref, name, index, claim, target))


def superseded_without_successor(base: FactBase) -> Iterator[Diagnostic]:
    """A superseded claim needs one that stands, in its field or one told with it: "none claimed"
    is overtaken by a perpetrator's claim."""
    for record in base.records.values():
        model = type(record.entity)
        for name in claim_fields(model):
            superseded = [i for i, c in enumerate(getattr(record.entity, name)) if c.status == "superseded"]
            told = [c for f in told_with(model, name) for c in getattr(record.entity, f)]
            if superseded and not any(c.stands for c in told):
                fields = told_with(model, name)
                where = f" in {' or '.join(repr(f) for f in fields)}" if len(fields) > 1 else ""
                yield _at(
                    record,
                    (name, superseded[0], "status"),
                    f"a superseded '{name}' claim with nothing superseding it",
                    f"add the claim that replaces it{where}, or change its status",
                )


def _relations(base: FactBase, field_name: str | None = None) -> Iterator[Connection]:
    for relations in base.incoming.values():
        for item in relations:
            if field_name is None or item.field == field_name:
                yield item


def written_both_ways(base: FactBase) -> Iterator[Diagnostic]:
    """A relation written from both ends, once per pair, and the same relation written twice. One pass
    over the relations: two files with thousands of mutual claims give two diagnostics, not millions."""
    first: dict[tuple[str, str, str], Connection] = {}
    seen: dict[tuple, Connection] = {}  # the same claim, sources aside: an allegation and its denial differ
    repeats: dict[tuple, int] = defaultdict(int)
    for item in _relations(base):
        first.setdefault((item.subject, item.field, item.target), item)
        words = (wording.predicate(item.claim), *wording.qualifiers(item.claim))
        same = (item.subject, item.field, item.target, words, item.claim.status)
        if same in seen:
            repeats[same] += 1
        else:
            seen[same] = item
    for key, count in sorted(repeats.items()):
        item = seen[key]
        yield _at(
            base.records[item.subject],
            (item.field, item.index, "value"),
            f"'{item.field}: {item.target}' is written {count + 1} times",
            "keep one claim and list all its sources under it",
            "warning",
        )
    for (subject, name, target), item in sorted(first.items()):
        back = first.get((target, name, subject))
        if back is None or subject > target:
            continue
        if name == "related" and {item.claim.relation, back.claim.relation} <= SYMMETRIC:  # type: ignore[attr-defined]
            continue
        yield _at(
            base.records[subject],
            (name, item.index, "value"),
            f"'{subject}' and '{target}' each say they are '{name}' of the other",
            f"write the relation once, in {subject} or in {target}",
        )


def part_of_cycles(base: FactBase) -> Iterator[Diagnostic]:
    """Cycles in part_of longer than two (pairs are reported by written_both_ways): a depth-first
    search that visits each organization once, so it is linear in the claims."""
    parents: dict[str, list[Connection]] = defaultdict(list)
    for item in _relations(base, "part_of"):
        parents[item.subject].append(item)
    done: set[str] = set()
    for start in sorted(parents):
        if start in done:
            continue
        path, on_path, stack = [start], {start}, [iter(parents[start])]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                done.add(path[-1])
                on_path.discard(path.pop())
            elif step.target in on_path:
                loop = path[path.index(step.target) :]
                if len(loop) > 2:
                    yield _at(
                        base.records[step.subject],
                        ("part_of", step.index, "value"),
                        "part_of makes a cycle: " + " → ".join([*loop, step.target]),
                        "an organization cannot be part of itself",
                    )
            elif step.target not in done:
                path.append(step.target)
                on_path.add(step.target)
                stack.append(iter(parents.get(step.target, [])))


def uncited_sources(
    base: FactBase, failed: Collection[str], partial: Collection[Document] = ()
) -> Iterator[Diagnostic]:
    # A file that failed validation still cites what its data names (references_of_failed_files);
    # one that did not even parse cites what nobody knows: then no warning that could be false.
    if len(failed) > len(partial):
        return
    for record in base.by_kind.get("sources", []):
        if not base.cited_by.get(record.id):
            yield _at(
                record,
                ("id",),
                f"the source '{record.id}' is not cited by any fact",
                "cite it or remove the file",
                "warning",
            )
