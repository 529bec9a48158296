"""Step 4, render: the fact base to HTML pages, through autoescaped Jinja templates a site may override."""

from __future__ import annotations

import dataclasses
import functools
import traceback
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

try:  # libyaml's emitter
    from yaml import CSafeDumper as SafeDumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper  # type: ignore[assignment]

from .. import i18n, wording
from ..check.link import FactBase, claims_of, current, sequence
from ..check.load import display_path
from ..check.validate import Record
from ..diagnostics import Diagnostic
from ..factmodel.kinds import KINDS, Kind, kind_of
from ..factmodel.model import (
    Citation,
    Claim,
    DateClaim,
    RefClaim,
    claim_fields,
    fact_fields,
    field_anchor,
    field_label,
    relation,
    relation_fields,
)
from ..reuse import Key, Reuse, optional
from ..text import attribute, date_key
from ..wording import date_words, figure_words
from .pictures import relations_diagram, timeline_strip
from .search import name_tokens
from .urls import page_url, relative, source_link

BUILTIN_TEMPLATES = Path(__file__).parents[1] / "templates"
# Entries per timeline page, as rows per index page: no page grows with the fact base. (At 250, a year
# page of a 10,000-entity site was 200 kB, the heaviest page a reader could open.)
TIMELINE_PAGE = 100


@dataclass(frozen=True)
class Page:
    """One generated page, already HTML: where it goes, what it says, which fact file it shows."""

    src_uri: str
    html: str
    title: str
    description: str | None = None
    fact_file: str | None = None  # the YAML file, for the edit link
    boost: float | None = None  # Material's search boost: fact sheets rank above pages that mention them

    @property
    def meta(self) -> dict[str, Any]:
        """The page's metadata as front matter would give it; escaped, since the theme prints it raw."""
        meta: dict[str, Any] = {"title": attribute(self.title)}
        if self.description:
            meta["description"] = attribute(self.description)
        if self.boost:
            meta["search"] = {"boost": self.boost}
        return meta

    @property
    def markdown(self) -> str:
        """The page as a Markdown file, for a builder without our plugin (`factsheets build --out`):
        front matter, then the HTML, one raw block that Markdown passes through untouched."""
        return self.markdown_with({})

    def markdown_with(self, extra: dict[str, Any], first_line: str = "") -> str:
        """The same, with more front matter and a first line (`build --out` adds the edit link and
        the mark its Markdown extension looks for)."""
        meta = {**self.meta, **extra}
        front = yaml.dump(meta, Dumper=SafeDumper, allow_unicode=True, sort_keys=True, width=10_000)
        return f"---\n{front}---\n\n{first_line and first_line + chr(10)}{self.html}"


def environment(override_dir: Path | None = None) -> jinja2.Environment:
    """Site templates first, then ours; `default:` still reaches ours from an override. Autoescaped,
    as in mkdocstrings: every value from the facts is text unless a helper made it Markup. Sandboxed
    when a site brings its own templates: an override can call our helpers but reach nothing else of
    Python. Ours alone are not (the sandbox's checks of every call and attribute were a third of the
    rendering: 50 s against 29 s at 10,000 entities)."""
    builtin = jinja2.FileSystemLoader(BUILTIN_TEMPLATES)
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None:
        loaders.append(jinja2.FileSystemLoader(override_dir))
    loaders += [builtin, jinja2.PrefixLoader({"default": builtin}, delimiter=":")]
    env = (SandboxedEnvironment if override_dir is not None else jinja2.Environment)(
        extensions=["jinja2.ext.i18n"],
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(date=date_words, figure=figure_words, reviewed=wording.reviewed_words, count=wording.count_words)
    # headings and labels in the build's language (`{% trans %}`, `_()`), on this environment only
    env.install_gettext_translations(i18n.active().translations, newstyle=True)  # type: ignore[attr-defined]
    return env


@dataclass
class Quote:
    """One quote of a reference, with an anchor a citation links to, and the citations that cite it,
    each labelled by the claim it comes from. `text` None: the citations of the source without a quote."""

    text: str | None
    anchor: str
    backlinks: list[tuple[str, str]]  # (the id of the citation mark, the label of its claim)


@dataclass
class ReferenceEntry:
    """One numbered entry of a page's references: a source, or a source at a locator, with every
    quote the page cites from it, each with the places that cite it."""

    number: int
    source: str
    locator: str | None
    quotes: list[Quote]
    marks: int = 0  # citation marks made so far: their ids are cite-<number>-<1, 2, …>

    def quote(self, text: str | None) -> Quote:
        """The entry's quote of this text, added when new; an unquoted citation points at the entry."""
        for quote in self.quotes:
            if quote.text == text:
                return quote
        anchor = (
            f"ref-{self.number}"
            if text is None
            else f"ref-{self.number}-{1 + sum(q.text is not None for q in self.quotes)}"
        )
        self.quotes.append(Quote(text, anchor, []))
        return self.quotes[-1]

    @property
    def backlinks(self) -> list[str]:
        return [mark for quote in self.quotes for mark, _ in quote.backlinks]


def _short(words: str, limit: int = 40) -> str:
    """A claim's words short enough to name a link back to it."""
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


class PageContext:
    """Helpers a template calls while rendering one page: links, citations, claims. Each returns
    Markup built from escaped text, so a template prints it as it is."""

    def __init__(self, base: FactBase, src_uri: str, directory_urls: bool = True):
        self.base = base
        self.src_uri = src_uri
        self.directory_urls = directory_urls
        self.references: dict[tuple[str, str | None], ReferenceEntry] = {}
        self.url = page_url(src_uri, directory_urls)

    def href(self, src_uri: str, anchor: str = "") -> str:
        """The relative link from this page to another page (urls.py: MkDocs' URLs)."""
        return relative(self.url, page_url(src_uri, self.directory_urls) + (f"#{anchor}" if anchor else ""))

    def served_href(self, ref: str) -> str:
        """An entity's page as the browser reaches it from this one, for the pictures."""
        return self.href(self.base.resolve(ref) + ".md")

    def timeline_picture(self, entries: list[dict[str, Any]]) -> Markup:
        """The strip of timeline entries; the page lists them right after it."""
        dated = [
            (
                e["date"],
                self.base.name(e["entity"]) + (f": {i18n._(e['label'])}" if "label" in e else ""),
                self.served_href(e["entity"]),
            )
            for e in entries
        ]
        return timeline_strip(dated, listed=False)

    def relations_picture(self, name: str, rows: list[Row]) -> Markup:
        """The entity and the entities its standing relations link, each labelled as its row is, with
        the word that keeps an allegation from reading as fact."""
        relations = []
        for row in rows:
            for claim, subject, _ in row.claims:
                other = subject or (claim.value if isinstance(claim, RefClaim) else None)
                if claim.stands and other in self.base.records:
                    hedge = wording.hedge_words(claim)
                    label = f"{row.title} ({hedge})" if hedge else row.title
                    relations.append((label, self.base.name(other), self.served_href(other)))
        return relations_diagram(name, relations, listed=False)  # the key facts list them

    def link(self, ref: str, label: str | None = None, anchor: str = "") -> Markup:
        ref = self.base.resolve(ref)  # an old id (previous_ids) links to the page as it is now
        text = label if label is not None else self.base.name(ref)
        return Markup('<a href="{}">{}</a>').format(self.href(ref + ".md", anchor), text)

    def original_name(self, entity: Any) -> Markup:
        """The name in its own script, marked with its language and direction and isolated from the
        text around it, so a right-to-left name never reorders the punctuation beside it."""
        original = getattr(entity, "original_name", None)
        if original is None:
            return Markup("")
        return Markup('<bdi lang="{}" dir="{}">{}</bdi>').format(
            original.lang, i18n.direction(original.lang), original.text
        )

    def page_link(self, title: str, src_uri: str) -> Markup:
        """A link to a hand-written page, which another plugin may move (a blog post): the plugin
        points it at the URL MkDocs finally gives the page."""
        return Markup(source_link(self.href(src_uri), src_uri)) + Markup("{}</a>").format(title)

    def cite(self, claim: Claim, label: str | None = None) -> Markup:
        """Numbered citation marks for a claim, each linking to the quote that supports it in its
        reference (or to the reference, for a citation without a quote), which links back under
        `label`: the claim's row ("Deaths"), or the claim's own words."""
        label = label or _short(wording.value_words(claim, self.base.name))
        marks, cited = [], set()
        for item in claim.sources:
            citation = item if isinstance(item, Citation) else None
            source = item.source if isinstance(item, Citation) else item
            key = (source, citation.locator if citation else None)
            entry = self.references.get(key)
            if entry is None:
                entry = self.references[key] = ReferenceEntry(len(self.references) + 1, source, key[1], [])
            quote = entry.quote(citation.quote if citation and citation.quote else None)
            if (entry.number, quote.anchor) in cited:
                continue  # one mark per quote and claim
            cited.add((entry.number, quote.anchor))
            entry.marks += 1
            mark = f"cite-{entry.number}-{entry.marks}"
            quote.backlinks.append((mark, label))
            which = f", quote {quote.anchor.rsplit('-', 1)[1]}" if quote.text is not None else ""
            said = attribute(i18n._("Reference {number}").format(number=entry.number))
            marks.append(
                f'<a id="{mark}" class="footnote-ref" href="#{quote.anchor}" '
                f'aria-label="{said}{which}">{entry.number}</a>'
            )
        return Markup('<sup class="fs-cite">' + "".join(marks) + "</sup>")

    def notes(self) -> list[dict[str, Any]]:
        """The page's references, in the order first cited: each quote with its anchor and the
        citations that cite it, labelled by their claims (a label given twice is numbered)."""
        notes = []
        for entry in self.references.values():
            quotes = []
            for quote in entry.quotes:
                seen: dict[str, int] = defaultdict(int)
                backlinks = []
                for mark, label in quote.backlinks:
                    seen[label] += 1
                    backlinks.append((mark, label if seen[label] == 1 else f"{label} ({seen[label]})"))
                quotes.append({"text": quote.text, "anchor": quote.anchor, "backlinks": backlinks})
            notes.append(
                {
                    "number": entry.number,
                    "source": self.base.get(f"sources/{entry.source}").entity,
                    "link": self.link(f"sources/{entry.source}"),
                    "locator": entry.locator,
                    "unquoted": [q for q in quotes if q["text"] is None],
                    "quotes": [q for q in quotes if q["text"] is not None],
                }
            )
        return notes

    def claim(
        self,
        claim: Claim,
        attribution: bool = True,
        inverse: bool = False,
        subject: str | None = None,
        note: bool = True,
        siblings: Sequence[Claim] = (),
        cite: bool = True,
        label: str | None = None,
        marks: bool = True,
    ) -> Markup:
        """One claim as a reader sees it, in wording's words: value (a link for a relation: to `subject`
        when this page is the one the claim points to), qualifiers, status, who said it, when, and
        its sources, whose quotes link back to it under `label` (its row); beside an allegation, the
        denials of it among `siblings`."""
        if subject is not None:
            value: Markup | None = self.link(subject)
        elif isinstance(claim, RefClaim) and self.base.resolve(claim.value) in self.base.records:
            value = self.link(claim.value)
        else:
            value = None
        text = wording.claim_markup(claim, value, self.party, inverse, attribution, self.base.name)
        if not cite:
            return text
        words = self.base.name(subject) if subject else wording.value_words(claim, self.base.name)
        text += self.cite(claim, f"{label}: {_short(words)}" if label else None) if marks else Markup("")
        for denial in wording.denials(claim, siblings) if subject is None else []:
            denied = f"{label}: {_short(wording.value_words(denial, self.base.name))}" if label else None
            text += Markup(", ") + wording.denial_beside(denial, self.party, escape)
            text += self.cite(denial, denied) if marks else Markup("")  # an index row has one Sources link instead
        if claim.note and note:  # beneath the claim, after its citation
            text += Markup('<span class="fs-note">{}</span>').format(claim.note)
        return text

    def about(self, field: str, label: str, subject: str, claim: Claim) -> Markup:
        """A claim of another entity, in a list of what this page's party said: "95 killed in …"."""
        words = self.claim(claim, attribution=False, cite=False)
        cited = f"{self.base.name(subject)}: {_short(wording.value_words(claim, self.base.name))}"
        return wording.about(field, i18n._(label), self.link(subject), words, escape) + self.cite(claim, cited)

    def party(self, ref: str) -> Markup:
        """Who said it: a link when it is an entity of the fact base."""
        return self.link(ref) if self.base.resolve(ref) in self.base.records else escape(ref)

    def revised_from(self, claim: Claim) -> Markup:
        return wording.revised_from(claim, self.party, escape, self.base.name)

    def in_sequence(self, claim: Claim, sentence: bool = True) -> Markup:
        """One step of a dated sequence (or of the timeline), a sentence of its own, with its sources."""
        words = wording.sequence_words(claim, self.party, escape, self.base.name)
        return (words[:1].upper() + words[1:] if sentence else words) + self.cite(claim)


@dataclass
class Row:
    """One line of a fact sheet: a label and its claims, each with the entity it links to."""

    label: str
    field: str
    claims: list[tuple[Claim, str | None, bool]]  # (claim, the other entity for incoming relations, inverse)
    incoming: bool = False  # relations other files write to this entity
    sequence: list[Claim] = dataclasses.field(default_factory=list)  # told as a dated sequence (link.sequence)

    @property
    def title(self) -> str:
        """The label in the site's language; `label` stays the catalog's English, as anchors are."""
        return i18n._(self.label)

    @property
    def anchor(self) -> str:
        """Where `[[kind/id#field]]` links to: the field's name, never its label."""
        writer = self.claims[0][1] if self.incoming and self.claims else None
        return field_anchor(self.field, writer.partition("/")[0] if writer else None)

    @property
    def standing(self) -> list[tuple[Claim, str | None, bool]]:
        return [t for t in self.claims if t[0].stands]

    @property
    def field_claims(self) -> list[Claim]:
        """The row's claims: where an allegation finds its denial."""
        return [c for c, _, _ in self.claims]

    @property
    def revised(self) -> list[Claim]:
        """Earlier figures, recalled in the row of the figure that replaced them."""
        return [c for c, _, _ in self.claims if c.status == "superseded"] if self.standing else []


def _rows(base: FactBase, record: Record) -> list[Row]:
    """Every claim field of the record, then the relations other files write to it, in order."""
    model = type(record.entity)
    rows = [
        Row(field_label(model, f), f, [(c, None, False) for c in getattr(record.entity, f)]) for f in fact_fields(model)
    ]
    rows += [
        Row(mark.label, f, [(c, None, False) for c in getattr(record.entity, f)])
        for f in relation_fields(model)
        if (mark := relation(model, f))
    ]
    merged: dict[str, Row] = {}  # a field and a relation read alike are one row: "Responsibility"
    for row in rows:
        if row.label in merged:
            merged[row.label].claims += row.claims
        else:
            merged[row.label] = row
    rows = list(merged.values())
    for row in rows:
        row.sequence = sequence(record.entity, row.field)
    incoming: dict[str, Row] = {}
    for item in base.incoming.get(record.ref, []):
        mark = relation(type(base.records[item.subject].entity), item.field)
        assert mark is not None
        # one row per label: related events written here and there are one "Related events" row; a
        # name another party gave is never under "Responsibility for", as if it were a finding
        label = wording.NAMED_IN_LABEL if item.claim.named_by else mark.inverse
        row = merged.get(label) or incoming.setdefault(label, Row(label, item.field, [], incoming=True))
        row.claims.append((item.claim, item.subject, True))
    return [row for row in [*rows, *incoming.values()] if row.claims]


def label_of(model: type, field: str) -> str:
    """A field as a reader knows it: the relation's label, or the field's."""
    return field_label(model, field)


def _dates_of(base: FactBase, record: Record) -> list[dict[str, Any]]:
    """This entity's own dates and those of the dated entities linked to it, in order."""
    refs = {record.ref}
    refs.update(r.subject for r in base.incoming.get(record.ref, []))
    for field in relation_fields(type(record.entity)):
        refs.update(c.value for c in getattr(record.entity, field))
    entries = []
    for ref in refs:
        other = base.records.get(ref)
        kind = kind_of(ref)
        if other is None or kind is None or not kind.dated:
            continue
        for claim in current(other.entity.date):
            entries.append({"date": claim.value, "entity": ref, "claim": claim})
    return sorted(entries, key=lambda e: (date_key(e["date"]), e["entity"]))


def facts_as_of(base: FactBase, claims: list[Claim]) -> str | None:
    """What a page's facts are as of: the latest date of the sources its claims cite (a source's own
    `as_of`, else its publication date). None when no source is dated."""
    dates = []
    for claim in claims:
        for source in claim.source_ids():
            record = base.records.get(f"sources/{source}")
            if record is not None and record.entity.facts_as_of:
                dates.append(record.entity.facts_as_of)
    return max(dates, key=date_key, default=None)


def _template(env: jinja2.Environment, kind: Kind) -> jinja2.Template:
    """The kind's own template, or the generic fact sheet."""
    return env.get_or_select_template([kind.template, "sheet.html.j2"])


def _with_references(env: jinja2.Environment, ctx: PageContext, body: str) -> str:
    """The references come last: they are known once the body has cited them."""
    return body + env.get_template("references.html.j2").render(page=ctx, notes=ctx.notes())


def render_entity(
    env: jinja2.Environment, base: FactBase, record: Record, edit_path: str, directory_urls: bool = True
) -> Page:
    src_uri = f"{record.ref}.md"
    ctx = PageContext(base, src_uri, directory_urls)
    kind = KINDS[record.kind]
    entity = record.entity
    rows = _rows(base, record)
    dates = _dates_of(base, record)
    shown = [claim for row in rows for claim, _, _ in row.claims] + [e["claim"] for e in dates]
    shown += [item.claim for item in base.attributed.get(record.ref, [])]
    body = _template(env, kind).render(
        as_of=facts_as_of(base, shown),
        kind=record.kind,
        singular=kind.singular,
        entity=entity,
        ref=record.ref,
        page=ctx,
        key_facts=[r for r in rows if r.field != "statements" and r.standing],
        history=[
            Row(r.label, r.field, [t for t in r.claims if not t[0].stands])
            for r in rows
            if not all(c.stands for c, _, _ in r.claims)
        ],
        statements=[r for r in rows if r.field == "statements"],
        relations=[r for r in rows if any(isinstance(c, RefClaim) for c, _, _ in r.claims)],
        dates=dates,
        attributed=[
            (
                item,
                label_of(type(base.records[item.subject].entity), item.field),
            )
            for item in base.attributed.get(record.ref, [])
        ],
        cited_by=base.cited_by.get(record.id, []) if record.kind == "sources" else [],
        mentioned_in=base.mentioned_in.get(record.ref, []),
    )
    description = getattr(entity, "summary", None) or getattr(entity, "note", None)
    body += str(name_tokens([entity.name, *getattr(entity, "aliases", [])]))  # str: Markup would escape body
    return Page(src_uri, _with_references(env, ctx, body), entity.name, description, edit_path, boost=2)


def _index_cell(ctx: PageContext, record: Record, column: str) -> Markup:
    """One index cell: a field's standing claims (nothing when none stands: no sentence without a
    source), or a plain field of the model."""
    entity = record.entity
    if column == "cited_by":
        return escape(wording.count_words(len(ctx.base.cited_by.get(record.id, [])), "fact sheet"))
    value = getattr(entity, column)
    model = type(entity)
    if column in claim_fields(model) and (told := sequence(entity, column)):
        return wording.joined([(c, ctx.in_sequence(c)) for c in told], escape, ctx.base.name)
    if column in claim_fields(model):
        # as the sheet's row of that label: the perpetrators, or what the sources say when they name none
        label = label_of(model, column)
        fields = [f for f in claim_fields(model) if f == column or label_of(model, f) == label]
        shown = [
            (c, ctx.claim(c, note=False, siblings=getattr(entity, f), marks=False))  # the sheet has them
            for f in fields
            for c in current(getattr(entity, f))
        ]
        return wording.joined(shown, escape, ctx.base.name)
    if isinstance(value, list):
        return escape("; ".join(value))
    return escape(value or "")


INDEX_PAGE = 100  # rows per index page: a phone lays out and reads one page quickly, at any size


def render_index(
    env: jinja2.Environment,
    base: FactBase,
    kind: Kind,
    directory_urls: bool = True,
    reuse: Reuse | None = None,
    read: Callable[[Record], tuple] | None = None,
) -> list[Page]:
    """The kind's index, cut into pages of INDEX_PAGE rows: `people/index.md`, `people/index/2.md`, …
    Dated kinds go by date, the entities with no date stated in a group of their own after them.
    Cells show standing claims without citation marks; each row has one link to the sheet's sources.
    The script of the page (assets/javascripts/tables.js) sorts and filters across all the parts.
    Under serve (`reuse`) a part is kept while what its rows' sheets `read` and its place are unchanged."""
    records = list(base.by_kind.get(kind.name, []))
    undated: list[Record] = []
    if kind.dated:
        undated = [r for r in records if _first_date(r) is None]
        records = sorted(
            (r for r in records if _first_date(r) is not None), key=lambda r: (date_key(_first_date(r) or ""), r.ref)
        )
    records += undated
    headers = ([field_label(kind.model, "date")] if kind.dated else []) + [kind.noun]
    headers += [label_of(kind.model, c) if c != "cited_by" else i18n.N_("Cited by") for c in kind.columns]
    headers = [i18n._(header) for header in headers]
    uris = [f"{kind.name}/index.md"] + [
        f"{kind.name}/index/{n}.md" for n in range(2, (len(records) + INDEX_PAGE - 1) // INDEX_PAGE + 1)
    ]

    def part_inputs(number: int, src_uri: str, shown: list[Record]) -> Key:
        read_by_rows = [(read or functools.partial(inputs, base))(record) for record in shown]
        documents = tuple(document for documents, _ in read_by_rows for document in documents)
        # a row shows no more than its sheet; the part's place among the others
        return documents, (tuple(len(d) for d, _ in read_by_rows), tuple(uris), len(records), directory_urls)

    def part(number: int, src_uri: str, shown: list[Record]) -> Page:
        ctx = PageContext(base, src_uri, directory_urls)
        rows = []
        for record in shown:
            date = _first_date(record) if kind.dated else None
            cells: list[tuple[Markup, str | None]] = (
                [(escape(date_words(date)) if date else Markup(""), date_key(date) if date else "")]
                if kind.dated
                else []
            )
            cells.append((ctx.link(record.ref), base.name(record.ref).casefold()))
            cells += [(_index_cell(ctx, record, column), None) for column in kind.columns]
            sourced = any(claim.sources for _, _, claim in claims_of(record))
            sources = Markup('<a href="{}" aria-label="{}">{}</a>').format(
                ctx.href(record.ref + ".md", "references"),
                i18n._("Sources: {name}").format(name=base.name(record.ref)),
                i18n._("Sources"),
            )
            rows.append({"cells": cells, "sources": sources if sourced else None, "undated": kind.dated and not date})
        title = i18n._(kind.title)
        title = title if number == 1 else i18n._("{title}, page {number}").format(title=title, number=number)
        parts = [{"number": n, "link": ctx.href(uri), "current": n == number} for n, uri in enumerate(uris, start=1)]
        body = env.get_template("index.html.j2").render(
            kind=kind,
            title=title,
            headers=headers,
            rows=rows,
            page=ctx,
            parts=parts,
            total=len(records),
            first=(number - 1) * INDEX_PAGE + 1,
        )
        return Page(src_uri, body, title)

    return [
        optional(reuse, "index", uri, part_inputs, part, n, uri, records[(n - 1) * INDEX_PAGE : n * INDEX_PAGE])
        for n, uri in enumerate(uris, start=1)
    ]


def _first_date(record: Record) -> str | None:
    dates = current(getattr(record.entity, "date", []))
    return min((c.value for c in dates), key=date_key) if dates else None


TIMELINE_LATEST = 20  # the newest entries the timeline's first page shows


def timeline_entries(base: FactBase) -> list[dict[str, Any]]:
    """Every current date of every dated entity, in order; an entity with no date stated has one
    entry without a date, which the timeline keeps apart (`undated_entries`)."""
    entries = []
    for kind in KINDS.values():
        if not kind.dated:
            continue
        for record in base.by_kind.get(kind.name, []):
            claims = current(record.entity.date)
            for claim in claims:
                entries.append({"date": claim.value, "entity": record.ref, "kind": kind.singular, "claim": claim})
            if not claims:
                entries.append({"date": None, "entity": record.ref, "kind": kind.singular, "claim": None})
    for record in base.records.values():
        entries += _dated_claims(record)
    return sorted(entries, key=lambda e: (e["date"] is None, date_key(e["date"] or ""), e["entity"], "label" in e))


def _dated_claims(record: Record) -> list[dict[str, Any]]:
    """Every claim dated by `as_of`, or whose value is a date of its own (not the entity's `date`,
    which is the entry itself): "4 January 2024: Kerman memorial blasts: Responsibility: ISIS
    claimed responsibility". No `dates/` file is needed for it."""
    model = type(record.entity)
    entries = []
    for name, _, claim in claims_of(record):
        when = claim.as_of or (claim.value if isinstance(claim, DateClaim) and name != "date" else None)
        if when:
            singular = KINDS[record.kind].singular
            entry = {
                "date": when,
                "entity": record.ref,
                "kind": singular,
                "claim": claim,
                "label": field_label(model, name),
            }
            entries.append(entry)
    return entries


def timeline_pages(base: FactBase) -> dict[str, list[dict[str, Any]]]:
    """The timeline's pages by year, a long year cut into parts: `timeline/2020.md`, `timeline/2020-2.md`;
    the entries with no date stated last, on `timeline/undated.md`."""
    years: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in timeline_entries(base):
        years[entry["date"][:4] if entry["date"] else "undated"].append(entry)
    pages = {}
    for year, entries in years.items():
        for part, start in enumerate(range(0, len(entries), TIMELINE_PAGE), start=1):
            pages[f"timeline/{year}{f'-{part}' if part > 1 else ''}.md"] = entries[start : start + TIMELINE_PAGE]
    return pages


def render_timeline(
    env: jinja2.Environment, base: FactBase, pages: dict[str, list[dict[str, Any]]], directory_urls: bool = True
) -> Page:
    """The timeline's first page: every year with how many entries it holds, as a strip of bars
    and a list, the newest entries, and the group of entries with no date stated."""
    ctx = PageContext(base, "timeline.md", directory_urls)
    years: dict[str, dict[str, Any]] = {}
    for src_uri, entries in pages.items():
        name = src_uri.removeprefix("timeline/").removesuffix(".md")
        year = name.split("-")[0]
        entry = years.setdefault(year, {"year": year, "count": 0, "parts": []})
        entry["count"] += len(entries)
        entry["parts"].append({"title": name.replace("-", ", part "), "link": ctx.href(src_uri), "count": len(entries)})
    undated = years.pop("undated", None)
    most = max((y["count"] for y in years.values()), default=1)
    for entry in years.values():
        entry["share"] = round(entry["count"] / most, 3)
    dated = [e for entries in pages.values() for e in entries if e["date"]]
    latest = sorted(dated, key=lambda e: (date_key(e["date"]), e["entity"]), reverse=True)[:TIMELINE_LATEST]
    body = env.get_template("timeline.html.j2").render(
        years=list(years.values()), undated=undated, entries=None, latest=latest, title=i18n._("Timeline"), page=ctx
    )
    return Page("timeline.md", _with_references(env, ctx, body), i18n._("Timeline"))


def render_timeline_part(
    env: jinja2.Environment, base: FactBase, src_uri: str, entries: list[dict[str, Any]], directory_urls: bool = True
) -> Page:
    ctx = PageContext(base, src_uri, directory_urls)
    name = src_uri.removeprefix("timeline/").removesuffix(".md")
    if name.startswith("undated"):
        title = i18n._("Timeline: date not stated") + name.removeprefix("undated").replace("-", ", part ")
    else:
        year, _, part = name.partition("-")
        title = i18n._("Timeline: {year}, part {part}") if part else i18n._("Timeline: {year}")
        title = title.format(year=year, part=part)
    body = env.get_template("timeline.html.j2").render(
        years=None, undated=None, latest=None, entries=entries, title=title, page=ctx
    )
    return Page(src_uri, _with_references(env, ctx, body), title)


def templates(override_dir: Path | None = None) -> jinja2.Environment:
    """The environment with every template compiled, so that a syntax error in an override is
    found before any page is rendered."""
    env = environment(override_dir)
    for name in env.list_templates(filter_func=lambda name: name.endswith(".j2")):
        env.get_template(name)
    return env


def template_problem(error: Exception, override_dir: Path | None) -> Diagnostic:
    """A site's template override that fails, reported like a fact: with its file and line."""
    where, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if where is None:  # failed while rendering: Jinja's traceback has the template's own lines
        in_templates = [(f.f_code.co_filename, n) for f, n in traceback.walk_tb(error.__traceback__)]
        in_templates = [(name, n) for name, n in in_templates if name.endswith(".j2")]
        where, line = in_templates[-1] if in_templates else (str(override_dir or BUILTIN_TEMPLATES), 1)
    message = getattr(error, "message", None) or f"{type(error).__name__}: {error}"
    return Diagnostic(display_path(Path(where)), line or 1, 1, "error", f"template error: {message}")


def inputs(base: FactBase, record: Record) -> tuple:
    """What a fact sheet reads: the files of the entity, of every entity and source it shows, and
    the pages that mention it. Unchanged objects (the loader keeps unchanged files' documents)
    mean an unchanged page."""
    if record.ref not in base.sheet_reads:
        base.sheet_reads[record.ref] = _inputs(base, record)
    return base.sheet_reads[record.ref]


def _inputs(base: FactBase, record: Record) -> tuple:
    refs = {record.ref}
    claims = [claim for _, _, claim in claims_of(record)]
    claims += [item.claim for item in base.incoming.get(record.ref, [])]
    claims += [item.claim for item in base.attributed.get(record.ref, [])]
    refs.update(item.subject for item in base.incoming.get(record.ref, []))
    refs.update(item.subject for item in base.attributed.get(record.ref, []))
    refs.update(base.cited_by.get(record.id, []) if record.kind == "sources" else [])
    for claim in claims:
        refs.update(f"sources/{source}" for source in claim.source_ids())
        # as resolved: a claim may point to an entity by one of its previous ids
        refs.update(base.resolve(party) for party in [claim.according_to] if party)
        refs.update([base.resolve(claim.value)] if isinstance(claim, RefClaim) else [])
    documents = tuple(base.records[ref].document for ref in sorted(refs) if ref in base.records)
    return documents, tuple(base.mentioned_in.get(record.ref, ()))


def templates_kept(reuse: Reuse, override_dir: Path | None) -> jinja2.Environment:
    """The compiled templates, compiled again (and every kept page forgotten) when one changed."""
    folders = [BUILTIN_TEMPLATES, *([override_dir] if override_dir else [])]
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for f in folders for p in sorted(f.glob("*.j2")))
    kept = reuse.kept.get(("templates", ""))
    if kept is None or kept[0][1] != stamp:
        for what in ("page", "index", "timeline"):
            reuse.forget(what)
    return reuse.get("templates", "", ((), stamp), lambda: templates(override_dir))


def render(
    base: FactBase,
    facts_prefix: str = "facts",
    override_dir: Path | None = None,
    reuse: Reuse | None = None,
    directory_urls: bool = True,
) -> tuple[list[Page], list[Diagnostic]]:
    """Every generated page, in a stable order, and every template error, each reported once."""
    pages: list[Page] = []
    problems: dict[Diagnostic, None] = {}
    try:
        env = templates_kept(reuse, override_dir) if reuse else templates(override_dir)
    except jinja2.TemplateError as error:
        return [], [template_problem(error, override_dir)]

    def attempt(make: Callable[..., Page], *args: Any) -> None:
        try:
            pages.append(make(*args))
        except Exception as error:  # an override failing on this page's data: its file and line, not a traceback
            problems[template_problem(error, override_dir)] = None

    def sheet(record: Record) -> Page:
        return render_entity(env, base, record, f"{facts_prefix}/{record.ref}.yaml", directory_urls=directory_urls)

    read: dict[str, tuple] = {}  # what each sheet reads, found once: the index parts' keys read it too

    def sheet_inputs(record: Record) -> tuple:
        if record.ref not in read:
            documents, mentions = inputs(base, record)
            read[record.ref] = documents, (mentions, facts_prefix, directory_urls)
        return read[record.ref]

    def timeline_part(src_uri: str, entries: list[dict[str, Any]]) -> Page:
        return render_timeline_part(env, base, src_uri, entries, directory_urls)

    def timeline_inputs(src_uri: str, entries: list[dict[str, Any]]) -> Key:
        entities = list(dict.fromkeys(entry["entity"] for entry in entries))
        read_by = [sheet_inputs(base.records[ref]) for ref in entities]  # an entry shows no more than its sheet
        documents = tuple(document for documents, _ in read_by for document in documents)
        listed = tuple((entry["date"], entry["entity"], entry.get("label")) for entry in entries)
        return documents, (tuple(len(d) for d, _ in read_by), listed, directory_urls)

    def attempt_all(make: Callable[..., list[Page]], *args: Any) -> None:
        try:
            pages.extend(make(*args))
        except Exception as error:
            problems[template_problem(error, override_dir)] = None

    for kind in KINDS.values():
        attempt_all(render_index, env, base, kind, directory_urls, reuse, sheet_inputs)
        for record in base.by_kind.get(kind.name, []):
            attempt(optional, reuse, "page", record.ref, sheet_inputs, sheet, record)
    parts = timeline_pages(base)
    attempt(render_timeline, env, base, parts, directory_urls)
    for src_uri, entries in parts.items():
        attempt(optional, reuse, "timeline", src_uri, timeline_inputs, timeline_part, src_uri, entries)
    return pages, list(problems)
