"""The JSON Schemas of the fact files, generated from the models and shipped in the package, so
that editors (yaml-language-server in VS Code) complete and check fact files while typing."""

from __future__ import annotations

import json
from pathlib import Path

from .kinds import KINDS
from .model import json_schema

SCHEMA_DIR = Path(__file__).parent / "schemas"


def project_schema_dir(facts_dir: Path) -> Path:
    """Where a project keeps the schemas its fact files point at: schemas/ beside facts/, written
    there by `factsheets schemas` (an installed package's own copy moves with every upgrade and
    venv). This repository, whose source the package is, keeps them as package data."""
    own = facts_dir.parent / "generator" / "schemas"
    return own if own.resolve() == SCHEMA_DIR.resolve() else facts_dir.parent / "schemas"


def schema_text(kind: str) -> str:
    schema = json_schema(KINDS[kind].model, f"Factsheets {KINDS[kind].singular} file")
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


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
