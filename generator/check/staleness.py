"""Stale words: a summary or note that still states a figure or a status its own sheet no longer holds
current ("put the death toll at 95" above "Deaths 84"; "no group claimed responsibility" once a group
has). Figures are compared in digits, statuses by their phrase; a figure some standing claim of the
sheet still gives is never stale."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .. import wording
from ..factmodel.model import CountClaim, ResponsibilityClaim, claim_fields, field_label
from .agreement import NUMBER

# How a summary says a status, by value: found in a summary, it is stale once the claim is overtaken.
_STATUS_PHRASES = {
    "none_claimed": re.compile(r"\bno (?:group|one|organi[sz]ation)\b[^.;]*\bclaim", re.IGNORECASE),
    "not_established": re.compile(r"\bnot (?:yet )?(?:been )?established\b", re.IGNORECASE),
}

# A sentence that tells the history itself ("first put at 95, since revised to 84") is not stale.
_HISTORY = re.compile(
    r"\b(revis\w*|earlier|initial\w*|first|previous\w*|originally|until|before|at first|had|was|were)\b", re.IGNORECASE
)
_SENTENCE = re.compile(r"[^.;!?]+")

Path_ = tuple[Any, ...]


def _figures(value: Any) -> set[int]:
    if isinstance(value, int):
        return {value}
    return {n for n in (value.at_least, value.at_most, value.approx) if n is not None}


def _texts(entity: Any) -> Iterator[tuple[Path_, str]]:
    """The summary and the notes of standing claims: the words that speak for the sheet as it is now."""
    if getattr(entity, "summary", None):
        yield ("summary",), entity.summary
    for field in claim_fields(type(entity)):
        for index, claim in enumerate(getattr(entity, field)):
            if claim.note and claim.stands:
                yield (field, index, "note"), claim.note


def stale_statements(record: Any) -> Iterator[tuple[Path_, str, str]]:
    """(where, message, hint) for every figure or status the record's own words state and its claims
    no longer hold current."""
    entity = record.entity
    current: set[int] = set()
    stale: dict[int, str] = {}  # figure -> the field it was overtaken in
    overtaken: list[tuple[str, ResponsibilityClaim]] = []
    for field in claim_fields(type(entity)):
        for claim in getattr(entity, field):
            if isinstance(claim, CountClaim):
                if claim.stands:
                    current |= _figures(claim.value)
                elif claim.status == "superseded":
                    stale.update(dict.fromkeys(_figures(claim.value), field))
            elif isinstance(claim, ResponsibilityClaim) and claim.status == "superseded":
                overtaken.append((field, claim))
    stale = {n: f for n, f in stale.items() if n not in current}
    if not stale and not overtaken:
        return
    for where, words in _texts(entity):
        what = "the summary" if where == ("summary",) else "the note"
        text = " ".join(s for s in _SENTENCE.findall(words) if not _HISTORY.search(s))
        for found in NUMBER.findall(text):
            figure = int(found.replace(",", ""))
            if figure in stale:
                label = field_label(type(entity), stale[figure]).lower()
                yield (
                    where,
                    f"{what} states {found}, a figure since superseded in '{stale[figure]}'",
                    (f"say what the sheet's {label} now give, or say that {found} was an earlier figure"),
                )
        for field, claim in overtaken:
            if _STATUS_PHRASES[claim.value].search(text):
                yield (
                    where,
                    f"{what} says {wording.value_words(claim)}, a claim since overtaken in '{field}'",
                    ("tell what was claimed since, or say when the earlier claim was true"),
                )
