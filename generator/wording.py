"""The only place where claims, statuses, dates, figures, parties and qualifiers become words.

Every output asks here: fact sheets and index cells (as Markup, with links and citations), the CSV,
the feed, `[[kind/id#field]]` references, JSON-LD, `factsheets diff` and the preview banner (as plain
text). One composer builds both: it is written once over `esc` (str, or markupsafe's `escape`) and
`party` (a name, or a link), so a page and a spreadsheet cell say the same words, markup aside.

To word a new qualifier: one entry in a table below (or one function of the claim's class) and one
branch in `qualifiers`. Parties are always names, never ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from markupsafe import Markup, escape

from .factmodel.model import (
    DOUBTING_HEDGES,
    FACT_STATUSES,
    Claim,
    CountClaim,
    DateClaim,
    MembershipClaim,
    PerpetratorClaim,
    RefClaim,
    ResponsibilityClaim,
    claim_fields,
    field_label,
)

T = TypeVar("T", str, Markup)
Names = Callable[[str], str]  # an entity's display name from its ref


def _ref(ref: str) -> str:
    return ref


# -- dates, figures, counts ----------------------------------------------------------------------

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def date_words(text: str) -> str:
    """2024-01-03 → 3 January 2024; 2022-08 → August 2022; 2017~ → about 2017."""
    core, mark = text.rstrip("~?"), text[len(text.rstrip("~?")) :]
    parts = core.split("-")
    words = parts[0]
    if len(parts) >= 2:
        words = f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 3:
        words = f"{int(parts[2])} {words}"
    if mark == "~":
        words = f"about {words}"
    elif mark == "?":
        words = f"{words} (uncertain)"
    return words


def figure_words(value: Any) -> str:
    """95 → 95; {at_least: 17} → at least 17; {at_most: 211} → up to 211; {approx: 700} → about 700."""
    if isinstance(value, int):
        return f"{value:,}"
    if value.approx is not None:
        return f"about {value.approx:,}"
    if value.at_least is not None and value.at_most is not None:
        return f"{value.at_least:,} to {value.at_most:,}"
    if value.at_least is not None:
        return f"at least {value.at_least:,}"
    return f"up to {value.at_most:,}"


def count_words(count: int, noun: str) -> str:
    """3 errors, 1 error, 0 fact sheets."""
    return f"{count:,} {noun}{'s' * (count != 1)}"


def reviewed_words(reviewed: str | None) -> str:
    return f"Last reviewed {date_words(reviewed)}." if reviewed else "Not yet reviewed by an editor."


# -- the tables: how each status, responsibility, relation and hedge reads ------------------------

# Next to a value; `reported` is the default and says nothing.
STATUS_WORDS = {
    "reported": "",
    "confirmed": "confirmed",
    "disputed": "disputed",
    "denied": "denied",
    "superseded": "earlier figure, since revised",
}

# Said of the party a perpetrator claim names. A verb phrase reads after the name ("ISIS claimed
# responsibility"); an adjective after a comma ("MEK, alleged").
RESPONSIBILITY_WORDS = {
    "claimed": "claimed responsibility",
    "alleged": "alleged",
    "suspected": "suspected",
    "denied": "denied involvement",
    "reported": "",  # the source states it as fact
}
_PREDICATES = ("claimed", "denied")
# Hedges that name who holds them: "alleged by Ali Shamkhani", never a finding of ours.
ALLEGING = ("alleged", "suspected")

# What a source says of responsibility when it names no perpetrator; {hedge} is where the source's
# own hedge goes ("no group immediately claimed responsibility").
UNATTRIBUTED_WORDS = {
    "none_claimed": "no group {hedge}claimed responsibility",
    "not_established": "who is responsible has not {hedge}been established",
}

# The row of a person's or group's sheet that lists the claims naming them by another party's word.
NAMED_IN_LABEL = "Named in another party's claim"

# The same, once a later claim has overtaken it (a group claimed it after all): what had been true.
OVERTAKEN_WORDS = {
    "none_claimed": "no group had {hedge}claimed responsibility",
    "not_established": "who was responsible had not {hedge}been established",
}

# `related` claims, read after the other event's name: on the page that writes the claim, and on
# the page of the event it points to. "This" is the page's own event; the row says "Related events".
RELATION_WORDS: dict[str, tuple[str, str]] = {
    "retaliation_for": ("which this retaliated for", "in retaliation for this"),
    "response_to": ("which this responded to", "in response to this"),
    "anniversary_of": ("whose anniversary this marked", "on the anniversary of this"),
    "follows": ("which came before this", "which came after this"),
    "related_to": ("", ""),
}

# A source's own hedge, as the adverb it wrote: "The second explosion reportedly occurred…".
HEDGE_WORDS = {
    "reportedly": "reportedly",
    "allegedly": "allegedly",
    "immediately": "immediately",
}

# Words a sentence may start with that are lower case inside one: "Reportedly, the second…".
_LOWER_STARTS = frozenset(
    ["the", "a", "an", "at", "about", "some", "several", "this", "these", "those", "two", "three", "one", "many"]
)


# -- one claim: its parts ------------------------------------------------------------------------


def party_words(party: str, names: Names = _ref) -> str:
    """Who said it, by name: an entity's name, or a party the source names in words."""
    return names(party) if "/" in party else party


def is_sentence(text: str) -> bool:
    """Ends as a sentence does, a closing quotation mark aside: 'He said: “… act.”'."""
    return str(text).rstrip().rstrip("”’\"'").endswith((".", "?", "!"))


def _hedge(claim: Claim) -> str:
    return HEDGE_WORDS[claim.hedge] if claim.hedge else ""


def value_words(claim: Claim, names: Names = _ref) -> str:
    """The value alone, with the source's hedge where the source put it."""
    hedge = _hedge(claim)
    if isinstance(claim, ResponsibilityClaim):
        return UNATTRIBUTED_WORDS[claim.value].format(hedge=f"{hedge} " if hedge else "")
    if isinstance(claim, DateClaim):
        text = date_words(claim.value)
    elif isinstance(claim, CountClaim):
        text = figure_words(claim.value) + (f" {claim.group}" if claim.group else "")
    elif isinstance(claim, RefClaim):
        text = names(claim.value)
    else:
        text = str(claim.value)
    return hedged(text, hedge, escape_=str)


def hedged(value: T, hedge: str, escape_: Callable[[str], T]) -> T:
    """The hedge before the value: "reportedly 95"; before a sentence with a comma: "Reportedly, the…"."""
    if not hedge:
        return value
    if is_sentence(value.striptags() if isinstance(value, Markup) else value):
        first = str(value).split(" ", 1)[0]
        if first.lower() in _LOWER_STARTS and first[:1].isupper():
            value = escape_(first[:1].lower()) + value[1:]
        return escape_(f"{hedge.capitalize()}, ") + value
    return escape_(f"{hedge} ") + value


# On the page of the party a perpetrator claim names, the value is the incident: "Harbour blast,
# responsibility claimed", never "Harbour blast claimed responsibility".
_INVERSE_PREDICATES = {"claimed": "responsibility claimed", "denied": "involvement denied"}


def predicate(claim: Claim, inverse: bool = False) -> str:
    """A verb phrase said of the value, read right after it: "ISIS claimed responsibility". Never of a
    name another party gave (named_by): the attribution says whose claim it is."""
    if claim.named_by:
        return ""
    if isinstance(claim, PerpetratorClaim) and claim.responsibility in _PREDICATES and not inverse:
        return RESPONSIBILITY_WORDS[claim.responsibility]
    return ""


def _responsibility(claim: Any, inverse: bool) -> str:
    # "alleged" alone where no one is named to say "alleged by"; claimed and denied are predicates
    if claim.named_by:  # "named by ISIS in its claim of responsibility" says it all
        return ""
    if inverse and claim.responsibility in _INVERSE_PREDICATES:
        return _INVERSE_PREDICATES[claim.responsibility]
    return claim.responsibility if claim.responsibility in ALLEGING and not claim.according_to else ""


def _role(claim: Any, inverse: bool) -> str:
    # A membership's role reads "as commander" on both pages; an involvement's is the involved party's
    # own: "Amir Saeid Iravani, the author of the statement", and on his page "…, as the author of …".
    if not claim.role:
        return ""
    return f"as {claim.role}" if inverse or isinstance(claim, MembershipClaim) else claim.role


def _certainty(claim: Any, inverse: bool) -> str:
    return claim.certainty if claim.certainty and not claim.according_to else ""  # else "suspected by …"


def _span(claim: Any, inverse: bool) -> str:
    span = [f"from {date_words(claim.from_)}"] if claim.from_ else []
    return " ".join(span + ([f"until {date_words(claim.until)}"] if claim.until else []))


# How each qualifying field of a claim reads after its value, in this order: one entry per field. A
# claim has the qualifiers of the fields its class declares.
QUALIFIERS: dict[str, Callable[[Any, bool], str]] = {
    "responsibility": _responsibility,
    "relation": lambda claim, inverse: RELATION_WORDS[claim.relation][inverse],
    "role": _role,
    "certainty": _certainty,
    "from_": _span,
}


def qualifiers(claim: Claim, inverse: bool = False) -> list[str]:
    """What qualifies the value (role, responsibility, relation, dates), each read after a comma, from
    the point of view of the page that shows it: `inverse` is the page of the entity the claim points to."""
    fields = type(claim).model_fields
    return [words for name, word in QUALIFIERS.items() if name in fields and (words := word(claim, inverse))]


def status_words(claim: Claim) -> str:
    if isinstance(claim, ResponsibilityClaim) and claim.status == "superseded":
        return "since overtaken by a later claim"  # not a figure: nothing was revised
    return STATUS_WORDS[claim.status]


def named_in(claim: Claim) -> str:
    """What the naming party's claim was, after "named by ISIS": " in its claim of responsibility"."""
    return " in its claim of responsibility" if getattr(claim, "responsibility", None) == "claimed" else ""


def said_by(claim: Claim) -> str:
    """How the attribution starts. An allegation names who alleges it, so it never reads as a finding."""
    if isinstance(claim, PerpetratorClaim) and claim.responsibility in ALLEGING:
        return f"{claim.responsibility} by"
    if isinstance(claim, MembershipClaim) and claim.certainty:
        return f"{claim.certainty} by"
    return "according to"


def _names_its_party(sentence: str, claim: Claim, names: Names) -> bool:
    """Whether a sentence already says who says so: the party's name, or a person's surname."""
    if not claim.according_to:
        return False
    words = party_words(claim.according_to, names).split()
    # a person by surname ("Iravani said"); an organization by a tail of its name that starts with a
    # capital ("Department of Justice" names the U.S. Department of Justice; "of Justice" does not)
    shortest = 1 if claim.according_to.startswith("people/") else 2
    tails = [" ".join(words[i:]) for i in range(len(words) - shortest + 1) if i == 0 or words[i][:1].isupper()]
    plain = " " + " ".join(sentence.replace("’s", " ").replace("'s", " ").split()) + " "
    return any(f" {tail} " in plain or f" {tail}," in plain or f" {tail}." in plain for tail in tails)


def _speaks_for_itself(claim: Claim) -> bool:
    """ "ISIS claimed responsibility, according to ISIS" says the party twice: once is enough."""
    return isinstance(claim, PerpetratorClaim) and claim.according_to == claim.value and bool(predicate(claim))


def attribution(
    claim: Claim,
    party: Callable[[str], T] = _ref,  # type: ignore[assignment]
    esc: Callable[[str], T] = str,  # type: ignore[assignment]
    named: bool = False,
) -> T:
    """Who says so and when: "according to Health Minister Bahram Eynollahi, as of 3 January 2024".
    `named`: the claim's own words already name who says so, and attribution is written once."""
    said: list[T] = []
    if claim.named_by:  # a name another party gave: "named by ISIS in its claim of responsibility"
        who = party(claim.named_by) if "/" in claim.named_by else esc(claim.named_by)
        said.append(esc("named by ") + who + esc(named_in(claim)))
    if claim.according_to and claim.according_to != claim.named_by and not _speaks_for_itself(claim) and not named:
        who = party(claim.according_to) if "/" in claim.according_to else esc(claim.according_to)
        said.append(esc(said_by(claim) + " ") + who)
    if claim.as_of:
        said.append(esc(f"as of {date_words(claim.as_of)}"))
    return esc(", ").join(said)


def hedge_words(claim: Claim) -> str:
    """What keeps a claim that is not a fact from reading as one where nothing else is said of it,
    as on a picture: "alleged", "suspected", "reportedly", "disputed". Empty for a fact."""
    own: list[str] = ["named in a claim"] if claim.named_by else []
    if isinstance(claim, PerpetratorClaim) and claim.responsibility in ("alleged", "suspected", "denied") and not own:
        own.append(RESPONSIBILITY_WORDS[claim.responsibility])
    if isinstance(claim, MembershipClaim) and claim.certainty:
        own.append(claim.certainty)
    if claim.hedge in DOUBTING_HEDGES:
        own.append(HEDGE_WORDS[claim.hedge])
    if claim.status not in FACT_STATUSES:
        own.append(status_words(claim))
    return ", ".join(own)


# -- one claim, whole --------------------------------------------------------------------------


def compose(
    claim: Claim,
    value: T,
    esc: Callable[[str], T],
    party: Callable[[str], T],
    inverse: bool = False,
    with_attribution: bool = True,
    status: Callable[[str], T] | None = None,
    names: Names = _ref,
) -> T:
    """The claim as words of type T: value (given: plain, or a link), predicate, qualifiers, status, who
    said it and when. A sentence keeps its full stop, and who said it is a sentence of its own, unless
    the sentence names them already; a date alone goes inside the sentence, before its full stop."""
    plain = value.striptags() if isinstance(value, Markup) else value  # what a reader reads
    sentence = is_sentence(plain)
    named = sentence and _names_its_party(plain, claim, names)
    said: T = attribution(claim, party, esc, named) if with_attribution else esc("")
    state = status_words(claim)
    wrap = status or esc
    if sentence and said and not state and not claim.according_to and str(value).endswith("."):
        return value[:-1] + esc(", ") + said + esc(".")  # only when: "He remains at large, as of 3 January 2024."
    if sentence:
        if state:
            said = esc(", ").join([wrap(state.capitalize()), *([said] if said else [])])
        elif said:
            said = esc(str(said)[:1].upper()) + said[1:]
        return value + esc(" ") + said + esc(".") if said else value
    verb = predicate(claim, inverse)
    text = value + esc(f" {verb}") if verb else value
    hedge = said_by(claim).removesuffix(" by") if not with_attribution else "according to"
    parts: list[T] = [text]
    parts += [esc(q) for q in qualifiers(claim, inverse)]
    parts += [esc(hedge)] if hedge != "according to" else []  # "alleged by" unsaid: "alleged" still is
    parts += [wrap(state)] if state else []
    parts += [said] if said else []
    return esc(", ").join(parts)


def claim_words(claim: Claim, names: Names = _ref, inverse: bool = False, attribution: bool = True) -> str:
    """The whole claim in plain text, as every page shows it (its note aside): for the CSV, the feed,
    references, JSON-LD descriptions and the diff."""
    return compose(claim, value_words(claim, names), str, names, inverse, attribution, names=names)


def claim_markup(
    claim: Claim,
    value: Markup | None,
    party: Callable[[str], Markup],
    inverse: bool = False,
    with_attribution: bool = True,
    names: Names = _ref,
) -> Markup:
    """The same words as `claim_words`, escaped, with links (`value` is the value as a link, when it is
    one) and the status marked for the reader's eye. `names` gives the plain names `party` links."""
    shown = escape(value_words(claim, names)) if value is None else hedged(value, _hedge(claim), escape)
    return compose(
        claim,
        shown,
        escape,
        party,
        inverse,
        with_attribution,
        status=lambda words: Markup('<span class="fs-status">{}</span>').format(words),
        names=names,
    )


def revised_from(
    claim: Claim,
    party: Callable[[str], T] = _ref,  # type: ignore[assignment]
    esc: Callable[[str], T] = str,  # type: ignore[assignment]
    names: Names = _ref,
) -> T:
    """How the row of a later figure recalls this one: "revised from up to 103, according to state media"."""
    said = attribution(claim, party, esc)
    return esc(f"revised from {value_words(claim, names)}") + (esc(", ") + said if said else esc(""))


def sequence_words(
    claim: Claim,
    party: Callable[[str], T] = _ref,  # type: ignore[assignment]
    esc: Callable[[str], T] = str,  # type: ignore[assignment]
    names: Names = _ref,
) -> T:
    """The claim as one step of a dated sequence, where a later claim (in its field or one told with
    it) overtook an earlier one: the order says what was overtaken, so no status word; the date says
    when. "no group had immediately claimed responsibility, as of 3 January 2024"; "ISIS claimed
    responsibility on 4 January 2024"."""
    if isinstance(claim, ResponsibilityClaim) and not claim.stands:
        hedge = _hedge(claim)
        said = attribution(claim, party, esc)
        words = esc(OVERTAKEN_WORDS[claim.value].format(hedge=f"{hedge} " if hedge else ""))
        return words + (esc(", ") + said if said else esc(""))
    value = party(claim.value) if isinstance(claim, RefClaim) else esc(value_words(claim, names))
    if (
        isinstance(claim, PerpetratorClaim)
        and predicate(claim)
        and claim.as_of
        and claim.according_to in (None, claim.value)
    ):  # "ISIS claimed responsibility on 4 January 2024": the date is when it did
        return value + esc(f" {predicate(claim)} on {date_words(claim.as_of)}")
    step = claim.model_copy(update={"status": "reported"}) if claim.status == "superseded" else claim
    return compose(step, value, esc, party, names=names)


def sequence_field_words(claims: Sequence[Claim], names: Names = _ref) -> str:
    """A dated sequence in plain text, as an index cell, the CSV and a reference tell it."""
    return joined([(c, sequence_words(c, names, str, names)) for c in claims], str, names)


# -- a field: its standing claims, each with the denial of it beside --------------------------------


def denials(claim: Claim, siblings: Iterable[Claim]) -> list[Claim]:
    """The denials, in the same field, of an allegation: shown beside it wherever it is shown."""
    if not (isinstance(claim, PerpetratorClaim) and claim.responsibility in ALLEGING):
        return []
    return [
        other
        for other in siblings
        if isinstance(other, PerpetratorClaim)
        and other.responsibility == "denied"
        and other.value == claim.value
        and other.status != "superseded"
    ]


def denial_beside(denial: Claim, party: Callable[[str], T] = _ref, esc: Callable[[str], T] = str) -> T:  # type: ignore[assignment]
    """After an allegation: "which denied the allegation" (the accused itself) or "denied by X"."""
    assert isinstance(denial, RefClaim)
    who = denial.according_to
    if who is None or who == denial.value:
        pronoun = "who" if denial.value.startswith("people/") else "which"
        return esc(f"{pronoun} denied the allegation")
    return esc("denied by ") + (party(who) if "/" in who else esc(who))


def field_words(claims: Sequence[Claim], names: Names = _ref) -> str:
    """A field's standing claims in plain text, as an index cell shows them: joined by "; ", each
    allegation with its denial beside it. Nothing when nothing stands: no sentence without a source."""
    shown = []
    for claim in claims:
        if not claim.stands:
            continue
        words = claim_words(claim, names)
        for denial in denials(claim, claims):
            words += ", " + denial_beside(denial, names)
        shown.append((claim, words))
    return joined(shown, str, names)


def joined(shown: Sequence[tuple[Claim, T]], esc: Callable[[str], T], names: Names = _ref) -> T:
    """Claims one after another: "; " between values, a space after a sentence (never ".;")."""
    out = esc("")
    previous: Claim | None = None
    for claim, words in shown:
        if previous is not None:
            out += esc(" " if is_sentence(claim_words(previous, names)) else "; ")
        out += words
        previous = claim
    return out


# -- a claim stated elsewhere: of one entity, in one field -----------------------------------------

# How a claim of another entity reads in a list of what a party said, by field: "{subject}" is the
# entity's name, "{claim}" the claim's words. A field without an entry reads "{label} of {subject}".
FIELD_PHRASES = {
    "deaths": "{claim} killed in {subject}",
    "injuries": "{claim} injured in {subject}",
    "date": "{subject}, on {claim}",
    "location": "{subject}, in {claim}",
    "involves": "{subject} involved {claim}",
    "perpetrators": "{subject}: {claim}",
    "responsibility": "{subject}: {claim}",
    "statements": "{subject}: {claim}",
}


def about(field: str, label: str, subject: T, claim: T, esc: Callable[[str], T] = str) -> T:  # type: ignore[assignment]
    """A claim said of another entity, in a sentence: "95 killed in Kerman memorial blasts"."""
    template = FIELD_PHRASES.get(field, "{subject}: " + label.lower() + " {claim}")
    slots = {"{subject}": subject, "{claim}": claim}
    parts = [slots.get(part, esc(part)) for part in re.split(r"(\{subject\}|\{claim\})", template) if part]
    return esc("").join(parts)


def key_facts(entity: Any, names: Names = _ref) -> list[tuple[str, str]]:
    """(label, words) of every field of an entity with a standing claim, as its sheet's key facts
    read: for a feed entry or any other place that tells the sheet in plain text."""
    model = type(entity)
    rows: dict[str, list[str]] = {}
    for name in claim_fields(model):
        words = field_words(getattr(entity, name), names)
        if words:
            rows.setdefault(field_label(model, name), []).append(words)
    return [(label, "; ".join(words)) for label, words in rows.items()]
