"""Quotes checked against an archived text copy of their source (`archive:` in a source file).

The copy is normalized once; a quote is then a substring search. Whitespace, curly versus
straight quotes and the various dashes are not differences a reader sees, so they don't count.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

MAX_ARCHIVE_BYTES = 8 * 1024 * 1024
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
_MAX_HITS = 64  # occurrences of one word run looked at: keeps the closest-passage search bounded


def normalize(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_SAME)).strip()


@dataclass
class Archive:
    text: str  # normalized
    words: list[str] = field(default_factory=list)
    _indexes: dict[int, dict[tuple[str, ...], list[int]]] = field(default_factory=dict)

    def contains(self, quote: str) -> bool:
        return normalize(quote) in self.text

    def closest(self, quote: str, width: int = 3) -> str:
        """The passage of the archive that shares the most runs of `width` words with the quote:
        each run of the quote votes for where the quote would start. Bounded by _MAX_HITS per run."""
        wanted = normalize(quote).split(" ")
        if not self.words:
            self.words = self.text.split(" ")
        width = min(width, len(wanted))
        if width not in self._indexes:  # built once per archive: word runs to where they start
            index: dict[tuple[str, ...], list[int]] = defaultdict(list)
            lowered = [w.lower() for w in self.words]
            for start in range(len(lowered) - width + 1):
                index[tuple(lowered[start : start + width])].append(start)
            self._indexes[width] = index
        votes: Counter[int] = Counter()
        lowered = [w.lower() for w in wanted]
        for offset in range(len(lowered) - width + 1):
            for start in self._indexes[width].get(tuple(lowered[offset : offset + width]), [])[:_MAX_HITS]:
                votes[start - offset] += 1
        if not votes:
            return "" if width == 1 else self.closest(quote, width=1)
        start = max(0, votes.most_common(1)[0][0])
        passage = " ".join(self.words[start : start + len(wanted)])
        return passage if len(passage) <= 300 else passage[:299] + "…"


def read_archive(path: Path) -> tuple[Archive | None, str]:
    """The archived copy, or why it cannot be read."""
    if path.is_symlink():
        return None, "the archived copy is a symbolic link"
    try:
        if path.stat().st_size > MAX_ARCHIVE_BYTES:
            return None, f"the archived copy is larger than {MAX_ARCHIVE_BYTES // 1024 // 1024} MiB"
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None, "there is no archived copy"
    except (OSError, UnicodeDecodeError):
        return None, "the archived copy cannot be read as UTF-8 text"
    return Archive(normalize(text)), ""
