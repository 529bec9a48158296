"""When each page last changed, for `<lastmod>` in sitemap.xml: the date of the last commit that
changed a file the page is made of. One `git log` pass reads every file's date, so the cost does not
grow with one process per file; outside git, a fact sheet falls back to its reviewed date."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..check.link import FactBase
from ..factmodel.kinds import KINDS
from .pages import inputs

GIT_TIMEOUT = 60  # seconds: a history too long to read in this time leaves the build dates


def git_dates(folders: Iterable[Path]) -> dict[Path, str]:
    """The date (YYYY-MM-DD) of the last commit that changed each file under `folders`, by its
    resolved path; empty outside a git work tree or without git."""
    folders = [f.resolve() for f in folders if f.is_dir()]
    if not folders:
        return {}
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=folders[0],
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            check=True,
        ).stdout.strip()
        log = subprocess.run(
            # Newest first: a file's first appearance is its last change. `-z` keeps any file name whole.
            ["git", "log", "-z", "--no-renames", "--format=%x01%cs", "--name-only", "--", *map(str, folders)],
            cwd=top,
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[Path, str] = {}
    root, date = Path(top), ""
    for item in log.split("\0"):
        item = item.strip("\n")
        if item.startswith("\x01"):  # a commit's date, maybe followed by its first file
            date, _, item = item[1:].partition("\n")
            item = item.strip("\n")
        if item and date:
            dates.setdefault(root / item, date)
    return dates


def page_dates(
    base: FactBase,
    generated: Iterable[str],
    hand_written: Mapping[str, Path],
    folders: Iterable[Path],
) -> dict[str, str]:
    """The last change of each page, by its src_uri: a fact sheet from the files of every entity and
    source it shows; an index from its kind's files, other generated pages from all fact files; a
    hand-written page from its own file. `folders`: the facts and docs folders, read from git. Pages
    with no date are left out (MkDocs' build date stays)."""
    known = git_dates(folders)

    resolved: dict[str | Path, str] = {}  # a fact file is read by many pages: resolve its path once

    def date_of(path: str | Path) -> str:
        if path not in resolved:
            resolved[path] = known.get(Path(path).resolve(), "")
        return resolved[path]

    def newest(dates: Iterable[str]) -> str:
        return max(dates, default="")

    by_kind = {kind: newest(date_of(r.document.path) for r in records) for kind, records in base.by_kind.items()}
    everything = newest(by_kind.values())
    found: dict[str, str] = {}
    for src_uri in generated:
        record = base.records.get(src_uri.removesuffix(".md"))
        if record is not None:
            date = newest(date_of(document.path) for document in inputs(base, record)[0])
            date = date or (record.entity.reviewed or "").rstrip("~?")
        elif src_uri.partition("/")[0] in KINDS:
            date = by_kind.get(src_uri.partition("/")[0], "")
        else:
            date = everything
        if date:
            found[src_uri] = date
    for src_uri, path in hand_written.items():
        if date := date_of(path):
            found[src_uri] = date
    return found
