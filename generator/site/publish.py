"""Step 5, publish: what the site offers beyond pages. JSON-LD for each fact sheet, JSON and CSV
exports of the fact base with the JSON Schemas of its files, and an Atom feed. Everything is
derived from the same models, in a stable order."""

from __future__ import annotations

import html
import json
import uuid
from typing import Any
from xml.etree import ElementTree

from .. import i18n, wording
from ..check.link import FactBase
from ..check.validate import Record
from ..factmodel.kinds import KINDS
from ..factmodel.model import Claim, claim_fields, relation
from ..factmodel.schemas import export_schema_files, schema_text
from ..reuse import Key, Reuse, optional, own_file
from ..text import date_key
from . import tables
from .pages import inputs
from .urls import SiteUrls, relative

_ID_NAMESPACE = uuid.UUID("6f1c7a52-3b0e-4d8e-9a51-0d5c3f2a7e10")  # stable feed entry ids


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element: no `</script>`, no comment or CDATA openers."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


# -- JSON-LD -------------------------------------------------------------------------------------


def first_ref(base: FactBase, ref: str) -> str:
    """The entity's first address: `<kind>/<oldest previous id>`, or its ref if it was never renamed.
    Feed entry ids and JSON-LD @ids are made from it, so that they survive a rename (`previous_ids`
    lists the old ids oldest first; the old address redirects to the page)."""
    record = base.records.get(base.resolve(ref))
    previous = (getattr(record.entity, "previous_ids", None) or []) if record else []
    return f"{record.kind}/{previous[0]}" if record and previous else base.resolve(ref)


def _entity_id(base: FactBase, urls: SiteUrls, ref: str, here: str) -> str:
    """An entity's JSON-LD @id: the URL of its first fact sheet address (absolute under the site URL,
    else relative to the page `here` that holds the JSON-LD), with `#entity`: it survives a rename."""
    return urls.absolute(urls.sheet(first_ref(base, ref)), here) + "#entity"


def _node(base: FactBase, ref: str, urls: SiteUrls, here: str) -> dict[str, str]:
    """A reference to another entity of the site: its @id and name."""
    return {"@id": _entity_id(base, urls, ref, here), "name": base.name(ref)}


def jsonld_date(date: str) -> str:
    """A date as schema.org's Date takes it (ISO 8601): `2024-01-03`, or with its reduced precision
    `2022-08` or `2017`, never a day that no source gave. ISO 8601 has no mark for approximate or
    uncertain dates in a plain Date, so `~` and `?` are dropped (the page says them)."""
    return date.rstrip("~?")


def _place(name: str) -> dict[str, Any]:
    """A place the facts give in words ("Kerman, Iran"): that text is its name and its address, as
    schema.org's `address` takes text; no street, locality or country is guessed out of it."""
    return {"@type": "Place", "name": name, "address": name}


def _jsonld_value(base: FactBase, model: type, field: str, value: Any, prop: str, urls: SiteUrls, here: str) -> Any:
    """A field's value as schema.org has it: an entity node for a relation, an ISO date for a
    `prop:Date`, a typed node for `prop:Type`, else a number or text."""
    wrap = prop.partition(":")[2]
    if relation(model, field):
        return _node(base, value.value, urls, here)
    if wrap == "Date":  # schema.org dates have no ~ or ? of our precision marks
        return jsonld_date(str(value.value if isinstance(value, Claim) else value))
    if isinstance(value, Claim):  # a number stays one (coordinates); anything else reads as words
        number = isinstance(value.value, (int, float)) and not isinstance(value.value, bool)
        value = value.value if number else wording.value_words(value, base.name)
    if wrap == "Place":
        return _place(value)
    return {"@type": wrap, "name": value} if wrap else value


def jsonld(base: FactBase, record: Record, urls: SiteUrls | str = "") -> dict[str, Any]:
    """schema.org data matching what the fact sheet says, and only what its sources state as fact:
    an allegation, a dispute or a denial is never a JSON-LD statement. URLs are absolute under the
    site URL (`urls`, or just the site URL), else relative to the fact sheet."""
    urls = SiteUrls(urls) if isinstance(urls, str) else urls
    entity, kind = record.entity, KINDS[record.kind]
    here = urls.sheet(record.ref)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": kind.schema_type,
        "@id": _entity_id(base, urls, record.ref, here),
        "url": urls.absolute(here, here),
        "name": entity.name,
    }
    original = getattr(entity, "original_name", None)
    if getattr(entity, "aliases", None) or original:
        data["alternateName"] = list(getattr(entity, "aliases", [])) + ([original.text] if original else [])
    if getattr(entity, "summary", None):
        data["description"] = entity.summary
    found: dict[str, list[Any]] = {}  # by property: the values of every field mapped to it, merged
    single: dict[str, bool] = {}  # properties only fields of one value map to
    for name, prop in kind.jsonld.items():
        value = getattr(entity, name)
        values = [c for c in value if c.is_fact] if name in claim_fields(type(entity)) else value
        if values in (None, [], ""):
            continue
        key = prop.partition(":")[0]
        items = values if isinstance(values, list) else [values]
        found.setdefault(key, []).extend(_jsonld_value(base, type(entity), name, v, prop, urls, here) for v in items)
        single[key] = single.get(key, True) and not isinstance(value, list)
    for key, items in found.items():
        items = list({json.dumps(i, sort_keys=True): i for i in items}.values())  # once each, in order
        data[key] = min(items) if key == "startDate" else items[0] if single[key] and len(items) == 1 else items
    for name, prop in kind.jsonld_incoming.items():
        subjects = [r.subject for r in base.incoming.get(record.ref, []) if r.field == name and r.claim.is_fact]
        if subjects:
            data[prop] = [_node(base, ref, urls, here) for ref in dict.fromkeys(subjects)]
    previous = [urls.absolute(urls.sheet(f"{record.kind}/{old}"), here) for old in getattr(entity, "previous_ids", [])]
    if previous:  # the addresses it had: they redirect here
        own = data.get("sameAs", [])
        data["sameAs"] = [*(own if isinstance(own, list) else [own]), *previous]
    return data


# -- exports -------------------------------------------------------------------------------------


def entity_json(record: Record, urls: SiteUrls | None = None) -> dict[str, Any]:
    """One fact file as data: its kind, the path of its page (site-relative) and every field as
    written, in model order. The page is `page`: a source's own address stays its `url`."""
    data = record.entity.model_dump(mode="json", by_alias=True, exclude_none=True)
    return {"kind": record.kind, "page": (urls or SiteUrls()).sheet(record.ref), **data}


def _json(data: Any) -> str:
    # Compact: with an indent, Python's json falls back from C to pure Python, five times slower.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def exports(
    base: FactBase, reuse: Reuse | None = None, urls: SiteUrls | None = None, site_name: str = "Factsheets"
) -> dict[str, str]:
    """Every file under /api/, by its path in the site."""
    files: dict[str, str] = {}
    everything: dict[str, list[dict[str, Any]]] = {}

    def exported(record: Record) -> tuple[dict[str, Any], str]:
        data = entity_json(record, urls)
        return data, _json(data)

    def export_inputs(record: Record) -> Key:
        return own_file(record)[0], urls  # its links are written for the site's URLs

    for kind in KINDS.values():
        everything[kind.name] = []
        for record in base.by_kind.get(kind.name, []):
            data, text = optional(reuse, "export", record.ref, export_inputs, exported, record)
            everything[kind.name].append(data)
            files[f"api/{record.ref}.json"] = text
    files["api/facts.json"] = _json(everything)
    files.update(optional(reuse, "schemas", "", lambda: ((), ()), schema_files))  # the models', never changed
    files.update(
        {f"api/{name}": text for name, text in tables.table_files(base, (urls or SiteUrls()).sheet, reuse).items()}
    )
    files["api/datapackage.json"] = json.dumps(tables.data_package(site_name), ensure_ascii=False, indent=1) + "\n"
    files.update(redirects(base, urls))
    return dict(sorted(files.items()))


def schema_files() -> dict[str, str]:
    """The fact files' schemas as shipped for editors, and the exports' schemas."""
    files = {f"api/schema/{kind}.schema.json": schema_text(kind) for kind in KINDS}
    return files | {f"api/schema/{name}": text for name, text in export_schema_files().items()}


def redirect_page(title: str, target: str) -> str:
    """A page at an old address that sends the reader on: a script that keeps the address's fragment
    (`#references` lands on the new page's references), a meta refresh for browsers without
    scripts, a canonical link for search engines, and a plain link for everyone else. `target` is
    relative, so the site works under any base URL."""
    href, name = html.escape(target, quote=True), html.escape(title)
    moved = html.escape(i18n._("This fact sheet has moved:"))
    # JSON is a JavaScript string literal; with <, > and & escaped it can't close the script.
    script = script_json(target)
    return (
        "<!doctype html>\n"
        f'<html lang="{html.escape(i18n.active().code, quote=True)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{name}</title>\n"
        f"<script>location.replace({script} + location.hash)</script>\n"
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f'<link rel="canonical" href="{href}">\n'
        '<meta name="robots" content="noindex">\n'
        "</head>\n<body>\n"
        f'<p>{moved} <a href="{href}">{name}</a>.</p>\n'
        "</body>\n</html>\n"
    )


def redirects(base: FactBase, urls: SiteUrls | None = None) -> dict[str, str]:
    """A redirect page at the address of every previous id of an entity (`previous_ids`), so
    links to a renamed fact sheet keep working: where MkDocs would have written the old page."""
    urls = urls or SiteUrls()
    files = {}
    for record in base.records.values():
        for old_id in getattr(record.entity, "previous_ids", None) or []:
            old = f"{record.kind}/{old_id}"
            target = relative(urls.sheet(old), urls.sheet(record.ref))
            files[urls.file(f"{old}.md")] = redirect_page(record.entity.name, target)
    return files


# -- Atom feed -----------------------------------------------------------------------------------


def feed(base: FactBase, site_name: str, site_url: str, updated_default: str, urls: SiteUrls | None = None) -> str:
    """Fact sheets by their last reviewed date, newest first. Links are absolute under the site URL,
    else relative to the feed (which is at the site's root)."""
    urls = urls or SiteUrls(site_url)
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
    root = ElementTree.Element(f"{{{atom}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": i18n.active().code})
    sub(root, "title", i18n._("{site}: fact sheets").format(site=site_name))
    sub(root, "id", f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, site_name)}")
    sub(root, "updated", _timestamp(entries[0][0] if entries else updated_default))
    sub(root, "link", href=urls.absolute("feed.xml"), rel="self")
    sub(root, "link", href=urls.absolute(""))
    for reviewed, record in entries[:100]:
        entry = sub(root, "entry")
        sub(entry, "title", record.entity.name)
        sub(entry, "id", f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, first_ref(base, record.ref))}")  # kept on a rename
        sub(entry, "updated", _timestamp(reviewed))
        sub(entry, "link", href=urls.absolute(urls.sheet(record.ref)))
        summary = getattr(record.entity, "summary", None) or wording.reviewed_words(reviewed)
        sub(entry, "summary", summary)
        facts = wording.key_facts(record.entity, base.name)
        if facts:  # the sheet's key facts, in its words: hedges and who said it travel with them
            sub(entry, "content", "\n".join(f"{label}: {words}" for label, words in facts), type="text")
        sub(sub(entry, "author"), "name", site_name)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _timestamp(date: str) -> str:
    year, month, day = ([*date_key(date).split("-"), "01", "01"])[:3]
    return f"{year}-{month}-{day}T00:00:00Z"


def newest_review(base: FactBase) -> str | None:
    return max((r.entity.reviewed for r in base.records.values() if r.entity.reviewed), key=date_key, default=None)


def published(
    base: FactBase,
    site_name: str,
    site_url: str,
    build_date: str | None = None,
    reuse: Reuse | None = None,
    directory_urls: bool = True,
) -> tuple[dict[str, str], dict[str, str]]:
    """What the site offers beside its pages, by site path, and each fact sheet's JSON-LD, by ref.
    Without a site URL, links are relative to the page or file that holds them."""
    urls = SiteUrls(site_url, directory_urls)
    date = build_date or newest_review(base) or "1970-01-01"
    files = {**exports(base, reuse, urls, site_name), "feed.xml": feed(base, site_name, site_url, date, urls)}
    return files, {
        ref: optional(reuse, "jsonld", ref, _jsonld_inputs, _jsonld_text, base, record, urls)
        for ref, record in base.records.items()
    }


def _jsonld_inputs(base: FactBase, record: Record, urls: SiteUrls) -> tuple:
    return inputs(base, record)[0], urls


def _jsonld_text(base: FactBase, record: Record, urls: SiteUrls) -> str:
    return script_json(jsonld(base, record, urls))
