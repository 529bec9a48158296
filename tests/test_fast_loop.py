"""The fast loop stays fast: an unmarked test cannot start a process or an MkDocs build (conftest)."""

from __future__ import annotations

import subprocess
import sys

import pytest


def test_an_unmarked_test_cannot_start_a_process():
    with pytest.raises(pytest.fail.Exception, match="mark it @pytest.mark.slow"):
        subprocess.run([sys.executable, "-c", "pass"], check=False)


def test_an_unmarked_test_cannot_build_with_mkdocs():
    from mkdocs.commands.build import build

    with pytest.raises(pytest.fail.Exception, match="mark it @pytest.mark.slow"):
        build(None)  # type: ignore[arg-type]
