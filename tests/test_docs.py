"""The README and the code check each other (as Datasette's docs tests do): every plugin option is
documented in the README's plugin section, and every option documented there exists."""

from __future__ import annotations

import re

import pytest
from factsheets.adapters.plugin import FactsheetsConfig, FactsheetsPlugin, section_pages
from factsheets.factmodel.kinds import KINDS
from mkdocs.config.base import ValidationError

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def plugin_section() -> str:
    start = README.index("## Using the plugin in another MkDocs site")
    return README[start : README.index("\n## ", start + 1)]


OPTIONS = [name for name, _ in FactsheetsConfig._schema]


@pytest.mark.parametrize("option", OPTIONS)
def test_every_plugin_option_is_documented(option):
    assert re.search(rf"^\| `{option}` \|", plugin_section(), re.M), (
        f"document `{option}` in the README's options table"
    )


def test_every_documented_option_exists():
    documented = re.findall(r"^\| `(\w+)` \|", plugin_section(), re.M)
    assert documented and set(documented) == set(OPTIONS)


@pytest.mark.parametrize(
    "options, problem",
    [({"add_to_nav": "yes"}, "add_to_nav"), ({"facts_dir": 3}, "facts_dir"), ({"unknown": 1}, None)],
)
def test_options_are_validated_with_mkdocs_config_types(options, problem):
    plugin = FactsheetsPlugin()
    errors, warnings = plugin.load_config(options)
    if problem:
        assert [name for name, _ in errors] == [problem]
        assert all(isinstance(error, ValidationError) for _, error in errors)
    else:
        assert not errors and [name for name, _ in warnings] == ["unknown"]


def test_the_readme_nav_lists_every_section_page():
    nav = plugin_section()
    for title, src_uri in section_pages():
        assert f"- {title}: {src_uri}" in nav
    assert len(section_pages()) == len(KINDS) + 1


def test_the_readme_covers_publishing():
    start = README.index("## Publishing")
    publishing = README[start : README.index("\n## ", start + 1)]
    for words in ("gh-deploy", "GitHub Pages", "publish.yml", "static host", "robots.txt", "CNAME", "umask"):
        assert words in publishing
