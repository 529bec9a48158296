"""Pictures on fact sheets: a timeline strip and a relations diagram, drawn as inline SVG.

Drawn in Python rather than in a template because a picture is arithmetic: positions, rows,
wrapping. Every text comes from YAML, so each one goes through `escape`, in attributes too.
Nothing is loaded from another host and nothing runs.

Drawn for a phone first: both pictures are 350 units wide and go down the page, so that at 390 px
(where Material leaves 358 px) they are shown at full size and no label is under 13 px; a desktop
shows them at the same size. Every mark has its label, wrapped onto as many lines as it needs, never
cut; marks of one date stand side by side.

Accessibility: a picture repeats what the page lists beside it (the sheet's key facts and timeline,
or the list in the `<details>` after it), so it adds nothing for the keyboard to reach: no link, no
Tab stop. Each SVG is `role="img"`, named by its `<title>`, which says what it shows.

The same input always gives the same bytes: entries are sorted here, coordinates are rounded,
and element ids come from a hash of the content.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from .. import i18n
from ..text import CONTROL, date_key
from ..wording import count_words, date_words

WIDTH = 350  # at most the 358 px Material leaves at 390 px: drawn at full size on a phone
FONT = 13  # every text; the smallest a reader sees, at 390 px as at 1280 px
CHAR = 7.8  # the widest average glyph width of the theme's sans-serif at FONT, in SVG units
LINE = 17  # from one line of a label to the next
MAX_MARKS = 100  # a timeline page holds at most 100 entries (pages.TIMELINE_PAGE)
MAX_RELATIONS = 12  # entities drawn below the one on top; the rest are counted

# A page URL relative to the current page: `../../people/donald-trump/`, `./`, `2020/`, `x.html#top`.
# No scheme, host, absolute path or query: a picture links only to pages of the same site.
_SEGMENT = r"[A-Za-z0-9_-][A-Za-z0-9_.-]*"
_RELATIVE_URL = re.compile(rf"(\./|(\.\./)*)({_SEGMENT}/)*({_SEGMENT})?(#[A-Za-z0-9_-]+)?")


def _text(value: object) -> str:
    """One line of text: control characters shown as �, whitespace collapsed. (Loading refuses
    control characters already; XML forbids most of them, so they never reach the SVG.)"""
    return " ".join(CONTROL.sub("\ufffd", str(value)).split())


def _url(url: str) -> str:
    if not _RELATIVE_URL.fullmatch(url):
        raise ValueError(f"a picture links only to relative page URLs, not {url!r}")
    return url


def _n(number: float) -> str:
    """Coordinates rounded to 0.1, written without a trailing .0: stable and short."""
    return f"{round(number, 1):g}"


def _id(kind: str, content: object) -> str:
    """Ids unique on a page (two pictures of different content) and the same on every build."""
    return f"fs-{kind}-" + hashlib.sha256(repr(content).encode()).hexdigest()[:10]


def _svg(ident: str, title: str, height: float, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{ident}-title" '
        f'viewBox="0 0 {WIDTH} {_n(height)}" width="{WIDTH}" height="{_n(height)}" '
        f'font-size="{FONT}" fill="currentColor">'
        f'<title id="{ident}-title">{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def _picture(kind: str, svg: str, summary: str, items: list[str], list_tag: str, listed: bool) -> Markup:
    """The SVG and, unless the page lists the same right beside it, the same content as a list. One
    line: Markdown passes a raw HTML block through only up to a blank line."""
    text = ""
    if listed:
        lines = "".join(f"<li>{item}</li>" for item in items)
        text = (
            f'<details class="fs-picture__text"><summary>{escape(summary)}</summary>'
            f"<{list_tag}>{lines}</{list_tag}></details>"
        )
    return Markup(f'<div class="fs-picture fs-picture--{kind}">{svg}{text}</div>')


# -- timeline strip ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    """Where a date of any precision lies, in months since year 0: a year or a month is a span,
    a day a point. `~` and `?` make it approximate."""

    start: float
    end: float
    approximate: bool

    @classmethod
    def of(cls, date: str) -> _Span:
        parts = [int(p) for p in date_key(date).split("-")]
        year, month, day = (parts + [0, 0])[:3]
        if not month:
            start, length = year * 12.0, 12.0
        elif not day:
            start, length = year * 12.0 + month - 1, 1.0
        else:
            start, length = year * 12.0 + month - 1 + (day - 1) / 31, 0.0  # near enough to place a mark
        return cls(start, start + length, date != date_key(date))


def _ticks(low: float, high: float) -> list[tuple[float, str]]:
    """At most 7 ticks on whole months, years or decades, labelled "2024" or "Jan 2024"."""
    steps = (1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 2400, 6000, 12000, 24000, 60000)
    step = next(s for s in steps if (high - low) / s <= 7)  # years 0000 to 9999 take 24000
    first = -(-int(low) // step) * step  # the first multiple of step at or after low
    ticks = []
    for month in range(first, int(high) + 1, step):
        year, index = divmod(month, 12)
        ticks.append(
            (
                float(month),
                f"{year:04d}" if step >= 12 else f"{i18n.active().month(index + 1, 'abbreviated')} {year:04d}",
            )
        )
    return ticks


def timeline_strip(entries: Iterable[tuple[str, str, str]], *, listed: bool = True) -> Markup:
    """Dated entries, each `(date, name, url)`, as a strip going down the page: a time axis on the
    left with a mark per entry where its date lies (a point for a day, a bar for a month or a year,
    hollow and dashed for `~` and `?`), and each entry's name to the right, as close to its mark as
    the labels above it allow, joined to it by a line. `date` is a fact file's date (2024-01-03,
    2022-08, 2017, with ~ or ?), `url` a page URL relative to the page the strip is on, for the list.
    `listed=False` leaves the list out, for a page that lists the same entries next to the strip.
    Empty input gives empty Markup."""
    rows = sorted({(date_key(d), d, _text(name), _url(url)) for d, name, url in entries})
    shown, hidden = rows[:MAX_MARKS], len(rows) - MAX_MARKS
    if not shown:
        return Markup("")
    spans = [_Span.of(date) for _, date, _, _ in shown]
    low, high = min(s.start for s in spans), max(s.end for s in spans)
    pad = max((high - low) * 0.02, 1.0)
    low, high = low - pad, high + pad
    axis, top = 74.0, 14.0
    length = max(120.0, 30.0 * len(shown))  # the axis: room for a label a mark on average

    def y(months: float) -> float:
        return top + (months - low) / (high - low) * length

    marks: list[tuple[float, float]] = []  # (x, y) of each mark: one date's marks side by side
    dated: list[float] = []  # where each date lies on the axis
    for span in spans:
        at = y(span.start)
        beside = len([1 for other in dated if abs(other - at) < 9])  # of one date: rows of 8 marks
        dated.append(at)
        marks.append((axis + 11 * (beside % 8), at + 11 * (beside // 8)))
    text_x = min(max(x for x, _ in marks) + 24, WIDTH / 2)  # a day of many marks: a few are beside
    chars = int((WIDTH - text_x - 4) // CHAR)
    labels: list[tuple[float, list[str]]] = []  # (first baseline, lines)
    bottom = top
    for (_, at), (_, _, name, _) in zip(marks, shown, strict=True):
        lines = _lines(name, chars)
        first = max(at + 4, bottom + LINE - 4)  # the label's first line level with its mark if it can be
        labels.append((first, lines))
        bottom = first + LINE * (len(lines) - 1) + 8
    height = max(top + length, bottom) + 10

    body = ['<g aria-hidden="true" stroke="currentColor">']
    body.append(f'<line x1="{_n(axis)}" y1="{_n(top)}" x2="{_n(axis)}" y2="{_n(top + length)}" stroke-opacity="0.5"/>')
    last = -100.0
    for month, tick in _ticks(low, high):
        at = y(month)
        if at - last < LINE + 2:
            continue  # ticks closer than a line of text apart
        last = at
        body.append(
            f'<line x1="{_n(axis - 6)}" y1="{_n(at)}" x2="{_n(axis)}" y2="{_n(at)}"/>'
            f'<text x="{_n(axis - 10)}" y="{_n(at + 4)}" text-anchor="end" stroke="none">{escape(tick)}</text>'
        )
    body.append("</g>")
    for span, (x, at), (first, lines) in zip(spans, marks, labels, strict=True):
        look = ' fill-opacity="0.15" stroke="currentColor" stroke-dasharray="3 2"' if span.approximate else ""
        if span.end == span.start:
            mark = f'<circle cx="{_n(x)}" cy="{_n(at)}" r="5"{look}/>'
        else:
            tall = max(y(span.end) - at, 6.0)
            mark = f'<rect x="{_n(x - 4)}" y="{_n(at)}" width="8" height="{_n(tall)}" rx="2"{look}/>'
        leader = (
            f'<line x1="{_n(x + 6)}" y1="{_n(at)}" x2="{_n(text_x - 4)}" y2="{_n(first - 4)}" '
            f'stroke="currentColor" stroke-opacity="0.4"/>'
        )
        text = "".join(
            f'<text x="{_n(text_x)}" y="{_n(first + LINE * number)}">{escape(line)}</text>'
            for number, line in enumerate(lines)
        )
        body.append(f'<g class="fs-mark">{mark}{leader}{text}</g>')

    first_date, last_date = date_words(shown[0][1]), date_words(shown[-1][1])
    count = count_words(len(rows), "dated fact")
    if first_date != last_date:
        title = i18n._("Timeline of {count}, from {first} to {last}").format(
            count=count, first=first_date, last=last_date
        )
    else:
        title = i18n._("Timeline of {count}, {first}").format(count=count, first=first_date)
    items = [
        f'<time datetime="{escape(date_key(date))}">{escape(date_words(date))}</time>: '
        f'<a href="{escape(url)}">{escape(name)}</a>'
        for _, date, name, url in shown
    ]
    if hidden > 0:
        title += " " + i18n._("(the first {count} drawn)").format(count=len(shown))
        items.append(i18n._("and {count} more").format(count=hidden))
    ident = _id("timeline", shown)
    summary = i18n._("The timeline as a list")
    return _picture("timeline", _svg(ident, title, height, body), summary, items, "ol", listed)


# -- relations diagram ---------------------------------------------------------------------------


def _lines(text: str, width: int) -> list[str]:
    """Words wrapped into lines of at most `width` characters; a longer word is broken, never cut."""
    lines: list[str] = []
    for word in text.split():
        while len(word) > width:
            lines.append(word[: width - 1] + "-")
            word = word[width - 1 :]
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def relations_diagram(name: str, relations: Iterable[tuple[str, str, str]], *, listed: bool = True) -> Markup:
    """The entity `name` on top and its direct relations below it, each `(label, name, url)` in a box
    joined to it: `label` says how the other entity relates, from this page's point of view
    ("Member of", "Killed in", "Responsibility (alleged)"), and `url` is its page, relative to this
    one, for the list. Labels of the same entity are joined. At most MAX_RELATIONS entities are drawn,
    in the order given, and the rest counted ("and 5 more"); the list below has the same
    (`listed=False` leaves it out). Empty input gives empty Markup."""
    merged: dict[tuple[str, str], list[str]] = {}
    for label, other, url in relations:
        labels = merged.setdefault((_url(url), _text(other)), [])
        if _text(label) not in labels:
            labels.append(_text(label))
    if not merged:
        return Markup("")
    nodes = [(url, other, "; ".join(labels)) for (url, other), labels in merged.items()]
    shown, hidden = nodes[:MAX_RELATIONS], len(nodes) - MAX_RELATIONS
    center = _text(name)

    margin, indent = 4, 26
    middle_lines = _lines(center, int((WIDTH - 2 * margin - 20) // (CHAR * 1.1)))
    middle_h = 14 + LINE * len(middle_lines)
    body = ['<g aria-hidden="true">']
    body.append(
        f'<rect x="{margin}" y="{margin}" width="{WIDTH - 2 * margin}" height="{middle_h}" rx="6" '
        f'fill-opacity="0.08" stroke="currentColor" stroke-width="2"/>'
    )
    for number, line in enumerate(middle_lines):
        body.append(
            f'<text x="{WIDTH // 2}" y="{margin + 20 + LINE * number}" text-anchor="middle" font-weight="bold">'
            f"{escape(line)}</text>"
        )
    chars = int((WIDTH - indent - margin - 16) // CHAR)
    y = margin + middle_h + 12.0
    branches = []
    for _, other, label in shown:
        label_lines, name_lines = _lines(label, chars), _lines(other, chars)
        box_h = 10 + LINE * (len(label_lines) + len(name_lines))
        branches.append(y + box_h / 2)
        node = (
            f'<g class="fs-node"><rect x="{indent}" y="{_n(y)}" width="{WIDTH - indent - margin}" height="{box_h}" '
            f'rx="4" fill-opacity="0.04" stroke="currentColor" stroke-opacity="0.5"/>'
        )
        for number, line in enumerate([*label_lines, *name_lines]):
            quiet = ' fill-opacity="0.75"' if number < len(label_lines) else ' font-weight="bold"'
            node += f'<text x="{indent + 8}" y="{_n(y + 18 + LINE * number)}"{quiet}>{escape(line)}</text>'
        body.append(node + "</g>")
        y += box_h + 8
    trunk = margin + 10
    body.append(
        f'<line x1="{trunk}" y1="{margin + middle_h}" x2="{trunk}" y2="{_n(branches[-1])}" '
        f'stroke="currentColor" stroke-opacity="0.4"/>'
    )
    body += [
        f'<line x1="{trunk}" y1="{_n(at)}" x2="{indent}" y2="{_n(at)}" stroke="currentColor" stroke-opacity="0.4"/>'
        for at in branches
    ]
    if hidden > 0:
        body.append(f'<text x="{indent}" y="{_n(y + 12)}" fill-opacity="0.75">and {hidden} more</text>')
        y += LINE + 4
    body.append("</g>")

    total = len(nodes)
    title = i18n.ngettext("{name} and {count} related entity", "{name} and {count} related entities", total)
    title = title.format(name=center, count=total)
    if hidden > 0:
        title += " " + i18n._("(the first {count} drawn)").format(count=len(shown))
    items = [f'{escape(label)}: <a href="{escape(url)}">{escape(other)}</a>' for url, other, label in shown]
    if hidden > 0:
        items.append(i18n._("and {count} more").format(count=hidden))
    ident = _id("relations", (center, shown, hidden))
    summary = i18n._("The relations as a list")
    return _picture("relations", _svg(ident, title, y + 4, body), summary, items, "ul", listed)
