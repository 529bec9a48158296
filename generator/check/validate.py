"""Step 2, validate: each loaded file against its kind's model, every problem with its position."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from ..diagnostics import Diagnostic
from ..factmodel.kinds import KINDS
from ..factmodel.model import ID_PATTERN, PATTERN_FORMS, REF_PATTERN, URL_PATTERN, Form, Strict, relation
from ..reuse import Reuse, optional, own_file
from .load import Document, Path_

# Ids whose page would be another page: <kind>/index.md is the kind's index.
RESERVED_IDS = {"index"}
RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_TAGS = {"number", "range", "id", "citation"}  # union branch names pydantic adds to locations


@dataclass
class Record:
    """A valid fact file: its typed entity and where it was written."""

    kind: str
    id: str
    entity: Any  # the kind's model instance
    document: Document

    @property
    def ref(self) -> str:
        return f"{self.kind}/{self.id}"


def _model_at(model: type[BaseModel] | None, loc: Path_) -> type[BaseModel] | None:
    """The model whose fields apply at `loc`, for hints about unknown or missing fields."""
    for step in loc:
        if model is None or isinstance(step, int) or step in _TAGS:
            continue
        info = model.model_fields.get(step) or next((f for f in model.model_fields.values() if f.alias == step), None)
        if info is None:
            return model
        model = _find_model(info.annotation)
    return model


def _find_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _find_model(arg)
        if found is not None:
            return found
    return None


def _field_names(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _data_path(data: Any, loc: tuple[Any, ...]) -> Path_:
    """Pydantic's location mapped onto the data: union branch names dropped."""
    path: list[str | int] = []
    node = data
    for step in loc:
        if (
            isinstance(node, dict)
            and step in node
            or isinstance(node, list)
            and isinstance(step, int)
            and step < len(node)
        ):
            node = node[step]
        elif step in _TAGS:
            continue
        else:
            path.append(step)
            break
        path.append(step)
    return tuple(path)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing" if value is None else type(value).__name__


SYNONYMS = {
    "title": ("role",),
    "position": ("role",),
    "job": ("role",),
    "start": ("from",),
    "since": ("from",),
    "begin": ("from",),
    "end": ("until",),
    "to": ("until",),
    "source": ("sources",),
    "citation": ("sources",),
    "citations": ("sources",),
    "date": ("as_of", "published"),
    "said_by": ("according_to",),
    "by": ("according_to",),
    "alias": ("aliases",),
    "author": ("authors",),
    "comment": ("note",),
    "notes": ("note",),
    "old_ids": ("previous_ids",),
    "previous_id": ("previous_ids",),
}


def _explain(error: Any, model: type[Strict], field: str) -> tuple[str, str]:
    """A message and a hint an editor can act on, for one pydantic error."""
    kind, value, loc = error["type"], error.get("input"), error["loc"]
    here = _model_at(model, loc[:-1])
    if kind == "missing":
        if field == "sources":
            return "a claim without a source", "add `sources:` with at least one source id"
        return f"missing required field '{field}'", ""
    if kind == "extra_forbidden":
        allowed = _field_names(here)
        # Words editors reach for, mapped to this model's field; then a close spelling, strictly
        # enough that `title` does not become `until`. Only fields valid right here are offered.
        close = [f for f in SYNONYMS.get(str(field).lower(), ()) if f in allowed][:1]
        close = close or difflib.get_close_matches(str(field), allowed, n=1, cutoff=0.7)
        return f"unknown field '{field}'", (
            f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(allowed)
        )
    if kind in ("literal_error", "enum"):
        expected = error.get("ctx", {}).get("expected", "").replace("'", "")
        return f"'{value}' is not allowed for '{field}'", f"allowed: {expected.replace(' or ', ', ')}"
    if kind == "too_short" and field == "sources":
        return "a claim without a source", "list at least one source id"
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern")
        form = PATTERN_FORMS.get(pattern, Form("in the expected form", f"match {pattern}", ""))
        if pattern == ID_PATTERN and field != "id" and isinstance(value, str) and value.startswith("sources/"):
            return f"'{value}' is not a source id", f"a source is cited by its bare id: {value[8:]}"
        if pattern == URL_PATTERN and _has_credentials(str(value)):
            return "the URL holds a user name or password", "remove the part before @: it would be published"
        if pattern == REF_PATTERN:  # the kinds this field takes
            mark = relation(model, str(loc[0])) if loc else None
            kinds = sorted(mark.kinds) if mark else list(KINDS)
            return f"'{value}' is not {form.what}", "write " + " or ".join(f"{k}/<id>" for k in kinds)
        return f"'{value}' is not {form.what}", form.hint
    if kind == "string_too_long":
        return f"'{field}' is too long", f"at most {error.get('ctx', {}).get('max_length')} characters"
    if kind in ("string_type", "string_sub_type"):
        hint = "put it in quotes" if isinstance(value, (int, float, bool)) else ""
        return f"'{field}' should be text, not {_describe(value)}", hint
    if kind == "string_too_short":
        return f"'{field}' is empty", "write the text or remove the field"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        hint = "write a whole number like 95, or {at_least: 17}, {at_most: 103}, {approx: 700}"
        return f"'{field}' should be a whole number, not {_describe(value)} '{value}'", hint
    # A claim's value is named by its field: "'latitude' must be between -90 and 90 degrees".
    named = str(loc[0]) if field == "value" and loc and isinstance(loc[0], str) else field
    if kind in _BOUNDS:
        return _out_of_bounds(error, _field_info(model, loc), named, value), ""
    if kind in ("float_type", "float_parsing"):
        return f"'{named}' should be a number, not {_describe(value)} '{value}'", ""
    if kind == "list_type":
        return f"'{field}' should be a list, not {_describe(value)}", "start each item with '- '"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"'{field}' should be a mapping of fields, not {_describe(value)}", ""
    if kind == "union_tag_invalid":
        return f"'{field}' has the wrong type", ""
    if kind == "value_error":
        return error["msg"].removeprefix("Value error, "), ""
    return error["msg"], ""


_BOUNDS = {"greater_than_equal": "ge", "greater_than": "gt", "less_than_equal": "le", "less_than": "lt"}


def _field_info(model: type[BaseModel] | None, loc: Path_) -> Any:
    """The pydantic field at `loc`, for the metadata of a value: its bounds and unit."""
    owner = _model_at(model, loc[:-1])
    name = next((step for step in reversed(loc) if isinstance(step, str) and step not in _TAGS), None)
    return owner.model_fields.get(str(name)) if owner is not None else None


def _out_of_bounds(error: Any, info: Any, field: str, value: Any) -> str:
    """A value out of bounds, in words: from the field's own bounds and unit (`json_schema_extra=
    {"unit": …}`), else from the one bound the error names."""
    bounds = {
        name: getattr(m, name) for m in (info.metadata if info else []) for name in _BOUNDS.values() if hasattr(m, name)
    }
    bounds = bounds or dict(error.get("ctx", {}))
    extra = info.json_schema_extra if info is not None and isinstance(info.json_schema_extra, dict) else {}
    unit = f" {extra['unit']}" if extra.get("unit") else ""
    low, high = bounds.get("ge", bounds.get("gt")), bounds.get("le", bounds.get("lt"))
    if low is not None and high is not None:
        return f"'{field}' must be between {low} and {high}{unit}, not {value}"
    if low == 0 and "ge" in bounds:
        return f"'{field}' cannot be negative ({value})"
    if low is not None:
        return f"'{field}' must be {'at least' if 'ge' in bounds else 'above'} {low}{unit}, not {value}"
    return f"'{field}' must be {'at most' if 'le' in bounds else 'below'} {high}{unit}, not {value}"


def _has_credentials(url: str) -> bool:
    authority = url.split("://", 1)[-1]
    return "@" in re.split(r"[/?#\\]", authority, maxsplit=1)[0]


def check_document(document: Document) -> tuple[Record | None, list[Diagnostic]]:
    model = KINDS[document.kind].model
    data = document.data
    found: list[Diagnostic] = []

    def report(path: Path_, message: str, hint: str = "", *, key: bool = False) -> None:
        line, column = document.position(path, key=key)
        found.append(Diagnostic(document.path, line, column, "error", message, hint))

    if not isinstance(data, dict):
        report((), f"a fact file is a mapping of fields, not {_describe(data)}", "start with `id:` and `name:`")
        return None, found
    entity = None
    try:
        entity = model.model_validate(data)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            path = _data_path(data, item["loc"])
            field = next((s for s in reversed(path) if isinstance(s, str)), "")
            if item["type"] == "missing":
                field = str(item["loc"][-1])
            message, hint = _explain(item, model, field)
            report(path, message, hint, key=item["type"] == "extra_forbidden")
    file_id = data.get("id")
    if isinstance(file_id, str):
        if file_id != document.stem:
            report(
                ("id",),
                f"the id '{file_id}' differs from the file name '{document.stem}.yaml'",
                f"rename the file to {file_id}.yaml or set `id: {document.stem}`",
            )
        if file_id in RESERVED_IDS:
            report(
                ("id",),
                f"'{file_id}' is reserved: the page of the id would be the {document.kind} index",
                "choose another id",
            )
        if file_id.lower() in RESERVED_NAMES:
            report(("id",), f"'{file_id}' is a reserved device name on Windows", "choose another id")
    if entity is None or found:
        return None, found
    return Record(document.kind, entity.id, entity, document), found


def _identity(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def validate(documents: list[Document], reuse: Reuse | None = None) -> tuple[list[Record], list[Diagnostic]]:
    """Every document checked; records only for the valid ones. Under serve, an unchanged file's check
    is kept (`reuse`)."""
    records: list[Record] = []
    diagnostics: list[Diagnostic] = []
    seen: dict[tuple[str, str], Document] = {}
    for document in documents:
        key = (document.kind, _identity(document.stem))
        if key in seen:
            diagnostics.append(
                Diagnostic(
                    document.path, 1, 1, "error", f"this file's id collides with {seen[key].path}", "rename one of them"
                )
            )
            continue
        seen[key] = document
        record, problems = optional(reuse, "checked", document.path, own_file, check_document, document)
        diagnostics += problems
        if record is not None:
            records.append(record)
    return records, diagnostics
