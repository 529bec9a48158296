"""The site's language: every generated word from a message catalog, dates and numbers from Babel.

A catalog is one file, `generator/locales/<language>.po`, compiled when it is first asked for (no
binary .mo in the repository); a language without one reads in English, with its own dates and
numbers. The language is the site's `theme.language`.

A build carries its `Language` object and makes it the active one while it renders (`with
language.active():`); the words of wording.py ask `active()`. That is a context variable, scoped to
the build and reset after it: two builds in one process (tests, threads) never see each other's
language, and nothing is installed process-wide.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import io
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LOCALES = Path(__file__).parent / "locales"


def N_(message: str) -> str:
    """Marks a message for the catalog where it is written (a table), translated where it is used."""
    return message


@functools.cache
def _catalog(code: str) -> NullTranslations:
    """The compiled catalog of a language ("fr", or "pt_BR" then "pt"), or none: English words."""
    for name in (code, code.split("_")[0]):
        path = LOCALES / f"{name}.po"
        if path.is_file():
            with path.open("rb") as po:
                catalog = read_po(po, locale=name)
            mo = io.BytesIO()
            write_mo(mo, catalog)
            mo.seek(0)
            return Translations(mo)
    return NullTranslations()


class Language:
    """One language's words: messages, plurals, dates and numbers. `code` as MkDocs' theme gives it
    ("en", "fr", "pt-BR", "zh-Hant")."""

    def __init__(self, code: str = "en"):
        self.code = code or "en"
        try:
            # plain "en" (MkDocs' default) writes dates as the house style does: 3 January 2024
            self.locale = Locale.parse("en_GB" if self.code == "en" else self.code.replace("-", "_"))
        except (ValueError, UnknownLocaleError):
            self.locale = Locale.parse("en_GB")
        self.translations = _catalog(str(self.locale))

    def __repr__(self) -> str:
        return f"Language({self.code!r})"

    @property
    def dir(self) -> str:
        """The direction its script is written in, for an HTML `dir` attribute."""
        return direction(str(self.locale))

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count)

    def number(self, value: int) -> str:
        """95, 1,000 in English; 1 000 in French."""
        return format_decimal(value, locale=self.locale)

    def date(self, year: str, month: int | None = None, day: int | None = None) -> str:
        """A date at the precision it is known to: 2024; August 2022; 3 January 2024 (in English).
        The year is written as the facts write it ("0900"): Python's dates start at year 1, so the
        locale's pattern is filled with a stand-in leap year and the year put back."""
        if month is None:
            return year
        stand_in = datetime.date(2000, month, day or 1)
        if day is None:
            # the month as it stands alone with its year ("août 2022"), as the locale writes them
            skeleton = self.locale.datetime_skeletons.get("yMMMM")
            words = format_date(stand_in, str(skeleton.pattern) if skeleton else "LLLL y", locale=self.locale)
        else:
            words = format_date(stand_in, "long", locale=self.locale)
        return words.replace("2000", year)

    def month(self, month: int, width: str = "wide") -> str:
        """A month's name as it stands alone: "January", "janvier"; abbreviated: "Jan", "janv."."""
        return str(self.locale.months["stand-alone"][width][month])

    @contextlib.contextmanager
    def active(self) -> Iterator[Language]:
        """This language for wording.py while the block runs (one build's rendering)."""
        token = _ACTIVE.set(self)
        try:
            yield self
        finally:
            _ACTIVE.reset(token)


def direction(tag: str) -> str:
    """The direction a language tag's script is written in: "rtl", "ltr", or "auto" when Babel does
    not know the language (the browser then reads it from the text)."""
    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        try:
            locale = Locale.parse(tag.split("-")[0])
        except (ValueError, UnknownLocaleError):
            return "auto"
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


ENGLISH = Language("en")
_ACTIVE: ContextVar[Language] = ContextVar("factsheets_language", default=ENGLISH)


def active() -> Language:
    """The language of the build being rendered; English outside one."""
    return _ACTIVE.get()


def _(message: str) -> str:
    return _ACTIVE.get().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _ACTIVE.get().ngettext(singular, plural, count)


# -- the catalog's messages: what a translator translates ------------------------------------------

KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def messages() -> dict[str, str | None]:
    """Every message the generator says, singular → plural (None when it has no plural): marked in
    the code and templates, and the labels the models and kinds declare (field labels, relation
    labels, kind titles and nouns), which are translated where they are shown."""
    from babel.messages.extract import extract
    from jinja2.ext import babel_extract

    from .factmodel.kinds import KINDS
    from .factmodel.model import claim_fields, field_label, relation

    package = Path(__file__).parent
    found: dict[str, str | None] = {}

    def add(message: str | tuple[str, ...]) -> None:
        if isinstance(message, tuple):
            found[message[0]] = message[1] if len(message) > 1 else None
        elif message:
            found.setdefault(message, None)

    for path in sorted(package.rglob("*.py")):
        with path.open("rb") as source:
            for _line, message, _comments, _context in extract("python", source, KEYWORDS):
                add(message)
    for path in sorted((package / "templates").glob("*.j2")):
        with path.open("rb") as source:
            for _line, message, _comments, _context in extract(babel_extract, source, KEYWORDS):  # type: ignore[arg-type]
                add(message)
    for kind in KINDS.values():
        for message in (kind.title, kind.noun, kind.singular):
            add(message)
        for field in dict.fromkeys([*claim_fields(kind.model), *kind.columns]):
            if field not in kind.model.model_fields:
                continue
            mark = relation(kind.model, field)
            for message in (mark.label, mark.inverse) if mark else (field_label(kind.model, field),):
                add(message)
    return dict(sorted(found.items()))


def template(path: Path) -> None:
    """Write the catalog template (.pot) a translator starts a language from."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(project="Factsheets")
    for message, plural in messages().items():
        catalog.add((message, plural) if plural else message)
    out = io.BytesIO()
    write_po(out, catalog, width=120, no_location=True)
    stable = [line for line in out.getvalue().splitlines(keepends=True) if not line.startswith(b'"POT-Creation-Date')]
    path.write_bytes(b"".join(stable))  # the same messages, the same file


if __name__ == "__main__":  # python -m factsheets.i18n: the template, after a message was added or changed
    template(LOCALES / "messages.pot")
