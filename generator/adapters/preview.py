"""What the plugin needs around MkDocs' serve: generated pages backed by files, and the preview's
error banner."""

from __future__ import annotations

import copy
import html
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from ..diagnostics import Diagnostic
from ..wording import count_words


class PageFiles:
    """Under `mkdocs serve`, generated pages are files rewritten only when their text changes, so that
    `--dirty` rebuilds just the pages an edit touched (in-memory pages always count as changed)."""

    def __init__(self) -> None:
        self.folder: str | None = None
        self.written: dict[str, str] = {}
        # Each file as first made, copied for every rebuild: making thousands anew was a tenth of a reload.
        self.made: dict[str, tuple[tuple[str, bool], File]] = {}

    def file(self, config: MkDocsConfig, src_uri: str, text: str, serving: bool) -> File:
        """A generated file for MkDocs: in memory for a build, backed by a file under serve."""
        if not serving:
            return File.generated(config, src_uri, content=text)
        path = self.path(src_uri, text)
        where = (config.site_dir, config.use_directory_urls)  # all a File's own paths and URL are made of
        made = self.made.get(src_uri)
        if made is None or made[0] != where:
            file = File.generated(config, src_uri, abs_src_path=path)
            _ = file.url, file.abs_dest_path  # worked out once (MkDocs keeps them on the object), copied with it
            made = self.made[src_uri] = where, file
        return copy.copy(made[1])  # MkDocs and other plugins change the copy, never what is kept

    def path(self, src_uri: str, text: str) -> str:
        if self.folder is None:
            self.folder = tempfile.mkdtemp(prefix="factsheets-serve-")
        path = os.path.join(self.folder, src_uri)
        if self.written.get(src_uri) != text:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            Path(path).write_text(text, encoding="utf-8")
            self.written[src_uri] = text
        return path

    def close(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        self.folder, self.written, self.made = None, {}, {}


_COMPILE_SETTINGS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "autoescape",
    "is_async",
)


class KeptBytecode(jinja2.BytecodeCache):
    """The theme's templates compiled once for the whole preview: MkDocs makes a new Jinja environment
    for every rebuild, and compiling Material's templates again was a tenth of a reload. Jinja checks
    each template's source against the checksum kept with its code, so an edited template is compiled
    again; and code compiled under other settings (extensions, delimiters) is never used."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}
        self.settings: tuple = ()

    def serve(self, env: jinja2.Environment) -> None:
        """Give `env` the kept code, if it compiles as the environments it was compiled by."""
        if env.bytecode_cache is not None:  # another plugin's
            return
        settings = (
            tuple(sorted(env.extensions)),
            *(getattr(env, name) for name in _COMPILE_SETTINGS),
        )
        if settings != self.settings:
            self.kept, self.settings = {}, settings
        env.bytecode_cache = self

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.kept:
            bucket.bytecode_from_string(self.kept[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


def banner(problems: list[Diagnostic]) -> str:
    """What the preview shows on every page while the facts have errors."""
    items = "".join(f"<li><code>{html.escape(str(d))}</code></li>" for d in problems[:50])
    more = f"<li>and {len(problems) - 50} more</li>" if len(problems) > 50 else ""
    count = count_words(len(problems), "error")
    return (
        f'<div class="fs-problems admonition failure" role="alert"><p class="admonition-title">The facts have {count}: '
        f"this preview shows the last good version.</p><ul>{items}{more}</ul></div>"
    )


def with_banner(app: Any, problems: Any) -> Any:
    """The preview server, with the banner in every HTML page it serves while the facts have errors:
    no page has to be rebuilt for it to appear or to go."""

    def serve(environ: dict, start_response: Any) -> Any:
        caught: list[Any] = []
        body = app(environ, lambda status, headers, exc_info=None: caught.append((status, headers)))
        status, headers = caught[0] if caught else ("500 Internal Server Error", [])
        current = problems()
        is_html = any(k.lower() == "content-type" and "text/html" in v for k, v in headers)
        if not current or not is_html:
            start_response(status, headers)
            return body
        content = b"".join(body)
        anchor = content.find(b'<article class="md-content__inner md-typeset">')
        anchor = content.find(b">", anchor) + 1 if anchor >= 0 else content.find(b">", content.find(b"<body")) + 1
        content = content[:anchor] + banner(current).encode() + content[anchor:]
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        start_response(status, [*headers, ("Content-Length", str(len(content)))])
        return [content]

    return serve


def serve_folder(site_dir: str) -> bool:
    """`mkdocs serve --clean` tells plugins "build", but builds into a temporary folder of its own."""
    path = Path(site_dir)
    return path.parent == Path(tempfile.gettempdir()) and path.name.startswith("mkdocs_")


def source_date() -> str | None:
    """SOURCE_DATE_EPOCH, when the caller sets it (the Makefile does): the date of reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y-%m-%d") if epoch.isdigit() else None
