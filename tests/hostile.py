"""A fact tree whose every text field holds a hostile string, for the safety tests."""

from __future__ import annotations

from itertools import cycle
from pathlib import Path

import yaml

# Each one, if it became markup, would run script, add attributes, hide or restructure the
# page, include files, or run template code. Each carries PWNED so the tests can find it.
HOSTILE = [
    "<script>window.__pwned='script'</script>PWNED",
    "<img src=x onerror=\"window.__pwned='img'\"> PWNED",
    "<iframe src=\"javascript:window.__pwned='iframe'\"></iframe>PWNED",
    "<!-- PWNED hides the rest",
    "PWNED | second cell | third cell",
    "PWNED\n# A heading from data\n\n- a list",
    "[PWNED link](javascript:window.__pwned='link')",
    "PWNED {: onclick=\"window.__pwned='attr'\" }",
    '--8<-- "mkdocs.yml" PWNED',
    "PWNED {{ 7 * 7 }} {% raw %}{% endraw %}",
    "PWNED ![img](x\" onerror=\"window.__pwned='md-img')",
    "</script><script>window.__pwned='close'</script>PWNED",
    "PWNED <a href=\"javascript:window.__pwned='a'\">x</a> &lt;b&gt; &amp;",
    "*PWNED* _emphasis_ `code` <b>bold</b> ~~strike~~ \\escape",
    "1. PWNED at the start of a line",
    "- PWNED as a list item",
    "PWNED <style>body{display:none}</style>",
    'PWNED"><svg onload="window.__pwned=\'svg\'">',
    'PWNED <math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "PWNED ---\ntitle: injected\n---",
]

SOURCE = "hostile-source"


def write_site(root: Path, extensions: list | None = None) -> Path:
    """facts/, content/ and mkdocs.yml of a site with hostile text everywhere; returns root."""
    strings = cycle(HOSTILE)

    def text() -> str:
        return next(strings)

    def claim(value: object, **extra: object) -> dict:
        return {
            "value": value,
            "according_to": text(),
            "note": text(),
            "sources": [{"source": SOURCE, "quote": text(), "locator": text()}],
            **extra,
        }

    def common(id_: str) -> dict:
        return {"id": id_, "name": text(), "aliases": [text(), text()], "summary": text()}

    files = {
        f"sources/{SOURCE}": {
            "id": SOURCE,
            "name": text(),
            "publisher": text(),
            "authors": [text()],
            "contributors": [text()],
            "note": text(),
            "url": "https://example.org/a?b=1&c=<script>",
        },
        "incidents/attack": {
            **common("attack"),
            "date": [claim("2024-01-03")],
            "location": [claim(text())],
            "deaths": [claim(95), claim({"at_most": 103}, status="superseded")],
            "perpetrators": [claim("organizations/group", responsibility="alleged")],
            "killed": [claim("people/person")],
            "statements": [claim(text()), claim(text())],
            "related": [claim("dates/statement", relation="follows")],
        },
        "organizations/group": {
            **common("group"),
            "part_of": [claim("organizations/parent")],
            "statements": [claim(text())],
        },
        "organizations/parent": {**common("parent")},
        "people/person": {
            **common("person"),
            "member_of": [claim("organizations/group", role=text())],
            "roles": [claim(text())],
            "statements": [claim(text())],
        },
        "dates/statement": {
            **common("statement"),
            "date": [claim("2024-01-04")],
            "involves": [claim("people/person", role=text())],
            "statements": [claim(text())],
        },
    }
    for name, data in files.items():
        path = root / "facts" / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "content").mkdir(exist_ok=True)
    (root / "content" / "index.md").write_text(
        "# Hostile test site\n\nThe attack: [[incidents/attack]], deaths [[incidents/attack#deaths]], "
        "place [[incidents/attack#location]].\n\n[[list:most-cited]]\n\nEND-OF-PAGE\n",
        encoding="utf-8",
    )
    config = {
        "site_name": "Hostile",
        "docs_dir": "content",
        "site_dir": "site",
        "theme": {"name": "material", "font": False},
        # Extensions a site might enable: escaping must hold even with them on.
        "markdown_extensions": extensions
        if extensions is not None
        else [
            "tables",
            "attr_list",
            "md_in_html",
            {"toc": {"permalink": True}},
            {"pymdownx.snippets": {"base_path": ["."]}},
            "pymdownx.tilde",
            "pymdownx.betterem",
        ],
        "plugins": ["search", "factsheets"],
        "nav": [{"Home": "index.md"}, {"Incidents": "incidents/index.md"}, {"Timeline": "timeline.md"}],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return root
