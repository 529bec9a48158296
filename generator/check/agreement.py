"""Values checked against their own quotes: a figure or date in a claim's value that none of its quotes
states is usually a typo ("deaths: 48" quoting "…killed 84 people…"). Weekday words in a quote
("on Thursday") are resolved against the date the source was published, where it says.

A quote with no figure (or no date) says nothing either way: only a quote that states figures
(or dates), none of them the value's, is a disagreement. Linear in the text of the quotes."""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterator
from typing import Any

from ..factmodel.model import Citation, Claim, CountClaim, DateClaim, TextClaim, claim_fields
from ..wording import date_words, figure_words

NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?!\d)|(?<![\w.,])\d+(?![\d])")
_UNITS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]  # fmt: skip
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SMALL = {word: n for n, word in enumerate(_UNITS)} | {word: 20 + 10 * n for n, word in enumerate(_TENS)}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_TOKEN = re.compile(r"[a-z]+", re.IGNORECASE)
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# "Jan. 3, 2024", "January 3", "3 January 2024", "2024-01-03"
_MONTH_DAY = re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b", re.IGNORECASE)
_DAY_MONTH = re.compile(r"\b(\d{1,2})\s+" + _MONTH + r"(?:,?\s+(\d{4}))?\b", re.IGNORECASE)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_YEAR = re.compile(r"\b(1[89]\d{2}|20\d{2})\b")
_WEEKDAY = re.compile(r"\b(" + "|".join(calendar.day_name) + r")\b", re.IGNORECASE)

Day = tuple[int | None, int | None, int | None]  # year, month, day; None where the text does not say


def _number_words(text: str) -> set[int]:
    """Figures written in words: "two", "one hundred and ten", "forty-two"."""
    found: set[int] = set()
    total = current = 0
    run = False
    for token in [*(t.lower() for t in _TOKEN.findall(text)), ""]:
        if token in _SMALL:
            current, run = current + _SMALL[token], True
        elif token in _SCALES and run:
            if token == "hundred":
                current *= 100
            else:
                total, current = total + current * _SCALES[token], 0
        elif token == "and" and run:
            continue
        elif run:
            found.add(total + current)
            total = current = 0
            run = False
    return found


def numbers(text: str) -> set[int]:
    """The figures a text states, in digits ("1,093") or in words ("one hundred and ten")."""
    return {int(m.replace(",", "")) for m in NUMBER.findall(text)} | _number_words(text)


def _weekday(name: str, published: str | None) -> Day | None:
    """The day a weekday word names: the last such day on or before the source's date of publication."""
    if not published or len(published.rstrip("~?")) != 10 or published[-1] in "~?":
        return None
    day = datetime.date.fromisoformat(published)
    wanted = [d.lower() for d in calendar.day_name].index(name.lower())
    day -= datetime.timedelta(days=(day.weekday() - wanted) % 7)
    return day.year, day.month, day.day


def dates(text: str, published: str | None = None) -> list[Day]:
    """The days a text names: month and day, with the year where it is written; weekday words
    resolved against `published`; bare years."""
    found: list[Day] = []
    spans: list[tuple[int, int]] = []
    for m in _MONTH_DAY.finditer(text):
        found.append((int(m[3]) if m[3] else None, _MONTHS[m[1].lower()], int(m[2])))
        spans.append(m.span())
    for m in _DAY_MONTH.finditer(text):
        found.append((int(m[3]) if m[3] else None, _MONTHS[m[2].lower()], int(m[1])))
        spans.append(m.span())
    for m in _ISO.finditer(text):
        found.append((int(m[1]), int(m[2]), int(m[3])))
        spans.append(m.span())
    for m in _WEEKDAY.finditer(text):
        if day := _weekday(m[1], published):
            found.append(day)
    for m in _YEAR.finditer(text):
        if not any(start <= m.start() < end for start, end in spans):
            found.append((int(m[1]), None, None))
    return found


def _without_dates(text: str) -> str:
    """A sentence with its dates blanked: "8 January 2020" is a date, not the figures 8 and 2020."""
    for pattern in (_MONTH_DAY, _DAY_MONTH, _ISO, _YEAR):
        text = pattern.sub(" ", text)
    return text


def _same_day(value: str, day: Day) -> bool:
    """Whether a date as written (2024-01-03, 2024-01, 2024) agrees with a day the quote names:
    every part both state is equal."""
    parts = [int(p) for p in value.rstrip("~?").split("-")]
    return all(a is None or b is None or a == b for a, b in zip(day, parts, strict=False))


def _figures(value: Any) -> set[int]:
    if isinstance(value, int):
        return {value}
    return {n for n in (value.at_least, value.at_most, value.approx) if n is not None}


def disagreement(claim: Claim, published: dict[str, str | None]) -> str | None:
    """Why the claim's value disagrees with its quotes, or None. Only quotes that state figures (or
    dates) count; one quote agreeing is enough."""
    quotes = [(i.quote, published.get(i.source)) for i in claim.sources if isinstance(i, Citation) and i.quote]
    if not quotes:
        return None
    if isinstance(claim, DateClaim):
        named = [d for quote, day in quotes for d in dates(quote, day)]
        if named and not any(_same_day(claim.value, d) for d in named):
            return f"the date {date_words(claim.value)} is not a date its quote names"
        return None
    stated = set().union(*(numbers(quote) for quote, _ in quotes))
    if not stated:
        return None
    if isinstance(claim, CountClaim) and not _figures(claim.value) & stated:
        return f"the figure {figure_words(claim.value)} is not a figure its quote states"
    if isinstance(claim, TextClaim):
        missing = sorted(numbers(_without_dates(claim.value)) - stated)
        if missing:
            return f"the figure {missing[0]:,} in the value is not in its quote"
    return None


def disagreeing_values(
    records: list[Any], published: dict[str, str | None] | None = None
) -> Iterator[tuple[Any, tuple[str, int, str], str, str]]:
    """(record, path of the value, message, hint) for every value its quotes disagree with;
    `published`: each source's date, when `records` are not all of them."""
    if published is None:
        published = {r.id: getattr(r.entity, "published", None) for r in records if r.kind == "sources"}
    for record in records:
        for field in claim_fields(type(record.entity)):
            for index, claim in enumerate(getattr(record.entity, field)):
                why = disagreement(claim, published)
                if why:
                    quote = next(i.quote for i in claim.sources if isinstance(i, Citation) and i.quote)
                    yield record, (field, index, "value"), why, f'check the value against the quote: "{quote}"'
