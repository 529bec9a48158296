"""The fact file models: one definition per kind gives validation, JSON Schema and field docs."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
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
    WithJsonSchema,
    model_validator,
)

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# A reference names a kind and an id; which kinds a field takes is checked by link (Relates).
REF_PATTERN = r"^[a-z]+/[a-z0-9]+(-[a-z0-9]+)*$"
# ASCII digits: \d would take any script's digits in Python, and none but ASCII in an editor's schema.
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?([~?]?)\Z")
# The same rule as check_date, for JSON Schema (editors): months 01-12, the days of each month,
# 29 February in leap years only.
_LEAP = r"([0-9]{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)"
DATE_SCHEMA_PATTERN = (
    r"^([0-9]{4}(-(0[1-9]|1[0-2]))?"
    r"|[0-9]{4}-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])"
    r"|[0-9]{4}-(0[469]|11)-(0[1-9]|[12][0-9]|30)"
    r"|[0-9]{4}-02-(0[1-9]|1[0-9]|2[0-8])"
    rf"|{_LEAP}-02-29)[~?]?$"
)


def check_date(text: str) -> str:
    """A date with its precision: 2024-01-03, 2022-08 or 2017, then ~ (approximate) or ? (uncertain)."""
    match = _DATE.match(text)
    if not match:
        raise ValueError("not a date: write YYYY-MM-DD, YYYY-MM or YYYY, optionally followed by ~ or ?")
    year, month, day = (int(g) if g else None for g in match.groups()[:3])
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"there is no month {month}")
    if day is not None and not 1 <= day <= calendar.monthrange(year or 0, month or 1)[1]:
        raise ValueError(f"there is no day {day} in {year}-{month:02d}")
    return text


# Words an editor's YAML extension shows instead of the pattern (yaml-language-server reads
# `patternErrorMessage` and `errorMessage`): a 300-character regex helps no one.
ID_WORDS = "an id: lowercase letters, digits and single hyphens, as in the file name (qassem-soleimani)"
REF_WORDS = "another entity: <kind>/<id>, for example people/qassem-soleimani"
DATE_WORDS = "a date: 2024-01-03, 2024-01 or 2024, optionally followed by ~ (about) or ? (uncertain)"

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=80),
    Field(json_schema_extra={"patternErrorMessage": ID_WORDS}),
]
# Not blank: the pattern says so to editors; validation strips the text, then wants a character.
Text = Annotated[
    str, StringConstraints(min_length=1, strip_whitespace=True), Field(json_schema_extra={"pattern": r"\S"})
]
Ref = Annotated[
    str, StringConstraints(pattern=REF_PATTERN), Field(json_schema_extra={"patternErrorMessage": REF_WORDS})
]


def _year_as_text(value: Any) -> Any:
    # `from: 2020` unquoted is a year, not a count: the one number a date field accepts.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999 else value


DateText = Annotated[
    str,
    BeforeValidator(_year_as_text),
    AfterValidator(check_date),
    WithJsonSchema(
        {
            "description": "A date with its precision: 2024-01-03, 2022-08 or 2017; ~ for approximate, "
            "? for uncertain.",
            "examples": ["2024-01-03"],
            "anyOf": [
                {"type": "string", "pattern": DATE_SCHEMA_PATTERN, "patternErrorMessage": DATE_WORDS},
                {"type": "integer", "minimum": 1000, "maximum": 9999},  # an unquoted year
            ],
            "errorMessage": DATE_WORDS,
        }
    ),
]
URL_PATTERN = r"^https?://[^\s/$.?#@\\][^\s/?#@\\]*([/?#]\S*)?$"  # no user:password@
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN)]
Count = Annotated[int, Field(ge=0, examples=[95])]
ARCHIVE_PATTERN = r"^archive/[a-z0-9]+(-[a-z0-9]+)*\.txt$"
ArchivePath = Annotated[str, StringConstraints(pattern=ARCHIVE_PATTERN)]


@dataclass(frozen=True)
class Form:
    """What a value of a pattern looks like, in an editor's words: validation says a value is not
    `what` and hints how to write one; `factsheets new` shows the example."""

    what: str
    hint: str
    example: str


# Every pattern of the models, worded once (a new pattern gets its entry here).
PATTERN_FORMS = {
    ID_PATTERN: Form("a valid id", "lowercase ASCII letters, digits and single hyphens", "example-id"),
    REF_PATTERN: Form("a reference", "write <kind>/<id>", "people/example-id"),
    URL_PATTERN: Form("an http(s) URL", "only http:// and https:// links are allowed", "https://"),
    ARCHIVE_PATTERN: Form("an archived copy's path", "write archive/<source id>.txt", "archive/example-id.txt"),
}

Status = Literal["reported", "confirmed", "disputed", "denied", "superseded"]
FACT_STATUSES = ("reported", "confirmed")  # what a source states as fact
# `reported`: the source states it as fact without attributing it to anyone.
Responsibility = Literal["claimed", "alleged", "suspected", "denied", "reported"]
EventRelation = Literal["retaliation_for", "response_to", "anniversary_of", "follows", "related_to"]
# How sure a source is of a membership it reports: "a suspected IRGC member".
Certainty = Literal["suspected", "alleged"]
# The source's own hedge on a claim, the adverb it wrote: "reportedly occurred", "no group immediately
# claimed". `reportedly` and `allegedly` keep a claim from being stated as fact (JSON-LD).
Hedge = Literal["reportedly", "allegedly", "immediately"]
DOUBTING_HEDGES = ("reportedly", "allegedly")


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

    # The shapes _bounds allows, for editors: one bound at least, approx alone. That at_least is not
    # above at_most compares two values, which JSON Schema cannot; validate says so.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": [name], "properties": {name: {"type": "integer"}}}
                for name in ("at_least", "at_most", "approx")
            ],
            "if": {"required": ["approx"], "properties": {"approx": {"type": "integer"}}},
            "then": {"properties": {"at_least": {"type": "null"}, "at_most": {"type": "null"}}},
        }
    )

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
    """A statement of fact with its sources and who made it. How a claim reads is said once, in
    wording.py: pages, exports, the feed, references and the diff all ask it."""

    value: Any  # each kind of claim below narrows it

    sources: list[SourceItem] = Field(min_length=1, description="One or more source ids, or {source, quote, locator}.")
    as_of: DateText | None = Field(None, description="When the claim was true or reported.")
    according_to: Text | None = Field(
        None,
        description="Who the source attributes the claim to: an entity (people/bahram-eynollahi) or a named party.",
    )
    status: Status = Field("reported", description="reported, confirmed, disputed, denied or superseded.")
    hedge: Hedge | None = Field(
        None,
        description="The source's own hedge, as it wrote it: reportedly, allegedly or immediately "
        '("No group immediately claimed responsibility"). Shown with the claim everywhere.',
    )
    named_by: Text | None = Field(
        None,
        description="The party whose own claim names the value (an entity such as organizations/isis, or a "
        "named party): people a group named in its claim of responsibility. The value is shown as named by "
        "that party, never as a fact, and JSON-LD leaves it out.",
    )
    note: Text | None = Field(None, description="A short remark shown with the claim.")

    @property
    def stands(self) -> bool:
        """Not superseded and not denied: what a page shows as the current value."""
        return self.status not in ("superseded", "denied")

    @property
    def is_fact(self) -> bool:
        """Stated as fact by its source: no dispute, no denial, no allegation, not a name another party
        gave (JSON-LD states only these)."""
        return self.status in FACT_STATUSES and self.hedge not in DOUBTING_HEDGES and not self.named_by

    def source_ids(self) -> list[str]:
        return [item.source if isinstance(item, Citation) else item for item in self.sources]


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

    @property
    def stands(self) -> bool:
        return super().stands and self.responsibility != "denied"  # a denial is history, not a key fact

    @property
    def is_fact(self) -> bool:
        return super().is_fact and self.responsibility in ("claimed", "reported")


class ResponsibilityClaim(Claim):
    """Responsibility as a fact of its own where no perpetrator is named: "No group immediately
    claimed responsibility" is data a page can show in its responsibility row, not a sentence."""

    value: Literal["none_claimed", "not_established"] = Field(
        description="none_claimed (no group claimed responsibility) or not_established "
        "(who is responsible has not been established)."
    )


class RelatedClaim(RefClaim):
    relation: EventRelation = Field(description="retaliation_for, response_to, anniversary_of, follows or related_to.")


class MembershipClaim(RefClaim):
    role: Text | None = Field(
        None,
        description='The position held, read after "as": "commander", "Health Minister".',
        examples=["commander"],
    )
    from_: DateText | None = Field(None, alias="from", examples=["2020"])
    until: DateText | None = None
    certainty: Certainty | None = Field(
        None, description="suspected or alleged, when the source does not state the membership as fact."
    )

    @property
    def is_fact(self) -> bool:
        return super().is_fact and self.certainty is None


class InvolvementClaim(RefClaim):
    role: Text | None = Field(
        None,
        description='What the involved party was in it, as a noun phrase that reads after "as": '
        '"the author of the statement", "the target of the alleged plot".',
    )


@dataclass(frozen=True)
class Relates:
    """Marks a field whose claims point to other entities: which kinds it takes, and how the page
    that writes it and the page it points to label it."""

    kinds: frozenset[str]
    label: str
    inverse: str


def relates(*kinds: str, label: str, inverse: str) -> Relates:
    return Relates(frozenset(kinds), label, inverse)


class Named(Strict):
    """What every fact file has: its id (the file name) and the name readers know."""

    id: Id = Field(description="Equal to the file name: lowercase letters, digits, single hyphens.")
    name: Text = Field(description="The name readers know it by.")
    previous_ids: list[Id] = Field(
        [],
        description="Ids this file had before a rename, oldest first: the old address redirects to the new one, "
        "references to an old id still resolve, with a warning, and the first one keeps the feed's and "
        "the structured data's identifiers.",
    )


LanguageTag = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", max_length=35)]


class OriginalName(Strict):
    """A name as written in its own script, with the language it is written in."""

    text: Text = Field(description="The name in its own script: قاسم سلیمانی.")
    lang: LanguageTag = Field(description="Its BCP 47 language tag: fa, ru, ar, zh-Hant.")


class Entity(Named):
    aliases: list[Text] = Field(
        [], title="Also known as", description="Other spellings, transliterations and acronyms."
    )
    original_name: OriginalName | None = Field(
        None,
        description='The name in its original script, with its language: {text: "قاسم سلیمانی", lang: fa}. '
        "The fact sheet shows it beside the name, in that language and its direction.",
    )
    summary: Text | None = Field(None, description="One to three neutral sentences.")
    reviewed: DateText | None = Field(None, description="When an editor last checked this file.")


Statements = Annotated[
    list[TextClaim], Field(title="Other facts", description="Any other fact, one neutral sentence each.")
]


class Incident(Entity):
    date: list[DateClaim] = Field([], description="When it happened.")
    location: list[TextClaim] = Field([], description='Where it happened, in words: "Kerman, Iran".')
    deaths: list[CountClaim] = Field([], description="How many people were killed.")
    injuries: list[CountClaim] = Field([], description="How many people were injured.")
    perpetrators: Annotated[
        list[PerpetratorClaim],
        relates("organizations", "people", label="Responsibility", inverse="Responsibility for"),
    ] = Field([], description="Who carried it out, with who says so.")
    responsibility: list[ResponsibilityClaim] = Field(
        [], description="What the sources say of responsibility when they name no perpetrator."
    )
    ordered_by: Annotated[list[RefClaim], relates("people", label="Ordered by", inverse="Ordered")] = Field(
        [], description="Who ordered it."
    )
    targets: Annotated[list[RefClaim], relates("organizations", "people", label="Targets", inverse="Targeted in")] = (
        Field([], description="Who or what it was aimed at.")
    )
    killed: Annotated[list[RefClaim], relates("people", label="Killed", inverse="Killed in")] = Field(
        [], description="People with a fact sheet who were killed."
    )
    involves: Annotated[
        list[InvolvementClaim], relates("organizations", "people", label="Involves", inverse="Involved in")
    ] = Field([], description="Other people or organizations it concerns, with their role.")
    related: Annotated[
        list[RelatedClaim], relates("incidents", "dates", label="Related events", inverse="Related events")
    ] = Field([], description="Other incidents or dates it relates to, and how.")
    statements: Statements = []


class Organization(Entity):
    part_of: Annotated[list[RefClaim], relates("organizations", label="Part of", inverse="Includes")] = Field(
        [], description="The organization it belongs to."
    )
    statements: Statements = []


class Person(Entity):
    member_of: Annotated[list[MembershipClaim], relates("organizations", label="Member of", inverse="Members")] = Field(
        [], description="Organizations the person belongs or belonged to, with role and dates."
    )
    served_under: Annotated[list[MembershipClaim], relates("people", label="Served under", inverse="Served by")] = (
        Field([], description="People the person served under, with the role: a president's national security adviser.")
    )
    roles: list[TextClaim] = Field(
        [], description='Positions with no organization page: "Deputy governor for security of Kerman".'
    )
    statements: Statements = []


class DatedEvent(Entity):
    date: list[DateClaim] = Field([], description="When it happened; leave it out when no source says.")
    involves: Annotated[
        list[InvolvementClaim],
        relates("incidents", "organizations", "people", "dates", label="Involves", inverse="Dated events"),
    ] = Field([], description="The people, organizations, incidents or dates it involves, with their role.")
    statements: Statements = []


class Source(Named):
    name: Text = Field(description="The title of the source.")
    publisher: Text | None = Field(None, description="Who published it.")
    authors: list[Text] = Field([], description="Who wrote it.")
    contributors: list[Text] = Field([], description="Who contributed, for example a news agency.")
    published: DateText | None = Field(None, description="When it was published.")
    as_of: DateText | None = Field(
        None,
        description="The latest date the source reports on, when that is not its publication date (an "
        "undated article: the last date it gives). What it says is as of then.",
    )
    url: Url | None = Field(None, description="http or https only; leave out when unknown.")
    note: Text | None = Field(None, description="Anything a reader should know about the source.")
    archive: ArchivePath | None = Field(
        None,
        description="A text copy of the source kept in the repository (facts/sources/archive/<id>.txt), "
        "not published; every quote of the source must be in it.",
    )
    reviewed: DateText | None = Field(None, description="When an editor last checked this file.")

    @property
    def facts_as_of(self) -> str | None:
        """The date what the source says holds as of: its own `as_of`, else its publication date."""
        return self.as_of or self.published


def field_label(model: type[Strict], field: str) -> str:
    """A field as a reader knows it: a relation's label, the field's `title`, or its name in words."""
    if mark := relation(model, field):
        return mark.label
    info = model.model_fields.get(field)
    return (info.title if info else None) or field.replace("_", " ").capitalize()


def field_anchor(field: str, written_by: str | None = None) -> str:
    """The id of a field's row on a fact sheet: its name, so a label can change and links still work.
    A row of relations other files write to the page is named after their kind and field
    (`dates-involves`), since two kinds may have fields of one name."""
    return f"{written_by}-{field}" if written_by else field


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


_RELATES: dict[tuple[type, str], Relates | None] = {}  # asked for every claim of every page


def relation(model: type[Strict], field: str) -> Relates | None:
    """The field's Relates mark: it holds claims that point to other entities."""
    if (model, field) not in _RELATES:
        info = model.model_fields.get(field)
        _RELATES[(model, field)] = next((m for m in info.metadata if isinstance(m, Relates)), None) if info else None
    return _RELATES[(model, field)]


def relation_fields(model: type[Strict]) -> tuple[str, ...]:
    return tuple(f for f in claim_fields(model) if relation(model, f))


_TOLD_WITH: dict[tuple[type, str], tuple[str, ...]] = {}  # asked for every field of every entity


def told_with(model: type[Strict], field: str) -> tuple[str, ...]:
    """The claim fields told together with `field`, itself included: fields a reader knows by one
    label are one row and one sequence (`responsibility`, where no perpetrator is named, and the
    `perpetrators` relation are "Responsibility": "none claimed" can be overtaken by a claim)."""
    if (model, field) not in _TOLD_WITH:
        label = field_label(model, field)
        _TOLD_WITH[(model, field)] = tuple(f for f in claim_fields(model) if field_label(model, f) == label)
    return _TOLD_WITH[(model, field)]


def fact_fields(model: type[Strict]) -> tuple[str, ...]:
    """Claim fields that state a value rather than a relation."""
    return tuple(f for f in claim_fields(model) if not relation(model, f))


def json_schema(model: type[Named], title: str) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


# -- the field reference of the editing guide, read from the models so it cannot drift ----------

_VALUE_TYPES = {
    TextClaim: "text",
    DateClaim: "a date",
    CountClaim: "a figure",
    ResponsibilityClaim: "none_claimed or not_established",
}
_CLAIM_EXTRAS = {
    "responsibility": "`responsibility`",
    "relation": "`relation`",
    "role": "`role`",
    "from_": "`from`",
    "until": "`until`",
    "group": "`group`",
    "certainty": "`certainty`",
}


def _value_type(claim: type[Claim]) -> str:
    """A claim's value in words from its metadata: "a number from -90 to 90 degrees"."""
    info = claim.model_fields["value"]
    if info.annotation not in (int, float):
        return "a value"
    bounds = {name: getattr(m, name) for m in info.metadata for name in ("ge", "le") if hasattr(m, name)}
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    unit = f" {extra['unit']}" if extra.get("unit") else ""
    if "ge" in bounds and "le" in bounds:
        return f"a number from {bounds['ge']} to {bounds['le']}{unit}"
    return "a whole number" if info.annotation is int else "a number"


def _claim_type(model: type[Strict], field: str, claim: type[Claim]) -> str:
    if mark := relation(model, field):
        targets = " or ".join(sorted(mark.kinds))
        what = f"claims about a reference to {targets}"
    else:
        what = f"claims about {_VALUE_TYPES.get(claim) or _value_type(claim)}"  # type: ignore[call-overload]
    extras = [
        label for name, label in _CLAIM_EXTRAS.items() if name in claim.model_fields and name not in Claim.model_fields
    ]
    return what + (f", with {', '.join(extras)}" if extras else "")


def field_reference(model: type[Strict]) -> list[tuple[str, str, bool, str]]:
    """(field, what it holds, required, description) for every field of a kind's model, or of Claim."""
    rows = []
    for name, info in model.model_fields.items():
        item = getattr(info.annotation, "__args__", (None,))[0]
        if model is not Claim and isinstance(item, type) and issubclass(item, Claim):
            what = _claim_type(model, name, item)
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
