"""Step 1, load: YAML files to plain values, with the line and column of every value.

libyaml (CSafeLoader) composes the node tree at C speed; we convert the nodes ourselves,
which is where the safety rules live: no tags beyond YAML's plain types, no anchors or
aliases, no merge keys, text keys only, no duplicate keys, bounded size and depth, strict
UTF-8, and no implicit typing that changes what an editor wrote (`NO` stays text).
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic
from .kinds import KINDS

try:  # libyaml is the fast path; the pure-Python loader is the fallback.
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _Loader(_SafeLoader):  # type: ignore[valid-type, misc]
    """Composes nodes without PyYAML's implicit typing, which we do ourselves in `_scalar`:
    resolving every scalar by regular expression was a third of the loading time."""

    def resolve(self, kind, value, implicit):  # type: ignore[no-untyped-def]
        if kind is yaml.ScalarNode:
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 16

Path_ = tuple[str | int, ...]
Position = tuple[int, int]

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_STR, _SEQ, _MAP, _MERGE = (_TAG + t for t in ("str", "seq", "map", "merge"))
_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"-?(0|[1-9][0-9]*)\.[0-9]+\Z")
# Characters that spoof or hide text: controls (but tab and newline), bidirectional
# overrides and isolates, zero-width characters, and the BOM inside text.
_SPOOFING = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
# Inputs that could make libyaml's recursive composer overflow the C stack: a deep indent, or a
# dozen block indicators in a row ("- - - ..."). Written out, not as {12,}: six times faster.
_DEEP_INDENT = re.compile(r"^ {120,}\S", re.M)
_DEEP_INDICATORS = re.compile(r"[-?] +" * 12)


@dataclass
class Document:
    """One fact file: its plain value and where each part of it was written."""

    path: str  # as shown to the editor, relative to the working directory
    kind: str
    stem: str
    data: Any
    positions: dict[Path_, Position] = field(default_factory=dict)
    key_positions: dict[Path_, Position] = field(default_factory=dict)

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """The position of `path`, or of its nearest written ancestor."""
        table = self.key_positions if key else self.positions
        while path:
            if path in table:
                return table[path]
            if key and path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))


class _Refused(Exception):
    def __init__(self, line: int, column: int, message: str, hint: str = ""):
        self.line, self.column, self.message, self.hint = line, column, message, hint


def display_path(path: Path) -> str:
    """The path as the editor knows it: relative to the working directory when inside it."""
    return f"{_display_folder(str(path.parent), os.getcwd())}/{path.name}".removeprefix("./")


@functools.lru_cache(maxsize=256)
def _display_folder(folder: str, cwd: str) -> str:
    try:
        return Path(folder).resolve().relative_to(Path(cwd).resolve()).as_posix()
    except ValueError:
        return Path(folder).as_posix()


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _Refused(1, 1, "the file is UTF-16", "save it as UTF-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise _Refused(line, column, "this is not valid UTF-8", "save the file as UTF-8") from None
    # One search of the whole text, comments included: hidden characters spoof reviewers too.
    hidden = _SPOOFING.search(text)
    if hidden:
        offset = hidden.start()
        line, column = text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
        if hidden.group() == "\ufeff":
            raise _Refused(line, column, "a byte order mark inside the file", "delete the invisible character")
        name = unicodedata.name(hidden.group(), f"U+{ord(hidden.group()):04X}")
        raise _Refused(
            line,
            column,
            f"invisible or control character {name}",
            "delete it and retype the text around it; only tabs and line breaks are allowed",
        )
    return text


def _check_depth(text: str) -> None:
    # Only suspicious files pay for this exact walk over parser events.
    deep_indent = " " * 120 in text and _DEEP_INDENT.search(text)
    if text.count("[") + text.count("{") < 64 and not deep_indent and not _DEEP_INDICATORS.search(text):
        return
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise _Refused(mark.line + 1, mark.column + 1, f"nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


class _Converter:
    """Node tree to plain values, recording positions and refusing what is unsafe."""

    def __init__(self, anchors_possible: bool) -> None:
        self.positions: dict[Path_, Position] = {}
        self.key_positions: dict[Path_, Position] = {}
        # An alias is the same node met twice; without an `&` in the file there can be none.
        self.seen: set[int] | None = set() if anchors_possible else None

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        mark = node.start_mark
        line, column = mark.line + 1, mark.column + 1
        if self.seen is not None:
            if id(node) in self.seen:
                raise _Refused(
                    line, column, "anchors and aliases (& and *) are not allowed", "write the value out in full"
                )
            self.seen.add(id(node))
        if len(path) > MAX_DEPTH:
            raise _Refused(line, column, f"nested more than {MAX_DEPTH} levels deep")
        self.positions[path] = (line, column)
        if isinstance(node, yaml.ScalarNode):  # most nodes, so asked first
            return self._scalar(node, line, column)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if node.tag != _SEQ:  # the third kind of node: a sequence
            raise _Refused(line, column, f"the tag {_short(node.tag)} is not allowed")
        return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        if node.tag != _MAP:
            mark = node.start_mark
            raise _Refused(mark.line + 1, mark.column + 1, f"the tag {_short(node.tag)} is not allowed")
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key_node.tag == _MERGE or (
                key_node.value == "<<" and isinstance(key_node, yaml.ScalarNode) and not key_node.style
            ):
                raise _Refused(line, column, "merge keys (<<) are not allowed", "write the fields out in full")
            if (
                not isinstance(key_node, yaml.ScalarNode)
                or key_node.tag != _STR
                or (not key_node.style and _implicit(key_node.value) is not _TEXT)
            ):
                raise _Refused(
                    line,
                    column,
                    f"the key {key_node.value!r} is not text"
                    if isinstance(key_node, yaml.ScalarNode)
                    else "a key must be plain text",
                    "field names are words",
                )
            key = key_node.value
            child = path + (key,)
            if key in result:
                first = self.key_positions[child]
                raise _Refused(
                    line, column, f"duplicate key '{key}'", f"it is already set at line {first[0]}; keep one"
                )
            self.key_positions[child] = (line, column)
            result[key] = self.convert(value_node, child)
        return result

    def _scalar(self, node: yaml.ScalarNode, line: int, column: int) -> Any:
        tag, text = node.tag, node.value
        if tag not in _PLAIN_TAGS:
            raise _Refused(line, column, f"the tag {_short(tag)} is not allowed", "remove the tag")
        if node.style or tag != _STR:  # quoted, block or explicitly tagged: text as written
            return text
        value = _implicit(text)
        return text if value is _TEXT else value


_TEXT = object()
_NULLS = {"", "~", "null", "Null", "NULL"}


def _implicit(text: str) -> Any:
    """YAML's implicit typing of plain scalars, narrowed to what cannot surprise an editor:
    NO, 0777, 1:20 and 2024-01-03 stay text as written (returns _TEXT)."""
    if text[:1].isalpha():  # the common case: words
        return None if text in _NULLS else (text == "true") if text in ("true", "false") else _TEXT
    if text in _NULLS:
        return None
    if text in ("true", "false"):
        return text == "true"
    if _DECIMAL.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return _TEXT


def _short(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def parse(raw: bytes, path: str, kind: str = "", stem: str = "") -> tuple[Document | None, list[Diagnostic]]:
    """Parse one file's bytes; a refused file gives one diagnostic and no document."""
    try:
        if len(raw) > MAX_FILE_BYTES:
            raise _Refused(
                1, 1, f"the file is larger than {MAX_FILE_BYTES // 1024} KiB", "split it into smaller fact files"
            )
        text = _decode(raw)
        _check_depth(text)
        node = yaml.compose(text, Loader=_Loader)
        if node is None:
            raise _Refused(1, 1, "the file is empty", "a fact file starts with `id:` and `name:`")
        converter = _Converter("&" in text)
        data = converter.convert(node, ())
    except _Refused as refused:
        return None, [Diagnostic(path, refused.line, refused.column, "error", refused.message, refused.hint)]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = error.problem or "invalid YAML"
        if "expected a single document" in str(error):
            message, hint = "more than one YAML document (---) in the file", "one entity per file"
        elif error.context and error.context_mark and error.context_mark is not mark:
            hint = f"{error.context} that starts at line {error.context_mark.line + 1}"
        else:
            hint = error.context or ""
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Diagnostic(path, line, column, "error", f"YAML syntax: {message}", hint)]
    except (yaml.YAMLError, ValueError, RecursionError) as error:  # no position known
        return None, [Diagnostic(path, 1, 1, "error", f"unreadable YAML: {error}")]
    return Document(path, kind, stem, data, converter.positions, converter.key_positions), []


def read_file(path: Path, kind: str) -> tuple[bytes | None, list[Diagnostic]]:
    shown = display_path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:  # don't read a huge file into memory
            return None, [
                Diagnostic(
                    shown,
                    1,
                    1,
                    "error",
                    f"the file is larger than {MAX_FILE_BYTES // 1024} KiB",
                    "split it into smaller fact files",
                )
            ]
        return path.read_bytes(), []
    except OSError as error:
        return None, [Diagnostic(shown, 1, 1, "error", f"cannot read the file: {error.strerror}")]


def fact_files(facts_dir: Path) -> tuple[list[tuple[Path, str]], list[Diagnostic]]:
    """Every `<kind>/<id>.yaml` below `facts_dir`, sorted; anything else is reported."""
    found: list[tuple[Path, str]] = []
    problems: list[Diagnostic] = []
    if not facts_dir.is_dir():
        return [], [Diagnostic(display_path(facts_dir), 1, 1, "error", "the facts directory does not exist")]
    for path in sorted(facts_dir.rglob("*")):
        if path.is_dir() or path.name.startswith(".") or path.name.lower() == "readme.md":
            continue
        relative = path.relative_to(facts_dir)
        kind = relative.parts[0] if len(relative.parts) == 2 else ""
        if kind not in KINDS or path.suffix != ".yaml":
            hint = (
                f"rename it to {path.stem}.yaml"
                if path.suffix == ".yml"
                else f"fact files go in facts/<kind>/<id>.yaml, kinds: {', '.join(KINDS)}"
            )
            problems.append(Diagnostic(display_path(path), 1, 1, "error", "not a fact file", hint))
            continue
        found.append((path, kind))
    return found, problems


def load(
    files: list[tuple[Path, str]], cache: dict[tuple[str, bytes], Document] | None = None
) -> tuple[list[Document], list[Diagnostic]]:
    """Parse fact files; a cache keyed by path and content skips the unchanged ones."""
    documents: list[Document] = []
    diagnostics: list[Diagnostic] = []
    used: dict[tuple[str, bytes], Document] = {}
    for path, kind in files:
        raw, problems = read_file(path, kind)
        diagnostics += problems
        if raw is None:
            continue
        shown = display_path(path)
        key = (shown, raw)
        document = cache.get(key) if cache is not None else None
        if document is None:
            document, problems = parse(raw, shown, kind, path.stem)
            diagnostics += problems
        if document is not None:
            documents.append(document)
            used[key] = document
    if cache is not None:  # forget files that changed or went away
        cache.clear()
        cache.update(used)
    return documents, diagnostics
