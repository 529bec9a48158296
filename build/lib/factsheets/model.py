"""The fact file models: one definition per kind gives validation, JSON Schema and field docs."""

from __future__ import annotations

import calendar
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    model_validator,
)

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
KIND_PATTERN = "incidents|organizations|people|dates|sources"
REF_PATTERN = rf"^({KIND_PATTERN})/[a-z0-9]+(-[a-z0-9]+)*$"
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?]?)\Z")


def check_date(text: str) -> str:
    """A date with its precision: 2024-01-03, 2022-08 or 2017, then ~ (approximate) or ? (uncertain)."""
    match = _DATE.match(text)
    if not match:
        raise ValueError("not a date: write YYYY-MM-DD, YYYY-MM or YYYY, optionally followed by ~ or ?")
    year, month, day = (int(g) if g else None for g in match.groups()[:3])
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"there is no month {month}")
    if day is not None and not 1 <= day <= calendar.monthrange(year or 1, month or 1)[1]:
        raise ValueError(f"there is no day {day} in {year}-{month:02d}")
    return text


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Ref = Annotated[str, StringConstraints(pattern=REF_PATTERN)]


def _year_as_text(value: Any) -> Any:
    # `from: 2020` unquoted is a year, not a count: the one number a date field accepts.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999 else value


DateText = Annotated[
    str,
    BeforeValidator(_year_as_text),
    AfterValidator(check_date),
    Field(
        description="A date with its precision: 2024-01-03, 2022-08 or 2017; ~ for approximate, ? for uncertain.",
        json_schema_extra={"pattern": r"^\d{4}(-\d{2}(-\d{2})?)?[~?]?$"},
    ),
]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s/$.?#][^\s]*$")]
Count = Annotated[int, Field(ge=0)]

Status = Literal["reported", "confirmed", "disputed", "denied", "superseded"]
# `reported`: the source states it as fact without attributing it to anyone.
Responsibility = Literal["claimed", "alleged", "suspected", "denied", "reported"]
Relation = Literal["retaliation_for", "anniversary_of", "follows", "related_to"]


class Strict(BaseModel):
    """Unknown fields are errors, text is never coerced from numbers, whitespace is trimmed."""

    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True, populate_by_name=True)


class Citation(Strict):
    source: Id = Field(description="The id of a file in facts/sources/.")
    quote: Text | None = Field(None, description="The source's own words, verbatim.")
    locator: Text | None = Field(None, description="Where in the source: page, paragraph, timestamp.")


def _tag_by_type(text_tag: str, other_tag: str):
    return lambda value: text_tag if isinstance(value, str) else other_tag


SourceItem = Annotated[
    Annotated[Id, Tag("id")] | Annotated[Citation, Tag("citation")],
    Discriminator(_tag_by_type("id", "citation")),
]


class Range(Strict):
    """A figure known only by its bounds: "at least 17", "up to 211", "about 700"."""

    at_least: Count | None = None
    at_most: Count | None = None
    approx: Count | None = None

    @model_validator(mode="after")
    def _bounds(self) -> Range:
        if self.approx is not None and (self.at_least is not None or self.at_most is not None):
            raise ValueError("approx cannot be combined with at_least or at_most")
        if self.approx is None and self.at_least is None and self.at_most is None:
            raise ValueError("a range needs at_least, at_most or approx")
        if self.at_least is not None and self.at_most is not None and self.at_least > self.at_most:
            raise ValueError(f"at_least ({self.at_least}) is above at_most ({self.at_most})")
        return self


Figure = Annotated[
    Annotated[Count, Tag("number")] | Annotated[Range, Tag("range")],
    Discriminator(lambda value: "range" if isinstance(value, (dict, Range)) else "number"),
]


class Claim(Strict):
    """A statement of fact with its sources and who made it."""

    value: Any  # each kind of claim below narrows it

    sources: list[SourceItem] = Field(min_length=1, description="One or more source ids, or {source, quote, locator}.")
    as_of: DateText | None = Field(None, description="When the claim was true or reported.")
    according_to: Text | None = Field(
        None,
        description="Who the source attributes the claim to: an entity (people/bahram-eynollahi) or a named party.",
    )
    status: Status = Field("reported", description="reported, confirmed, disputed, denied or superseded.")
    note: Text | None = Field(None, description="A short remark shown with the claim.")


class TextClaim(Claim):
    value: Text


class DateClaim(Claim):
    value: DateText


class CountClaim(Claim):
    value: Figure = Field(description="A whole number, or {at_least: N}, {at_most: N}, {approx: N}.")
    group: Text | None = Field(None, description='Who the figure counts, when not everyone: "U.S. personnel".')


class RefClaim(Claim):
    value: Ref = Field(description="Another entity: <kind>/<id>, for example people/qassem-soleimani.")


class PerpetratorClaim(RefClaim):
    responsibility: Responsibility = Field(
        description="claimed, alleged, suspected, denied, or reported (the source states it as fact)."
    )


class RelatedClaim(RefClaim):
    relation: Relation = Field(description="retaliation_for, anniversary_of, follows or related_to.")


class MembershipClaim(RefClaim):
    role: Text | None = None
    from_: DateText | None = Field(None, alias="from")
    until: DateText | None = None


class InvolvementClaim(RefClaim):
    role: Text | None = None


class Named(Strict):
    """What every fact file has: its id (the file name) and the name readers know."""

    id: Id = Field(description="Equal to the file name: lowercase letters, digits, single hyphens.")
    name: Text = Field(description="The name readers know it by.")


class Entity(Named):
    aliases: list[Text] = Field([], description="Other spellings, transliterations and acronyms.")
    summary: Text | None = Field(None, description="One to three neutral sentences.")
    reviewed: DateText | None = Field(None, description="When an editor last checked this file.")


class Incident(Entity):
    date: list[DateClaim] = Field([], description="When it happened.")
    location: list[TextClaim] = Field([], description='Where it happened, in words: "Kerman, Iran".')
    deaths: list[CountClaim] = Field([], description="How many people were killed.")
    injuries: list[CountClaim] = Field([], description="How many people were injured.")
    perpetrators: list[PerpetratorClaim] = Field([], description="Who carried it out, with who says so.")
    ordered_by: list[RefClaim] = Field([], description="Who ordered it.")
    targets: list[RefClaim] = Field([], description="Who or what it was aimed at.")
    killed: list[RefClaim] = Field([], description="People with a fact sheet who were killed.")
    involves: list[InvolvementClaim] = Field(
        [], description="Other people or organizations it concerns, with their role."
    )
    related: list[RelatedClaim] = Field([], description="Other incidents or dates it relates to, and how.")
    statements: list[TextClaim] = Field([], description="Any other fact, one neutral sentence each.")


class Organization(Entity):
    part_of: list[RefClaim] = Field([], description="The organization it belongs to.")
    statements: list[TextClaim] = Field([], description="Any other fact, one neutral sentence each.")


class Person(Entity):
    member_of: list[MembershipClaim] = Field(
        [], description="Organizations the person belongs or belonged to, with role and dates."
    )
    roles: list[TextClaim] = Field(
        [], description='Positions with no organization page: "Deputy governor for security of Kerman".'
    )
    statements: list[TextClaim] = Field([], description="Any other fact, one neutral sentence each.")


class DatedEvent(Entity):
    date: list[DateClaim] = Field([], description="When it happened; leave it out when no source says.")
    involves: list[InvolvementClaim] = Field(
        [], description="The people, organizations, incidents or dates it involves, with their role."
    )
    statements: list[TextClaim] = Field([], description="Any other fact, one neutral sentence each.")


class Source(Named):
    name: Text = Field(description="The title of the source.")
    publisher: Text | None = Field(None, description="Who published it.")
    authors: list[Text] = Field([], description="Who wrote it.")
    contributors: list[Text] = Field([], description="Who contributed, for example a news agency.")
    published: DateText | None = Field(None, description="When it was published.")
    url: Url | None = Field(None, description="http or https only; leave out when unknown.")
    note: Text | None = Field(None, description="Anything a reader should know about the source.")
    reviewed: DateText | None = Field(None, description="When an editor last checked this file.")


MODELS: dict[str, type[Named]] = {
    "incidents": Incident,
    "organizations": Organization,
    "people": Person,
    "dates": DatedEvent,
    "sources": Source,
}

KINDS_ORDER = ("incidents", "organizations", "people", "dates", "sources")

SINGULAR = {
    "incidents": "incident",
    "organizations": "organization",
    "people": "person",
    "dates": "date",
    "sources": "source",
}

# Which kinds each reference field may point to, and how both ends read it.
RELATIONS: dict[tuple[str, str], tuple[frozenset[str], str, str]] = {
    ("incidents", "perpetrators"): (
        frozenset({"organizations", "people"}),
        "Perpetrators",
        "Incidents attributed to it",
    ),
    ("incidents", "ordered_by"): (frozenset({"people"}), "Ordered by", "Ordered"),
    ("incidents", "targets"): (frozenset({"organizations", "people"}), "Targets", "Targeted in"),
    ("incidents", "killed"): (frozenset({"people"}), "Killed", "Killed in"),
    ("incidents", "involves"): (frozenset({"organizations", "people"}), "Involves", "Involved in"),
    ("incidents", "related"): (frozenset({"incidents", "dates"}), "Related incidents", "Related incidents"),
    ("organizations", "part_of"): (frozenset({"organizations"}), "Part of", "Includes"),
    ("people", "member_of"): (frozenset({"organizations"}), "Member of", "Members"),
    ("dates", "involves"): (frozenset({"incidents", "organizations", "people", "dates"}), "Involves", "Dated events"),
}

# `related` claims: the label on the page that writes the claim, and on the other page.
RELATION_LABELS: dict[str, tuple[str, str]] = {
    "retaliation_for": ("retaliation for", "followed by retaliation"),
    "anniversary_of": ("on the anniversary of", "anniversary marked by"),
    "follows": ("follows", "followed by"),
    "related_to": ("related to", "related to"),
}

FIELD_LABELS = {
    "date": "Date",
    "location": "Location",
    "deaths": "Deaths",
    "injuries": "Injuries",
    "statements": "Other facts",
    "roles": "Roles",
}


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def field_anchor(field: str) -> str:
    """The id MkDocs gives the field's heading on a fact sheet."""
    return field_label(field).lower().replace(" ", "-")


_CLAIM_FIELDS: dict[type, tuple[str, ...]] = {}  # asked for every entity of every page


def claim_fields(model: type[Strict]) -> tuple[str, ...]:
    """The model's fields that hold claims, in the order they are declared."""
    if model not in _CLAIM_FIELDS:
        _CLAIM_FIELDS[model] = tuple(
            name
            for name, info in model.model_fields.items()
            if getattr(info.annotation, "__origin__", None) is list
            and isinstance(item := getattr(info.annotation, "__args__", (None,))[0], type)
            and issubclass(item, Claim)
        )
    return _CLAIM_FIELDS[model]


def json_schema(kind: str) -> dict[str, Any]:
    schema = MODELS[kind].model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Factsheets {SINGULAR[kind]} file"
    return schema


# -- the field reference of the editing guide, read from the models so it cannot drift ----------

_VALUE_TYPES = {TextClaim: "text", DateClaim: "a date", CountClaim: "a figure"}
_CLAIM_EXTRAS = {
    "responsibility": "`responsibility`",
    "relation": "`relation`",
    "role": "`role`",
    "from_": "`from`",
    "until": "`until`",
    "group": "`group`",
}


def _claim_type(kind: str, field: str, claim: type[Claim]) -> str:
    if (kind, field) in RELATIONS:
        targets = " or ".join(sorted(RELATIONS[(kind, field)][0]))
        what = f"claims about a reference to {targets}"
    else:
        what = f"claims about {_VALUE_TYPES.get(claim, 'a value')}"  # type: ignore[call-overload]
    extras = [
        label for name, label in _CLAIM_EXTRAS.items() if name in claim.model_fields and name not in Claim.model_fields
    ]
    return what + (f", with {', '.join(extras)}" if extras else "")


def field_reference(kind: str) -> list[tuple[str, str, bool, str]]:
    """(field, what it holds, required, description) for every field of a kind, or of a claim."""
    model = Claim if kind == "claim" else MODELS[kind]
    rows = []
    for name, info in model.model_fields.items():
        item = getattr(info.annotation, "__args__", (None,))[0]
        if kind != "claim" and isinstance(item, type) and issubclass(item, Claim):
            what = _claim_type(kind, name, item)
            description = info.description or ""
        elif name == "value":
            what, description = "depends on the field", "The value the claim states."
        else:
            what = {
                "aliases": "list of text",
                "authors": "list of text",
                "contributors": "list of text",
                "sources": "list of source ids or {source, quote, locator}",
            }.get(name, "text")
            if name in ("reviewed", "as_of", "published"):
                what = "a date"
            description = info.description or ""
        rows.append((info.alias or name, what, info.is_required(), description))
    return rows
