"""A Python-Markdown extension for the folder `factsheets build --out` writes: the headings of our
generated pages in the table of contents, with permalinks, under a builder without our plugin.

A generated page is HTML, which Markdown stashes whole, so its `toc` extension sees no heading:
Zensical would show no table of contents and no permalink (under MkDocs, site/htmlpage.py adds
both). In a generated page only (its first line is GENERATED, which `build --out` writes and this
extension removes; a hand-written page is left alone), this extension takes each heading our
templates write, `<hN id="…">text</hN>` on one line as site/htmlpage.py reads them, out of the raw
HTML before Markdown stashes it and gives it back as a heading element with the same id and inner
HTML, so that `toc` lists it and adds its permalink as on any Markdown heading. A heading inside
another element stays as it was. The generated mkdocs.yml lists it as `factsheets.adapters.headings`.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

GENERATED = "<!-- factsheets: a generated page -->"
# As site/htmlpage.py reads them.
_HEADING = re.compile(r'<h([1-6]) id="([^"]+)">(.*?)</h\1>')
_MARKER = "fsheading{}x{}"  # letters and digits: inline Markdown leaves it as it is
_PLACEHOLDER = re.compile(r"fsheading(\d+)x(\d+)")


class _Headings:
    """The headings of the document being converted, by number."""

    def __init__(self) -> None:
        self.found: list[tuple[int, str, str]] = []
        self.run = 0  # a number per conversion, in the marker: a document can't forge another's

    def reset(self) -> None:
        self.found = []
        self.run += 1


class _Take(Preprocessor):
    def __init__(self, md: Markdown, headings: _Headings) -> None:
        super().__init__(md)
        self.headings = headings

    def run(self, lines: list[str]) -> list[str]:
        self.headings.reset()
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is None or lines[first].strip() != GENERATED:
            return lines
        out: list[str] = lines[:first]
        for line in lines[first + 1 :]:
            # Each heading on a line of its own, between blank lines: a paragraph Markdown leaves
            # alone, and what stood before and after it on the line its own blocks.
            start = 0
            for match in _HEADING.finditer(line):
                if line[start : match.start()].strip():
                    out.append(line[start : match.start()])
                out += ["", _MARKER.format(self.headings.run, len(self.headings.found)), ""]
                self.headings.found.append((int(match[1]), html.unescape(match[2]), match[3]))
                start = match.end()
            if start == 0 or line[start:].strip():
                out.append(line[start:])
        return out


class _Give(Treeprocessor):
    """Each paragraph that is only a marker becomes its heading (before `toc`, which reads them)."""

    def __init__(self, md: Markdown, headings: _Headings) -> None:
        super().__init__(md)
        self.headings = headings

    def run(self, root: etree.Element) -> None:
        for el in root.iter("p"):
            match = _PLACEHOLDER.fullmatch((el.text or "").strip())
            if match is None or len(el) or int(match[1]) != self.headings.run:
                continue
            level, anchor, inner = self.headings.found[int(match[2])]
            el.tag = f"h{level}"
            el.set("id", anchor)
            el.text = self.md.htmlStash.store(inner)


class _Restore(Postprocessor):
    """A marker that did not become a heading (its heading sat inside another element) is the
    heading's HTML again."""

    def __init__(self, md: Markdown, headings: _Headings) -> None:
        super().__init__(md)
        self.headings = headings

    def run(self, text: str) -> str:
        def back(match: re.Match) -> str:
            if int(match[1]) != self.headings.run or int(match[2]) >= len(self.headings.found):
                return match[0]
            level, anchor, inner = self.headings.found[int(match[2])]
            return f'<h{level} id="{html.escape(anchor)}">{inner}</h{level}>'

        return _PLACEHOLDER.sub(back, text)


class HeadingsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        headings = _Headings()
        md.preprocessors.register(_Take(md, headings), "factsheets_headings", 25)  # before html_block (20)
        md.treeprocessors.register(_Give(md, headings), "factsheets_headings", 6)  # after inline, before toc (5)
        md.postprocessors.register(_Restore(md, headings), "factsheets_headings", 25)  # after raw_html (30)


def makeExtension(**kwargs: Any) -> HeadingsExtension:  # noqa: N802 (Python-Markdown's name)
    return HeadingsExtension(**kwargs)
