"""An editor's true follow-up story lands: applied to a copy of the whole project, it passes the
pull-request checks (validate, the strict build, and the content checks of `make test`) without
a line of Python changed. The story is made up, in tests/fixtures/follow-up/: a new source dated
4 January 2024 with its archived copy, a revised toll of 84 superseding the 95, a claim of
responsibility the next day, and two people the claiming group named.

The copy's facts/ and content/ are the seed as it was when the story was written
(tests/fixtures/follow-up/seed/), never the live ones: an editor who lands this story, or any
other, in facts/ must not make this test fail."""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import BIN, mkdocs_build, tracked_copy

pytestmark = pytest.mark.slow

FOLLOW_UP = Path(__file__).parent / "fixtures" / "follow-up"


def _edit_claims(claims: list[dict[str, Any]], edits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for edit in edits:
        if "append" in edit:
            claims.append(edit["append"])
            continue
        matching = [c for c in claims if all(c.get(k) == v for k, v in edit["where"].items())]
        assert matching, f"no claim matches {edit['where']} in the story's seed (tests/fixtures/follow-up/seed)"
        for claim in matching:
            claim.update(edit["set"])
    return claims


def apply_story(root: Path, story: Path) -> None:
    """Add the story's new files to root/facts, then make its edits (edits.yaml) to files there."""
    shutil.copytree(story / "facts", root / "facts", dirs_exist_ok=True)
    edits = yaml.safe_load((story / "edits.yaml").read_text(encoding="utf-8"))
    for ref, fields in edits.items():
        path = root / "facts" / f"{ref}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for field, change in fields.items():
            data[field] = _edit_claims(data.get(field, []), change) if isinstance(change, list) else change
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")


def _text(html: str) -> str:
    """The words of a page, citation marks left out."""
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", re.sub(r"<sup.*?</sup>", "", html))))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tracked_copy(tmp_path_factory.mktemp("follow-up") / "project")
    for folder in ("facts", "content"):
        shutil.rmtree(root / folder)
        shutil.copytree(FOLLOW_UP / "seed" / folder, root / folder)
    apply_story(root, FOLLOW_UP)
    return root


def test_validate_passes(project):
    run = subprocess.run([str(BIN / "factsheets"), "validate"], cwd=project, capture_output=True, text=True)
    assert (run.returncode, run.stdout) == (0, ""), run.stdout
    assert run.stderr.endswith(" files, no problems\n"), run.stderr


@pytest.fixture(scope="module")
def site(project, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(project, "-d", str(out))
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
    return out


def _page(site: Path, path: str) -> str:
    return _text((site / path / "index.html").read_text(encoding="utf-8"))


# The source's own hedge ("immediately"), where the fact file keeps it, reads in the sequence too.
SEQUENCE = re.compile(
    r"No group had (immediately )?claimed responsibility, as of 3 January 2024(;)? ISIS claimed responsibility "
    r"on 4 January 2024",
    re.IGNORECASE,
)


def test_the_strict_build_passes_and_the_sheet_tells_the_story(site):
    page = _page(site, "incidents/kerman-memorial-bombings")
    deaths = page.split("Deaths", 1)[1].split("Injuries", 1)[0]
    assert deaths.strip().startswith("84, according to Iran's Health Ministry, as of 4 January 2024"), deaths
    assert "revised from 95" in deaths
    # Nothing earlier stands as current: the claim overtook "none claimed", told in order.
    responsibility = page.split("Responsibility", 1)[1]
    assert SEQUENCE.match(responsibility.strip()), responsibility[:300]


@pytest.mark.parametrize("path", ["", "incidents"])
def test_the_home_page_and_the_index_tell_the_sequence(site, path):
    found = SEQUENCE.search(_page(site, path))
    assert found and found[2] == ";", "told in order, one claim after the other"


def test_the_claim_is_on_the_timeline_without_a_dates_file(site):
    assert "Kerman memorial blasts (incident), responsibility: ISIS claimed responsibility on 4 January 2024" in (
        _page(site, "timeline/2024").replace(" :", ":")
    )


def test_the_content_checks_of_make_test_pass(project):
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_content.py", "-q", "-p", "no:cacheprovider"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-4000:]


def test_people_named_in_the_claim_are_named_by_the_group_never_perpetrators(site):
    page = _page(site, "incidents/kerman-memorial-bombings")
    assert "Omar al-Mowahid, named by ISIS in its claim of responsibility" in page
    html = (site / "incidents/kerman-memorial-bombings/index.html").read_text(encoding="utf-8")
    jsonld = json.loads(re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)[0])
    organizers = [node["name"] for node in jsonld.get("organizer", [])]
    assert organizers == ["ISIS"]
    person = _page(site, "people/omar-al-mowahid")
    assert (
        "Named in another party's claim Kerman memorial blasts, named by ISIS in its claim of responsibility" in person
    )
    assert "Responsibility for" not in person
