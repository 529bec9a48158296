"""Checks of the built pages' prose: what a copy editor would send back.

A doubled word group ("110 U.S. personnel U.S. personnel were wounded") is what a reference to a
fact leaves when the prose around it repeats what the fact already says. It is looked for in the
text a reader sees, block by block (a table cell or list item ends a sentence), outside code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from operator import eq

# Elements whose text is not prose, and elements that end a run of text.
_SKIPPED = re.compile(r"<(script|style|code|pre|svg|title|template|kbd|samp)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_BLOCK = re.compile(
    r"</?(?:p|li|ul|ol|dl|dt|dd|td|th|tr|table|thead|tbody|h[1-6]|div|section|article|nav|header|footer|"
    r"details|summary|blockquote|figure|figcaption|br|hr|main|aside|label|button|option|select)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]*>")
# Two links side by side are two names, not one phrase said twice ("People Office Office Square"):
# a doubled group may cross from a link into prose (a reference and the words after it), never
# from one link's text into the next one's.
_NEXT_LINK = re.compile(r"</a>(\s*)(?=<a\b)", re.I)
_WORD = r"[^\W_](?:[\w.'’-]*[^\W_])?\.?"
# A group of one to six words said twice in a row, with nothing but spaces between.
_DOUBLED = re.compile(rf"(?<![\w.'’-])((?:{_WORD}[ \t\xa0]+){{0,5}}{_WORD})[ \t\xa0]+\1(?![\w'’-])", re.I)
# The quick test's words: a run's mark; a word as the pattern's, without a final dot; a comma or any
# other sign a doubled group never holds, so that "Market Tower, Tower Assembly" is not a candidate.
_QUICK_WORD = re.compile(r"\x00\d+|[\w'’-]+(?:\.[\w'’-]+)*|[^\w\s.'’-]")
# Single words English doubles on purpose: "that that", "had had".
_ALLOWED_SINGLE = {"that", "had", "is", "do", "in", "very", "no", "bye", "ha"}


@dataclass(frozen=True)
class Doubled:
    line: int  # in the HTML file
    phrase: str

    def __str__(self) -> str:
        return f'"{self.phrase} {self.phrase}"'


def _marked(html: str) -> str:
    """The page with its code and pictures left out and a run's end marked between two links; its
    lines where they were."""
    html = _SKIPPED.sub(lambda m: "\n" * m.group(0).count("\n") + "\x00", html)
    return _NEXT_LINK.sub(lambda m: "</a>" + m.group(1) + "\x00", html)


def _blocks(html: str) -> list[tuple[int, str]]:
    """The page's runs of visible text, each with the line of the HTML it starts on."""
    html = _marked(html)
    runs = []
    line = 1
    for part in _BLOCK.split(html):
        text = unescape(_TAG.sub("", part))
        if text.strip():
            runs.append((line + part[: len(part) - len(part.lstrip())].count("\n"), text))
        line += part.count("\n")
    return runs


def _may_double(text: str) -> bool:
    """The quick test that most pages fail: k words in a row, each the same as the word k further on.
    (The full pattern costs ten times as much, and a site has 10,000 pages.) Words are split where
    the pattern's words end, a final dot left out, so the two halves of a doubled group always read
    as the same words here."""
    words = _QUICK_WORD.findall(text.lower())
    return any(b"\x01" * k in bytes(map(eq, words, words[k:])) for k in range(1, 7))


def _page_text(html: str) -> str:
    """The page's visible text at once, each run of it ended by a mark no other run has."""
    runs = unescape(_TAG.sub("", _BLOCK.sub("\x00", _marked(html)))).split("\x00")
    return " ".join(f"{run} \x00{n}" for n, run in enumerate(runs) if len(run.split()) > 1)


def doubled_phrases(html: str) -> list[Doubled]:
    """Every word group said twice in a row in a page's visible text."""
    if not _may_double(_page_text(html)):
        return []
    found = []
    for line, text in _blocks(html):
        for run in text.split("\x00"):  # skipped code ends a run too
            if not _may_double(run):
                continue
            for match in _DOUBLED.finditer(" ".join(run.split())):
                phrase = match.group(1)
                if " " not in phrase and phrase.lower().rstrip(".") in _ALLOWED_SINGLE:
                    continue
                found.append(Doubled(line, phrase))
    return found
