"""Checks across valid records that need more than one file, or the day: names two entities share,
dates in the future, and quotes that are not in the archived copy of their source."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from pydantic import AfterValidator

from ..diagnostics import Diagnostic
from ..factmodel.model import Citation, check_date, claim_fields
from ..reuse import Key, Reuse, optional
from . import agreement, staleness
from .load import Path_, display_path
from .quotes import MAX_ARCHIVE_TOTAL, MAX_ARCHIVES, read_archive
from .validate import Record


def name_key(text: str) -> str:
    """A name as a reader would search for it: no case, no diacritics, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def names_of(entity: Any) -> list[tuple[Path_, str]]:
    """The entity's name and aliases, with the path each was written at."""
    found: list[tuple[Path_, str]] = [(("name",), entity.name)]
    found += [(("aliases", i), alias) for i, alias in enumerate(getattr(entity, "aliases", []))]
    return found


def _warn(record: Record, path: Path_, message: str, hint: str, severity: str = "warning") -> Diagnostic:
    line, column = record.document.position(path)
    return Diagnostic(record.document.path, line, column, severity, message, hint)  # type: ignore[arg-type]


def shared_names(records: list[Record]) -> list[Diagnostic]:
    """Two entities of a kind with one name or alias are usually one entity written twice."""
    first: dict[tuple[str, str], Record] = {}
    found = []
    for record in sorted(records, key=lambda r: (r.kind, r.id)):
        for path, name in names_of(record.entity):
            key = (record.kind, name_key(name))
            other = first.setdefault(key, record)
            if other is not record:
                found.append(
                    _warn(
                        record,
                        path,
                        f"'{name}' is also a name or alias of {other.ref}",
                        "if it is the same entity, keep one file and add the other spellings to its aliases",
                    )
                )
                break  # one warning per pair of files is enough
    return found


def _is_date_field(info: Any) -> bool:
    validators = [*info.metadata]
    for arg in getattr(info.annotation, "__args__", ()):
        validators += getattr(arg, "__metadata__", ())
    return any(isinstance(v, AfterValidator) and v.func is check_date for v in validators)


_DATE_FIELDS: dict[type, tuple[tuple[str, str], ...]] = {}


def date_fields(model: type) -> tuple[tuple[str, str], ...]:
    """(attribute, field name as written) of every date field of a model."""
    if model not in _DATE_FIELDS:
        _DATE_FIELDS[model] = tuple(
            (name, info.alias or name)
            for name, info in model.model_fields.items()  # type: ignore[attr-defined]
            if _is_date_field(info)
        )
    return _DATE_FIELDS[model]


def is_future(date: str, today: str) -> bool:
    """Whether a date with its precision starts after today: 2027 does, 2026-11 does not in November."""
    written = date.rstrip("~?")
    return written > today[: len(written)]


def future_dates(records: list[Record], today: str) -> list[Diagnostic]:
    """A date after today is usually a typo; a clock-free `today` keeps CI from turning red by itself."""
    found = []
    hint = "check the date; `--today YYYY-MM-DD` sets the day the checks count from"
    for record in records:
        entity = record.entity
        for attribute, written in date_fields(type(entity)):
            value = getattr(entity, attribute)
            if value and is_future(value, today):
                what = "review date" if attribute == "reviewed" else "date"
                found.append(_warn(record, (written,), f"the {what} {value} is after today ({today})", hint))
        for field in claim_fields(type(entity)):
            for index, claim in enumerate(getattr(entity, field)):
                for attribute, written in date_fields(type(claim)):
                    value = getattr(claim, attribute)
                    if value and is_future(value, today):
                        found.append(
                            _warn(record, (field, index, written), f"the date {value} is after today ({today})", hint)
                        )
    return found


def _archives(records: list[Record], facts_dir: Path) -> tuple[dict[str, tuple[Record, Path]], list[Diagnostic]]:
    """The archived copy of each source that names one, within the limits of their count and size."""
    found: dict[str, tuple[Record, Path]] = {}
    problems: list[Diagnostic] = []
    total = 0
    for record in records:
        if record.kind != "sources" or not getattr(record.entity, "archive", None):
            continue
        path = facts_dir / "sources" / record.entity.archive  # written relative to the source file
        try:
            size = path.lstat().st_size
        except OSError:
            size = 0
        total += size
        if len(found) == MAX_ARCHIVES or total > MAX_ARCHIVE_TOTAL:
            limit = (
                f"more than {MAX_ARCHIVES} archived copies"
                if len(found) == MAX_ARCHIVES
                else f"archived copies of more than {MAX_ARCHIVE_TOTAL // 1024 // 1024} MiB in all"
            )
            hint = "its quotes are not checked; archive the pages quoted, not whole sites"
            problems.append(_warn(record, ("archive",), f"{limit}: {display_path(path)}", hint, "error"))
            continue
        found[record.id] = (record, path)
    return found, problems


def quotes(records: list[Record], facts_dir: Path) -> list[Diagnostic]:
    """Every quote of a source that has an archived copy must be in that copy. One copy in memory at
    a time, its missing quotes' passages found in one pass (quotes.py)."""
    archived, found = _archives(records, facts_dir)
    if not archived:
        return found
    cited: dict[str, list[tuple[Record, Path_, str]]] = {source: [] for source in archived}
    for record in records:
        for field in claim_fields(type(record.entity)):
            for index, claim in enumerate(getattr(record.entity, field)):
                for number, item in enumerate(claim.sources):
                    if isinstance(item, Citation) and item.quote and item.source in cited:
                        cited[item.source].append((record, (field, index, "sources", number, "quote"), item.quote))
    for source, (record, path) in archived.items():
        archive, problem = read_archive(path)
        if archive is None:
            found.append(_warn(record, ("archive",), f"{problem}: {display_path(path)}", "", "error"))
            continue
        missing = [citation for citation in cited[source] if not archive.contains(citation[2])]
        passages = archive.closest_passages([quote for _, _, quote in missing])
        for (citing, where, _), passage in zip(missing, passages, strict=True):
            found.append(
                _warn(
                    citing,
                    where,
                    f"the quote is not in the archived copy of '{source}'",
                    f'the closest passage: "{passage}"' if passage else "copy the words from the source",
                    "error",
                )
            )
    return found


def values_against_quotes(records: list[Record], reuse: Reuse | None = None) -> list[Diagnostic]:
    """A figure or date in a value that its own quotes do not state: usually a typo (agreement.py).
    Under serve (`reuse`) a file's findings are kept while it and the dates of the sources it quotes are."""
    published = {r.id: getattr(r.entity, "published", None) for r in records if r.kind == "sources"}

    def found(record: Record) -> list[Diagnostic]:
        disagreeing = agreement.disagreeing_values([record], published)
        return [_warn(record, path, message, hint) for record, path, message, hint in disagreeing]

    def read(record: Record) -> Key:
        claims = [claim for field in claim_fields(type(record.entity)) for claim in getattr(record.entity, field)]
        quoted = {item.source for claim in claims for item in claim.sources if isinstance(item, Citation)}
        return (record.document,), tuple((source, published.get(source)) for source in sorted(quoted))

    return [d for record in records for d in optional(reuse, "agreement", record.ref, read, found, record)]


def stale_words(records: list[Record]) -> list[Diagnostic]:
    """A summary or note stating a figure or status its own sheet no longer holds (staleness.py)."""
    return [
        _warn(record, path, message, hint)
        for record in records
        for path, message, hint in staleness.stale_statements(record)
    ]


def check_across_files(
    records: list[Record], facts_dir: Path, today: str, reuse: Reuse | None = None
) -> list[Diagnostic]:
    return (
        shared_names(records)
        + future_dates(records, today)
        + quotes(records, facts_dir)
        + values_against_quotes(records, reuse)
        + stale_words(records)
    )
