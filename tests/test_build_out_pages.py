"""What `factsheets build --out` gives a builder without our plugin, checked without running one:
the headings extension, the edit links, the folder's theme overrides and configuration."""

from __future__ import annotations

import shutil

import markdown
import yaml
from click.testing import CliRunner
from factsheets.adapters import headings, zensical
from factsheets.adapters.cli import main

from .conftest import MINI, STORY


def convert(text: str) -> tuple[str, list[dict]]:
    md = markdown.Markdown(
        extensions=["tables", "toc", zensical.HEADINGS], extension_configs={"toc": {"permalink": True}}
    )
    return md.convert(text), md.toc_tokens  # type: ignore[attr-defined]


def generated(text: str) -> str:
    return f"{headings.GENERATED}\n{text}"


def test_generated_headings_reach_the_table_of_contents_with_their_ids_and_permalinks():
    page, toc = convert(
        generated(
            '<h1 id="people-a">A &amp; <em>B</em></h1>\n<h2 id="key-facts">Key facts</h2>\n'
            '<dl>\n<dt id="date">Date</dt>\n<dd><p>*7* June</p></dd>\n</dl>\n<h3 id="x&amp;y">Sub</h3>\n'
            '<div hidden><p>names</p></div><h2 id="references">References</h2>\n'
        )
    )
    assert toc[0]["id"] == "people-a" and toc[0]["html"] == "A &amp; <em>B</em>"
    assert toc[0]["children"][0]["children"][0]["id"] == "x&y"
    assert '<h2 id="key-facts">Key facts<a class="headerlink" href="#key-facts" title="Permanent link">' in page
    assert '<h3 id="x&amp;y">Sub<a class="headerlink"' in page
    assert "<dd><p>*7* June</p></dd>" in page, "the HTML between stays raw"
    assert [t["id"] for t in toc[0]["children"]] == ["key-facts", "references"], (
        "a heading after an element on its line"
    )
    assert "<div hidden><p>names</p></div>" in page
    assert "fsheading" not in page and "factsheets: a generated page" not in page


def test_a_hand_written_page_is_left_alone():
    page, toc = convert('<h2 id="raw">Raw</h2>\n\n# Markdown\n')
    assert '<h2 id="raw">Raw</h2>' in page and [t["name"] for t in toc] == ["Markdown"]


def test_a_heading_inside_another_element_stays_as_it_was():
    page, toc = convert(generated('<div class="box">\n<h2 id="inner">Inner</h2>\n</div>\n\n# Markdown\n'))
    assert '<h2 id="inner">Inner</h2>' in page and "fsheading" not in page
    assert [t["name"] for t in toc] == ["Markdown"]


def test_edit_urls_as_mkdocs_makes_them():
    fact = "../facts/people/a.yaml"
    site = {"repo_url": "https://git.example.org/o/r", "edit_uri": "edit/main/content/"}
    assert zensical._edit_url(site, fact) == "https://git.example.org/o/r/edit/main/facts/people/a.yaml"
    github = {"repo_url": "https://github.com/o/r/"}
    assert zensical._edit_url(github, fact) == "https://github.com/o/r/edit/master/facts/people/a.yaml"
    template = {"repo_url": "https://x.org/r", "edit_uri_template": "src/{path_noext}?mode=edit"}
    assert zensical._edit_url(template, fact) == "https://x.org/r/facts/people/a?mode=edit"
    assert zensical._edit_url({"repo_url": "https://x.org/r"}, fact) is None
    assert zensical._edit_url({"repo_url": "https://github.com/o/r", "edit_uri": ""}, fact) is None


def test_markdown_extensions_keep_the_sites_and_add_ours_once():
    assert zensical._with_headings(None) == ["toc", "tables", zensical.HEADINGS]
    listed = ["tables", {"toc": {"permalink": True}}]
    assert zensical._with_headings(listed) == [*listed, zensical.HEADINGS]
    assert zensical._with_headings([*listed, zensical.HEADINGS]) == [*listed, zensical.HEADINGS]
    assert zensical._with_headings({"toc": {}}) == {"toc": {}, zensical.HEADINGS: {}}


def test_build_out_writes_edit_links_and_the_theme_overrides(tmp_path):
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", "--out", str(out), "-f", str(STORY / "mkdocs.yml")]).exit_code == 0
    sheet = (out / "docs/incidents/ferry-attack-2017.md").read_text(encoding="utf-8")
    front = yaml.safe_load(sheet.split("---\n")[1])
    assert (
        front["edit_url"]
        == "https://git.example.org/factsheets/factsheets/edit/main/facts/incidents/ferry-attack-2017.yaml"
    )
    index = yaml.safe_load((out / "docs/incidents/index.md").read_text(encoding="utf-8").split("---\n")[1])
    assert index["edit_url"] is None, "a generated page without a fact file: no edit button"
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["custom_dir"] == "overrides" and zensical.HEADINGS in config["markdown_extensions"]
    assert 'rel="alternate"' in (out / "overrides/main.html").read_text(encoding="utf-8")
    assert "page.meta.edit_url" in (out / "overrides/partials/actions.html").read_text(encoding="utf-8")


def test_a_sites_custom_dir_goes_over_ours(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(MINI, site)
    (site / "theme/partials").mkdir(parents=True)
    (site / "theme/partials/actions.html").write_text("mine\n", encoding="utf-8")
    (site / "theme/partials/footer.html").write_text("footer\n", encoding="utf-8")
    config = site / "mkdocs.yml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    theme = data.get("theme")
    data["theme"] = {**(theme if isinstance(theme, dict) else {"name": theme or "material"}), "custom_dir": "theme"}
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", "--out", str(out), "-f", str(config)]).exit_code == 0
    assert (out / "overrides/partials/actions.html").read_text(encoding="utf-8") == "mine\n"
    assert (out / "overrides/partials/footer.html").is_file() and (out / "overrides/main.html").is_file()
