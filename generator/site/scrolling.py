"""Wide tables a keyboard can scroll.

A table wider than a phone scrolls sideways. A scrolling box that holds no link or button cannot
be reached with the keyboard unless it is focusable itself (WCAG 2.1.1; axe's serious
`scrollable-region-focusable`), and once focusable it needs a name. So each table is wrapped in a
region with `tabindex="0"`, named by the heading above it. Material's own wrapper, added by its
script inside ours, no longer scrolls (see factsheets.css).
"""

from __future__ import annotations

import re

from markupsafe import escape

_PARTS = re.compile(
    r'<h([1-6])\b[^>]*?\sid="(?P<id>[^"]+)"[^>]*>(?P<heading>.*?)</h\1\s*>|(?P<table><table\b.*?</table\s*>)',
    re.S | re.I,
)
_TAG = re.compile(r"<[^>]*>")


def scrollable_tables(html: str) -> str:
    """Each table in a focusable region named by the last heading before it ("Table" without one)."""
    out, last, heading, count = [], 0, None, 0
    for match in _PARTS.finditer(html):
        if match.group("table") is None:
            heading = match.group("id")
            continue
        count += 1
        name = f'aria-labelledby="{escape(heading)}"' if heading else f'aria-label="Table {count}"'
        out += [
            html[last : match.start()],
            f'<div class="fs-scroll" role="region" tabindex="0" {name}>',
            match.group("table"),
            "</div>",
        ]
        last = match.end()
    return "".join(out) + html[last:] if out else html
