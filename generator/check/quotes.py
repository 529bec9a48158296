"""Quotes checked against an archived text copy of their source (`archive:` in a source file).

The copy is normalized once; a quote is then a substring search. Whitespace, curly versus
straight quotes and the various dashes are not differences a reader sees, so they don't count.

Memory stays a few times the copies' size: one archive is read at a time, and the closest
passage to the quotes it lacks is found in one pass over its words, which keeps only their
offsets (4 bytes a word), never a table of every run of words. MAX_ARCHIVES and
MAX_ARCHIVE_TOTAL bound the whole.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .load import read_limited

MAX_ARCHIVE_BYTES = 8 * 1024 * 1024
MAX_ARCHIVES = 64
MAX_ARCHIVE_TOTAL = 64 * 1024 * 1024
_SAME = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
        "\u00a0": " ",
        "…": "...",
    }
)
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^ ]+")
_MAX_HITS = 64  # occurrences of one word run looked at: keeps the closest-passage search bounded
_MAX_WORDS = 300  # of a quote, for finding its passage: a quote longer than this is matched by its start


_CHUNK = 1 << 20


def normalize(text: str) -> str:
    """Text with the differences a reader doesn't see taken out. A large text is done a megabyte at a
    time, cut at whitespace: a substitution over the whole of it would hold a piece per word."""
    parts = []
    start = 0
    while start < len(text):
        end = start + _CHUNK
        if end < len(text):
            space = _SPACE.search(text, end)
            end = space.start() if space else len(text)
        part = _SPACE.sub(" ", text[start:end].translate(_SAME)).strip()
        if part:
            parts.append(part)
        start = max(end, start + 1)
    return " ".join(parts)


@dataclass
class Archive:
    text: str  # normalized

    def contains(self, quote: str) -> bool:
        return normalize(quote) in self.text

    def closest(self, quote: str) -> str:
        return self.closest_passages([quote])[0]

    def closest_passages(self, quotes: list[str]) -> list[str]:
        """For each quote, the passage of the archive that shares the most runs of three words with
        it (or of one word, when no run of three is shared): each run of the quote votes for where
        the quote would start. One pass over the archive for all the quotes; each run of a quote
        counts its first _MAX_HITS places."""
        wanted = [normalize(q).lower().split(" ")[:_MAX_WORDS] for q in quotes]
        votes: list[Counter[int]] = [Counter() for _ in quotes]
        starts = array("i")  # where each word of the archive starts in the text
        lowered = self.text.lower()
        if len(lowered) != len(self.text):  # a few letters change length (İ): offsets must agree
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in self.text)
        for width in (3, 1):
            pending = [i for i, words in enumerate(wanted) if not votes[i] and len(words) >= width]
            runs: dict[tuple[str, ...], list[tuple[int, int]]] = {}
            for i in pending:
                for offset in range(len(wanted[i]) - width + 1):
                    runs.setdefault(tuple(wanted[i][offset : offset + width]), []).append((i, offset))
            if not runs:
                continue
            last_words = {run[-1] for run in runs}  # most words of an archive are in no quote: one test each
            hits: Counter[tuple[int, int]] = Counter()
            record = not starts
            before, previous = "", ""
            for index, match in enumerate(_WORD.finditer(lowered)):
                if record:
                    starts.append(match.start())
                word = match.group()
                if word in last_words:
                    key = (before, previous, word)[3 - width :]
                    for i, offset in runs.get(key, ()):
                        if hits[(i, offset)] < _MAX_HITS:
                            hits[(i, offset)] += 1
                            votes[i][index - width + 1 - offset] += 1
                before, previous = previous, word
        return [self._passage(starts, count, len(words)) for count, words in zip(votes, wanted, strict=True)]

    def _passage(self, starts: array, votes: Counter[int], length: int) -> str:
        if not votes:
            return ""
        first = min(max(0, votes.most_common(1)[0][0]), len(starts) - 1)
        after = first + length
        end = starts[after] - 1 if after < len(starts) else len(self.text)
        passage = self.text[starts[first] : end]
        return passage if len(passage) <= 300 else passage[:299] + "…"


def read_archive(path: Path) -> tuple[Archive | None, str]:
    """The archived copy, or why it cannot be read."""
    if path.is_symlink():
        return None, "the archived copy is a symbolic link"
    try:
        raw = read_limited(path, MAX_ARCHIVE_BYTES)  # never through a link, never more than the limit
        if len(raw) > MAX_ARCHIVE_BYTES:
            return None, f"the archived copy is larger than {MAX_ARCHIVE_BYTES // 1024 // 1024} MiB"
        text = raw.decode("utf-8")
    except FileNotFoundError:
        return None, "there is no archived copy"
    except (OSError, UnicodeDecodeError):
        return None, "the archived copy cannot be read as UTF-8 text"
    return Archive(normalize(text)), ""
