"""References from hand-written pages to facts: `[[people/qassem-soleimani]]`, checked and linked.

    [[kind/id]]              a link titled with the entity's name
    [[kind/id|label]]        a link with your own label
    [[kind/id#field]]        the field's current value, linked to it on the fact sheet
    [[kind/id#field:words]]  these words of the one current value of the field that contains them,
                             linked to it: "[[incidents/x#statements:about 20 minutes]] after"; the
                             build fails when the fact no longer says them
    [[list:most-cited]]      the most cited fact sheets;  [[list:recent]]  the newest dated ones
    [[fields:incidents]]     the field reference of a kind (or `claim`), read from the models
    [[site:period]]          the dates of the first and last dated facts: "7 June 2017 to 3 January 2024"
    [[site:as-of]]           the latest date of the sources: what the site's facts are as of
    [[columns:claims]]       the columns of a published table (api/<name>.csv), as written
    [[export:people]]        the fields of a kind's JSON export (api/<kind>/<id>.json), as written

References inside code (code spans, fenced and indented code blocks, read as Markdown reads them)
are left alone, so pages can show the syntax. A label is text: it is escaped like a name.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

from .. import wording
from ..diagnostics import Diagnostic
from ..factmodel.kinds import KINDS
from ..factmodel.model import Claim, fact_fields, field_anchor, field_reference
from ..text import date_key, md
from . import guard as content
from .link import FactBase, _Suggest, current, sequence
from .load import display_path

# No part may hold `[`: then a match attempt stops at the next bracket, and a line of ten
# thousand `[[` is read once, not once per `[[`.
REFERENCE = re.compile(r"\[\[(?P<target>[^\[\]|#\n]*)(?:#(?P<field>[^\[\]|\n]*))?(?:\|(?P<label>[^\[\]\n]*))?\]\]")
# What an editor meant as a reference, so that one the pattern refuses is an error, not text
# that Markdown reads its own way (`[[people/x|y](javascript:…) [z]]` is a Markdown link).
_MEANT = re.compile(rf"\[\[\s*(?:{'|'.join(KINDS)}|list|fields|site)\s*[/:]")
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")
LISTS = ("most-cited", "recent")
SITE_DATES = ("period", "as-of")

# Block structure, read as Python-Markdown and CommonMark read it.
_FENCE_OPEN = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_BACKTICKS = re.compile(r"`+")
_BRACKETS = re.compile(r"\[{2,}")


@dataclass(frozen=True)
class Reference:
    line: int
    column: int
    target: str
    field: str | None
    label: str | None


@dataclass(frozen=True)
class Problem:
    """Something in a page's reference syntax the editor must fix."""

    line: int
    column: int
    message: str
    hint: str = ""


def _indent(line: str) -> int:
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _escaped(text: str, index: int) -> bool:
    """Whether the character at `index` follows an odd number of backslashes."""
    count = 0
    while index > count and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _code_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each inline code span, as Markdown finds them: a run of n backticks
    opens one, the next run of exactly n closes it, and an opener with no closer is literal. A
    backslash escapes the first backtick of an opener only. Near-linear: one bisect per run."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    spans = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        if _escaped(text, start):
            start += 1  # an escaped backtick is text; the rest of the run may still open
        candidates = by_length.get(end - start, [])
        after = bisect.bisect_right(candidates, index)
        if start == end or after == len(candidates):
            index += 1
            continue
        closer = candidates[after]
        spans.append((start, runs[closer][1]))
        index = closer + 1
    return spans


def _blank_out(text: str, spans: list[tuple[int, int]]) -> str:
    """Code spans replaced by spaces (line breaks kept): positions stay, references inside vanish."""
    parts, last = [], 0
    for start, end in spans:
        parts += [text[last:start], re.sub(r"[^\n]", " ", text[start:end])]
        last = end
    return "".join(parts) + text[last:]


def _text_blocks(lines: list[str], problems: list[Problem]) -> list[tuple[int, list[str]]]:
    """The lines Markdown reads as text (not code), grouped in blocks that a code span can't
    cross: (number of the first line, lines). Fenced and indented code are left out."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = 0
    fence: tuple[str, int, int] | None = None  # character, length, line where it opened
    after_blank, in_list, in_code = True, False, False

    def close(at: int) -> None:
        nonlocal current, first
        if current:
            blocks.append((first, current))
        current, first = [], at

    skip = 0
    if lines and lines[0].rstrip() == "---":  # front matter: page settings, not text
        ends = (n for n in range(1, len(lines)) if lines[n].rstrip() in ("---", "..."))
        skip = next(ends, -1) + 1
    for number, line in enumerate(lines[skip:], start=skip + 1):
        if fence is not None:
            stripped = line.strip()
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= fence[1]:
                fence = None
                after_blank = True
            continue
        opened = _FENCE_OPEN.match(line)
        if opened and not (opened["fence"][0] == "`" and "`" in opened["info"]):
            close(number)
            fence = (opened["fence"][0], len(opened["fence"]), number)
            continue
        if not line.strip():
            close(number + 1)
            after_blank = True
            in_code = False
            continue
        indent = _indent(line)
        if indent >= (8 if in_list else 4) and (after_blank or in_code):
            close(number + 1)  # indented code: after a blank line, or more of it
            in_code = True
            continue
        in_code = False
        if _LIST_ITEM.match(line):
            in_list = True
            close(number)
        elif indent < 4 and after_blank:
            in_list = False
        if _HEADING.match(line):  # a heading is a block of its own line
            close(number)
            current.append(line)
            close(number + 1)
            after_blank = True
            continue
        if not current:
            first = number
        current.append(line)
        after_blank = False
    close(len(lines) + 1)
    if fence is not None:
        problems.append(
            Problem(
                fence[2],
                1,
                "this code fence is never closed",
                f"close it with a line of {fence[1]} or more {'backticks' if fence[0] == '`' else 'tildes'}",
            )
        )
    return blocks


def outside_code(markdown: str) -> str:
    """The page with everything Markdown reads as code (and the front matter) blanked out, one line
    for each of its lines, each as long as it was: positions stay, code is never read as markup."""
    lines = markdown.splitlines()
    masked = [" " * len(line) for line in lines]
    for first, block in _text_blocks(lines, []):
        text = "\n".join(block)
        masked[first - 1 : first - 1 + len(block)] = _blank_out(text, _code_spans(text)).split("\n")
    return "\n".join(masked)


def scan(markdown: str) -> tuple[list[Reference], list[Problem]]:
    """Every reference in a page outside code, and what looks like one but isn't."""
    found: list[Reference] = []
    problems: list[Problem] = []
    for first, block in _text_blocks(markdown.splitlines(), problems):
        text = "\n".join(block)
        if "[[" not in text:
            continue
        masked = _blank_out(text, _code_spans(text))
        for offset, line in enumerate(masked.split("\n")):
            for brackets in _BRACKETS.finditer(line):
                start = brackets.end() - 2  # in `[[[x]]]` the reference is `[[x]]`
                if brackets.end() - brackets.start() == 2 and _escaped(line, start):
                    continue  # `\[[` is written to show the brackets
                match = REFERENCE.match(line, start)
                if match is None:
                    if _MEANT.match(line, start):
                        problems.append(
                            Problem(
                                first + offset,
                                start + 1,
                                "this reference is not closed, or holds brackets",
                                "write [[<kind>/<id>]] or [[<kind>/<id>|label]]; a label is plain text",
                            )
                        )
                    continue
                found.append(
                    Reference(
                        first + offset,
                        start + 1,
                        match["target"].strip(),
                        match["field"].strip() if match["field"] is not None else None,
                        match["label"].strip() if match["label"] is not None else None,
                    )
                )
    return found, problems


def find(markdown: str) -> list[Reference]:
    """Every reference in a page, outside code."""
    return scan(markdown)[0]


def _problem(base: FactBase, ref: Reference, suggest: _Suggest | None = None) -> tuple[str, str] | None:
    """What is wrong with a reference, if anything. `suggest` finds a "did you mean": capped and
    cached as for fact files, so that 40,000 unknown references don't cost 40,000 fuzzy searches."""
    if ref.target.startswith("list:"):
        name = ref.target[5:]
        return None if name in LISTS else (f"unknown list '{name}'", "allowed: " + ", ".join(LISTS))
    if ref.target.startswith("site:"):
        name = ref.target[5:]
        return None if name in SITE_DATES else (f"unknown site date '{name}'", "allowed: " + ", ".join(SITE_DATES))
    if ref.target.startswith("fields:"):
        name = ref.target[7:]
        kinds = [*KINDS, "claim"]
        return None if name in kinds else (f"no field reference for '{name}'", "allowed: " + ", ".join(kinds))
    if ref.target.startswith(("columns:", "export:")):
        what, _, name = ref.target.partition(":")
        names = _table_names() if what == "columns" else list(KINDS)
        return None if name in names else (f"no {what} reference for '{name}'", "allowed: " + ", ".join(names))
    kind, _, id_ = ref.target.partition("/")
    if kind not in KINDS or not _ID.match(id_):
        return (
            f"'{ref.target}' is not a fact reference",
            "write [[<kind>/<id>]], for example [[people/qassem-soleimani]]",
        )
    if base.resolve(ref.target) not in base.records:
        close = suggest(ref.target) if suggest is not None else ""
        return f"unknown fact '{ref.target}'", close or "no fact file has this id"
    if ref.field is not None:
        record = base.records[base.resolve(ref.target)]
        fields = fact_fields(type(record.entity))
        field, _, words = ref.field.partition(":")
        if field not in fields:
            return f"'{ref.target}' has no field '{field}'", "fields: " + ", ".join(fields)
        if not current(getattr(record.entity, field)) and not sequence(record.entity, field):
            return f"'{ref.target}' has no current value for '{field}'", ""
        found = _chosen(record.entity, ref.field) if words.strip() else [None]
        if len(found) != 1:
            some = "no current value" if not found else f"{len(found)} current values"
            return (
                f"{some} of '{field}' of '{ref.target}' contain '{words}'",
                "give words that only one of them contains",
            )
    return None


def _chosen(entity: object, field: str) -> list[Claim]:
    """The current claims of `field`, or of `field:words` those whose words contain the words."""
    name, _, words = field.partition(":")
    claims = current(getattr(entity, name))
    if not words.strip():
        return claims[:1]
    return [c for c in claims if " ".join(words.split()).casefold() in wording.value_words(c).casefold()]


def page_title(markdown: str, fallback: str) -> str:
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return fallback


Mentions = dict[str, list[tuple[str, str]]]  # ref -> (page title, page) of the pages that mention it


def check_references(
    content_dir: Path, base: FactBase, facts_dir: Path | None = None
) -> tuple[Mentions, list[Diagnostic]]:
    """Every page's references checked, and which pages mention which facts."""
    diagnostics = []
    mentions: Mentions = {}
    suggest = _Suggest(list(base.records))
    waiting: dict[str, list[Diagnostic]] = {}  # a failed fact file -> the references it leaves unchecked
    for path, src_uri, text in content.pages(content_dir):  # no link followed, nothing huge read
        mentioned = set()
        title = page_title(text, path.stem)  # once a page, not once a reference
        shown = display_path(path)
        found, problems = scan(text)
        for syntax in problems:
            diagnostics.append(Diagnostic(shown, syntax.line, syntax.column, "error", syntax.message, syntax.hint))
        for ref in found:
            if base.resolve(ref.target) in base.failed:  # its own errors are the cause: said once, there
                at = Diagnostic(shown, ref.line, ref.column, "warning", "", "")
                waiting.setdefault(base.resolve(ref.target), []).append(at)
                continue
            problem = _problem(base, ref, suggest)
            if problem:
                diagnostics.append(Diagnostic(shown, ref.line, ref.column, "error", *problem))
                continue
            target = base.resolve(ref.target)
            if target != ref.target:
                message, hint = f"'{ref.target}' is an old id of {target}", f"write [[{target}]]"
                diagnostics.append(Diagnostic(shown, ref.line, ref.column, "warning", message, hint))
            if (
                not ref.target.startswith(("list:", "fields:", "site:", "columns:", "export:"))
                and target not in mentioned
            ):
                mentioned.add(target)
                mentions.setdefault(target, []).append((title, src_uri))
    return mentions, diagnostics + [_unchecked(target, found, facts_dir) for target, found in waiting.items()]


def _unchecked(target: str, found: list[Diagnostic], facts_dir: Path | None) -> Diagnostic:
    """One line for every reference a failing fact file leaves unchecked, at that file: the file at
    fault is the one to fix, and the only one a pull request's annotations should mark."""
    first = found[0]
    count = f"{len(found)} reference{'s' * (len(found) != 1)}"
    message = f"{count} to {target} in content/ not checked until its errors are fixed"
    hint = f"the first at {first.path}:{first.line}:{first.column}"
    if facts_dir is None:
        return Diagnostic(first.path, first.line, first.column, "warning", message, hint)
    return Diagnostic(display_path(facts_dir / f"{target}.yaml"), 1, 1, "warning", message, hint)


def _value_words(base: FactBase, target: str, field: str) -> str:
    """What `[[kind/id#field]]` says: the field's standing claims with who gave them and when, as the
    sheet says them, so that prose never restates (and never misstates) the speaker; a field a later
    claim overtook, as the dated sequence the sheet tells."""
    entity = base.records[target].entity
    if told := sequence(entity, field):  # "no group had claimed … as of …; ISIS claimed … on …"
        return wording.sequence_field_words(told, base.name)
    return wording.field_words(getattr(entity, field), base.name)


def _words_of(base: FactBase, target: str, field: str) -> str:
    """The field's current value with who said it, or for `field:words` those words, which the check
    found in the value (in any case: the page's sentence decides the capitals)."""
    words = " ".join(field.partition(":")[2].split())
    return words or _value_words(base, target, field.partition(":")[0])


def _list(base: FactBase, name: str, href) -> str:
    if name == "most-cited":
        counts = {ref: 0 for ref in base.records if not ref.startswith("sources/")}
        for relations in base.incoming.values():
            for relation in relations:
                counts[relation.target] = counts.get(relation.target, 0) + 1
        for ref, attributions in base.attributed.items():
            counts[ref] = counts.get(ref, 0) + len(attributions)
        for ref, pages in base.mentioned_in.items():
            counts[ref] = counts.get(ref, 0) + len(pages)
        top = sorted(counts, key=lambda r: (-counts[r], r))[:10]
    else:
        dated = [
            (current(r.entity.date)[0].value, r.ref)
            for kind in KINDS.values()
            if kind.dated
            for r in base.by_kind.get(kind.name, [])
            if current(r.entity.date)
        ]
        top = [ref for _, ref in sorted(dated, key=lambda d: (date_key(d[0]), d[1]), reverse=True)[:10]]
    return "\n" + "\n".join(f"- [{md(base.name(ref))}]({href(ref + '.md')})" for ref in top) + "\n"


def _site_date(base: FactBase, name: str) -> str:
    """What period the site covers, or what its facts are as of, in words ("not known" without dates)."""
    if name == "as-of":
        dates = [r.entity.facts_as_of for r in base.by_kind.get("sources", []) if r.entity.facts_as_of]
        return md(wording.date_words(max(dates, key=date_key))) if dates else "no known date"
    dated = [
        claim.value
        for kind in KINDS.values()
        if kind.dated
        for r in base.by_kind.get(kind.name, [])
        for claim in current(r.entity.date)
    ]
    if not dated:
        return "no dated facts yet"
    first, last = min(dated, key=date_key), max(dated, key=date_key)
    first, last = wording.date_words(first), wording.date_words(last)
    return md(first if first == last else f"{first} to {last}")


def _fields_table(kind: str) -> str:
    rows = ["| Field | Holds | Required | What it is for |", "| --- | --- | --- | --- |"]
    model = Claim if kind == "claim" else KINDS[kind].model
    for name, what, required, description in field_reference(model):
        rows.append(
            f"| `{name}` | {md(what) if '`' not in what else what} | {'yes' if required else ''} | {md(description)} |"
        )
    return "\n" + "\n".join(rows) + "\n"


def _table_names() -> list[str]:
    from ..site.tables import TABLES  # the published tables (site imports check, not the other way at load)

    return list(TABLES)


def _columns_table(name: str) -> str:
    from ..site.tables import TABLES

    rows = ["| Column | Type | What it holds |", "| --- | --- | --- |"]
    rows += [f"| `{c.name}` | {c.type} | {md(c.description)} |" for c in TABLES[name]()]
    return "\n" + "\n".join(rows) + "\n"


def _export_table(kind: str) -> str:
    from ..factmodel.schemas import export_schema

    schema = export_schema(kind)
    rows = ["| Field | Required | What it holds |", "| --- | --- | --- |"]
    for name, prop in schema["properties"].items():
        required = "yes" if name in schema.get("required", []) else ""
        rows.append(f"| `{name}` | {required} | {md(prop.get('description', ''))} |")
    return "\n" + "\n".join(rows) + "\n"


def substitute(markdown: str, base: FactBase, href) -> str:
    """Replace checked references with Markdown links; `href` makes a page-relative path. One pass:
    each line is put together once from its pieces, and each distinct reference worded once."""
    lines = markdown.splitlines(keepends=True)
    by_line: dict[int, list[Reference]] = {}
    for ref in find(markdown):
        by_line.setdefault(ref.line, []).append(ref)
    made: dict[tuple[str, str | None, str | None], str] = {}
    for number, refs in by_line.items():
        line = lines[number - 1]
        pieces, last = [], 0
        for ref in refs:  # in the order of their columns
            match = REFERENCE.match(line, ref.column - 1)
            if match is None or match.start() < last:
                continue
            key = (ref.target, ref.field, ref.label)
            if key not in made:
                made[key] = "" if _problem(base, ref) else _replacement(base, ref, href)
            if not made[key]:
                continue
            pieces += [line[last : match.start()], made[key]]
            last = match.end()
        lines[number - 1] = "".join(pieces) + line[last:]
    return "".join(lines)


def _replacement(base: FactBase, ref: Reference, href) -> str:
    if ref.target.startswith("list:"):
        return _list(base, ref.target[5:], href)
    if ref.target.startswith("fields:"):
        return _fields_table(ref.target[7:])
    if ref.target.startswith("site:"):
        return _site_date(base, ref.target[5:])
    if ref.target.startswith("columns:"):
        return _columns_table(ref.target[8:])
    if ref.target.startswith("export:"):
        return _export_table(ref.target[7:])
    target = base.resolve(ref.target)
    if ref.field is not None:
        label = md(ref.label if ref.label is not None else _words_of(base, target, ref.field))
        return f"[{label}]({href(target + '.md')}#{field_anchor(ref.field.partition(':')[0])})"
    label = md(ref.label if ref.label is not None else base.name(target))
    return f"[{label}]({href(target + '.md')})"
