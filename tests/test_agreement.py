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
