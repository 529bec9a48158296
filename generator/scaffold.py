"""`factsheets new <kind> "<name>"`: a valid skeleton fact file with a fresh id."""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import date
from pathlib import Path

from .kinds import KINDS
from .model import claim_fields, field_reference, relation
from .schemas import project_schema_dir, write_schemas
from .validate import RESERVED_NAMES

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


def unique_id(folder: Path, wanted: str) -> str:
    candidate, number = wanted, 2
    while (folder / f"{candidate}.yaml").exists():
        candidate, number = f"{wanted}-{number}", number + 1
    return candidate


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def skeleton(kind: str, id_: str, name: str, today: str, schemas: str = "../../schemas") -> str:
    """The file's text: required fields filled in, every other field as a commented example;
    `schemas` is the schema folder relative to the file's."""
    lines = [
        f"# yaml-language-server: $schema={schemas}/{kind}.schema.json",
        f"id: {id_}",
        f"name: {_quote(name)}",
    ]
    descriptions = {row[0]: row[3] for row in field_reference(KINDS[kind].model)}
    if kind == "sources":
        lines += [
            "# publisher: ",
            "# authors: []",
            "# contributors: []",
            '# published: "2024-01-03"',
            "# url: https://",
            "# note: ",
            f'reviewed: "{today}"',
        ]
        return "\n".join(lines) + "\n"
    lines += [
        "aliases: []            # other spellings, transliterations, acronyms",
        "# summary: One to three neutral sentences, only what the sources say.",
        f'reviewed: "{today}"',
    ]
    model = KINDS[kind].model
    for field in claim_fields(model):
        mark = relation(model, field)
        example = (
            f"{sorted(mark.kinds)[-1]}/example-id"
            if mark
            else '"2024-01-03"'
            if field == "date"
            else "95"
            if field in ("deaths", "injuries")
            else "Text."
        )
        extra = {
            "perpetrators": ["#    responsibility: alleged   # claimed, alleged, suspected, denied, reported"],
            "related": ["#    relation: follows   # retaliation_for, anniversary_of, follows, related_to"],
            "member_of": ["#    role: Commander", '#    from: "2020"'],
        }.get(field, [])
        lines += [
            "",
            f"# {field}: {descriptions.get(field, '')}",
            f"# {field}:",
            f"#  - value: {example}",
            *extra,
            "#    sources: [source-id]",
        ]
    return "\n".join(lines) + "\n"


def new_fact(facts_dir: Path, kind_name: str, name: str, id_: str | None = None, today: str | None = None) -> Path:
    kind = KIND_NAMES.get(kind_name.lower())
    if kind is None:
        raise ScaffoldError(f"unknown kind '{kind_name}' (kinds: {', '.join(KINDS)})")
    if not name.strip():
        raise ScaffoldError("the name is empty")
    folder = facts_dir / kind
    if id_ is None:
        id_ = unique_id(folder, make_id(name))
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
