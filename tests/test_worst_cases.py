"""Inputs shaped to make a quadratic or exponential path never finish: each is a bound that a careless
rewrite would break by hanging, not a benchmark (the times are in `make bench`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from factsheets.pipeline import Pipeline

from .conftest import MINI, mkdocs_build

SOURCE = "id: report\nname: Report\n"
CITE = "    sources: [report]\n"


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in {"sources/report.yaml": SOURCE, **files}.items():
        path = root / "facts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "facts"


def org(name: str, parents: list[str]) -> str:
    claims = "".join(f"  - value: organizations/{p}\n{CITE}" for p in parents)
    return f"id: {name}\nname: {name}\n" + (f"part_of:\n{claims}" if claims else "")


def test_part_of_on_levels_of_two_is_linear(tmp_path):
    # Every organization part_of both of the next level: 2^30 paths for a search that follows each one.
    levels = 30
    files = {
        f"organizations/l{level}-{side}.yaml": org(f"l{level}-{side}", [f"l{level + 1}-a", f"l{level + 1}-b"])
        for level in range(levels)
        for side in "ab"
    }
    files |= {f"organizations/l{levels}-{side}.yaml": org(f"l{levels}-{side}", []) for side in "ab"}
    assert Pipeline(write(tmp_path, files)).check().diagnostics == []


def test_a_cycle_among_many_paths_is_found_once(tmp_path):
    files = {f"organizations/o{i}.yaml": org(f"o{i}", [f"o{(i + 1) % 40}", f"o{(i + 2) % 40}"]) for i in range(40)}
    diagnostics = Pipeline(write(tmp_path, files)).check().diagnostics
    assert diagnostics and all("cycle" in d.message for d in diagnostics)
    assert len(diagnostics) <= 40


def test_thousands_of_mutual_claims_give_a_few_diagnostics(tmp_path):
    mutual = {name: org(name, [other] * 2000) for name, other in (("a", "b"), ("b", "a"))}
    result = Pipeline(write(tmp_path, {f"organizations/{n}.yaml": t for n, t in mutual.items()})).check()
    messages = sorted(d.message for d in result.diagnostics)
    assert messages == [
        "'organizations/a' and 'organizations/b' each say they are 'part_of' of the other",
        "'part_of: organizations/a' is written 2000 times",
        "'part_of: organizations/b' is written 2000 times",
    ]


@pytest.mark.slow  # writing 20,000 files takes seconds
def test_hundreds_of_unknown_references_in_a_large_base(tmp_path):
    # Each unknown id would be compared with every id for a "did you mean": 500 × 20,000.
    files = {f"people/p{i}.yaml": f"id: p{i}\nname: Person {i}\n" for i in range(20_000)}
    targets = "".join(f"  - value: people/nobody-{i}\n{CITE}" for i in range(500))
    files["incidents/i.yaml"] = f"id: i\nname: Incident\ntargets:\n{targets}"
    errors = [d for d in Pipeline(write(tmp_path, files)).check().diagnostics if d.severity == "error"]
    assert len(errors) == 500 and all("unknown entity" in d.message for d in errors)


@pytest.mark.slow
def test_a_review_date_before_1970_builds(tmp_path):
    import shutil

    shutil.copytree(MINI, tmp_path / "site")
    fact = tmp_path / "site/facts/people/jane-minister.yaml"
    fact.write_text(fact.read_text(encoding="utf-8") + "reviewed: 1969-07-20\n", encoding="utf-8")
    result = mkdocs_build(tmp_path / "site")
    assert result.returncode == 0, result.stderr
