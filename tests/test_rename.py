"""`factsheets rename kind/old-id new-id` on a copy of the made-up story: the file moves, every
reference is rewritten, the old id is kept in previous_ids, and the diff shows one rename."""

from __future__ import annotations

import shutil

import pytest
import yaml
from click.testing import CliRunner
from factsheets.adapters.cli import main
from factsheets.pipeline import Pipeline

from .conftest import STORY


@pytest.fixture
def story(tmp_path):
    shutil.copytree(STORY, tmp_path / "story")
    return tmp_path / "story"


def _rename(story, *args):
    return CliRunner().invoke(main, ["rename", *args, "--facts-dir", str(story / "facts")])


@pytest.mark.parametrize(
    "ref, new_id, moved",
    [
        ("people/marco-vell", "marco-vell-admiral", "facts/people/marco-vell-admiral.yaml"),
        ("sources/harbour-wire-report", "wire-report", "facts/sources/wire-report.yaml"),
    ],
)
def test_rename_moves_the_file_and_rewrites_every_reference(story, tmp_path, ref, new_id, moved):
    before = tmp_path / "before"
    shutil.copytree(story / "facts", before)
    result = _rename(story, ref, new_id)
    assert result.exit_code == 0, result.output
    kind, old_id = ref.split("/")
    assert not (story / "facts" / kind / f"{old_id}.yaml").exists()
    data = yaml.safe_load((story / moved).read_text(encoding="utf-8"))
    assert data["id"] == new_id and data["previous_ids"] == [old_id]
    checked = Pipeline(story / "facts", story / "content").check()
    assert [str(d) for d in checked.diagnostics] == []  # no warning about an old id left anywhere
    pages = (story / "content/index.md").read_text(encoding="utf-8") + (
        story / "content/backgrounders/harbour-blasts-in-context.md"
    ).read_text(encoding="utf-8")
    assert f"[[{ref}]]" not in pages and f"[[{ref}#" not in pages
    diff = CliRunner().invoke(main, ["diff", str(before), str(story / "facts")])
    assert "**0 added, 0 removed, 1 renamed, 0 changed**" in diff.output, diff.output
    assert "previous_ids" not in diff.output and "reviewed" not in diff.output


def test_a_comment_and_the_layout_of_a_referring_file_stay(story):
    path = story / "facts/incidents/harbour-blasts.yaml"
    path.write_text("# kept\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert _rename(story, "people/dana-okafor", "dana-okafor-minister").exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# kept\n") and "according_to: people/dana-okafor-minister\n" in text


@pytest.mark.parametrize(
    "args, message",
    [
        (["places/x", "y"], "is not kind/id"),
        (["people/marco-vell", "Bad Id"], "is not a valid id"),
        (["people/nobody", "somebody"], "there is no"),
        (["people/marco-vell", "dana-okafor"], "exists already"),
    ],
)
def test_rename_refuses_what_it_cannot_do_and_writes_nothing(story, args, message):
    result = _rename(story, *args)
    assert result.exit_code == 1 and message in result.output
    assert (story / "facts/people/marco-vell.yaml").is_file()


def test_rename_refuses_facts_with_errors(story):
    (story / "facts/people/broken.yaml").write_text("id: broken\nname: [\n", encoding="utf-8")
    result = _rename(story, "people/marco-vell", "marco")
    assert result.exit_code == 1 and "fix them first" in result.output
    assert (story / "facts/people/marco-vell.yaml").is_file()
