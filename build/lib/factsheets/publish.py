"""Step 5, publish: what the site offers beyond pages. JSON-LD for each fact sheet, JSON and CSV
exports of the fact base with the JSON Schemas of its files, and an Atom feed. Everything is
derived from the same models, in a stable order."""

from __future__ import annotations

import csv
import io
import json
import uuid
from typing import Any
from xml.etree import ElementTree

from .link import FactBase, current
from .model import KINDS_ORDER, MODELS, RELATIONS, claim_fields
from .schemas import schema_text
from .text import date_key, date_words, figure_words
from .validate import Record

_ID_NAMESPACE = uuid.UUID("6f1c7a52-3b0e-4d8e-9a51-0d5c3f2a7e10")  # stable feed entry ids


def page_url(ref: str) -> str:
    """The site-relative URL of a fact sheet (MkDocs' directory URLs)."""
    return f"{ref}/"


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element: no `</script>`, no comment or CDATA openers."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


# -- JSON-LD -------------------------------------------------------------------------------------


def _node(base: FactBase, ref: str, root: str) -> dict[str, str]:
    """A reference to another entity of the site: its @id and name."""
    return {"@id": f"{root}{page_url(ref)}#entity", "name": base.name(ref)}


def _values(record: Record, field: str) -> list[Any]:
    return [c.value for c in current(getattr(record.entity, field, []))]


def jsonld(base: FactBase, record: Record, root: str) -> dict[str, Any]:
    """schema.org data matching what the fact sheet says; `root` is the site's base URL."""
    entity, kind = record.entity, record.kind
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@id": f"{root}{page_url(record.ref)}#entity",
        "url": f"{root}{page_url(record.ref)}",
        "name": entity.name,
    }
    if getattr(entity, "aliases", None):
        data["alternateName"] = list(entity.aliases)
    if getattr(entity, "summary", None):
        data["description"] = entity.summary
    if kind in ("incidents", "dates"):
        data["@type"] = "Event"
        dates = sorted(_values(record, "date"), key=date_key)
        if dates:
            data["startDate"] = dates[0].rstrip("~?")
        places = _values(record, "location")
        if places:
            data["location"] = [{"@type": "Place", "name": place} for place in places]
        agents = [
            c.value for c in current(getattr(entity, "perpetrators", [])) if c.responsibility in ("claimed", "reported")
        ]
        if agents:
            data["organizer"] = [_node(base, ref, root) for ref in agents]
        involved = [c.value for c in current(getattr(entity, "involves", []))]
        if involved:
            data["about"] = [_node(base, ref, root) for ref in involved]
    elif kind == "organizations":
        data["@type"] = "Organization"
        parents = _values(record, "part_of")
        if parents:
            data["parentOrganization"] = [_node(base, ref, root) for ref in parents]
        members = [r.subject for r in base.incoming.get(record.ref, []) if r.field == "member_of"]
        if members:
            data["member"] = [_node(base, ref, root) for ref in dict.fromkeys(members)]
    elif kind == "people":
        data["@type"] = "Person"
        titles = [c.role for c in current(entity.member_of) if getattr(c, "role", None)] + _values(record, "roles")
        if titles:
            data["jobTitle"] = list(dict.fromkeys(titles))
        affiliations = _values(record, "member_of")
        if affiliations:
            data["affiliation"] = [_node(base, ref, root) for ref in dict.fromkeys(affiliations)]
    else:
        data["@type"] = "NewsArticle" if entity.publisher else "CreativeWork"
        data["headline"] = entity.name
        if entity.authors:
            data["author"] = [{"@type": "Person", "name": name} for name in entity.authors]
        if entity.contributors:
            data["contributor"] = [{"@type": "Organization", "name": name} for name in entity.contributors]
        if entity.publisher:
            data["publisher"] = {"@type": "Organization", "name": entity.publisher}
        if entity.published:
            data["datePublished"] = entity.published.rstrip("~?")
        if entity.url:
            data["sameAs"] = entity.url
    return data


# -- exports -------------------------------------------------------------------------------------


def entity_json(record: Record) -> dict[str, Any]:
    """One fact file as data: its kind, its page and every field as written, in model order."""
    data = record.entity.model_dump(mode="json", by_alias=True, exclude_none=True)
    return {"kind": record.kind, "url": page_url(record.ref), **data}


def _cell(text: str) -> str:
    # Spreadsheets run cells that start with these as formulas: keep them text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _claim_words(base: FactBase, kind: str, field: str, claim: Any) -> str:
    value = claim.value
    if field in ("deaths", "injuries"):
        return figure_words(value)
    if field == "date":
        return value
    if (kind, field) in RELATIONS:
        extra = getattr(claim, "responsibility", None) or getattr(claim, "role", None)
        return f"{value} ({extra})" if extra else value
    return str(value)


def kind_csv(base: FactBase, kind: str) -> str:
    """One row per entity; claim fields hold their current values, joined by `; `."""
    model = MODELS[kind]
    fields = claim_fields(model)
    columns = (
        ["id", "name", "aliases", "summary", *fields]
        if kind != "sources"
        else ["id", "name", "publisher", "authors", "contributors", "published", "url", "cited_by"]
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for record in base.by_kind.get(kind, []):
        entity = record.entity
        if kind == "sources":
            row = [
                entity.id,
                entity.name,
                entity.publisher or "",
                "; ".join(entity.authors),
                "; ".join(entity.contributors),
                entity.published or "",
                entity.url or "",
                str(len(base.cited_by.get(entity.id, []))),
            ]
        else:
            row = [entity.id, entity.name, "; ".join(entity.aliases), entity.summary or ""]
            for field in fields:
                row.append("; ".join(_claim_words(base, kind, field, c) for c in current(getattr(entity, field))))
        writer.writerow([_cell(str(cell)) for cell in row])
    return out.getvalue()


def _json(data: Any) -> str:
    # Compact: with an indent, Python's json falls back from C to pure Python, five times slower.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def exports(base: FactBase) -> dict[str, str]:
    """Every file under /api/, by its path in the site."""
    files: dict[str, str] = {}
    everything: dict[str, list[dict[str, Any]]] = {}
    for kind in KINDS_ORDER:
        records = base.by_kind.get(kind, [])
        everything[kind] = [entity_json(r) for r in records]
        for record, data in zip(records, everything[kind], strict=True):
            files[f"api/{record.ref}.json"] = _json(data)
        files[f"api/{kind}.csv"] = kind_csv(base, kind)
        files[f"api/schema/{kind}.schema.json"] = schema_text(kind)  # as shipped for editors
    files["api/facts.json"] = _json(everything)
    return dict(sorted(files.items()))


# -- Atom feed -----------------------------------------------------------------------------------


def feed(base: FactBase, site_name: str, site_url: str, updated_default: str) -> str:
    """Fact sheets by their last reviewed date, newest first."""
    atom = "http://www.w3.org/2005/Atom"
    ElementTree.register_namespace("", atom)

    def sub(parent: ElementTree.Element, tag: str, text: str | None = None, **attrs: str) -> ElementTree.Element:
        element = ElementTree.SubElement(parent, f"{{{atom}}}{tag}", attrs)
        element.text = text
        return element

    entries = sorted(
        ((r.entity.reviewed or updated_default, r) for r in base.records.values()),
        key=lambda pair: (date_key(pair[0]), pair[1].ref),
        reverse=True,
    )
    root = ElementTree.Element(f"{{{atom}}}feed")
    sub(root, "title", f"{site_name}: fact sheets")
    sub(root, "id", f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, site_name)}")
    sub(root, "updated", _timestamp(entries[0][0] if entries else updated_default))
    sub(root, "link", href=f"{site_url}feed.xml", rel="self")
    sub(root, "link", href=site_url or "./")
    for reviewed, record in entries[:100]:
        entry = sub(root, "entry")
        sub(entry, "title", record.entity.name)
        sub(entry, "id", f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, record.ref)}")
        sub(entry, "updated", _timestamp(reviewed))
        sub(entry, "link", href=f"{site_url}{page_url(record.ref)}")
        summary = getattr(record.entity, "summary", None) or f"Last reviewed {date_words(reviewed)}."
        sub(entry, "summary", summary)
        sub(sub(entry, "author"), "name", site_name)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _timestamp(date: str) -> str:
    year, month, day = ([*date_key(date).split("-"), "01", "01"])[:3]
    return f"{year}-{month}-{day}T00:00:00Z"
