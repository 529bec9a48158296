"""Step 4, render: the fact base to Markdown pages, through Jinja templates a site may override."""

from __future__ import annotations

import posixpath
import traceback
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

try:  # libyaml's emitter: the pure-Python one was a sixth of the render step
    from yaml import CSafeDumper as SafeDumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper  # type: ignore[assignment]

from .diagnostics import Diagnostic
from .link import FactBase, current
from .load import display_path
from .model import KINDS_ORDER, RELATION_LABELS, RELATIONS, SINGULAR, Citation, claim_fields, field_label
from .text import attribute, date_key, date_words, figure_words, md

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
KIND_TITLES = {
    "incidents": "Incidents",
    "organizations": "Organizations",
    "people": "People",
    "dates": "Dates",
    "sources": "Sources",
}


@dataclass(frozen=True)
class Page:
    """One generated Markdown page: where it goes, what it says, which fact file it shows."""

    src_uri: str
    markdown: str
    fact_file: str | None = None  # the YAML file, for the edit link


def environment(override_dir: Path | None = None) -> jinja2.Environment:
    """Site templates first, then ours; `default:` still reaches ours from an override."""
    builtin = jinja2.FileSystemLoader(BUILTIN_TEMPLATES)
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None:
        loaders.append(jinja2.FileSystemLoader(override_dir))
    loaders += [builtin, jinja2.PrefixLoader({"default": builtin}, delimiter=":")]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        finalize=md,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(date=date_words, figure=figure_words)
    return env


def front_matter(title: str, description: str | None = None, **extra: Any) -> str:
    """Written by a YAML dumper, values HTML-escaped: the theme prints them raw."""
    meta: dict[str, Any] = {"title": attribute(title)}
    if description:
        meta["description"] = attribute(description)
    meta.update(extra)
    dumped = yaml.dump(meta, Dumper=SafeDumper, allow_unicode=True, sort_keys=True, width=10_000)
    return "---\n" + dumped + "---\n\n"


class PageContext:
    """Helpers a template calls while rendering one page: links, citations, values."""

    def __init__(self, base: FactBase, src_uri: str):
        self.base = base
        self.src_uri = src_uri
        self.citations: list[tuple[str, Citation | None]] = []
        self.numbers: dict[tuple[str, str | None, str | None], int] = {}  # a page cites each source once
        folder = posixpath.dirname(src_uri)
        self.folder = folder + "/" if folder else ""
        self.up = "../" * self.folder.count("/")

    def href(self, src_uri: str, anchor: str = "") -> str:
        """A relative link (string work only: posixpath.relpath was a fifth of rendering)."""
        target = src_uri.removeprefix(self.folder) if src_uri.startswith(self.folder) else self.up + src_uri
        return target + (f"#{anchor}" if anchor else "")

    def link(self, ref: str, label: str | None = None, anchor: str = "") -> Markup:
        text = label if label is not None else self.base.name(ref)
        return Markup(f"[{md(text)}]({self.href(ref + '.md', anchor)})")

    def page_link(self, title: str, src_uri: str) -> Markup:
        return Markup(f"[{md(title)}]({self.href(src_uri)})")

    def party(self, according_to: str | None) -> Markup:
        """Who said it: a link when it is an entity of the fact base."""
        if not according_to:
            return Markup("")
        if according_to in self.base.records:
            return self.link(according_to)
        return Markup(md(according_to))

    def cite(self, claim: Any) -> Markup:
        """Numbered citation markers for a claim, linking to the page's source notes."""
        marks = []
        for item in claim.sources:
            citation = item if isinstance(item, Citation) else None
            source = citation.source if citation else item
            key = (source, citation.quote, citation.locator) if citation else (source, None, None)
            number = self.numbers.get(key)
            if number is None:
                self.citations.append((source, citation))
                number = self.numbers[key] = len(self.citations)
            marks.append(f'<a href="#cite-{number}" aria-label="Source {number}">[{number}]</a>')
        return Markup('<sup class="fs-cite">' + "".join(marks) + "</sup>")

    def value(self, field: str, claim: Any, kind: str) -> Markup:
        value = claim.value
        if field in ("deaths", "injuries"):
            return Markup(md(figure_words(value)))
        if field == "date":
            return Markup(md(date_words(value)))
        if (kind, field) in RELATIONS:
            return self.link(value)
        return Markup(md(value))

    def claim(self, field: str, claim: Any, kind: str, attribution: bool = True) -> Markup:
        """One claim as a reader sees it: value, status, who said it, when, and its sources."""
        parts = [str(self.value(field, claim, kind))]
        if getattr(claim, "responsibility", None):
            parts.append(f"({md(claim.responsibility)})")
        for qualifier in ("role", "group"):
            if getattr(claim, qualifier, None):
                parts.append(f"({md(getattr(claim, qualifier))})")
        if claim.status != "reported":
            parts.append(f'<span class="fs-status fs-status--{claim.status}">{claim.status}</span>')
        said = []
        if claim.according_to and attribution:
            said.append(f"according to {self.party(claim.according_to)}")
        if claim.as_of:
            said.append(f"as of {md(date_words(claim.as_of))}")
        if said:
            parts.append("— " + ", ".join(said))
        if claim.note:
            parts.append(f"({md(claim.note)})")
        return Markup(" ".join(parts) + " " + str(self.cite(claim)))

    def source_notes(self) -> list[dict[str, Any]]:
        notes = []
        for number, (source, citation) in enumerate(self.citations, start=1):
            notes.append(
                {
                    "number": number,
                    "source": self.base.get(f"sources/{source}").entity,
                    "link": self.link(f"sources/{source}"),
                    "citation": citation,
                }
            )
        return notes


def _facts(ctx: PageContext, record: Any) -> list[dict[str, Any]]:
    """The record's claim fields that are not relations, current claims first."""
    sections = []
    for field in claim_fields(type(record.entity)):
        if (record.kind, field) in RELATIONS:
            continue
        claims = getattr(record.entity, field)
        if not claims:
            continue
        standing = current(claims)
        history = [c for c in claims if c not in standing]
        sections.append({"field": field, "label": field_label(field), "current": standing, "history": history})
    return sections


def _relations(ctx: PageContext, record: Any) -> list[dict[str, Any]]:
    """Relations written in this file, then those written in others that point here."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for field in claim_fields(type(record.entity)):
        spec = RELATIONS.get((record.kind, field))
        if spec is None:
            continue
        for claim in getattr(record.entity, field):
            qualifier = getattr(claim, "responsibility", None) or getattr(claim, "role", None) or ""
            if field == "related":
                qualifier = RELATION_LABELS[claim.relation][0]
            groups[spec[1]].append({"entity": claim.value, "qualifier": qualifier, "claim": claim})
    for relation in ctx.base.incoming.get(record.ref, []):
        spec = RELATIONS[(relation.subject.split("/")[0], relation.field)]
        claim = relation.claim
        qualifier = getattr(claim, "responsibility", None) or getattr(claim, "role", None) or ""
        label = spec[2]
        if relation.field == "related":
            qualifier = RELATION_LABELS[claim.relation][1]
        groups[label].append({"entity": relation.subject, "qualifier": qualifier, "claim": claim})
    return [{"label": label, "items": items} for label, items in groups.items()]


def _dates_of(ctx: PageContext, record: Any) -> list[dict[str, Any]]:
    """This entity's own dates and those of the dated entities linked to it, in order."""
    refs = {record.ref}
    refs.update(r.subject for r in ctx.base.incoming.get(record.ref, []))
    for field in claim_fields(type(record.entity)):
        if (record.kind, field) in RELATIONS:
            refs.update(c.value for c in getattr(record.entity, field))
    entries = []
    for ref in refs:
        other = ctx.base.records.get(ref)
        if other is None or other.kind not in ("incidents", "dates"):
            continue
        for claim in current(other.entity.date):
            entries.append({"date": claim.value, "entity": ref, "claim": claim})
    return sorted(entries, key=lambda e: (date_key(e["date"]), e["entity"]))


def render_entity(env: jinja2.Environment, base: FactBase, record: Any, edit_path: str) -> Page:
    src_uri = f"{record.ref}.md"
    ctx = PageContext(base, src_uri)
    entity = record.entity
    template = env.get_template(f"{SINGULAR[record.kind]}.md.j2")
    body = template.render(
        kind=record.kind,
        singular=SINGULAR[record.kind],
        entity=entity,
        ref=record.ref,
        page=ctx,
        facts=_facts(ctx, record),
        relations=_relations(ctx, record),
        dates=_dates_of(ctx, record),
        attributed=base.attributed.get(record.ref, []),
        cited_by=base.cited_by.get(record.id, []) if record.kind == "sources" else [],
        mentioned_in=base.mentioned_in.get(record.ref, []),
        edit_path=edit_path,
    )
    notes = env.get_template("source_notes.md.j2").render(page=ctx, notes=ctx.source_notes())
    # Fact sheets rank above pages that merely mention the name (Material's search boost).
    meta = front_matter(
        entity.name, getattr(entity, "summary", None) or getattr(entity, "note", None), search={"boost": 2}
    )
    return Page(src_uri, meta + body + notes, edit_path)


def render_index(env: jinja2.Environment, base: FactBase, kind: str) -> Page:
    src_uri = f"{kind}/index.md"
    ctx = PageContext(base, src_uri)
    records = base.by_kind.get(kind, [])
    rows = []
    for record in records:
        entity = record.entity
        row: dict[str, Any] = {"ref": record.ref, "entity": entity}
        for field in claim_fields(type(entity)):
            row[field] = current(getattr(entity, field))
        rows.append(row)
    if kind in ("incidents", "dates"):
        rows.sort(key=lambda r: (date_key(r["date"][0].value) if r["date"] else "9999", r["ref"]))
    body = env.get_template("index.md.j2").render(kind=kind, title=KIND_TITLES[kind], rows=rows, page=ctx, base=base)
    return Page(src_uri, front_matter(KIND_TITLES[kind]) + body)


def timeline_entries(base: FactBase) -> list[dict[str, Any]]:
    entries = []
    for kind in ("incidents", "dates"):
        for record in base.by_kind.get(kind, []):
            for claim in current(record.entity.date):
                entries.append({"date": claim.value, "entity": record.ref, "kind": kind, "claim": claim})
    return sorted(entries, key=lambda e: (date_key(e["date"]), e["entity"]))


def render_timeline(env: jinja2.Environment, base: FactBase) -> Page:
    ctx = PageContext(base, "timeline.md")
    years: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in timeline_entries(base):
        years[entry["date"][:4]].append(entry)
    body = env.get_template("timeline.md.j2").render(years=years, page=ctx)
    notes = env.get_template("source_notes.md.j2").render(page=ctx, notes=ctx.source_notes())
    return Page("timeline.md", front_matter("Timeline") + body + notes)


@dataclass(frozen=True)
class Planned:
    """A page to render: an entity's fact sheet (with its fact file), a kind's index, or the timeline."""

    src_uri: str
    kind: str  # a kind, or "timeline"
    ref: str | None = None
    fact_file: str | None = None


def plan(base: FactBase, facts_prefix: str = "facts") -> list[Planned]:
    """Every generated page, in a stable order, before any is rendered."""
    planned = []
    for kind in KINDS_ORDER:
        planned.append(Planned(f"{kind}/index.md", kind))
        for record in base.by_kind.get(kind, []):
            planned.append(Planned(f"{record.ref}.md", kind, record.ref, f"{facts_prefix}/{record.ref}.yaml"))
    planned.append(Planned("timeline.md", "timeline"))
    return planned


def render_page(env: jinja2.Environment, base: FactBase, planned: Planned) -> Page:
    if planned.ref is not None:
        return render_entity(env, base, base.records[planned.ref], planned.fact_file or "")
    if planned.kind == "timeline":
        return render_timeline(env, base)
    return render_index(env, base, planned.kind)


def templates(override_dir: Path | None = None) -> jinja2.Environment:
    """The environment with every template compiled, so that a syntax error in an override is
    found before any page is rendered."""
    env = environment(override_dir)
    for name in env.list_templates(filter_func=lambda name: name.endswith(".j2")):
        env.get_template(name)
    return env


def template_problem(error: jinja2.TemplateError, override_dir: Path | None) -> Diagnostic:
    """A site's template override that fails, reported like a fact: with its file and line."""
    where, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if where is None:  # failed while rendering: Jinja's traceback has the template's own lines
        in_templates = [(f.f_code.co_filename, n) for f, n in traceback.walk_tb(error.__traceback__)]
        in_templates = [(name, n) for name, n in in_templates if name.endswith(".j2")]
        where, line = in_templates[-1] if in_templates else (str(override_dir or BUILTIN_TEMPLATES), 1)
    return Diagnostic(display_path(Path(where)), line or 1, 1, "error", f"template error: {error.message or error!r}")


def render(base: FactBase, facts_prefix: str = "facts", override_dir: Path | None = None) -> list[Page]:
    """Every generated page, in a stable order."""
    env = templates(override_dir)
    return [render_page(env, base, planned) for planned in plan(base, facts_prefix)]
