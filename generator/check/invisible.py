"""Characters that show reviewers other text than readers get: controls, bidirectional overrides and
the Unicode default-ignorable code points (zero-width spaces, tag characters U+E0000–U+E0FFF,
variation selectors, fillers). A name can carry a hidden message in tag characters ("ASCII
smuggling") that a reviewer never sees and a feed reader or a language model reads.

Two kinds are kept where text needs them: the zero-width joiner and non-joiner between letters or
marks of a script that writes with them (Persian `می‌خواهم`, Indic conjuncts, emoji sequences), and an
emoji or text presentation selector (U+FE0E, U+FE0F) right after a visible character.
"""

from __future__ import annotations

import re
import unicodedata

# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties), less the noncharacter range U+FFF9-FFFB
# (interlinear annotation, also refused) merged in; controls and line separators are the callers'.
DEFAULT_IGNORABLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"
)
_JOINERS = "\u200c\u200d"
_PRESENTATION = "\ufe0e\ufe0f"


def pattern(extra: str = "") -> re.Pattern[str]:
    """A character class of the default-ignorable code points and `extra` (more class ranges)."""
    return re.compile(f"[{extra}{DEFAULT_IGNORABLE}]")


def _visible(char: str) -> bool:
    return bool(char) and unicodedata.category(char)[0] in "LMNS" and not 0xE0000 <= ord(char) <= 0xE0FFF


def _needed(text: str, index: int) -> bool:
    """Whether the joiner or selector at `index` does a script's or an emoji's work there."""
    char = text[index]
    before = text[index - 1] if index else ""
    after = text[index + 1 : index + 2]
    if char in _PRESENTATION:  # after an emoji or a keycap's character (#️⃣), never after a letter of ASCII
        return before in "#*0123456789" or (_visible(before) and not before.isascii())
    # A joiner between two ASCII letters joins nothing: Latin script never needs one.
    return _visible(before) and _visible(after) and not (before.isascii() and after.isascii())


def first_hidden(found: re.Pattern[str], text: str, start: int = 0) -> re.Match[str] | None:
    """The first match of `found` (a pattern made with `pattern`) that is not a needed joiner or
    selector. One pass: the neighbours of each match are looked at, nothing more."""
    for match in found.finditer(text, start):
        if match.group() in _JOINERS + _PRESENTATION and _needed(text, match.start()):
            continue
        return match
    return None


def describe(char: str) -> str:
    """`TAG LATIN SMALL LETTER A`, or the code point when Unicode gives it no name."""
    return unicodedata.name(char, f"U+{ord(char):04X}")
