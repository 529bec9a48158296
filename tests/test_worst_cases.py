"""Inputs shaped to make a quadratic or exponential path never finish: each is a bound that a careless
rewrite would break by hanging, not a benchmark (the times are in `make bench`)."""

from __future__ import annotations

import pytest
from factsheets.pipeline import Pipeline

from bench.worst import levels_of_two, mutual_claims, org, unknown_references, write

from .conftest import MINI, mkdocs_build


def test_part_of_on_levels_of_two_is_linear(tmp_path):
    assert Pipeline(write(tmp_path, levels_of_two(30))).check().diagnostics == []


def test_a_cycle_among_many_paths_is_found_once(tmp_path):
    files = {f"organizations/o{i}.yaml": org(f"o{i}", [f"o{(i + 1) % 40}", f"o{(i + 2) % 40}"]) for i in range(40)}
    diagnostics = Pipeline(write(tmp_path, files)).check().diagnostics
    assert diagnostics and all("cycle" in d.message for d in diagnostics)
    assert len(diagnostics) <= 40


def test_thousands_of_mutual_claims_give_a_few_diagnostics(tmp_path):
    result = Pipeline(write(tmp_path, mutual_claims(2000))).check()
    messages = sorted(d.message for d in result.diagnostics)
    assert messages == [
        "'organizations/a' and 'organizations/b' each say they are 'part_of' of the other",
        "'part_of: organizations/a' is written 2000 times",
        "'part_of: organizations/b' is written 2000 times",
    ]


@pytest.mark.slow  # writing 20,000 files takes seconds
def test_hundreds_of_unknown_references_in_a_large_base(tmp_path):
    facts = write(tmp_path, unknown_references(20_000, 500))
    errors = [d for d in Pipeline(facts).check().diagnostics if d.severity == "error"]
    assert len(errors) == 500 and all("unknown entity" in d.message for d in errors)


@pytest.mark.slow
def test_a_review_date_before_1970_builds(tmp_path):
    import shutil

    shutil.copytree(MINI, tmp_path / "site")
    fact = tmp_path / "site/facts/people/jane-minister.yaml"
    fact.write_text(fact.read_text(encoding="utf-8") + "reviewed: 1969-07-20\n", encoding="utf-8")
    result = mkdocs_build(tmp_path / "site")
    assert result.returncode == 0, result.stderr
