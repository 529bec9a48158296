"""The rendered impact of a change: every page, hand-written or generated, whose text changes, with
each sentence before and after. A fact change can falsify a backgrounder's prose around a reference
("The death toll stands at 84, … Iran's Health Minister, who gave it to state television"); a reviewer
sees it here, beside the fact diff, without building the site.

Both sides are rendered by the pipeline (no MkDocs): generated pages as HTML, hand-written pages
with their references replaced. Pages are compared as lists of sentences (difflib, linear enough
for pages of a few hundred sentences)."""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from pathlib import Path

from ..check import guard
from ..check.references import substitute
from ..pipeline import Pipeline

MAX_PER_PAGE = 20  # sentences shown per page: the rest is counted

_BLOCK = re.compile(r"</?(?:p|li|dd|dt|h[1-6]|tr|td|th|br|div|section|ul|ol|dl|table|figure|caption)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
# Citation marks and the references' backlinks: numbers and letters that shift with any change.
_CITE = re.compile(r"<sup\b.*?</sup>|<span class=\"fs-backlinks\">.*?</span>", re.S)
_HIDDEN = re.compile(r"<(script|style|svg)\b.*?</\1>", re.S | re.I)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TIGHT = re.compile(r"\s+([,.;:!?)])")  # "Eynollahi , as of" as a reader sees it: "Eynollahi, as of"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'(\[])")


@dataclass
class SentenceChange:
    before: str  # "" for a sentence added
    after: str  # "" for a sentence removed


@dataclass
class PageChange:
    page: str  # the source path: incidents/kerman-memorial-bombings.md, backgrounders/x.md
    kind: str  # "generated" or "hand-written"
    sentences: list[SentenceChange]
    more: int = 0  # changed sentences not listed


def _sentences(blocks: list[str]) -> list[str]:
    found = []
    for block in blocks:
        text = " ".join(block.split())
        found += [s for s in _SENTENCE.split(text) if s]
    return found


def html_sentences(page: str) -> list[str]:
    text = _CITE.sub("", _HIDDEN.sub(" ", page))
    blocks = [html.unescape(_TAG.sub(" ", b)) for b in _BLOCK.split(text)]  # a tag: at least a space
    return _sentences([_TIGHT.sub(r"\1", b) for b in blocks])


def markdown_sentences(text: str) -> list[str]:
    blocks = re.split(r"\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.|#+)\s)", _MD_LINK.sub(r"\1", text))
    return _sentences([re.sub(r"^\s*(?:[-*+]|\d+\.|#+)\s+", "", b) for b in blocks])


def rendered(facts_dir: Path, content_dir: Path | None) -> dict[str, tuple[str, list[str]]]:
    """Every page of a side: its source path -> (kind, sentences). Empty when the facts have errors
    (the fact diff lists them)."""
    built = Pipeline(facts_dir, content_dir if content_dir and content_dir.is_dir() else None).build()
    if not built.ok or built.base is None:
        return {}
    pages = {p.src_uri: ("generated", html_sentences(p.html)) for p in built.pages}
    if content_dir and content_dir.is_dir():
        for _, src_uri, text in guard.pages(content_dir):
            pages[src_uri] = ("hand-written", markdown_sentences(substitute(text, built.base, lambda uri: uri)))
    return pages


def compare(old: dict[str, tuple[str, list[str]]], new: dict[str, tuple[str, list[str]]]) -> list[PageChange]:
    """The pages of both sides whose sentences differ, each changed sentence before and after."""
    changes = []
    for page in sorted(old.keys() & new.keys()):
        (kind, before), (_, after) = old[page], new[page]
        if before == after:
            continue
        found: list[SentenceChange] = []
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            gone, came = before[i1:i2], after[j1:j2]
            for k in range(max(len(gone), len(came))):
                found.append(SentenceChange(gone[k] if k < len(gone) else "", came[k] if k < len(came) else ""))
        if found:
            changes.append(PageChange(page, kind, found[:MAX_PER_PAGE], max(0, len(found) - MAX_PER_PAGE)))
    return changes
