"""`factsheets new <kind> "<name>"`: a valid skeleton fact file with a fresh id."""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any, get_args

import yaml

from ..check.crossfile import name_key
from ..check.load import parse, read_file
from ..check.validate import RESERVED_NAMES
from ..factmodel.kinds import KINDS
from ..factmodel.model import PATTERN_FORMS, Claim, Named, claim_fields, relation
from ..factmodel.schemas import project_schema_dir, write_schemas

KIND_NAMES = {
    **{kind: kind for kind in KINDS},
    **{k.singular: name for name, k in KINDS.items()},
    "organisation": "organizations",
    "organisations": "organizations",
}


class ScaffoldError(Exception):
    """Something the editor must change before a file can be written."""


def make_id(name: str) -> str:
    """Transliterate a name to the id rules: `Qassem Soleimani` → `qassem-soleimani`."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.replace("'", "").replace("’", "")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")
    if not slug:
        raise ScaffoldError(f"cannot make an id from {name!r}: give one with --id")
    return f"{slug}-1" if slug in RESERVED_NAMES else slug


def same_name(folder: Path, name: str) -> tuple[Path, str] | None:
    """A fact file of the folder whose name or alias is `name` (no case, no diacritics), and which
    of the two it is. Files are read as loosely as possible: an invalid one still has a name."""
    wanted = name_key(name)
    for path in sorted(folder.glob("*.yaml")):
        raw, _ = read_file(path, folder.name)
        document, _ = parse(raw or b"", str(path))
        data = document.data if document is not None and isinstance(document.data, dict) else {}
        aliases = data.get("aliases")
        aliases = aliases if isinstance(aliases, list) else []
        for what, value in [("name", data.get("name")), *(("alias", a) for a in aliases)]:
            if isinstance(value, str) and name_key(value) == wanted:
                return path, what
    return None


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def skeleton(kind: str, id_: str, name: str, today: str, schemas: str = "../../schemas") -> str:
    """The file's text: required fields filled in, every other field as a commented example drawn
    from the model (its examples, bounds, patterns and closed sets); `schemas` is the schema folder
    relative to the file's."""
    model = KINDS[kind].model
    schema = model.model_json_schema(by_alias=True)
    lines = [
        f"# yaml-language-server: $schema={schemas}/{kind}.schema.json",
        f"id: {id_}",
        f"name: {_quote(name)}",
    ]
    claims = claim_fields(model)
    for field, info in model.model_fields.items():
        key = info.alias or field
        if field in ("id", "name", "previous_ids") or field in claims:
            continue
        if field == "reviewed":  # the editor writing the file has just checked it
            lines.append(f'reviewed: "{today}"')
        else:
            lines.append(f"# {key}: {_example(schema['properties'][key], schema)}   # {info.description or ''}")
    for field in claims:
        lines += ["", f"# {field}: {model.model_fields[field].description or ''}", f"# {field}:"]
        lines += _claim_lines(model, field)
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _claim_lines(model: type[Named], field: str) -> list[str]:
    """A commented claim: its value, then the fields its kind of claim requires or gives examples of."""
    claim = get_args(model.model_fields[field].annotation)[0]
    schema = claim.model_json_schema(by_alias=True)
    mark = relation(model, field)
    value = f"{sorted(mark.kinds)[-1]}/example-id" if mark else _example(schema["properties"]["value"], schema)
    lines = [f"#  - value: {value}{_range(schema['properties']['value'])}"]
    for name, info in claim.model_fields.items():
        if name in Claim.model_fields or not (info.is_required() or info.examples):
            continue
        key = info.alias or name
        lines.append(f"#    {key}: {_example(schema['properties'][key], schema)}")
    return [*lines, "#    sources: [source-id]"]


def _range(prop: dict[str, Any]) -> str:
    """The bounds and unit of a number, as a comment: "   # -90 to 90 degrees"."""
    if "minimum" not in prop or "maximum" not in prop:
        return ""
    return f"   # {prop['minimum']} to {prop['maximum']}" + (f" {prop['unit']}" if prop.get("unit") else "")


def _example(prop: dict[str, Any], schema: dict[str, Any]) -> str:
    """A value for a field, in YAML, from its JSON Schema: an example, a closed set's first value (the
    others in a comment), the pattern's example, the middle of its bounds, or a word for its type."""
    if "$ref" in prop:
        prop = schema.get("$defs", {}).get(prop["$ref"].rpartition("/")[2], {})
    if "examples" in prop:
        return _yaml(prop["examples"][0])
    if "enum" in prop:
        first, *others = prop["enum"]
        return f"{first}   # or: {', '.join(others)}" if others else str(first)
    if "const" in prop:
        return _yaml(prop["const"])
    branches = [b for b in prop.get("anyOf", prop.get("oneOf", [])) if b.get("type") != "null"]
    if branches:
        return _example(branches[0], schema)
    if prop.get("type") == "array":
        return "[]"
    if prop.get("pattern") in PATTERN_FORMS:
        return _yaml(PATTERN_FORMS[prop["pattern"]].example)
    if prop.get("type") in ("number", "integer"):
        low, high = prop.get("minimum", 0), prop.get("maximum", prop.get("minimum", 0))
        middle = (low + high) / 2
        return _yaml(int(middle) if prop["type"] == "integer" else float(middle))
    return "Text."


def _yaml(value: Any) -> str:
    """One value as YAML writes it: quoted where a plain scalar would read as something else."""
    return yaml.safe_dump(value, default_flow_style=True, width=10_000).removesuffix("\n...\n").strip()


def new_fact(
    facts_dir: Path,
    kind_name: str,
    name: str,
    id_: str | None = None,
    today: str | None = None,
    force: bool = False,
) -> Path:
    """Write the skeleton. A name or alias another file of the kind has is refused (most often the
    same entity, spelled another way) unless `force`; an existing id always is."""
    kind = KIND_NAMES.get(kind_name.lower())
    if kind is None:
        raise ScaffoldError(f"unknown kind '{kind_name}' (kinds: {', '.join(KINDS)})")
    if not name.strip():
        raise ScaffoldError("the name is empty")
    folder = facts_dir / kind
    twin = None if force or not folder.is_dir() else same_name(folder, name)
    if twin is not None:
        path, what = twin
        raise ScaffoldError(
            f"'{name.strip()}' is already the {what} of {kind}/{path.stem} ({path}); nothing was written. "
            "Edit that file, or add --force if this is another entity with the same name"
        )
    if id_ is None:
        id_ = make_id(name)
        if (folder / f"{id_}.yaml").exists():
            raise ScaffoldError(f"{folder / id_}.yaml exists already; nothing was written. Give another id with --id")
    elif not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", id_) or id_ in RESERVED_NAMES:
        raise ScaffoldError(f"'{id_}' is not a valid id (lowercase ASCII letters, digits and single hyphens)")
    path = folder / f"{id_}.yaml"
    if path.exists():
        raise ScaffoldError(f"{path} exists already; nothing was written")
    folder.mkdir(parents=True, exist_ok=True)
    schemas = project_schema_dir(facts_dir)
    if not (schemas / f"{kind}.schema.json").exists():  # so that the file's $schema resolves
        write_schemas(schemas)
    relative = Path(os.path.relpath(schemas, folder)).as_posix()
    with path.open("x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
        out.write(skeleton(kind, id_, name.strip(), today or date.today().isoformat(), relative))
    return path
