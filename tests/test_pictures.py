"""The timeline strip and the relations diagram: text stays text, the SVG is XML and holds no link,
every mark has its whole label, the same input gives the same bytes, and any number of entries gives
a bounded picture."""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from factsheets.check.sanitize import sanitize, sanitize_page
from factsheets.pipeline import Pipeline
from factsheets.site.pictures import CHAR, LINE, MAX_MARKS, MAX_RELATIONS, WIDTH, relations_diagram, timeline_strip

from .conftest import MINI

SVG = "{http://www.w3.org/2000/svg}"
# Everything a picture may be made of: shapes and text, and the list after it with its links.
ELEMENTS = {"div", "details", "summary", "ol", "ul", "li", "time", "a"} | {
    SVG + tag for tag in ("svg", "title", "g", "line", "circle", "rect", "text")
}

HOSTILE = [
    "<script>alert(1)</script>",
    "</svg><script>alert(1)</script>",
    "\"quoted\" and 'single' & <b>bold</b>",
    "]]><!-- a comment -->",
    "<![CDATA[ x ]]>",
    '" onmouseover="alert(1)',
    "{{ 7 * 7 }} {% raw %}",
    "javascript:alert(1)",
]


def pictures(name: str, label: str = "Member of") -> list[str]:
    return [
        str(timeline_strip([("2024-01-03", name, "../kerman/"), ("2017", "Other", "../other/")])),
        str(relations_diagram(name, [(label, name, "../../people/x/"), ("Killed in", "Other", "../other/")])),
    ]


def parse(markup: str) -> ElementTree.Element:
    return ElementTree.fromstring(markup)  # raises on anything that is not well-formed XML


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_stay_text(name):
    for picture in pictures(name, label=name):
        root = parse(picture)
        assert {element.tag for element in root.iter()} <= ELEMENTS
        attributes = [key for element in root.iter() for key in element.attrib]
        assert not [key for key in attributes if key.lower().startswith("on")]
        texts = [element.text for element in root.iter() if element.text]
        assert any(name in text for text in texts), "the name is shown as it is written"
        assert "<script" not in picture and "<b>" not in picture


def test_control_characters_never_reach_the_svg():
    # Loading refuses them; should one come through, XML 1.0 could not hold it.
    for picture in pictures("bell\x07 and escape\x1b[31m"):
        assert "\x07" not in picture and "\x1b" not in picture
        assert "bell\ufffd and escape\ufffd[31m" in "".join(parse(picture).itertext())


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/",
        "//example.org/people/x/",
        "/people/x/",
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "../people/x/?q=1",
        "../people/x/ onclick=alert(1)",
        "../people/\u202ex/",
        ".hidden/",
        "./../x/",
        ".././/x/",
    ],
)
def test_links_are_relative_page_urls_only(url):
    with pytest.raises(ValueError, match="relative page URLs"):
        timeline_strip([("2024", "A", url)])
    with pytest.raises(ValueError, match="relative page URLs"):
        relations_diagram("A", [("Member of", "B", url)])


@pytest.mark.parametrize(
    "url", ["../../people/donald-trump/", "2020/", "../", "./", "", "#relations", "x.html#top", "../x/#member-of"]
)
def test_relative_urls_are_the_links(url):
    for picture in (timeline_strip([("2024", "A", url)]), relations_diagram("A", [("Member of", "B", url)])):
        hrefs = {element.get("href") for element in parse(picture).iter() if element.get("href") is not None}
        assert hrefs == {url}


ENTRIES = [
    ("2024-01-03", "Kerman memorial blasts", "../kerman-memorial-bombings/"),
    ("2020-01-03", "2020 Baghdad drone strike", "../baghdad-drone-strike-2020/"),
    ("2020-01-03", "Soleimani's arrival in Baghdad", "../../dates/soleimani-arrival-in-baghdad-2020/"),
    ("2022-08", "DOJ charges Shahram Poursafi", "../../dates/doj-charges-shahram-poursafi/"),
    ("2017~", "Battles with dissident factions", "../../dates/battles/"),
    ("2017-06-07?", "2017 Tehran attacks", "../tehran-attacks-2017/"),
]


def test_the_same_entries_give_the_same_bytes_in_any_order():
    first = timeline_strip(ENTRIES)
    for seed in range(5):
        shuffled = ENTRIES[:]
        random.Random(seed).shuffle(shuffled)
        assert timeline_strip(shuffled) == first
    relations = [("Member of", name, url) for _, name, url in ENTRIES]
    assert relations_diagram("X", relations) == relations_diagram("X", relations)


def marks(root: ElementTree.Element, kind: str = "fs-mark") -> list[ElementTree.Element]:
    """The timeline's marks (or with "fs-node" the diagram's boxes), each with its label."""
    return [g for g in root.iter(SVG + "g") if g.get("class") == kind]


def label(mark: ElementTree.Element) -> list[str]:
    return [text.text or "" for text in mark.iter(SVG + "text")]


@pytest.mark.parametrize(
    "date, shape, words, datetime",
    [
        ("2017", "rect", "2017", "2017"),
        ("2022-08", "rect", "August 2022", "2022-08"),
        ("2024-01-03", "circle", "3 January 2024", "2024-01-03"),
        ("2017~", "rect", "about 2017", "2017"),
        ("2020-01-03?", "circle", "3 January 2020 (uncertain)", "2020-01-03"),
    ],
)
def test_dates_of_any_precision(date, shape, words, datetime):
    root = parse(timeline_strip([(date, "Event", "../event/")]))
    (entry,) = marks(root)
    mark = entry.find(SVG + shape)
    assert mark is not None, f"a {date} is drawn as a {shape}"
    assert (mark.get("stroke-dasharray") is not None) == date.endswith(("~", "?")), "approximate dates are dashed"
    assert label(entry) == ["Event"]
    time = root.find(".//time")
    assert time.text == words and time.get("datetime") == datetime


@pytest.mark.parametrize(
    "dates", [["0000-01-05", "9999-12-31"], ["0000"], ["9999-12-31?"], ["2024-02-29", "2024-02-29"]]
)
def test_any_valid_dates_make_a_strip(dates):
    root = parse(timeline_strip([(date, f"Event {n}", f"e{n}/") for n, date in enumerate(dates)]))
    assert len(marks(root)) == len(dates)
    ticks = [text for text in root.iter(SVG + "text") if text.get("text-anchor") == "end"]
    assert 0 < len(ticks) <= 7


def test_the_strip_orders_its_list_by_date():
    items = ["".join(li.itertext()) for li in parse(timeline_strip(ENTRIES)).iter("li")]
    assert [item.split(": ")[0] for item in items] == [
        "about 2017",
        "7 June 2017 (uncertain)",
        "3 January 2020",
        "3 January 2020",
        "August 2022",
        "3 January 2024",
    ]


def test_one_entry_and_no_entry():
    root = parse(timeline_strip(ENTRIES[:1]))
    assert [label(m) for m in marks(root)] == [["Kerman memorial blasts"]]
    assert root.find(f"{SVG}svg/{SVG}title").text == "Timeline of 1 dated fact, 3 January 2024"
    assert timeline_strip([]) == "" and relations_diagram("X", []) == ""


def test_many_entries_are_capped_and_every_mark_keeps_its_label():
    entries = [(f"{1900 + n % 120}-{1 + n % 12:02d}", f"Event number {n}", f"../e{n}/") for n in range(MAX_MARKS + 50)]
    markup = timeline_strip(entries)
    root = parse(markup)
    drawn = marks(root)
    assert len(drawn) == MAX_MARKS
    assert all(label(m) for m in drawn), "every mark has its label"
    assert root.findall(".//li")[-1].text == "and 50 more"
    assert len(markup) < 200_000


LONG = "Amir Saeid Iravani's statement to the United Nations on the Kerman blasts, a name longer than a line"
SAME_DAY = [("2024-01-03", f"Event of the day number {n}", f"../d{n}/") for n in range(4)]


@pytest.mark.parametrize(
    "entries",
    [
        ENTRIES,
        [(f"2020-{m:02d}", f"A longish event name {m}", f"../{m}/") for m in range(1, 13)],
        [("2024-01-02", LONG, "../long/"), *SAME_DAY, ("2020", "Supercalifragilisticexpialidocious" * 2, "../w/")],
    ],
)
def test_every_mark_has_its_whole_label_and_labels_never_overlap(entries):
    root = parse(timeline_strip(entries))
    drawn = marks(root)
    assert len(drawn) == len(entries)
    names = sorted(" ".join(label(m)).replace("- ", "") for m in drawn)
    assert names == sorted(name for _, name, _ in entries), "no label is cut"
    lines = sorted((float(t.get("y")), float(t.get("x")), t.text or "") for m in drawn for t in m.iter(SVG + "text"))
    assert all(x + len(text) * CHAR <= WIDTH for _, x, text in lines), "a line runs past the picture"
    assert all(b[0] - a[0] >= LINE for a, b in zip(lines, lines[1:], strict=False)), "two lines overlap"
    # Marks of one day stand side by side, not on top of each other.
    same = [
        (m.find(SVG + "circle").get("cx"), m.find(SVG + "circle").get("cy"))
        for m in drawn
        if m.find(SVG + "circle") is not None
    ]
    assert len(set(same)) == len(same)


def test_the_diagram_shows_the_first_relations_and_counts_the_rest():
    relations = [("Member of", f"Organization {n}", f"../../organizations/o{n}/") for n in range(300)]
    root = parse(relations_diagram("Someone", relations))
    assert len(marks(root, "fs-node")) == MAX_RELATIONS
    title = root.find(f"{SVG}svg/{SVG}title").text
    assert title == f"Someone and 300 related entities (the first {MAX_RELATIONS} drawn)"
    assert "and 288 more" in "".join(root.find(SVG + "svg").itertext())
    assert root.findall(".//li")[-1].text == "and 288 more"


def test_the_diagram_joins_the_labels_of_one_entity_and_cuts_none():
    root = parse(
        relations_diagram(
            "Qassem Soleimani",
            [
                ("Killed in", "2020 Baghdad drone strike", "../../incidents/b/"),
                ("Targeted in", "2020 Baghdad drone strike", "../../incidents/b/"),
                ("Dated events", LONG, "../../dates/s/"),
            ],
        )
    )
    assert [label(node) for node in marks(root, "fs-node")] == [
        ["Killed in; Targeted in", "2020 Baghdad drone strike"],
        [
            "Dated events",
            "Amir Saeid Iravani's statement to the",
            "United Nations on the Kerman blasts, a",
            "name longer than a line",
        ],
    ]


def test_every_picture_is_an_image_with_a_name_and_no_link_of_its_own():
    ids = []
    for picture in (timeline_strip(ENTRIES), timeline_strip(ENTRIES[:2]), relations_diagram("A", [("B", "C", "c/")])):
        svg = parse(picture).find(SVG + "svg")
        assert svg.get("role") == "img", "the page lists what it shows: nothing in it to reach"
        assert not [e for e in svg.iter() if e.tag == SVG + "a" or "href" in e.attrib], "no Tab stop repeats a link"
        title = svg.find(SVG + "title")
        assert svg.get("aria-labelledby") == title.get("id") and title.text
        ids.append(title.get("id"))
    assert len(set(ids)) == len(ids)


class _Structure(HTMLParser):
    """Start tags with their attributes, and text, as an HTML parser reads them."""

    def __init__(self, html: str):
        super().__init__()
        self.items: list[tuple] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.items.append((tag, sorted((k, v) for k, v in attrs if k != "rel")))  # nh3 adds rel to links

    def handle_data(self, data):
        self.items.append(("text", data))


def test_pictures_pass_the_sanitizer_of_generated_pages():
    for picture in (str(timeline_strip(ENTRIES)), str(relations_diagram("A", [("B", "C", "c/")]))):
        assert _Structure(sanitize(picture)).items == _Structure(picture).items


@pytest.mark.parametrize(
    "svg",
    [
        '<svg><use href="https://example.org/sprite.svg#x"></use></svg>',
        '<svg><image href="https://example.org/pixel.png"></image></svg>',
        "<svg><foreignObject><script>alert(1)</script></foreignObject></svg>",
        '<svg><rect style="fill:url(https://example.org/)" filter="url(https://example.org/#f)"></rect></svg>',
        '<svg><rect onclick="alert(1)"></rect><animate attributeName="href" to="javascript:alert(1)"></animate></svg>',
        '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>',
    ],
)
def test_the_sanitizer_keeps_no_svg_that_loads_or_runs(svg):
    kept = sanitize(svg)
    assert not re.search(r"https?:|javascript|script|style|filter|onclick|<use|<image|<animate|<foreign", kept)
    assert "<svg" not in sanitize_page(svg), "hand-written pages hold no SVG at all"


def test_a_page_that_lists_the_entries_beside_the_picture_leaves_its_list_out():
    for picture in (timeline_strip(ENTRIES, listed=False), relations_diagram("A", [("B", "C", "c/")], listed=False)):
        root = parse(picture)
        assert root.find("details") is None and root.find(SVG + "svg") is not None


def test_the_pictures_of_generated_pages_add_no_link():
    # The sheet lists what its pictures show, with the links: a link in a picture is a second Tab stop.
    pages = Pipeline(MINI / "facts", MINI / "content").build().pages
    pictures = [svg for page in pages for svg in re.findall(r"<svg.*?</svg>", page.markdown)]
    assert len(pictures) > 5
    assert [svg for svg in pictures if "href" in svg or "<a" in svg] == []
