"""What lists the kinds besides KINDS: the nav, the editor's settings and the docs. Each check names
the kinds missing from its file, so a new kind fails here until it is added (the new-kind test in
test_pipeline.py shows that each check notices)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from factsheets.factmodel.kinds import KINDS

ROOT = Path(__file__).parents[1]


def missing_from_nav(mkdocs_yml: str) -> list[str]:
    return [kind for kind in KINDS if not re.search(rf"^\s*- [^:\n]+: {kind}/index\.md$", mkdocs_yml, re.M)]


def missing_from_editor_settings(settings: dict) -> list[str]:
    """VS Code's YAML extension checks each folder of facts/ against its kind's shipped schema."""
    schemas = settings.get("yaml.schemas", {})
    return [kind for kind in KINDS if schemas.get(f"./generator/schemas/{kind}.schema.json") != f"facts/{kind}/*.yaml"]


def missing_from_docs(data_md: str, editing_md: str) -> list[str]:
    """The data page lists the kinds of api/facts.json and the schema.org type of each; the editing
    guide has the field reference of each (read from the model at build time)."""
    named = {kind: (f"`{kind}`", f"`{spec.schema_type}`") for kind, spec in KINDS.items()}
    return [
        kind
        for kind, words in named.items()
        if any(word not in data_md for word in words) or f"[[fields:{kind}]]" not in editing_md
    ]


def test_every_kind_has_its_index_in_the_nav():
    assert missing_from_nav((ROOT / "mkdocs.yml").read_text(encoding="utf-8")) == []


def test_every_kind_has_its_schema_in_the_editor_settings():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert missing_from_editor_settings(settings) == []
    assert set(settings["yaml.schemas"]) == {f"./generator/schemas/{kind}.schema.json" for kind in KINDS}


def test_every_kind_is_in_the_docs():
    about = ROOT / "content/about"
    data, editing = ((about / name).read_text(encoding="utf-8") for name in ("data.md", "editing.md"))
    assert missing_from_docs(data, editing) == []
