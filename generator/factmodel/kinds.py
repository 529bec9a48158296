"""What each kind of fact file is, described once: every step of the pipeline loops over KINDS.

A new kind is one model in model.py and one entry here; a kind without a template of its own
(`<singular>.html.j2`) is shown by the generic fact sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import DatedEvent, Incident, Named, Organization, Person, Source, claim_fields, relation


@dataclass(frozen=True)
class Kind:
    name: str  # the folder under facts/ and the URL segment: "incidents"
    singular: str  # "incident": the template name and how diagnostics speak of one
    title: str  # "Incidents": the index page's title
    model: type[Named]
    noun: str  # the index's first column: "Incident"
    columns: tuple[str, ...] = ()  # the index's other columns: fields of the model
    schema_type: str = "Thing"  # schema.org @type of its JSON-LD
    # schema.org property for a field: its own fields, and relations other files write to it
    jsonld: dict[str, str] = field(default_factory=dict)
    jsonld_incoming: dict[str, str] = field(default_factory=dict)

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
            "incidents",
            "incident",
            "Incidents",
            Incident,
            "Incident",
            ("location", "deaths", "perpetrators"),
            "Event",
            {"date": "startDate", "location": "location:Place", "perpetrators": "organizer", "involves": "about"},
        ),
        Kind(
            "organizations",
            "organization",
            "Organizations",
            Organization,
            "Organization",
            ("aliases", "part_of"),
            "Organization",
            {"part_of": "parentOrganization"},
            {"member_of": "member"},
        ),
        Kind(
            "people",
            "person",
            "People",
            Person,
            "Person",
            ("aliases", "member_of"),
            "Person",
            {"member_of": "affiliation", "roles": "jobTitle"},
        ),
        Kind("dates", "date", "Dates", DatedEvent, "Event", (), "Event", {"date": "startDate", "involves": "about"}),
        Kind(
            "sources",
            "source",
            "Sources",
            Source,
            "Source",
            ("publisher", "cited_by"),
            "CreativeWork",
            {
                "name": "headline",
                "authors": "author:Person",
                "contributors": "contributor:Organization",
                "publisher": "publisher:Organization",
                "published": "datePublished",
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
