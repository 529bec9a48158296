"""The JSON Schemas of the fact files, generated from the models and shipped in the package, so
that editors (yaml-language-server in VS Code) complete and check fact files while typing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .kinds import KINDS
from .model import json_schema, relation, relation_fields

SCHEMA_DIR = Path(__file__).parents[1] / "schemas"


def project_schema_dir(facts_dir: Path) -> Path:
    """Where a project keeps the schemas its fact files point at: schemas/ beside facts/, written
    there by `factsheets schemas` (an installed package's own copy moves with every upgrade and
    venv). This repository, whose source the package is, keeps them as package data."""
    own = facts_dir.parent / "generator" / "schemas"
    return own if own.resolve() == SCHEMA_DIR.resolve() else facts_dir.parent / "schemas"


def kind_schema(kind: str) -> dict[str, Any]:
    """The model's schema, and what the model says in its Relates marks: the kinds each reference
    field takes, as a pattern on the claims' `value` (validate's link step checks the same)."""
    model = KINDS[kind].model
    schema = json_schema(model, f"Factsheets {KINDS[kind].singular} file")
    for name in relation_fields(model):
        prop = schema["properties"][name]
        kinds = "|".join(sorted(relation(model, name).kinds))  # type: ignore[union-attr]
        only = {"properties": {"value": {"pattern": rf"^({kinds})/[a-z0-9]+(-[a-z0-9]+)*$"}}}
        prop["items"] = {"allOf": [prop["items"], only]}
    _around(schema)
    return schema


def _around(node: Any) -> None:
    """Validation trims text before it checks a pattern (Strict's str_strip_whitespace), so an
    anchored pattern allows spaces around the text too: `id: " x"` is valid to both."""
    if isinstance(node, dict):
        pattern = node.get("pattern")
        if isinstance(pattern, str) and pattern.startswith("^") and pattern.endswith("$"):
            node["pattern"] = rf"^\s*(?:{pattern[1:-1]})\s*$"
        for value in node.values():
            _around(value)
    elif isinstance(node, list):
        for value in node:
            _around(value)


def schema_text(kind: str) -> str:
    return json.dumps(kind_schema(kind), ensure_ascii=False, indent=2) + "\n"


def write_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    """Write `<kind>.schema.json` for every kind; returns the files that changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    for kind in KINDS:
        path = directory / f"{kind}.schema.json"
        text = schema_text(kind)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


# -- the schemas of the exports (api/<kind>/<id>.json, api/facts.json) ---------------------------
# An export is a fact file as data with its kind and the path of its page added: not the schema of
# the files editors write, so it is published under another name (<kind>.export.schema.json).

EXPORT_ADDED = {
    "kind": "The kind of entity: its folder under facts/ and the first segment of its ref.",
    "page": "The path of its fact sheet in the site, relative to the site's root (a source's own "
    "address is its `url`).",
}


def export_schema(kind: str) -> dict[str, Any]:
    """The model's schema as it serializes, with the fields an export adds first."""
    model = KINDS[kind].model
    schema = model.model_json_schema(by_alias=True, mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Factsheets {KINDS[kind].singular} export (api/{kind}/<id>.json)"
    added = {
        "kind": {"const": kind, "description": EXPORT_ADDED["kind"]},
        "page": {"type": "string", "pattern": rf"^{kind}/\S+$", "description": EXPORT_ADDED["page"]},
    }
    schema["properties"] = {**added, **schema["properties"]}
    schema["required"] = ["kind", "page", *schema.get("required", [])]
    return schema


def facts_export_schema() -> dict[str, Any]:
    """api/facts.json: one list per kind, each entity as its own export; one set of definitions."""
    definitions: dict[str, Any] = {}
    properties = {}
    for kind in KINDS:
        schema = export_schema(kind)
        for name, definition in schema.pop("$defs", {}).items():
            assert definitions.setdefault(name, definition) == definition, f"two definitions of {name}"
        del schema["$schema"]
        definitions[f"{kind}_export"] = schema
        properties[kind] = {"type": "array", "items": {"$ref": f"#/$defs/{kind}_export"}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Factsheets fact base export (api/facts.json)",
        "type": "object",
        "properties": properties,
        "required": list(KINDS),
        "additionalProperties": False,
        "$defs": definitions,
    }


def export_schema_files() -> dict[str, str]:
    """The export schemas by file name, as published beside the fact files' schemas."""
    files = {f"{kind}.export.schema.json": export_schema(kind) for kind in KINDS}
    files["facts.export.schema.json"] = facts_export_schema()
    return {name: json.dumps(schema, ensure_ascii=False, indent=2) + "\n" for name, schema in files.items()}
