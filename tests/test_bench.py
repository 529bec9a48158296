"""The benchmark runs end to end on a tiny fact base and writes its figures (no speed is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from factsheets.pipeline import Pipeline

from bench.synth import generate

from .conftest import ROOT

pytestmark = pytest.mark.slow


def test_synthetic_fact_base_is_valid_and_deterministic(tmp_path):
    first = generate(120, tmp_path / "a", seed=7)
    generate(120, tmp_path / "b", seed=7)
    result = Pipeline(tmp_path / "a" / "facts", tmp_path / "a" / "content").check()
    assert [str(d) for d in result.diagnostics] == []
    assert sum(len(ids) for ids in first.values()) == 120 and all(first.values())
    for path in sorted((tmp_path / "a").rglob("*.yaml")):
        twin = tmp_path / "b" / path.relative_to(tmp_path / "a")
        assert twin.read_bytes() == path.read_bytes()
    superseded = sum("status: superseded" in p.read_text() for p in (tmp_path / "a/facts/incidents").iterdir())
    assert superseded == len(first["incidents"])


@pytest.mark.timeout(900)  # builds the benchmark sites in a process of its own
def test_benchmark_smoke_run(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench/run.py"), "--quick", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    size = figures["sizes"][0]
    assert size["entities"] == 60 and size["full_build_s"] > 0 and size["bare_build_s"] > 0
    assert set(size["entities_per_second"]) == {
        "parse (raw CSafeLoader)",
        "load",
        "validate",
        "link",
        "render",
        "publish (exports, tables, feed, JSON-LD)",
        "sitemap dates (one git log)",
        "factsheets validate",
    }
    assert figures["serve"]["reload_s"] > 0
    assert "generator share" in result.stdout
