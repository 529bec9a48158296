"""Claims in sequence: "none claimed" overtaken by a later claim in a related field, told as a dated
sequence on the sheet, in the index cell, the CSV and a reference; every dated claim on the timeline."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from factsheets.check.link import sequence
from factsheets.check.references import substitute
from factsheets.factmodel.kinds import KINDS
from factsheets.pipeline import Pipeline
from factsheets.site.tables import kind_csv
from factsheets.site.urls import SiteUrls

SOURCE = "id: s\nname: S\n"
NONE_CLAIMED = "  - {value: none_claimed, as_of: '2024-01-03', status: superseded, sources: [s]}\n"
CLAIMED = "  - {value: organizations/group, responsibility: claimed, as_of: '2024-01-04', sources: [s]}\n"


def _base(tmp_path: Path, incident: str, content: str | None = None):
    files = {
        "facts/sources/s.yaml": SOURCE,
        "facts/organizations/group.yaml": "id: group\nname: The Group\n",
        "facts/incidents/attack.yaml": "id: attack\nname: Attack\n" + incident,
        "content/index.md": content or "# Home\n",
    }
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    return Pipeline(tmp_path / "facts", tmp_path / "content")


def _text(html: str) -> str:
    """The words of a page, citation marks left out."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"<sup.*?</sup>", "", html))).replace(" ,", ",")


@pytest.mark.parametrize(
    "incident, problem",
    [
        ("responsibility:\n" + NONE_CLAIMED + "perpetrators:\n" + CLAIMED, None),
        (
            "responsibility:\n" + NONE_CLAIMED,
            "a superseded 'responsibility' claim with nothing superseding it (add the claim that replaces it "
            "in 'perpetrators' or 'responsibility', or change its status)",
        ),
        (
            "responsibility:\n" + NONE_CLAIMED + "perpetrators:\n" + CLAIMED.replace("claimed,", "denied,"),
            "a superseded 'responsibility' claim with nothing superseding it",
        ),
    ],
    ids=["overtaken by a claim", "overtaken by nothing", "a denial overtakes nothing"],
)
def test_a_claim_is_overtaken_by_a_later_claim_in_a_related_field(tmp_path, incident, problem):
    messages = [f"{d.message} ({d.hint})" for d in _base(tmp_path, incident).check().diagnostics]
    superseded = [m for m in messages if "superseded" in m]
    assert len(superseded) == (problem is not None) and all(m.startswith(problem or "") for m in superseded)


def test_the_sequence_is_told_in_date_order_everywhere(tmp_path):
    content = "# Home\n\nResponsibility: [[incidents/attack#responsibility]].\n"
    incident = "perpetrators:\n" + CLAIMED + "responsibility:\n" + NONE_CLAIMED
    built = _base(tmp_path, incident, content).build()
    assert [d for d in built.diagnostics if d.severity == "error"] == []
    told = (
        "No group had claimed responsibility, as of 3 January 2024 The Group claimed responsibility on 4 January 2024"
    )
    pages = {p.src_uri: _text(p.html) for p in built.pages}
    key_facts = pages["incidents/attack.md"].split("Responsibility", 1)[1]
    assert key_facts.strip().startswith(told), key_facts[:300]
    assert "No group had claimed responsibility, as of 3 January 2024; The Group claimed" in pages["incidents/index.md"]
    entity = built.base.records["incidents/attack"].entity
    assert [c.value for c in sequence(entity, "perpetrators")] == ["none_claimed", "organizations/group"]
    row = next(csv.DictReader(io.StringIO(kind_csv(built.base, KINDS["incidents"], SiteUrls().sheet))))
    expected = (
        "no group had claimed responsibility, as of 3 January 2024; The Group claimed responsibility on 4 January 2024"
    )
    assert row["perpetrators_words"] == row["responsibility_words"] == expected  # the words beside the refs
    home = substitute(content, built.base, lambda src_uri, anchor="": src_uri)
    assert expected in home


def test_nothing_overtaken_is_no_sequence(tmp_path):
    built = _base(tmp_path, "responsibility:\n" + NONE_CLAIMED.replace("status: superseded, ", "")).build()
    entity = built.base.records["incidents/attack"].entity
    assert sequence(entity, "responsibility") == []


def test_every_dated_claim_is_on_the_timeline_without_a_dates_file(tmp_path):
    incident = (
        "date:\n  - {value: '2024-01-03', sources: [s]}\nperpetrators:\n" + CLAIMED + "responsibility:\n" + NONE_CLAIMED
    )
    built = _base(tmp_path, incident).build()
    timeline = next(_text(p.html) for p in built.pages if p.src_uri == "timeline/2024.md")
    entries = re.findall(r"(\d+ January 2024) : Attack \(incident\)(, [^:]+: [^0-9]+)?", timeline)
    assert entries == [
        ("3 January 2024", ""),
        ("3 January 2024", ", responsibility: no group had claimed responsibility, as of "),
        ("4 January 2024", ", responsibility: The Group claimed responsibility on "),
    ]
