"""Step 3, link: the fact base. References resolved, relations both ways, citations; then the checks
across files, each a named pass that returns its own diagnostics."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from .diagnostics import Diagnostic, Severity
from .kinds import KINDS, looks_like_ref
from .load import Path_
from .model import Citation, Claim, RefClaim, claim_fields, relation
from .validate import Record

SYMMETRIC = {"related_to"}
SUGGESTIONS = 50  # "did you mean" costs a scan of every id; past this many unknown ids, no more hints


@dataclass(frozen=True)
class Relation:
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
    incoming: dict[str, list[Relation]] = field(default_factory=lambda: defaultdict(list))
    attributed: dict[str, list[Attribution]] = field(default_factory=lambda: defaultdict(list))
    cited_by: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # source id -> refs
    mentioned_in: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # ref -> (title, page)

    def get(self, ref: str) -> Record:
        return self.records[ref]

    def name(self, ref: str) -> str:
        record = self.records.get(ref)
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


def source_ids(claim: Claim) -> list[str]:
    return claim.source_ids()


def _at(record: Record, path: Path_, message: str, hint: str = "", severity: Severity = "error") -> Diagnostic:
    line, column = record.document.position(path)
    return Diagnostic(record.document.path, line, column, severity, message, hint)


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


def link(records: list[Record], failed: Collection[str] = ()) -> tuple[FactBase, list[Diagnostic]]:
    """The fact base, and every problem across files. `failed` names files that exist but failed
    validation: their own errors are reported already, so references to them are not errors twice."""
    by_kind: dict[str, list[Record]] = defaultdict(list)
    table = {}
    for record in sorted(records, key=lambda r: (r.kind, r.id)):
        table[record.ref] = record
        by_kind[record.kind].append(record)
    base = FactBase(table, dict(by_kind))
    suggest = _Suggest([*table, *failed])
    diagnostics = [
        *cite_sources(base, failed, suggest),
        *attribute_claims(base, failed, suggest),
        *resolve_relations(base, failed, suggest),
        *superseded_without_successor(base),
        *written_both_ways(base),
        *part_of_cycles(base),
        *uncited_sources(base, failed),
    ]
    return base, diagnostics


def cite_sources(base: FactBase, failed: Collection[str], suggest: _Suggest) -> Iterator[Diagnostic]:
    """Every source a claim names exists; `cited_by` lists, per source, the records citing it."""
    for record in base.records.values():
        cites: dict[str, None] = {}  # once each, in order: not `ref in list`, which was quadratic
        for name, index, claim in claims_of(record):
            for number, source in enumerate(claim.source_ids()):
                ref = f"sources/{source}"
                if ref in base.records:
                    cites[source] = None
                elif ref not in failed:
                    item = claim.sources[number]
                    path = (name, index, "sources", number) + (("source",) if isinstance(item, Citation) else ())
                    hint = suggest(ref, frozenset({"sources"}), bare=True)
                    yield _at(record, path, f"unknown source '{source}'", hint)
        for source in cites:
            base.cited_by[source].append(record.ref)


def attribute_claims(base: FactBase, failed: Collection[str], suggest: _Suggest) -> Iterator[Diagnostic]:
    """`according_to: people/x` makes the claim a statement shown on that person's page."""
    for record in base.records.values():
        for name, index, claim in claims_of(record):
            party = claim.according_to
            if not party or not looks_like_ref(party):
                continue
            if party in base.records:
                base.attributed[party].append(Attribution(record.ref, name, claim))
            elif party not in failed:
                hint = suggest(party) or "write a named party in words, or add its fact file"
                yield _at(record, (name, index, "according_to"), f"unknown entity '{party}'", hint)


def resolve_relations(base: FactBase, failed: Collection[str], suggest: _Suggest) -> Iterator[Diagnostic]:
    """Relations point to existing entities of the kinds their field takes; `incoming` indexes them."""
    for record in base.records.values():
        model = type(record.entity)
        for name, index, claim in claims_of(record):
            mark = relation(model, name)
            if mark is None or not isinstance(claim, RefClaim):
                continue
            target, here = claim.value, (name, index, "value")
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
                base.incoming[target].append(Relation(record.ref, name, index, claim, target))


def superseded_without_successor(base: FactBase) -> Iterator[Diagnostic]:
    for record in base.records.values():
        for name in claim_fields(type(record.entity)):
            claims = getattr(record.entity, name)
            superseded = [i for i, c in enumerate(claims) if c.status == "superseded"]
            if superseded and not any(c.stands for c in claims):
                yield _at(
                    record,
                    (name, superseded[0], "status"),
                    f"a superseded '{name}' claim with nothing superseding it",
                    "add the claim that replaces it, or change its status",
                )


def _relations(base: FactBase, field_name: str | None = None) -> Iterator[Relation]:
    for relations in base.incoming.values():
        for item in relations:
            if field_name is None or item.field == field_name:
                yield item


def written_both_ways(base: FactBase) -> Iterator[Diagnostic]:
    """A relation written from both ends, once per pair, and the same relation written twice. One pass
    over the relations: two files with thousands of mutual claims give two diagnostics, not millions."""
    first: dict[tuple[str, str, str], Relation] = {}
    seen: dict[tuple, Relation] = {}  # the same claim, sources aside: an allegation and its denial differ
    repeats: dict[tuple, int] = defaultdict(int)
    for item in _relations(base):
        first.setdefault((item.subject, item.field, item.target), item)
        same = (item.subject, item.field, item.target, tuple(item.claim.qualifiers()), item.claim.status)
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
    parents: dict[str, list[Relation]] = defaultdict(list)
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


def uncited_sources(base: FactBase, failed: Collection[str]) -> Iterator[Diagnostic]:
    # While a file fails validation its citations are unknown: no warning that could be false.
    if failed:
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
