"""`factsheets site` (what `make site` runs): MkDocs' own strict build, into a fresh folder beside the
site folder, swapped in only when the build passed. A failed build leaves the previous site as it was.

The swap is done around MkDocs, never inside it: during the build `config.site_dir` is the folder
MkDocs was given (`--site-dir`) from start to end, so every plugin and hook writes where MkDocs does,
in any order. The new folder is made with the process' umask (0755 under umask 022), so the site can
be copied to a web server as it is.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from mkdocs.config import load_config


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
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", config_file]
        status = subprocess.run([*command, "--site-dir", str(new), *mkdocs_args], check=False).returncode
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
