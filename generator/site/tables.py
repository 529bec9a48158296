"""The fact base as joinable tables: CSV files and the Frictionless Data Package that describes them.

- `entities.csv`: one row per entity of every kind, keyed by its ref (`people/jane-doe`);
- `<kind>.csv`: one row per entity of a kind, every field of its model; relation columns hold refs,
  with the names in a column of their own;
- `claims.csv`: one row per claim, its value, attribution, status and qualifiers in columns of their
  own, its subject and target joinable to `entities.csv`;
- `citations.csv`: one row per source a claim cites, with the quote and locator.

The columns are read from the models, so a new field or kind is a new column with no edit here.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .. import wording
from ..check.link import FactBase, claims_of, sequence
from ..check.validate import Record
from ..factmodel.kinds import KINDS, Kind
from ..factmodel.model import (
    Citation,
    Claim,
    CountClaim,
    OriginalName,
    Range,
    RefClaim,
    claim_fields,
    relation,
)
from ..reuse import Key, Reuse, optional
from .pages import inputs

SEPARATOR = "; "  # between the values of a list in one cell


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, integer, boolean
    description: str


# -- cells ---------------------------------------------------------------------------------------

# Spreadsheets run a cell whose text starts with one of these as a formula (`;` and `,` start
# one in locales that separate arguments with them); leading spaces don't stop them.
_FORMULA_START = re.compile(r"^([ \t]*[=+\-@;,\t\r])", re.M)
_STARTS = frozenset(" \t=+-@;,\r")


def cell(text: str) -> str:
    """Every line of a cell that a spreadsheet could read as a formula starts with `'` instead:
    a line break inside a quoted cell is still a new line to some importers."""
    if not text or (text[0] not in _STARTS and "\n" not in text and "\r" not in text):
        return text  # most cells: a third of the cost of the tables was the pattern
    return _FORMULA_START.sub(r"'\1", text)


def _text(value: Any) -> str:
    if type(value) is str:  # most cells, first
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return SEPARATOR.join(_text(v) for v in value)
    return str(value)


def _csv(columns: list[Column], rows: Iterable[dict[str, Any]], header: bool = True) -> str:
    out = io.StringIO()
    # Every cell quoted: a separator, quote or line break in text can't start a cell or a row.
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    names = [c.name for c in columns]
    if header:
        writer.writerow(names)
    for row in rows:
        writer.writerow([cell(_text(row.get(name))) for name in names])
    return out.getvalue()


PageOf = Callable[[str], str]  # the path of an entity's page from its ref: publish's, the site's one rule


# -- entities ------------------------------------------------------------------------------------

ENTITY_COLUMNS = [
    Column("ref", "string", "The entity's kind and id: people/jane-doe. Relation columns of every table hold refs."),
    Column("kind", "string", "incidents, organizations, people, dates or sources."),
    Column("id", "string", "The id, equal to the fact file's name."),
    Column("name", "string", "The name readers know it by."),
    Column("page", "string", "The path of its fact sheet in the site."),
]


def entity_rows(base: FactBase, page: PageOf) -> Iterator[dict[str, Any]]:
    for kind in KINDS:
        for record in base.by_kind.get(kind, []):
            yield entity_row(record, page)


def entity_row(record: Record, page: PageOf) -> dict[str, Any]:
    return {
        "ref": record.ref,
        "kind": record.kind,
        "id": record.id,
        "name": record.entity.name,
        "page": page(record.ref),
    }


# -- one table per kind --------------------------------------------------------------------------


def _field_description(kind: Kind, name: str) -> str:
    info = kind.model.model_fields[name]
    return (info.description or name.replace("_", " ").capitalize()).strip()


def kind_columns(kind: Kind) -> list[Column]:
    """Every field of the kind's model in model order. A claim field holds the values its sources state
    as fact (no allegation, dispute, denial or superseded figure: those are in claims.csv with their
    status); a relation field holds their refs and, in `<field>_names`, their names; `<field>_words`
    holds its current claims in the words of the fact sheet."""
    columns, claims = [], set(claim_fields(kind.model))
    for name, info in kind.model.model_fields.items():
        column = info.alias or name
        description = _field_description(kind, name)
        if name in claims:
            if relation(kind.model, name):
                columns.append(Column(column, "string", f"{description} Stated as fact: refs, joined by '; '."))
                columns.append(Column(f"{column}_names", "string", "Their names, in the same order."))
            else:
                columns.append(Column(column, "string", f"{description} Stated as fact: values, joined by '; '."))
            columns.append(Column(f"{column}_words", "string", "Its current claims in the words of the fact sheet."))
        else:
            joined = " Joined by '; '." if getattr(info.annotation, "__origin__", None) is list else ""
            columns.append(Column(column, "string", description + joined))
    columns.append(Column("page", "string", "The path of its fact sheet in the site."))
    if "cited_by" in kind.columns:
        columns.append(Column("cited_by", "integer", "How many fact sheets cite it."))
    return columns


def _fact_value(claim: Claim) -> str:
    """A value stated as fact, as data: a date or ref as written, a figure's bounds in words."""
    if isinstance(claim, CountClaim):
        return wording.figure_words(claim.value) + (f" {claim.group}" if claim.group else "")
    return str(claim.value)


def kind_rows(base: FactBase, kind: Kind, page: PageOf) -> Iterator[dict[str, Any]]:
    for record in base.by_kind.get(kind.name, []):
        yield kind_row(base, kind, record, page)


def kind_row(base: FactBase, kind: Kind, record: Record, page: PageOf) -> dict[str, Any]:
    claims = set(claim_fields(kind.model))
    row: dict[str, Any] = {"page": page(record.ref)}
    for name, info in kind.model.model_fields.items():
        column, value = info.alias or name, getattr(record.entity, name)
        if name in claims:
            standing = [c for c in value if c.is_fact]
            row[column] = [_fact_value(c) for c in standing]
            if relation(kind.model, name):
                row[column] = [base.resolve(c.value) for c in standing]
                row[f"{column}_names"] = [base.name(c.value) for c in standing]
            told = sequence(record.entity, name)  # claims told together read as one passage
            row[f"{column}_words"] = (
                wording.sequence_field_words(told, base.name) if told else wording.field_words(value, base.name)
            )
        else:
            row[column] = value.text if isinstance(value, OriginalName) else value  # its language is on the sheet
    if "cited_by" in kind.columns:
        row["cited_by"] = len(base.cited_by.get(record.id, []))
    return row


def kind_csv(base: FactBase, kind: Kind, page: PageOf) -> str:
    return _csv(kind_columns(kind), kind_rows(base, kind, page))


# -- claims and citations ------------------------------------------------------------------------


def _claim_types() -> list[type[Claim]]:
    """Every claim model the kinds use, in the order they first appear."""
    found: dict[type[Claim], None] = {}
    for kind in KINDS.values():
        for name in claim_fields(kind.model):
            found[kind.model.model_fields[name].annotation.__args__[0]] = None  # type: ignore[union-attr]
    return list(found)


_QUALIFIERS = {  # for the claim fields whose model gives no description
    "role": "The role in a membership or an involvement.",
    "from_": "When a membership began.",
    "until": "When a membership ended.",
}


@functools.cache  # read from the models, which never change
def _qualifier_fields() -> list[tuple[str, str, str]]:
    """(attribute, column, description) of the fields some claims add: role, responsibility, from…"""
    seen: dict[str, tuple[str, str, str]] = {}
    for claim_type in _claim_types():
        for name, info in claim_type.model_fields.items():
            if name not in Claim.model_fields and name not in seen:
                description = (info.description or _QUALIFIERS.get(name, "")).strip()
                seen[name] = (name, info.alias or name, description)
    return list(seen.values())


# Columns that read a claim's base field more closely, placed right after it.
_BESIDE = {
    "according_to": Column("according_to_name", "string", "When `according_to` is an entity, its name."),
    "status": Column(
        "current", "boolean", "Whether the claim stands (neither superseded nor denied): the page's current value."
    ),
}


def claim_columns() -> list[Column]:
    """The claim's key, subject and value, then every field of Claim (as_of, according_to, status…),
    then the fields some kinds of claim add (role, responsibility…), then its sources and words."""
    columns = [
        Column(
            "claim", "string", "The claim's key: the subject's ref, the field and the claim's place in it (from 1)."
        ),
        Column("subject", "string", "The ref of the entity whose fact file holds the claim."),
        Column("field", "string", "The field of the subject that holds the claim."),
        Column(
            "value", "string", "The value as written: text, a date, a ref, a number, or a figure's bounds in words."
        ),
        Column("target", "string", "For a relation, the ref of the entity the claim points to."),
        Column("target_name", "string", "Its name."),
        Column("number", "integer", "For a figure, the exact number."),
        Column("at_least", "integer", "For a figure known by its bounds: at least."),
        Column("at_most", "integer", "At most."),
        Column("approx", "integer", "About."),
    ]
    for name, info in Claim.model_fields.items():
        if name not in ("value", "sources"):
            columns.append(Column(info.alias or name, "string", (info.description or "").strip()))
            columns += [_BESIDE[name]] if name in _BESIDE else []
    columns += [Column(column, "string", description) for _, column, description in _qualifier_fields()]
    columns.append(Column("sources", "string", "The ids of the sources it cites, joined by '; '."))
    columns.append(Column("words", "string", "The claim in the words of the fact sheet."))
    return columns


def claim_key(ref: str, field: str, index: int) -> str:
    return f"{ref}#{field}-{index + 1}"


def _figure(value: Any) -> dict[str, Any]:
    if isinstance(value, Range):
        return {"at_least": value.at_least, "at_most": value.at_most, "approx": value.approx}
    return {"number": value}


def claim_rows(base: FactBase) -> Iterator[dict[str, Any]]:
    for kind in KINDS:
        for record in base.by_kind.get(kind, []):
            yield from record_claim_rows(base, record)


def record_claim_rows(base: FactBase, record: Record) -> Iterator[dict[str, Any]]:
    qualifiers = _qualifier_fields()
    for field, index, claim in claims_of(record):
        row: dict[str, Any] = {
            "claim": claim_key(record.ref, field, index),
            "subject": record.ref,
            "field": field,
            "value": claim.value if not isinstance(claim, CountClaim) else wording.figure_words(claim.value),
            "current": claim.stands,
            "sources": claim.source_ids(),
            "words": wording.claim_words(claim, base.name),
        }
        for name, info in Claim.model_fields.items():
            if name not in ("value", "sources"):
                row[info.alias or name] = getattr(claim, name)
        if isinstance(claim, CountClaim):
            row.update(_figure(claim.value))
        if isinstance(claim, RefClaim):
            row["target"] = base.resolve(claim.value)
            row["target_name"] = base.name(claim.value)
        if claim.according_to and base.resolve(claim.according_to) in base.records:
            row["according_to_name"] = base.name(claim.according_to)
        own = type(claim).model_fields
        for attribute, column, _ in qualifiers:
            row[column] = getattr(claim, attribute) if attribute in own else None
        yield row


CITATION_COLUMNS = [
    Column("claim", "string", "The claim's key in claims.csv."),
    Column("source", "string", "The id of the source, in sources.csv."),
    Column("quote", "string", "The source's own words, verbatim."),
    Column("locator", "string", "Where in the source: page, paragraph, timestamp."),
]


def citation_rows(base: FactBase) -> Iterator[dict[str, Any]]:
    for kind in KINDS:
        for record in base.by_kind.get(kind, []):
            yield from record_citation_rows(record)


def record_citation_rows(record: Record) -> Iterator[dict[str, Any]]:
    for field, index, claim in claims_of(record):
        for item in claim.sources:
            key = claim_key(record.ref, field, index)
            if isinstance(item, Citation):
                yield {"claim": key, "source": item.source, "quote": item.quote, "locator": item.locator}
            else:
                yield {"claim": key, "source": item}


# -- the data package ----------------------------------------------------------------------------


def _resource(name: str, title: str, columns: list[Column], key: list[str] | None, foreign: list[tuple]) -> dict:
    schema: dict[str, Any] = {
        "fields": [{"name": c.name, "type": c.type, "description": c.description} for c in columns],
        "missingValues": [""],
    }
    if key:
        schema["primaryKey"] = key
    if foreign:
        schema["foreignKeys"] = [
            {"fields": field, "reference": {"resource": resource, "fields": target}}
            for field, resource, target in foreign
        ]
    return {
        "name": name,
        "title": title,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True},
        "schema": schema,
    }


# Every table's columns by its name (its file is `api/<name>.csv`), in the order they are published.
TABLES: dict[str, Callable[[], list[Column]]] = {
    "entities": lambda: ENTITY_COLUMNS,
    **{name: functools.partial(kind_columns, kind) for name, kind in KINDS.items()},
    "claims": claim_columns,
    "citations": lambda: CITATION_COLUMNS,
}


def tables(base: FactBase, page: PageOf) -> dict[str, tuple[list[Column], Iterator[dict[str, Any]]]]:
    """Every table by its name (its file is `<name>.csv` beside the descriptor)."""
    found = {"entities": (ENTITY_COLUMNS, entity_rows(base, page))}
    found.update({kind.name: (kind_columns(kind), kind_rows(base, kind, page)) for kind in KINDS.values()})
    found["claims"] = (claim_columns(), claim_rows(base))
    found["citations"] = (CITATION_COLUMNS, citation_rows(base))
    return found


def data_package(site_name: str) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of the tables: field types, keys between them."""
    resources = [_resource("entities", "Every entity, of every kind", ENTITY_COLUMNS, ["ref"], [])]
    resources += [_resource(kind.name, kind.title, kind_columns(kind), ["id"], []) for kind in KINDS.values()]
    resources.append(
        _resource(
            "claims",
            "Every claim, with its attribution, status and qualifiers",
            claim_columns(),
            ["claim"],
            [("subject", "entities", "ref"), ("target", "entities", "ref")],
        )
    )
    resources.append(
        _resource(
            "citations",
            "The sources each claim cites",
            CITATION_COLUMNS,
            None,
            [("claim", "claims", "claim"), ("source", "sources", "id")],
        )
    )
    name = re.sub(r"[^a-z0-9._-]+", "-", site_name.lower()).strip("-._") or "factsheets"
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": f"{site_name}: fact base",
        "resources": resources,
    }


def table_files(base: FactBase, page: PageOf, reuse: Reuse | None = None) -> dict[str, str]:
    """Each table's CSV text by its file name, as `tables` has them, written entity by entity: under
    `mkdocs serve` (`reuse`) an entity's lines are kept while what its fact sheet reads is unchanged."""
    if reuse is None:  # a build: each table in one stream, twice as fast as entity by entity
        return {f"{name}.csv": _csv(columns, rows) for name, (columns, rows) in tables(base, page).items()}
    texts = {name: [_csv(_columns(name), ())] for name in TABLES}
    for kind in KINDS.values():
        for record in base.by_kind.get(kind.name, []):
            for name, text in optional(reuse, "csv", record.ref, _lines_inputs, _lines, base, kind, record, page):
                texts[name].append(text)
    return {f"{name}.csv": "".join(parts) for name, parts in texts.items()}


def _lines(base: FactBase, kind: Kind, record: Record, page: PageOf) -> list[tuple[str, str]]:
    """An entity's lines in each table it has rows in."""
    return [
        ("entities", _csv(ENTITY_COLUMNS, [entity_row(record, page)], header=False)),
        (kind.name, _csv(_columns(kind.name), [kind_row(base, kind, record, page)], header=False)),
        ("claims", _csv(_columns("claims"), record_claim_rows(base, record), header=False)),
        ("citations", _csv(CITATION_COLUMNS, record_citation_rows(record), header=False)),
    ]


@functools.cache
def _columns(table: str) -> list[Column]:
    return TABLES[table]()


def _lines_inputs(base: FactBase, kind: Kind, record: Record, page: PageOf) -> Key:
    documents, mentions = inputs(base, record)  # its rows show no more than its sheet does
    # a bound method (SiteUrls.sheet) equals another only when bound to the same object: compare its object
    return documents, (mentions, getattr(page, "__self__", None), getattr(page, "__func__", page))
