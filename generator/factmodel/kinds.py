"""What each kind of fact file is, described once: every step of the pipeline loops over KINDS.

A new kind is one model in model.py and one entry here. The model's fields say the rest: a
field's label is its `title` (its anchor on a fact sheet is always its name), `relates(...)` marks
a reference to other kinds, `examples`, bounds (`ge`, `le`), a `unit` (`json_schema_extra`) and
the patterns of PATTERN_FORMS give the skeleton of `factsheets new` and the words of validation.
A kind without a template of its own (`<singular>.html.j2`) is shown by the generic fact sheet.
tests/test_kind_lists.py then names what lists the kinds for people: the nav of mkdocs.yml, the
schemas of .vscode/settings.json, and content/about/ (data.md, editing.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .model import DatedEvent, Incident, Named, Organization, Person, Source, claim_fields, relation


@dataclass(frozen=True, kw_only=True)
class Kind:
    """Everything the pipeline knows of a kind besides its model; the model's fields say the rest
    (labels as `title`, examples, bounds and patterns as field metadata, relations as `relates`)."""

    name: str  # the folder under facts/ and the URL segment: "incidents"
    model: type[Named]
    singular: str  # "incident": the template name and how diagnostics speak of one
    title: str  # "Incidents": the index page's title
    noun: str  # the index's first column: "Incident"
    columns: tuple[str, ...] = ()  # the index's other columns: fields of the model, or "cited_by"
    schema_type: str = "Thing"  # schema.org @type of its JSON-LD
    # schema.org property of each field ("prop"; "prop:Type" wraps text in a typed node, "prop:Date"
    # writes an ISO date); relations are entity nodes. Two
    # fields may share a property: their values are merged. `jsonld_incoming`: relations other
    # files write to this kind, by the writing field.
    jsonld: Mapping[str, str] = field(default_factory=dict)
    jsonld_incoming: Mapping[str, str] = field(default_factory=dict)

    @property
    def dated(self) -> bool:
        """Kinds with a `date` field are on the timeline and sorted by date."""
        return "date" in claim_fields(self.model)

    @property
    def template(self) -> str:
        return f"{self.singular}.html.j2"

    def takes(self, field_name: str) -> frozenset[str]:
        mark = relation(self.model, field_name)
        return mark.kinds if mark else frozenset()


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            name="incidents",
            model=Incident,
            singular="incident",
            title="Incidents",
            noun="Incident",
            columns=("location", "deaths", "perpetrators"),
            schema_type="Event",
            jsonld={
                "date": "startDate:Date",
                "location": "location:Place",
                "perpetrators": "organizer",
                "involves": "about",
            },
        ),
        Kind(
            name="organizations",
            model=Organization,
            singular="organization",
            title="Organizations",
            noun="Organization",
            columns=("aliases", "part_of"),
            schema_type="Organization",
            jsonld={"part_of": "parentOrganization"},
            jsonld_incoming={"member_of": "member"},
        ),
        Kind(
            name="people",
            model=Person,
            singular="person",
            title="People",
            noun="Person",
            columns=("aliases", "member_of"),
            schema_type="Person",
            jsonld={"member_of": "affiliation", "roles": "jobTitle"},
        ),
        Kind(
            name="dates",
            model=DatedEvent,
            singular="date",
            title="Dates",
            noun="Event",
            schema_type="Event",
            jsonld={"date": "startDate:Date", "involves": "about"},
        ),
        Kind(
            name="sources",
            model=Source,
            singular="source",
            title="Sources",
            noun="Source",
            columns=("publisher", "cited_by"),
            schema_type="CreativeWork",
            jsonld={
                "name": "headline",
                "authors": "author:Person",
                "contributors": "contributor:Organization",
                "publisher": "publisher:Organization",
                "published": "datePublished:Date",
                "url": "sameAs",
            },
        ),
    )
}


def kind_of(ref: str) -> Kind | None:
    return KINDS.get(ref.partition("/")[0])


def looks_like_ref(text: str) -> bool:
    """`people/…`: meant as a reference to an entity, not a party named in words."""
    return text.partition("/")[0] in KINDS
