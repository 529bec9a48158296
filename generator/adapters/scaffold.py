"""`factsheets new <kind> "<name>"`: a valid skeleton fact file with a fresh id."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Literal, get_args, get_origin

from slugify import slugify

from ..check.crossfile import name_key
from ..check.load import parse, read_file
from ..check.validate import RESERVED_NAMES
from ..factmodel.kinds import KINDS
from ..factmodel.model import Named, claim_fields, field_reference, relation
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
    """Transliterate a name in any script to the id rules: `Qassem Soleimani` → `qassem-soleimani`,
    `Łukasz Ødegaard` → `lukasz-odegaard`, `Владимир Путин` → `vladimir-putin`, `قاسم سلیمانی` →
    `qsm-slymny` (text-unidecode: a stable ASCII id, not a romanization to show readers)."""
    slug = slugify(name, max_length=80, word_boundary=True, replacements=[("'", ""), ("’", "")])
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
            else _choices(model, field) or "Text."
        )
        extra = {
            "perpetrators": ["#    responsibility: alleged   # claimed, alleged, suspected, denied, reported"],
            "related": ["#    relation: follows   # retaliation_for, anniversary_of, follows, related_to"],
            "member_of": ["#    role: Commander", '#    from: "2020"'],
            "served_under": ["#    role: National security adviser"],
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


def _choices(model: type[Named], field: str) -> str:
    """A claim whose value is one of a closed set: the first, and the others in a comment."""
    claim = get_args(model.model_fields[field].annotation)[0]
    value = claim.model_fields["value"].annotation
    if get_origin(value) is not Literal:
        return ""
    first, *others = get_args(value)
    return f"{first}   # or: {', '.join(others)}" if others else first


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
