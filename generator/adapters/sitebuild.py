"""`factsheets site` (what `make site` runs): MkDocs' own strict build, into a fresh folder beside the
site folder, swapped in only when the build passed. A failed build leaves the previous site as it was.

The swap is done around MkDocs, never inside it: during the build `config.site_dir` is the folder
MkDocs was given (`--site-dir`) from start to end, so every plugin and hook writes where MkDocs does,
in any order. The new folder is made with the process' umask (0755 under umask 022), so the site can
be copied to a web server as it is.

The search index is made once MkDocs has ended, before the swap: the plugin leaves it to us
(search.DEFER_INDEX names a file it writes to say so). Pagefind then has the machine's memory to
itself: at 10,000 entities each takes most of a gigabyte, and inside MkDocs' last step they added up.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from mkdocs.config import load_config

from ..site import search


def site_folder(config_file: str) -> Path:
    """The site folder the configuration names (`site_dir`, relative to the configuration file)."""
    config = load_config(config_file)
    return Path(config.site_dir)


def build_site(config_file: str = "mkdocs.yml", site_dir: str | None = None, mkdocs_args: Sequence[str] = ()) -> int:
    """Build the site with `mkdocs build --strict` and put it in place; MkDocs' exit status."""
    site = Path(site_dir).resolve() if site_dir else site_folder(config_file)
    site.parent.mkdir(parents=True, exist_ok=True)
    new = site.with_name(f".{site.name}-new-{secrets.token_hex(4)}")
    new.mkdir()  # not tempfile.mkdtemp: its 0700 would make a web server answer 403 for every page
    try:
        with tempfile.TemporaryDirectory(prefix="factsheets-site-") as handshake:
            deferred = Path(handshake) / "search-index"
            command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", config_file]
            env = {**os.environ, search.DEFER_INDEX: str(deferred)}
            status = subprocess.run([*command, "--site-dir", str(new), *mkdocs_args], check=False, env=env).returncode
            if status == 0 and deferred.exists() and not search.index(new, strict=True):
                status = 1  # as a strict build fails on Pagefind's warning
        if status == 0:
            swap(new, site)
        return status
    finally:
        shutil.rmtree(new, ignore_errors=True)


def swap(new: Path, site: Path) -> None:
    """`new` becomes `site`; the previous site is removed once the new one is in place."""
    old = site.with_name(f".{site.name}-old-{secrets.token_hex(4)}")
    if site.exists():
        os.rename(site, old)
    try:
        os.rename(new, site)
    except OSError:
        if old.exists():
            os.rename(old, site)
        raise
    shutil.rmtree(old, ignore_errors=True)
