"""Step 3, link: the fact base. References resolved, relations both ways, citations, timeline."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .diagnostics import Diagnostic
from .load import Path_
from .model import KIND_PATTERN, RELATION_LABELS, RELATIONS, SINGULAR, Citation, Claim, claim_fields
from .validate import Record

_LOOKS_LIKE_REF = re.compile(rf"^({KIND_PATTERN})/")
SYMMETRIC = {"related_to"}


@dataclass(frozen=True)
class Relation:
    """One relation claim, as both of its pages show it."""

    subject: str  # the ref of the entity whose file holds the claim
    field: str
    index: int
    claim: Any
    target: str

    @property
    def extra(self) -> str:
        """Responsibility, relation or role: what qualifies the link."""
        claim = self.claim
        return (
            getattr(claim, "responsibility", None)
            or getattr(claim, "role", None)
            or (RELATION_LABELS[claim.relation][0] if hasattr(claim, "relation") else "")
            or ""
        )


@dataclass(frozen=True)
class Attribution:
    """A claim whose source attributes it to an entity: shown on that entity's page."""

    subject: str
    field: str
    claim: Any


@dataclass
class FactBase:
    records: dict[str, Record]
    by_kind: dict[str, list[Record]]
    incoming: dict[str, list[Relation]] = field(default_factory=lambda: defaultdict(list))
    attributed: dict[str, list[Attribution]] = field(default_factory=lambda: defaultdict(list))
    cited_by: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # source id -> refs
    mentioned_in: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))

    def get(self, ref: str) -> Record:
        return self.records[ref]

    def name(self, ref: str) -> str:
        return self.records[ref].entity.name


def claims_of(record: Record) -> list[tuple[str, int, Claim]]:
    """Every claim of a record, with its field and position in the field's list."""
    found = []
    for name in claim_fields(type(record.entity)):
        for index, claim in enumerate(getattr(record.entity, name)):
            found.append((name, index, claim))
    return found


ClaimT = TypeVar("ClaimT", bound=Claim)


def current(claims: list[ClaimT]) -> list[ClaimT]:
    """The claims that stand: not superseded, not denied."""
    return [c for c in claims if c.status not in ("superseded", "denied")]


def source_ids(claim: Claim) -> list[str]:
    return [item.source if isinstance(item, Citation) else item for item in claim.sources]


def link(records: list[Record], present: Collection[str] = ()) -> tuple[FactBase, list[Diagnostic]]:
    """Resolve references. `present` names files that exist but failed validation: their own
    errors are reported already, so references to them are not errors twice."""
    by_kind: dict[str, list[Record]] = defaultdict(list)
    table = {}
    for record in sorted(records, key=lambda r: (r.kind, r.id)):
        table[record.ref] = record
        by_kind[record.kind].append(record)
    base = FactBase(table, dict(by_kind))
    diagnostics: list[Diagnostic] = []

    def report(record: Record, path: Path_, message: str, hint: str = "", severity: str = "error") -> None:
        line, column = record.document.position(path)
        diagnostics.append(Diagnostic(record.document.path, line, column, severity, message, hint))  # type: ignore[arg-type]

    def suggest(ref: str, kinds: frozenset[str] | None = None) -> str:
        choices = [r for r in (*table, *present) if kinds is None or r.split("/")[0] in kinds]
        close = difflib.get_close_matches(ref, choices, n=1, cutoff=0.6)
        return f"did you mean `{close[0]}`?" if close else ""

    for record in table.values():
        fields_seen: dict[str, list[tuple[int, Claim]]] = defaultdict(list)
        cites: dict[str, None] = {}  # the sources this record cites, once each, in order
        for name, index, claim in claims_of(record):
            fields_seen[name].append((index, claim))
            here = (name, index)
            for number, source in enumerate(source_ids(claim)):
                if f"sources/{source}" not in table and f"sources/{source}" not in present:
                    item = claim.sources[number]
                    path = here + ("sources", number) + (("source",) if isinstance(item, Citation) else ())
                    report(
                        record, path, f"unknown source '{source}'", suggest(f"sources/{source}", frozenset({"sources"}))
                    )
                elif f"sources/{source}" in table:
                    cites[source] = None
            if claim.according_to and _LOOKS_LIKE_REF.match(claim.according_to):
                if claim.according_to in table:
                    base.attributed[claim.according_to].append(Attribution(record.ref, name, claim))
                elif claim.according_to not in present:
                    report(
                        record,
                        here + ("according_to",),
                        f"unknown entity '{claim.according_to}'",
                        suggest(claim.according_to) or "write a named party in words, or add its fact file",
                    )
            relation = RELATIONS.get((record.kind, name))
            if relation is None:
                continue
            kinds, _, _ = relation
            target = claim.value  # type: ignore[attr-defined]
            target_kind = target.split("/")[0]
            if target in present and target not in table:
                continue
            if target not in table:
                report(record, here + ("value",), f"unknown entity '{target}'", suggest(target, kinds))
            elif target_kind not in kinds:
                report(
                    record,
                    here + ("value",),
                    f"'{target}' is a{'n' if SINGULAR[target_kind][0] in 'aeiou' else ''} "
                    f"{SINGULAR[target_kind]}; '{name}' takes {' or '.join(sorted(kinds))}",
                )
            elif target == record.ref:
                report(record, here + ("value",), f"'{name}' points to the entity itself")
            else:
                base.incoming[target].append(Relation(record.ref, name, index, claim, target))
        for source in cites:  # not `ref in cited_by[source]`: a source cited by thousands made that quadratic
            base.cited_by[source].append(record.ref)
        for name, claims in fields_seen.items():
            superseded = [(i, c) for i, c in claims if c.status == "superseded"]
            if superseded and not [c for _, c in claims if c.status not in ("superseded", "denied")]:
                index = superseded[0][0]
                report(
                    record,
                    (name, index, "status"),
                    f"a superseded '{name}' claim with nothing superseding it",
                    "add the claim that replaces it, or change its status",
                )

    diagnostics += _contradictions(base, report)
    for record in by_kind.get("sources", []):
        if not base.cited_by.get(record.id):
            report(
                record,
                ("id",),
                f"the source '{record.id}' is not cited by any fact",
                "cite it or remove the file",
                "warning",
            )
    return base, diagnostics


def _contradictions(base: FactBase, report) -> list[Diagnostic]:
    """Relations written from both ends that disagree, and cycles in part_of."""
    edges: dict[tuple[str, str], list[Relation]] = defaultdict(list)
    for relations in base.incoming.values():
        for relation in relations:
            edges[(relation.subject, relation.target)].append(relation)
    for (subject, target), relations in sorted(edges.items()):
        for relation in relations:
            for back in edges.get((target, subject), []):
                if relation.field != back.field or subject > target:
                    continue
                kind = getattr(relation.claim, "relation", None)
                if relation.field == "related" and kind in SYMMETRIC and back.claim.relation in SYMMETRIC:
                    continue
                report(
                    base.records[subject],
                    (relation.field, relation.index, "value"),
                    f"'{subject}' and '{target}' each say they are '{relation.field}' of the other",
                    f"write the relation once, in {subject} or in {target}",
                )
    # part_of cycles: follow each organization's parents
    parents: dict[str, list[Relation]] = defaultdict(list)
    for relations in base.incoming.values():
        for relation in relations:
            if relation.field == "part_of":
                parents[relation.subject].append(relation)
    reported: set[frozenset[str]] = set()
    for start in sorted(parents):
        path, stack = [start], [iter(parents[start])]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                path.pop()
                continue
            if step.target in path:
                loop = path[path.index(step.target) :]
                if len(loop) > 2 and frozenset(loop) not in reported:  # two-way pairs are reported above
                    reported.add(frozenset(loop))
                    report(
                        base.records[step.subject],
                        ("part_of", step.index, "value"),
                        "part_of makes a cycle: " + " → ".join(loop + [step.target]),
                        "an organization cannot be part of itself",
                    )
                continue
            path.append(step.target)
            stack.append(iter(parents.get(step.target, [])))
    return []
