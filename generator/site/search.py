"""Search: Pagefind's chunked index, built from the finished site by its binary, and the names of
every entity spelt so that any transliteration of them finds the entity's own sheet.

A reader downloads nothing for search before typing; a query loads the few index chunks its words
fall in and the fragments of the results it shows. Names are matched by their skeleton: folded to
ASCII, the letters Persian and Arabic transliterations disagree on made one (q, gh, kh, c → k;
w → v; ph → f), vowels dropped, doubled letters made one. Soleimani, Soleymani and Sulaimani are
all `slmn`; Qassem, Qasem and Ghasem `ksm`. Each sheet carries its names' skeletons as index words
(`fsn` + skeleton, and `fsx` + the skeletons of a whole name), and the search box
(theme/assets/javascripts/search.js, which spells skeletons the same way) looks for them beside the
words as typed, the entity's own sheet first; when no page has every word, it shows the names that
hold the most of them.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import threading
import time
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from markupsafe import Markup

log = logging.getLogger("mkdocs.plugins.factsheets")

# `factsheets site` sets this to a file's path: the plugin then writes that file instead of indexing,
# and the command indexes the finished site once MkDocs has ended (adapters/sitebuild.py).
DEFER_INDEX = "FACTSHEETS_DEFER_SEARCH_INDEX"
NAME_PREFIX = "fsn"  # an index word no text has: fsn + the skeleton of a word of a name
WHOLE_PREFIX = "fsx"  # and fsx + the skeletons of all the words of a name, run together
# What the index leaves out: reference lists and their back-link letters, citation marks, heading
# permalinks, pictures (their words are the page's), index tables and the edit buttons.
EXCLUDED = (
    ".fs-references",
    "#references",
    ".fs-backlinks",
    ".fs-cite",
    ".footnote",
    ".footnote-ref",
    ".headerlink",
    ".fs-picture",
    ".md-content__button",
    ".md-source-file",
    "[data-pagefind-ignore]",
)
_DIGRAPHS = (("kh", "k"), ("gh", "k"), ("ph", "f"), ("sh", "s"), ("ch", "c"), ("th", "t"), ("dh", "d"))
_LETTERS = str.maketrans({"q": "k", "c": "k", "w": "v", "z": "z"})
_ARTICLES = {"al", "el", "ul", "ol", "ad", "ash", "as", "at", "ar", "an", "az"}


def fold(text: str) -> str:
    """Lower case ASCII letters and digits, accents and apostrophes (ʿ ʾ ’) gone: Ḥusayn → husayn."""
    return re.sub(r"[^a-z0-9\s-]", "", unicodedata.normalize("NFKD", text).lower())


def name_skeleton(word: str) -> str:
    """A folded word as the letters every transliteration of it shares: Soleymani → slmn."""
    for pair, letter in _DIGRAPHS:
        word = word.replace(pair, letter)
    word = word.translate(_LETTERS)
    word = re.sub(r"[aeiouy]", "", word)
    return re.sub(r"(.)\1+", r"\1", word)


def name_words(name: str) -> list[str]:
    """The skeletons of a name's words worth matching: al-Baghdadi → [bkdd]; "of", "I" and articles
    are left out. Digits stay as they are (Resolution 2231)."""
    words = [w for w in re.split(r"[\s\-]+", fold(name)) if w and w not in _ARTICLES]
    skeletons = [w if w.isdigit() else name_skeleton(w) for w in words]
    return [s for s in skeletons if len(s) >= 2]


def name_tokens(names: Iterable[str]) -> Markup:
    """The index words of an entity's names, in an element the reader never sees; the search box
    reads the names themselves from its `names` metadata to rank the closest name first."""
    names = [n for n in names if n]
    words = dict.fromkeys(NAME_PREFIX + w for name in names for w in name_words(name))
    words.update(dict.fromkeys(WHOLE_PREFIX + "".join(name_words(name)) for name in names if name_words(name)))
    listed = " | ".join(" ".join(n.split()) for n in names)
    # The names as the element's text, not in the attribute: Pagefind reads commas and colons there.
    return Markup(
        '<div class="fs-search-names" hidden><p data-pagefind-weight="10">{}</p>'
        '<p data-pagefind-meta="names">{}</p></div>'
    ).format(" ".join(words), listed)


def executable() -> str | None:
    """The Pagefind binary the `pagefind[bin]` package installed, if it did."""
    try:
        from pagefind.service import _must_get_executable  # type: ignore[import-untyped]

        return str(_must_get_executable())
    except Exception:  # not installed, or no binary for this platform
        return None


def index(site_dir: str | Path, *, in_background: bool = False, strict: bool = False) -> bool:
    """Build the search index into `site_dir/pagefind/`. False, with a warning, when it could not.
    `in_background`: at the lowest CPU priority, so that the next rebuild of the preview goes first.
    `strict`: outside MkDocs, the warning is an error (MkDocs' strict mode is not there to count it)."""
    say = log.error if strict else log.warning
    binary = executable()
    if binary is None:
        say("factsheets: no Pagefind binary (pip install 'pagefind[bin]'): the site has no search index")
        return False
    command = [binary, "--site", str(site_dir), "--quiet", "--root-selector", "article.md-content__inner"]
    command += ["--exclude-selectors", ", ".join(EXCLUDED)]
    if in_background and (nice := shutil.which("nice")):
        command = [nice, "-n", "19", *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
    if done.returncode != 0:
        say(f"factsheets: Pagefind failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
        return False
    return True


class Background:
    """Under `mkdocs serve` the index is rebuilt beside the preview, never before the page reloads:
    one run at a time, and one more when a save came in while it ran; at the lowest CPU priority, so
    that on a machine of few cores it never slows the next save's rebuild (it doubled a reload's
    time at 1,000 entities)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running: threading.Thread | None = None
        self.again: str | None = None

    def index(self, site_dir: str) -> None:
        with self.lock:
            if self.running is not None and self.running.is_alive():
                self.again = site_dir
                return
            self.running = threading.Thread(target=self._run, args=(site_dir,), daemon=True)
            self.running.start()

    def _run(self, site_dir: str) -> None:
        while True:
            started = time.perf_counter()
            if index(site_dir, in_background=True):
                log.info(f"factsheets: search index updated in {time.perf_counter() - started:.1f} s")
            with self.lock:
                site_dir, self.again = self.again or "", None
                if not site_dir:
                    self.running = None
                    return
