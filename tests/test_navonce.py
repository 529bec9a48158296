"""Material's navigation, rendered once per folder for the pages it doesn't list: not a byte of the
site changes, and a site's own navigation template is never kept."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest
from factsheets.adapters import navonce
from mkdocs.commands.build import build
from mkdocs.config import load_config

from .conftest import MINI

pytestmark = pytest.mark.slow

FEATURES = {
    "Material's defaults": "",
    "integrated table of contents, tabs, sections, indexes": (
        "  features: [toc.integrate, navigation.tabs, navigation.sections, navigation.indexes]\n"
    ),
    "no directory URLs": "use_directory_urls: false\n",
}


def site(tmp_path: Path, extra: str, files: dict[str, str] | None = None) -> Path:
    root = tmp_path / "root"
    shutil.copytree(MINI, root)
    config = (MINI / "mkdocs.yml").read_text(encoding="utf-8")
    if extra.startswith("  "):  # a theme option
        config = config.replace("  font: false\n", "  font: false\n" + extra)
    else:
        config += extra
    config = config.replace("  - factsheets", "  - factsheets:\n      search: false")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    for path, text in (files or {}).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


def build_into(root: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.chdir(root)
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(out)))


def differing(a: Path, b: Path) -> list[str]:
    found = []
    compared = filecmp.dircmp(a, b)
    found += compared.left_only + compared.right_only + compared.diff_files
    found += [name for sub in compared.common_dirs for name in differing(a / sub, b / sub)]
    return found


@pytest.mark.parametrize("extra", FEATURES.values(), ids=FEATURES.keys())
def test_the_kept_navigation_changes_no_byte_of_the_site(tmp_path, monkeypatch, extra):
    root = site(tmp_path, extra)
    rendered = []
    original = navonce.NavOnce.render

    def counting(self, context, caller):
        rendered.append(getattr(context.get("page"), "url", None))
        return original(self, context, caller)

    monkeypatch.setattr(navonce.NavOnce, "render", counting)
    build_into(root, tmp_path / "kept", monkeypatch)
    with monkeypatch.context() as without:
        without.setattr(navonce.NavOnce, "install", lambda self, env: None)
        build_into(root, tmp_path / "each", monkeypatch)
    assert differing(tmp_path / "kept", tmp_path / "each") == []
    assert len(rendered) > 10, "the navigation went through the cache on every page"


def test_a_sites_own_navigation_template_is_rendered_for_every_page(tmp_path, monkeypatch):
    override = '<nav class="own">{{ page.title }}</nav>\n'
    root = site(tmp_path, "", {"overrides/partials/nav.html": override})
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    build_into(root, tmp_path / "out", monkeypatch)
    sheets = [p for p in (tmp_path / "out").glob("*/*/index.html")]
    titles = {p.read_text(encoding="utf-8").split('<nav class="own">')[1].split("</nav>")[0] for p in sheets}
    assert len(sheets) > 2 and len(titles) == len(sheets), "each page shows its own title"
