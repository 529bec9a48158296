"""Pictures on fact sheets: a timeline strip and a relations diagram, drawn as inline SVG.

Drawn in Python rather than in a template because a picture is arithmetic: positions, lanes,
truncation. Every text comes from YAML, so each one goes through `escape`, in attributes too.
Links are relative page URLs, checked here. Nothing is loaded from another host and nothing runs.

Accessibility: each SVG has `role="figure"`, named by its `<title>`, and each link in it is
named by its own `<title>` with the full, untruncated text. It is not `role="img"`: an image's
children are presentational, so axe reports any link inside one as a serious `nested-interactive`
violation, even a link with `tabindex="-1"`. Decoration (axis, lines, boxes) is `aria-hidden`.
After the SVG comes the same content as a list inside a `<details>`. A screen reader reaches it,
it can be read on a phone where the picture is small, and it stays closed so that it does not
repeat the picture to everyone else.

The same input always gives the same bytes: entries are sorted here, coordinates are rounded,
and element ids come from a hash of the content.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..text import CONTROL, date_key
from ..wording import MONTHS, count_words, date_words

WIDTH = 640
FONT = 13
CHAR = 7.8  # the widest average glyph width of the theme's sans-serif at FONT, in SVG units
LANES = 4  # rows of labels above the timeline's axis; a label that fits in none is left out
MAX_MARKS = 250  # a timeline page holds at most 250 entries (render.TIMELINE_PAGE)
MAX_RELATIONS = 12  # entities drawn around the one in the middle; the rest are counted
LABEL_CHARS = 30  # past this, a label is cut with "…" (its link's title keeps all of it)

# A page URL relative to the current page: `../../people/donald-trump/`, `./`, `2020/`, `x.html#top`.
# No scheme, host, absolute path or query: a picture links only to pages of the same site.
_SEGMENT = r"[A-Za-z0-9_-][A-Za-z0-9_.-]*"
_RELATIVE_URL = re.compile(rf"(\./|(\.\./)*)({_SEGMENT}/)*({_SEGMENT})?(#[A-Za-z0-9_-]+)?")


def _text(value: object) -> str:
    """One line of text: control characters shown as �, whitespace collapsed. (Loading refuses
    control characters already; XML forbids most of them, so they never reach the SVG.)"""
    return " ".join(CONTROL.sub("\ufffd", str(value)).split())


def _cut(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
        f'<svg xmlns="http://www.w3.org/2000/svg" role="figure" aria-labelledby="{ident}-title" '
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
        ticks.append((float(month), f"{year:04d}" if step >= 12 else f"{MONTHS[index][:3]} {year:04d}"))
    return ticks


def timeline_strip(entries: Iterable[tuple[str, str, str]], *, listed: bool = True) -> Markup:
    """Dated entries, each `(date, name, url)`, as a horizontal strip: a mark per entry placed on a
    time axis (a point for a day, a bar for a month or a year, hollow and dashed for `~` and `?`), a
    linked name above it where there is room in one of four lanes, and every entry in the list
    below. `date` is a fact file's date (2024-01-03, 2022-08, 2017, with ~ or ?), `url` a page URL
    relative to the page the strip is on. `listed=False` leaves the list out, for a page that lists
    the same entries next to the strip. Empty input gives empty Markup."""
    rows = sorted({(date_key(d), d, _text(name), _url(url)) for d, name, url in entries})
    shown, hidden = rows[:MAX_MARKS], len(rows) - MAX_MARKS
    if not shown:
        return Markup("")
    spans = [_Span.of(date) for _, date, _, _ in shown]
    low, high = min(s.start for s in spans), max(s.end for s in spans)
    pad = max((high - low) * 0.04, 1.0)
    low, high = low - pad, high + pad
    margin = 12.0

    def x(months: float) -> float:
        return margin + (months - low) / (high - low) * (WIDTH - 2 * margin)

    # Labels: each in the lowest lane where its text clears the texts and the leader lines there,
    # and its own leader line clears the texts of the lanes below.
    texts: list[list[tuple[float, float]]] = [[] for _ in range(LANES)]
    leaders: list[list[float]] = [[] for _ in range(LANES)]
    placed: list[tuple[int, float, str, str] | None] = [None] * len(shown)  # (lane, x, anchor, label)
    marks = [x(span.start) for span in spans]
    for number, (at, (_, _, name, _)) in enumerate(zip(marks, shown, strict=True)):
        label = _cut(name)
        width = len(label) * CHAR
        # The text starts 4 units off its leader line, so that labels of one date stack up in lanes;
        # it goes left of its mark first when the next mark is close on the right.
        choices = [("start", at + 4, at + 4 + width), ("end", at - 4 - width, at - 4)]
        if number + 1 < len(marks) and at < marks[number + 1] < at + width + 12:
            choices.reverse()
        for lane, (anchor, left, right) in ((lane, c) for lane in range(LANES) for c in choices):
            clear = (
                left >= 0
                and right <= WIDTH
                and all(right + 8 < a or b + 8 < left for a, b in texts[lane])
                and all(not left - 2 <= line <= right + 2 for line in leaders[lane])
                and all(at < a - 1 or b + 1 < at for below in texts[:lane] for a, b in below)
            )
            if clear:
                texts[lane].append((left, right))
                for below in range(lane):
                    leaders[below].append(at)
                placed[number] = (lane, at, anchor, label)
                break
    lanes = 1 + max((p[0] for p in placed if p), default=0)
    axis = 8 + 18 * lanes + 10
    height = axis + 28

    ident = _id("timeline", shown)
    body = [f'<g aria-hidden="true" stroke="currentColor"><line x1="{_n(margin)}" y1="{axis}" ']
    body[0] += f'x2="{_n(WIDTH - margin)}" y2="{axis}" stroke-opacity="0.5"/>'
    for month, label in _ticks(low, high):
        if not margin + len(label) * CHAR / 2 <= x(month) <= WIDTH - margin - len(label) * CHAR / 2:
            continue  # a tick label would be cut at the edge
        body[0] += (
            f'<line x1="{_n(x(month))}" y1="{axis}" x2="{_n(x(month))}" y2="{axis + 5}"/>'
            f'<text x="{_n(x(month))}" y="{axis + 18}" text-anchor="middle" stroke="none" '
            f'fill-opacity="0.75">{escape(label)}</text>'
        )
    body[0] += "</g>"
    for span, (_, date, name, url), place in zip(spans, shown, placed, strict=True):
        start, end = x(span.start), x(span.end)
        look = ' fill-opacity="0.15" stroke="currentColor" stroke-dasharray="3 2"' if span.approximate else ""
        if span.end == span.start:
            mark = f'<circle cx="{_n(start)}" cy="{axis}" r="5"{look}/>'
        else:
            width = max(end - start, 6.0)
            mark = f'<rect x="{_n(start)}" y="{axis - 4}" width="{_n(width)}" height="8" rx="2"{look}/>'
        label = ""
        if place:
            lane, at, anchor, text = place
            baseline = axis - 12 - 18 * lane
            label = (
                f'<line x1="{_n(at)}" y1="{baseline - 10}" x2="{_n(at)}" y2="{axis - 6}" '
                f'stroke="currentColor" stroke-opacity="0.4"/>'
                f'<text x="{_n(at + 4 if anchor == "start" else at - 4)}" y="{baseline}" '
                f'text-anchor="{anchor}">{escape(text)}</text>'
            )
        body.append(
            f'<a href="{escape(url)}"><title>{escape(name)}, {escape(date_words(date))}</title>{mark}{label}</a>'
        )

    first, last = date_words(shown[0][1]), date_words(shown[-1][1])
    count = count_words(len(rows), "dated fact")
    title = f"Timeline of {count}" + (f", from {first} to {last}" if first != last else f", {first}")
    items = [
        f'<time datetime="{escape(date_key(date))}">{escape(date_words(date))}</time>: '
        f'<a href="{escape(url)}">{escape(name)}</a>'
        for _, date, name, url in shown
    ]
    if hidden > 0:
        title += f" (the first {len(shown)} drawn)"
        items.append(f"and {hidden} more")
    return _picture("timeline", _svg(ident, title, height, body), "The timeline as a list", items, "ol", listed)


# -- relations diagram ---------------------------------------------------------------------------


def _lines(text: str, width: int, count: int) -> list[str]:
    """Words wrapped into at most `count` lines of `width` characters, the last one cut."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > count:
        lines = lines[: count - 1] + [" ".join(lines[count - 1 :])]
    return [_cut(line, width) for line in lines]


def relations_diagram(name: str, relations: Iterable[tuple[str, str, str]], *, listed: bool = True) -> Markup:
    """The entity `name` in the middle and its direct relations around it, each `(label, name, url)`:
    `label` says how the other entity relates, from this page's point of view ("Member of",
    "Killed in", "Responsibility (alleged)"), and `url` is its page, relative to this one. Labels of
    the same entity are joined. At most MAX_RELATIONS entities are drawn, in the order given, and the
    rest counted ("and 5 more"); the list below has the same (`listed=False` leaves it out). Empty
    input gives empty Markup."""
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

    row, box_w, box_h = 52, 208, 40
    left = shown[: (len(shown) + 1) // 2]
    right = shown[len(left) :]
    middle_lines = _lines(center, 20, 3)
    middle_h = 16 + 18 * len(middle_lines) + (18 if hidden > 0 else 0)
    height = max(len(left) * row, middle_h) + 16
    middle_x, middle_w = 240, 160
    middle_y = (height - middle_h) / 2

    ident = _id("relations", (center, shown, hidden))
    body = ['<g aria-hidden="true">']
    body.append(
        f'<rect x="{middle_x}" y="{_n(middle_y)}" width="{middle_w}" height="{_n(middle_h)}" rx="6" '
        f'fill-opacity="0.08" stroke="currentColor" stroke-width="2"/>'
    )
    for number, line in enumerate(middle_lines):
        body.append(
            f'<text x="{middle_x + middle_w // 2}" y="{_n(middle_y + 26 + 18 * number)}" text-anchor="middle" '
            f'font-size="14" font-weight="bold">{escape(line)}</text>'
        )
    if hidden > 0:
        body.append(
            f'<text x="{middle_x + middle_w // 2}" y="{_n(middle_y + middle_h - 10)}" text-anchor="middle" '
            f'fill-opacity="0.75">and {hidden} more</text>'
        )
    for side, column in ((0, left), (1, right)):
        top = (height - len(column) * row) / 2
        for number in range(len(column)):
            y = top + number * row + row / 2
            x1, x2 = (8 + box_w, middle_x) if side == 0 else (WIDTH - 8 - box_w, middle_x + middle_w)
            body.append(
                f'<line x1="{x1}" y1="{_n(y)}" x2="{x2}" y2="{_n(height / 2)}" '
                f'stroke="currentColor" stroke-opacity="0.4"/>'
            )
    body.append("</g>")
    for side, column in ((0, left), (1, right)):
        top = (height - len(column) * row) / 2
        x = 8 if side == 0 else WIDTH - 8 - box_w
        for number, (url, other, label) in enumerate(column):
            y = top + number * row + (row - box_h) / 2
            body.append(
                f'<a href="{escape(url)}"><title>{escape(label)}: {escape(other)}</title>'
                f'<rect x="{x}" y="{_n(y)}" width="{box_w}" height="{box_h}" rx="4" fill-opacity="0.04" '
                f'stroke="currentColor" stroke-opacity="0.5"/>'
                f'<text x="{x + 8}" y="{_n(y + 15)}" font-size="11" fill-opacity="0.75">'
                f"{escape(_cut(label, 34))}</text>"
                f'<text x="{x + 8}" y="{_n(y + 32)}" font-size="13">{escape(_cut(other, 28))}</text></a>'
            )

    total = len(nodes)
    title = f"{center} and {total} related entit{'ies' if total != 1 else 'y'}"
    if hidden > 0:
        title += f" (the first {len(shown)} drawn)"
    items = [f'{escape(label)}: <a href="{escape(url)}">{escape(other)}</a>' for url, other, label in shown]
    if hidden > 0:
        items.append(f"and {hidden} more")
    return _picture("relations", _svg(ident, title, height, body), "The relations as a list", items, "ul", listed)
