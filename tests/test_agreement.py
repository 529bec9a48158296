"""Values checked against their own quotes: a figure or date the quotes do not state warns at the value."""

from __future__ import annotations

import pytest
from factsheets.check.agreement import dates, numbers
from factsheets.pipeline import Pipeline

SOURCE = "id: s\nname: S\npublished: '2024-01-04'\n"  # a Thursday


@pytest.mark.parametrize(
    "text, expected",
    [
        ("killed 84 people", {84}),
        ("about a kilometer (1,093 yards)", {1093}),
        ("One hundred and ten U.S. personnel", {110}),
        ("two of its members, forty-two wounded", {2, 42}),
        ("no figure at all", set()),
    ],
)
def test_numbers_in_digits_and_words(text, expected):
    assert numbers(text) == expected


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("on Jan. 3, 2024", None, [(2024, 1, 3)]),
        ("on 3 January", None, [(None, 1, 3)]),
        ("claimed on Thursday", "2024-01-04", [(2024, 1, 4)]),
        ("claimed on Tuesday", "2024-01-04", [(2024, 1, 2)]),
        ("claimed on Thursday", None, []),
        ("in 2017", None, [(2017, None, None)]),
    ],
)
def test_dates_a_quote_names(text, published, expected):
    assert dates(text, published) == expected


@pytest.mark.parametrize(
    "claim, warning",
    [
        ("deaths:\n  - value: 48\n    sources: [{source: s, quote: 'the blasts killed 84 people'}]\n", "the figure 48"),
        ("deaths:\n  - value: 84\n    sources: [{source: s, quote: 'the blasts killed 84 people'}]\n", None),
        ("deaths:\n  - value: {at_most: 103}\n    sources: [{source: s, quote: 'as many as 103 people'}]\n", None),
        ("deaths:\n  - value: 110\n    sources: [{source: s, quote: 'One hundred and ten people'}]\n", None),
        ("deaths:\n  - value: 5\n    sources: [{source: s, quote: 'dozens were killed'}]\n", None),  # no figure
        ("date:\n  - value: '2024-01-14'\n    sources: [{source: s, quote: 'It came on Thursday.'}]\n", "14 January"),
        ("date:\n  - value: '2024-01-04'\n    sources: [{source: s, quote: 'It came on Thursday.'}]\n", None),
        ("date:\n  - value: '2024-01-05'\n    sources: [{source: s, quote: 'on Jan. 3'}]\n", "5 January 2024"),
        ("date:\n  - value: '2024'\n    sources: [{source: s, quote: 'on Jan. 3'}]\n", None),
        (
            "statements:\n  - value: 'It came 30 minutes later.'\n    sources: [{source: s, quote: '20 minutes'}]\n",
            "30",
        ),
        ("statements:\n  - value: 'On 8 January 2020, 20 died.'\n    sources: [{source: s, quote: '20 died'}]\n", None),
    ],
)
def test_a_value_its_quote_contradicts_warns_at_the_value(tmp_path, claim, warning):
    (tmp_path / "sources").mkdir()
    (tmp_path / "incidents").mkdir()
    (tmp_path / "sources/s.yaml").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "incidents/i.yaml").write_text("id: i\nname: I\n" + claim, encoding="utf-8")
    found = [d for d in Pipeline(tmp_path).check().diagnostics if "quote" in d.message]
    if warning is None:
        assert found == []
    else:
        [diagnostic] = found
        assert diagnostic.severity == "warning" and warning in diagnostic.message
        assert diagnostic.line == 4 and diagnostic.column == 12  # the value


# -- stale words: a summary or note stating what its own sheet no longer holds ----------------------

REVISED = (
    "deaths:\n  - {value: 84, sources: [s]}\n  - {value: 95, status: superseded, sources: [s]}\n"
    "perpetrators:\n  - {value: organizations/g, responsibility: claimed, sources: [s]}\n"
    "responsibility:\n  - {value: none_claimed, status: superseded, sources: [s]}\n"
)


@pytest.mark.parametrize(
    "summary, warnings",
    [
        ("The minister put the death toll at 95.", ["the summary states 95, a figure since superseded in 'deaths'"]),
        ("No group immediately claimed responsibility.", ["the summary says no group claimed responsibility"]),
        ("The toll, first put at 95, was revised to 84; a group claimed it.", []),
        ("The death toll stands at 84.", []),
        ("Of the 211 wounded, 84 died.", []),  # 84 is current: a figure some claim still gives
    ],
)
def test_a_summary_stating_what_is_no_longer_current_warns_at_its_line(tmp_path, summary, warnings):
    for path, text in {
        "sources/s.yaml": "id: s\nname: S\n",
        "organizations/g.yaml": "id: g\nname: G\n",
        "incidents/i.yaml": f"id: i\nname: I\nsummary: {summary}\n" + REVISED,
    }.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    found = [d for d in Pipeline(tmp_path).check().diagnostics if d.message.startswith("the summary")]
    assert [d.line for d in found] == [3] * len(warnings)
    assert all(d.message.startswith(w) for d, w in zip(found, warnings, strict=True))
