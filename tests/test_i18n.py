"""The site's language: every generated word from the catalog of `theme.language`, dates, numbers and
plurals from Babel, names in their own script marked and isolated."""

from __future__ import annotations

import csv
import io
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from factsheets import i18n
from factsheets.adapters.zensical import _language
from factsheets.check.references import substitute
from factsheets.i18n import Language, messages
from factsheets.pipeline import Pipeline
from factsheets.wording import count_words, date_words, figure_words

from .conftest import MINI, mkdocs_build
from .test_wording import CASES, _tree

FRENCH = i18n.LOCALES / "fr.po"
SLOT = re.compile(r"\{\w+\}|%\(\w+\)s")


def _catalog(path: Path):
    with path.open("rb") as po:
        return read_po(po)


# -- the catalog -------------------------------------------------------------------------------


def test_every_message_has_a_french_translation():
    catalog = _catalog(FRENCH)
    missing = []
    for message, plural in messages().items():
        entry = catalog.get(message)
        strings = entry.string if entry is not None else None
        forms = list(strings) if isinstance(strings, tuple) else [strings]
        if entry is None or not all(forms) or (plural and len(forms) != 2):
            missing.append(message)
    assert missing == [], "add these to generator/locales/fr.po"


def test_a_translation_keeps_every_slot_of_its_message():
    for language in sorted(i18n.LOCALES.glob("*.po")):
        for entry in _catalog(language):
            if not entry.id:
                continue
            ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
            strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            for string in strings:
                assert sorted(SLOT.findall(string)) == sorted(SLOT.findall(ids[0])), (language.name, entry.id)


def test_the_catalog_template_is_fresh(tmp_path):
    """messages.pot is what a translator copies to start a language: it lists every message."""
    i18n.template(tmp_path / "messages.pot")
    shipped = [(m.id, m.string) for m in _catalog(i18n.LOCALES / "messages.pot") if m.id]
    assert shipped == [(m.id, m.string) for m in _catalog(tmp_path / "messages.pot") if m.id], (
        "run: python -m factsheets.i18n"
    )


def test_adding_a_language_is_one_catalog_file(tmp_path, monkeypatch):
    (tmp_path / "de.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "at least {number}"\nmsgstr "mindestens {number}"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n._catalog.cache_clear()
    try:
        with Language("de").active():
            assert figure_words(_Figure(at_least=1200)) == "mindestens 1.200"
            assert date_words("2024-03") == "März 2024"  # Babel's, without a catalog entry
    finally:
        i18n._catalog.cache_clear()


# -- dates, numbers, plurals -----------------------------------------------------------------


class _Figure:
    def __init__(self, approx=None, at_least=None, at_most=None):
        self.approx, self.at_least, self.at_most = approx, at_least, at_most


NBSP = "\u202f"  # Babel's French group separator


@pytest.mark.parametrize(
    "code, words",
    [
        ("en", ["3 January 2024", "August 2022", "2017", "about 2017", "1,234", "at least 11", "2 fact sheets"]),
        (
            "fr",
            ["3 janvier 2024", "août 2022", "2017", "vers 2017", f"1{NBSP}234", "au moins 11", "2 fiches"],
        ),
        ("de", ["3. Januar 2024", "August 2022", "2017", "about 2017", "1.234", "at least 11", "2 fact sheets"]),
    ],
)
def test_dates_numbers_and_plurals_in_the_language(code, words):
    with Language(code).active():
        said = [
            date_words("2024-01-03"),
            date_words("2022-08"),
            date_words("2017"),
            date_words("2017~"),
            figure_words(1234),
            figure_words(_Figure(at_least=11)),
            count_words(2, "fact sheet"),
        ]
    assert said == words


@pytest.mark.parametrize("count, words", [(0, "0 fiche"), (1, "1 fiche"), (2, "2 fiches")])
def test_french_plurals_follow_french_rules(count, words):
    with Language("fr").active():
        assert count_words(count, "fact sheet") == words


def test_a_year_before_python_dates_keeps_its_digits():
    with Language("fr").active():
        assert date_words("0900-02-29") == "29 février 0900"


def test_an_unknown_language_reads_in_english():
    with Language("tlh").active():
        assert date_words("2024-01-03") == "3 January 2024"


def test_a_build_language_never_leaks_into_the_process(tmp_path):
    root = _tree(tmp_path, [CASES[0]])
    french = Pipeline(root / "facts", root / "content", language="fr").build()
    english = Pipeline(root / "facts", root / "content").build()
    assert "Faits essentiels" in _page(french, "incidents/subject-0.md")
    assert "Key facts" in _page(english, "incidents/subject-0.md")
    assert date_words("2024-01-03") == "3 January 2024"  # outside a build: English


# -- a French site ---------------------------------------------------------------------------

# (case, the words of its claim on a French site); the claims of test_wording.CASES
FRENCH_CASES = {
    "figure": "95, selon Jane Doe",
    "range with group and date": "environ 20 dock workers, selon port officials, au 4 janvier 2024",
    "figure, allegedly": "prétendument au moins 4, selon Jane Doe",
    "attributed sentence": "The blast was an attack. Selon Jane Doe.",
    "disputed sentence": "The gate was open. Contesté, selon Ministry of Ports.",
    "no claim, immediately": "aucun groupe n’a immédiatement revendiqué la responsabilité",
    "claimed": "Harbour Front a revendiqué la responsabilité",
    "alleged": "Harbour Front, mis en cause par Jane Doe",
    "suspected, no one named": "Harbour Front, soupçonné",
    "member, with role and dates": "Ministry of Ports, en tant que spokesperson, à partir de 2020 jusqu’à mai 2023",
    "suspected member": "Harbour Front, soupçonné par Ministry of Ports",
}


@pytest.fixture(scope="module")
def french(tmp_path_factory):
    """The mini site and every wording case, built in French."""
    root = _tree(tmp_path_factory.mktemp("fr"), CASES)
    for folder in (MINI / "facts").iterdir():
        shutil.copytree(folder, root / "facts" / folder.name, dirs_exist_ok=True)
    (root / "content" / "page.md").write_text("[[incidents/harbour-blast#deaths]]\n", encoding="utf-8")
    result = Pipeline(root / "facts", root / "content", language="fr").build()
    assert result.ok, result.diagnostics
    return result, root


def _page(result, src_uri: str) -> str:
    return next(page.html for page in result.pages if page.src_uri == src_uri)


def _text(html: str) -> str:
    html = re.sub(r'<sup class="fs-cite">.*?</sup>', "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", re.sub(r"</?(a|span|bdi)\b[^>]*>", "", html))).split())


@pytest.mark.parametrize("case", [c for c in CASES if c[0] in FRENCH_CASES], ids=lambda c: c[0])
def test_a_claim_reads_in_french(french, case):
    result, _ = french
    words = FRENCH_CASES[case[0]]
    assert words in _text(_page(result, f"{case[1]}/subject-{CASES.index(case)}.md"))
    assert words in result.published[f"api/{case[1]}.csv"].replace('"', "")


def _data_text(root: Path) -> str:
    """Every word the fact files write themselves (names, sentences, roles), not their enum values."""
    enums = {"responsibility", "status", "hedge", "certainty", "relation", "id", "sources", "source"}
    said: list[str] = []

    def walk(value, key=None):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key not in enums:
            said.append(value)

    for path in (root / "facts").rglob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return " ".join(said).lower()


def _english_phrases() -> set[str]:
    """The English every message writes where its French differs: its words between slots."""
    catalog = _catalog(FRENCH)
    phrases = set()
    for entry in catalog:
        if not entry.id:
            continue
        english = entry.id[0] if isinstance(entry.id, tuple) else entry.id
        french = entry.string[0] if isinstance(entry.string, tuple) else entry.string
        if english == french:
            continue
        for part in SLOT.split(english):
            part = part.strip(" :,.()")
            if re.search(r"[A-Za-z]{3}", part) and part.lower() not in french.lower():
                phrases.add(part.lower())
    months = Language("en").locale.months["stand-alone"]["wide"].values()
    return phrases | {month.lower() for month in months}


def test_a_french_site_has_no_english_generated_words(french):
    result, root = french
    data = _data_text(root)
    phrases = {p for p in _english_phrases() if p not in data}  # the facts' own words stay as written
    assert {"key facts", "according to", "at least", "january"} <= phrases
    found = {}
    outputs = {page.src_uri: _text(page.html) for page in result.pages}
    # the tables are data (field names, enum values, refs); their words are in the `*words` columns
    for path, text in result.published.items():
        if path.endswith(".csv"):
            rows = list(csv.DictReader(io.StringIO(text)))
            outputs[path] = " ".join(v for row in rows for k, v in row.items() if k.endswith("words"))
    outputs["feed.xml"] = _text(result.published["feed.xml"])
    assert "selon" in outputs["api/incidents.csv"] and "selon" in outputs["feed.xml"]
    for where, text in outputs.items():
        said = [p for p in phrases if re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text.lower())]
        if said:
            found[where] = said
    assert found == {}
    assert "Faits essentiels" in _page(result, "incidents/harbour-blast.md")
    assert "Références" in _page(result, "incidents/harbour-blast.md")


def test_a_reference_in_a_page_reads_in_french(french):
    result, _ = french
    with Language("fr").active():  # as the plugin and `build --out` run it: in the site's language
        text = substitute("[[incidents/harbour-blast#deaths]]", result.base, lambda target: target)
    assert "95, selon Jane Minister" in text


def test_a_french_index_and_timeline(french):
    result, _ = french
    index = _text(_page(result, "incidents/index.md"))
    assert index.startswith("Incidents") and "Lieu" in index and "Morts" in index
    assert "Chronologie" in _text(_page(result, "timeline.md"))


# -- names in their own script ---------------------------------------------------------------


@pytest.mark.parametrize(
    "name, lang, direction",
    [("قاسم سلیمانی", "fa", "rtl"), ("Владимир Путин", "ru", "ltr"), ("משה", "he", "rtl"), ("ꓡꓲꓢꓳ", "lis", "auto")],
)
def test_an_original_name_is_marked_with_its_language_and_isolated(tmp_path, name, lang, direction):
    root = _tree(tmp_path, [])
    (root / "facts" / "people" / "q.yaml").write_text(
        f'id: q\nname: Q\noriginal_name: {{text: "{name}", lang: {lang}}}\n', encoding="utf-8"
    )
    result = Pipeline(root / "facts", root / "content").build()
    assert result.ok, result.diagnostics
    assert f'<bdi lang="{lang}" dir="{direction}">{name}</bdi>' in _page(result, "people/q.md")
    assert name in result.published["api/people.csv"]
    assert name in result.jsonld["people/q"]


@pytest.mark.parametrize("value", ['{text: "x", lang: "not a tag"}', '{text: "x"}', '"قاسم"', '{text: "", lang: fa}'])
def test_an_original_name_needs_text_and_a_language_tag(tmp_path, value):
    root = _tree(tmp_path, [])
    (root / "facts" / "people" / "q.yaml").write_text(f"id: q\nname: Q\noriginal_name: {value}\n", encoding="utf-8")
    result = Pipeline(root / "facts", root / "content").check()
    assert [d for d in result.diagnostics if d.severity == "error" and "q.yaml" in d.path]


# -- where the language comes from ------------------------------------------------------------


@pytest.mark.parametrize(
    "config, code",
    [({"theme": {"name": "material", "language": "fr"}}, "fr"), ({"theme": {"locale": "de"}}, "de"), ({}, "en")],
)
def test_build_out_reads_the_language_from_mkdocs_yml(config, code):
    assert _language(config) == code


@pytest.mark.slow
def test_the_plugin_builds_in_the_theme_language(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(MINI, root)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  font: false\n", "  font: false\n  language: fr\n"))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    sheet = (root / "site" / "incidents" / "harbour-blast" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in sheet and "Table des matières" in sheet  # Material's words
    assert "Faits essentiels" in sheet and "Key facts" not in sheet  # and ours
    assert "3 janvier 2024" in sheet


def test_the_nav_names_the_sections_in_the_site_language():
    from factsheets.adapters.plugin import section_pages

    assert ("Chronologie", "timeline.md") in section_pages(Language("fr"))
    assert ("Personnes", "people/index.md") in section_pages(Language("fr"))
    assert ("Timeline", "timeline.md") in section_pages()
