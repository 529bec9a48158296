"""Checks across valid records that need more than one file, or the day: names two entities share,
dates in the future, and quotes that are not in the archived copy of their source."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from pydantic import AfterValidator

from ..diagnostics import Diagnostic
from ..factmodel.model import Citation, check_date, claim_fields
from . import agreement, staleness
from .load import Path_, display_path
from .quotes import Archive, read_archive
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


def quotes(records: list[Record], facts_dir: Path) -> list[Diagnostic]:
    """Every quote of a source that has an archived copy must be in that copy."""
    archives: dict[str, Archive | None] = {}
    found: list[Diagnostic] = []
    for record in records:
        if record.kind != "sources" or not getattr(record.entity, "archive", None):
            continue
        path = facts_dir / "sources" / record.entity.archive  # written relative to the source file
        archive, problem = read_archive(path)
        if problem:
            found.append(_warn(record, ("archive",), f"{problem}: {display_path(path)}", "", "error"))
        archives[record.id] = archive
    if not archives:
        return found
    for record in records:
        for field in claim_fields(type(record.entity)):
            for index, claim in enumerate(getattr(record.entity, field)):
                for number, item in enumerate(claim.sources):
                    if not isinstance(item, Citation) or not item.quote:
                        continue
                    archive = archives.get(item.source)
                    if archive is None or archive.contains(item.quote):
                        continue
                    passage = archive.closest(item.quote)
                    found.append(
                        _warn(
                            record,
                            (field, index, "sources", number, "quote"),
                            f"the quote is not in the archived copy of '{item.source}'",
                            f'the closest passage: "{passage}"' if passage else "copy the words from the source",
                            "error",
                        )
                    )
    return found


def values_against_quotes(records: list[Record]) -> list[Diagnostic]:
    """A figure or date in a value that its own quotes do not state: usually a typo (agreement.py)."""
    return [_warn(record, path, message, hint) for record, path, message, hint in agreement.check(records)]


def stale_words(records: list[Record]) -> list[Diagnostic]:
    """A summary or note stating a figure or status its own sheet no longer holds (staleness.py)."""
    return [_warn(record, path, message, hint) for record in records for path, message, hint in staleness.check(record)]


def check_across_files(records: list[Record], facts_dir: Path, today: str) -> list[Diagnostic]:
    return (
        shared_names(records)
        + future_dates(records, today)
        + quotes(records, facts_dir)
        + values_against_quotes(records)
        + stale_words(records)
    )
