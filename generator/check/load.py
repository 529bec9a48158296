"""Step 1, load: YAML files to plain values, with the line and column of every value.

libyaml (CSafeLoader) composes the node tree at C speed; we convert the nodes ourselves,
which is where the safety rules live: no tags beyond YAML's plain types, no anchors or
aliases, no merge keys, text keys only, no duplicate keys, bounded size and depth, strict
UTF-8, and no implicit typing that changes what an editor wrote (`NO` stays text).
"""

from __future__ import annotations

import errno
import functools
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostic, Severity
from ..factmodel.kinds import KINDS
from . import invisible

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
MAX_DIGITS = 18  # a count or a year: longer digit strings are mistakes

Path_ = tuple[str | int, ...]
Position = tuple[int, int]

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_STR, _SEQ, _MAP, _MERGE = (_TAG + t for t in ("str", "seq", "map", "merge"))
_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"-?(0|[1-9][0-9]*)\.[0-9]+\Z")
# Characters that spoof or hide text: controls (but tab and newline), the default-ignorable code
# points (bidirectional overrides, zero-width characters, tag characters: invisible.py), the BOM
# inside text, and the noncharacters
# (U+FFFE and U+FFFF are not even allowed in XML: one would break the feed for every reader).
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufdd0-\ufdef\ufffe\uffff"
_SPOOFING = invisible.pattern(_CONTROLS)
# In a decoded value, also the line breaks only an escape can put there ("\r", "\N", "\L", "\P"):
# a carriage return starts a new row in a spreadsheet, the others are invisible line breaks.
_HIDDEN_IN_VALUE = invisible.pattern(_CONTROLS + "\r\x85\u2028\u2029")
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
    hidden = invisible.first_hidden(_SPOOFING, text)
    if hidden:
        offset = hidden.start()
        line, column = text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
        raise _Refused(line, column, *_hidden_problem(hidden.group()))
    return text


def _hidden_problem(char: str, escaped: bool = False) -> tuple[str, str]:
    """What to tell the editor about one hidden character, found as written or from an escape."""
    if char == "\ufeff" and not escaped:
        return "a byte order mark inside the file", "delete the invisible character"
    if char == "\r":
        return "a carriage return (\\r) in text", "write the text on one line, or use a block scalar `|` for lines"
    name = unicodedata.name(char, f"U+{ord(char):04X}")
    if escaped:
        return (
            f"invisible or control character {name}, written as an escape",
            "delete the escape; text holds only visible characters, tabs and line breaks",
        )
    return (
        f"invisible or control character {name}",
        "delete it and retype the text around it; only tabs and line breaks are allowed",
    )


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
            _check_hidden(key, line, column)
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
        if tag != _STR:  # `!!int "95"`: a tag asks YAML to convert; we never convert silently
            return _explicit_tag(tag, text, line, column)
        if node.style:  # quoted or block: text as written
            _check_hidden(text, line, column)
            return text
        if len(text) > MAX_DIGITS and _DECIMAL.match(text):  # Python refuses ints past 4,300 digits
            raise _Refused(
                line, column, f"a number with {len(text.lstrip('-'))} digits", "quote it if it is text, not a figure"
            )
        value = _implicit(text)
        if value is _TEXT:
            _check_hidden(text, line, column)
            return text
        return value


def _explicit_tag(tag: str, text: str, line: int, column: int) -> Any:
    shown = _short(tag)
    plain = text if _DECIMAL.match(text) and len(text) <= MAX_DIGITS else f'"{text}"'
    raise _Refused(
        line, column, f"the tag {shown} is not needed", f'remove it: write {plain} for a number, "{text}" for text'
    )


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


def _check_hidden(text: str, line: int, column: int) -> None:
    # The whole file was searched before parsing, but a double-quoted scalar's escapes ("\x00",
    # "\u202e", "\x1b") only become characters now: every decoded key and text value is searched
    # again: one C-level search each, plain and block scalars too, so that no style is trusted.
    hidden = invisible.first_hidden(_HIDDEN_IN_VALUE, text)
    if hidden:
        raise _Refused(line, column, *_hidden_problem(hidden.group(), escaped=True))


def _short(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _syntax_error(error: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str, str]:
    """libyaml's complaint in an editor's words, at the line of the mistake (libyaml often notices
    it a line later: the start of what it was reading, the context mark, is where the mistake is)."""
    problem = error.problem or ""
    mark = error.problem_mark or error.context_mark
    start = error.context_mark if error.context_mark is not None else mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines() or [""]
    here = lines[line - 1] if line <= len(lines) else ""
    if "expected a single document" in str(error):
        return line, column, "more than one YAML document (---) in the file", "one entity per file"
    if problem.startswith("mapping values are not allowed"):
        before = here[: column - 1]
        if ": " in before or before.rstrip().endswith(":"):  # `name: Foo: bar`
            key = before.split(":", 1)[0].strip().lstrip("- ")
            value = here[len(before.split(":", 1)[0]) + 1 :].strip()
            quoted = f"'{value.replace(chr(39), chr(39) * 2)}'" if '"' in value else f'"{value}"'
            return line, column, "a value that contains ': '", f"quote the value: {key}: {quoted}"
        return (
            line,
            here.find(here.strip()[:1]) + 1 if here.strip() else column,
            "this line is indented more than the field above it",
            "line it up with the field above, or quote a value that goes on over several lines",
        )
    if problem == "could not find expected ':'" and start is not None:
        return (
            start.line + 1,
            start.column + 1,
            "a field without ':' after its name",
            "write `field: value`, with a space after the colon",
        )
    if problem.startswith("found unexpected end of stream") and start is not None:
        return (
            start.line + 1,
            start.column + 1,
            "a quotation mark that is never closed",
            "close the quoted text on the same line",
        )
    if (
        problem.startswith(("did not find expected ',' or ']'", "did not find expected ',' or '}'"))
        and start is not None
    ):
        bracket = "]" if "]" in problem else "}"
        return (
            start.line + 1,
            start.column + 1,
            f"a '{'[' if bracket == ']' else '{'}' that is never closed",
            f"end it with '{bracket}', and quote items that contain commas, brackets or ': '",
        )
    if problem.startswith("found a tab character"):
        return line, column, "a tab used for indentation", "indent with spaces"
    if problem.startswith("found character that cannot start any token") or problem == "found undefined alias":
        character = here[column - 1 : column] or "?"
        if "\t" in here[:column]:  # YAML reads a tab as no indentation at all: the fix is spaces
            where = "for indentation" if not here[: here.index("\t")].strip(" -") else "before a value"
            return line, here.index("\t") + 1, f"a tab used {where}", "indent with spaces"
        return line, column, f"a value cannot start with '{character}'", "quote the value"
    if problem == "did not find expected key":
        if here.strip().startswith("- "):
            return line, column, "a list item out of line", "line up each '- ' with the items above it"
        if here[: column - 1].rstrip().endswith(('"', "'")):
            return line, column, "text after the closing quotation mark", "put the whole value inside the quotes"
        return (
            line,
            column,
            "text YAML did not expect here",
            "check the indentation, and quote a value that has quotes or ': ' in it",
        )
    hint = (
        f"{error.context} that starts at line {start.line + 1}"
        if error.context and start is not mark and start
        else error.context or ""
    )
    return line, column, f"YAML syntax: {problem or 'invalid YAML'}", hint


def parse(raw: bytes, path: str, kind: str = "", stem: str = "") -> tuple[Document | None, list[Diagnostic]]:
    """Parse one file's bytes; a refused file gives one diagnostic and no document."""
    text = ""
    try:
        if len(raw) > MAX_FILE_BYTES:
            too_large = _too_large(path)
            raise _Refused(1, 1, too_large.message, too_large.hint)
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
        line, column, message, hint = _syntax_error(error, text)
        return None, [Diagnostic(path, line, column, "error", message, hint)]
    except yaml.reader.ReaderError as error:  # a character YAML refuses; its position is an offset
        offset = min(error.position, len(text))
        line, column = text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
        message = (
            f"the character U+{error.character:04X} is not allowed in YAML"
            if isinstance(error.character, int)
            else "a character YAML does not allow"
        )
        return None, [Diagnostic(path, line, column, "error", message, "delete it and retype the text around it")]
    except (yaml.YAMLError, ValueError, RecursionError) as error:  # no position known
        return None, [Diagnostic(path, 1, 1, "error", f"unreadable YAML: {error}")]
    return Document(path, kind, stem, data, converter.positions, converter.key_positions), []


def _too_large(shown: str) -> Diagnostic:
    return Diagnostic(
        shown,
        1,
        1,
        "error",
        f"the file is larger than {MAX_FILE_BYTES // 1024} KiB",
        "split it into smaller fact files",
    )


def read_limited(path: Path, limit: int) -> bytes:
    """At most `limit + 1` bytes of a regular file, never through a symbolic link.

    O_NOFOLLOW refuses a link in the last step of the path (ELOOP), O_NONBLOCK keeps a named pipe
    from blocking the open, and the type is checked on the open file, not on a name that could be
    swapped in between. So `/dev/zero`, a FIFO or a link to a file outside the repository is an
    error, and a file growing while read still costs one read of the limit.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotRegular
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            return stream.read(limit + 1)
    finally:
        os.close(descriptor)


class NotRegular(OSError):
    """A device, pipe, socket or folder where a file was expected."""


def _unreadable(shown: str, error: OSError) -> Diagnostic:
    if isinstance(error, NotRegular):
        return Diagnostic(shown, 1, 1, "error", "not a regular file", "fact files are plain files")
    if error.errno == errno.ELOOP:
        return Diagnostic(shown, 1, 1, "error", "a symbolic link", "put the file itself here; links are not followed")
    return Diagnostic(shown, 1, 1, "error", f"cannot read the file: {error.strerror}")


def read_file(path: Path, kind: str = "") -> tuple[bytes | None, list[Diagnostic]]:
    shown = display_path(path)
    try:
        raw = read_limited(path, MAX_FILE_BYTES)
    except OSError as error:
        return None, [_unreadable(shown, error)]
    if len(raw) > MAX_FILE_BYTES:  # never more than the limit and one byte in memory
        return None, [_too_large(shown)]
    return raw, []


# Hidden files that tools leave and nobody means to publish: skipped without a word.
_QUIET = {".gitkeep", ".gitignore", ".DS_Store"}


def _entry_problem(entry: os.DirEntry[str]) -> tuple[str, str] | None:
    """Why a directory entry is not read, judged on the entry itself, never on what a link points to."""
    if entry.is_symlink():
        what = "folder" if entry.is_dir() else "file"
        return "a symbolic link", f"put the {what} itself here; links are not followed"
    if not entry.is_file(follow_symlinks=False) and not entry.is_dir(follow_symlinks=False):
        return "not a regular file", "fact files are plain files"
    return None


def fact_files(facts_dir: Path) -> tuple[list[tuple[Path, str]], list[Diagnostic]]:
    """Every `<kind>/<id>.yaml` below `facts_dir`, sorted; anything else is reported.

    Nothing is followed: a symbolic link (to a file, to a kind folder, to /dev/zero) and a device
    or pipe are errors with their path; hidden files are warnings, since they are never published.
    """
    found: list[tuple[Path, str]] = []
    problems: list[Diagnostic] = []
    if facts_dir.is_symlink():
        return [], [Diagnostic(display_path(facts_dir), 1, 1, "error", "the facts directory is a symbolic link")]
    if not facts_dir.is_dir():
        return [], [Diagnostic(display_path(facts_dir), 1, 1, "error", "the facts directory does not exist")]

    def report(path: Path, message: str, hint: str, severity: Severity = "error") -> None:
        problems.append(Diagnostic(display_path(path), 1, 1, severity, message, hint))

    def entries(folder: Path) -> list[os.DirEntry[str]]:
        try:
            with os.scandir(folder) as listing:
                return sorted(listing, key=lambda e: e.name)
        except OSError as error:
            report(folder, f"cannot read the folder: {error.strerror}", "")
            return []

    def visit(entry: os.DirEntry[str], level: int) -> None:
        path = Path(entry.path)
        if entry.name in _QUIET or entry.name.lower() == "readme.md":
            return
        problem = _entry_problem(entry)
        is_dir = entry.is_dir(follow_symlinks=False)
        if problem:
            report(path, *problem)
        elif entry.name.startswith("."):
            what = "folder" if is_dir else "file"
            hint = "remove the leading dot to publish it, or keep drafts outside facts/"
            report(path, f"a hidden {what} is not published", hint, "warning")
        elif is_dir and level == 0:
            for inner in entries(path):
                visit(inner, 1)
        elif is_dir and level == 1 and path.parent.name == "sources" and entry.name == "archive":
            for inner in entries(path):  # archived copies of sources, for checking quotes (quotes.py)
                visit(inner, 2)
        elif level == 2 and not is_dir:
            if path.suffix != ".txt":
                report(path, "not an archived copy", "archived copies are text: sources/archive/<source id>.txt")
        elif is_dir:
            report(path, "a folder inside a kind folder is not read", "fact files go in facts/<kind>/<id>.yaml")
        elif level == 0 or path.parent.name not in KINDS or path.suffix != ".yaml":
            hint = (
                f"rename it to {path.stem}.yaml"
                if path.suffix == ".yml"
                else f"fact files go in facts/<kind>/<id>.yaml, kinds: {', '.join(KINDS)}"
            )
            report(path, "not a fact file", hint)
        else:
            found.append((path, path.parent.name))

    # Two levels only (kind folders, then their files): no deep tree to walk, no link followed.
    for entry in entries(facts_dir):
        visit(entry, 0)
    return sorted(found), problems


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
