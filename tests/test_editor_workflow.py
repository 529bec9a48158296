"""The editor's loop: schemas in the editor, `factsheets new`, `factsheets diff`, PR checks,
the field reference of the editing guide, and template overrides."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from factsheets.cli import main
from factsheets.kinds import KINDS
from factsheets.pipeline import Pipeline
from factsheets.scaffold import make_id
from factsheets.schemas import SCHEMA_DIR, schema_text

from .conftest import MINI, ROOT, mkdocs_build, site_with_person_override


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# -- schemas --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_shipped_schemas_are_generated_from_the_models(kind):
    shipped = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert shipped == schema_text(kind), "run `make schemas` and commit the result"


@pytest.mark.parametrize("path", sorted((ROOT / "facts").glob("*/*.yaml")), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_project_facts_validate_against_the_shipped_schemas(path):
    schema = json.loads((SCHEMA_DIR / f"{path.parent.name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


@pytest.mark.parametrize(
    "kind, data",
    [
        ("people", {"id": "x", "name": "X", "member_of": [{"value": "organizations/y"}]}),  # no sources
        ("incidents", {"id": "x", "name": "X", "deaths": [{"value": "many", "sources": ["s"]}]}),
        (
            "incidents",
            {
                "id": "x",
                "name": "X",
                "perpetrators": [{"value": "organizations/y", "sources": ["s"], "responsibility": "blamed"}],
            },
        ),
        ("organizations", {"id": "x", "name": "X", "sumary": "typo"}),
        ("sources", {"id": "x", "name": "X", "url": "javascript:alert(1)"}),
        ("dates", {"id": "Bad Id", "name": "X"}),
    ],
)
def test_schemas_reject_known_bad_files(kind, data):
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_vscode_associates_each_kind_with_its_schema():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    assert settings == {f"./generator/schemas/{kind}.schema.json": f"facts/{kind}/*.yaml" for kind in KINDS}
    assert all((ROOT / path).exists() for path in settings)


def test_schemas_check_fails_when_stale(tmp_path):
    assert run("schemas", "--check").exit_code == 0
    assert run("schemas", "--check", str(tmp_path)).exit_code == 1
    assert run("schemas", str(tmp_path)).exit_code == 0
    assert run("schemas", "--check", str(tmp_path)).exit_code == 0


# -- factsheets new -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, id_",
    [
        ("Qassem Soleimani", "qassem-soleimani"),
        ("Kata'ib Hezbollah", "kataib-hezbollah"),
        ("Qāssem  Soleimānī", "qassem-soleimani"),
        ("Islamic Revolutionary Guard Corps (IRGC)", "islamic-revolutionary-guard-corps-irgc"),
        ("U.S. Department of Justice", "u-s-department-of-justice"),
        ("Con", "con-1"),
    ],
)
def test_ids_from_names(name, id_):
    assert make_id(name) == id_


@pytest.mark.parametrize("kind", ["incidents", "organizations", "people", "dates", "sources", "person"])
def test_new_writes_a_valid_skeleton(tmp_path, kind):
    result = run("new", kind, "Example Name", "--facts-dir", str(tmp_path / "facts"))
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip())
    assert path.name == "example-name.yaml"
    text = path.read_text(encoding="utf-8")
    schema = text.splitlines()[0].removeprefix("# yaml-language-server: $schema=")
    assert schema.startswith("../../schemas/"), "the project's schemas, not the package's"
    assert (path.parent / schema).is_file()
    diagnostics = Pipeline(tmp_path / "facts").check().diagnostics
    assert [d for d in diagnostics if d.severity == "error"] == []


def test_new_picks_a_fresh_id_and_never_overwrites(tmp_path):
    facts = str(tmp_path / "facts")
    first = Path(run("new", "people", "Jane Doe", "--facts-dir", facts).output.strip())
    first.write_text(first.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    second = Path(run("new", "people", "Jane Doe", "--facts-dir", facts).output.strip())
    assert (first.name, second.name) == ("jane-doe.yaml", "jane-doe-2.yaml")
    refused = CliRunner().invoke(main, ["new", "people", "Other", "--id", "jane-doe", "--facts-dir", facts])
    assert refused.exit_code == 1 and "exists already" in refused.output
    assert first.read_text(encoding="utf-8").endswith("# edited\n")


@pytest.mark.parametrize(
    "args, message",
    [
        (["new", "places", "Kerman"], "unknown kind"),
        (["new", "people", "Someone", "--id", "Bad Id"], "not a valid id"),
        (["new", "people", "!!!"], "cannot make an id"),
    ],
)
def test_new_refuses_what_it_cannot_write(tmp_path, args, message):
    result = CliRunner().invoke(main, [*args, "--facts-dir", str(tmp_path)])
    assert result.exit_code == 1 and message in result.output


# -- factsheets diff ------------------------------------------------------------------------------


@pytest.fixture
def two_trees(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(MINI / "facts", old)
    shutil.copytree(MINI / "facts", new)
    blast = new / "incidents/harbour-blast.yaml"
    blast.write_text(blast.read_text(encoding="utf-8").replace("value: 95", "value: 84"), encoding="utf-8")
    (new / "organizations/example-parent.yaml").rename(new / "organizations/parent-body.yaml")
    renamed = new / "organizations/parent-body.yaml"
    renamed.write_text(renamed.read_text(encoding="utf-8").replace("example-parent", "parent-body"), encoding="utf-8")
    for path in new.rglob("*.yaml"):
        path.write_text(
            path.read_text(encoding="utf-8").replace("organizations/example-parent", "organizations/parent-body"),
            encoding="utf-8",
        )
    (new / "dates/minister-statement.yaml").unlink()
    run("new", "people", "New Person", "--facts-dir", str(new))
    return old, new


def test_diff_between_folders_in_markdown(two_trees):
    old, new = two_trees
    result = run("diff", str(old), str(new))
    assert result.exit_code == 0
    text = result.output
    assert "**1 added, 1 removed, 1 renamed, " in text
    assert "- `people/new-person`: New Person" in text
    assert "- `dates/minister-statement`: The minister's statement" in text
    assert "- `organizations/example-parent` → `organizations/parent-body`: Example Parent" in text
    assert (
        "- **Deaths**: 95, according to people/jane-minister (source example-report) → "
        "84, according to people/jane-minister (source example-report)" in text
    )


def test_diff_in_json(two_trees):
    old, new = two_trees
    data = json.loads(run("diff", str(old), str(new), "--format", "json").output)
    blast = next(e for e in data["changed"] if e["ref"] == "incidents/harbour-blast")
    assert {
        "field": "deaths",
        "change": "changed",
        "old": "95, according to people/jane-minister (source example-report)",
        "new": "84, according to people/jane-minister (source example-report)",
    } in blast["changes"]


@pytest.mark.slow
def test_diff_between_git_revisions(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(MINI, repo)

    def git(*args):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=repo,
            check=True,
            capture_output=True,
        )

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "facts")
    fact = repo / "facts/people/jane-minister.yaml"
    fact.write_text(fact.read_text(encoding="utf-8").replace("Spokesperson", "Minister of Health"), encoding="utf-8")
    git("commit", "-qam", "role")
    result = subprocess.run(
        [str(Path(shutil.which("factsheets") or ROOT / ".venv/bin/factsheets")), "diff", "HEAD~1", "HEAD"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (
        "- **Roles**: Spokesperson (source example-report) → Minister of Health (source example-report)"
        in result.stdout
    )
    bad = subprocess.run(
        [str(ROOT / ".venv/bin/factsheets"), "diff", "no-such-revision"], cwd=repo, capture_output=True, text=True
    )
    assert bad.returncode == 1 and "cannot read 'facts' at revision 'no-such-revision'" in bad.stderr


def test_diff_text_is_inert_in_a_pull_request_comment(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(MINI / "facts", old)
    shutil.copytree(MINI / "facts", new)
    path = new / "organizations/example-group.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "name: Example Group", 'name: "<img src=x> @everyone [x](javascript:1)"'
        ),
        encoding="utf-8",
    )
    text = run("diff", str(old), str(new)).output
    assert "<img" not in text and "@everyone" not in text
    assert re.search(r"(?<!\\)\[x\]\(", text) is None, "a link from data stays text"


# -- pull request checks --------------------------------------------------------------------------


def test_pull_request_workflow_runs_without_secrets():
    workflow = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and "pull_request_target" not in triggers
    assert workflow["permissions"] == {"contents": "read"}
    steps = " ".join(step.get("run", "") for step in workflow["jobs"]["check"]["steps"])
    for command in (
        "factsheets validate facts --format github",
        "make site",  # mkdocs build --strict
        "make test",
        "factsheets diff",
    ):
        assert command in steps
    assert "${{" not in steps, "no expression is pasted into a shell command"


def test_codeowners_guard_what_runs_at_build_time():
    owners = (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8")
    for path in ("/mkdocs.yml", "/generator/", "/generator/templates/", "/Makefile", "/requirements.txt"):
        assert f"\n{path} " in owners


def test_pre_commit_hooks_validate():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["id"] == "factsheets-validate" and hooks[0]["entry"] == "factsheets validate"
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert config["repos"][0]["hooks"][0]["entry"] == ".venv/bin/factsheets validate facts"


# -- editing guide and template overrides ---------------------------------------------------------


@pytest.mark.slow
def test_editing_guide_field_reference_comes_from_the_models(project_site):
    guide = (project_site / "about/editing/index.html").read_text(encoding="utf-8")
    for kind in KINDS.values():
        for name, info in kind.model.model_fields.items():
            assert f"<code>{info.alias or name}</code>" in guide, (kind, name)
    assert "[[fields:" not in guide


@pytest.mark.slow
def test_a_site_overrides_a_template_and_extends_the_built_in_one(tmp_path):
    site = site_with_person_override(
        tmp_path,
        '{% extends "default:sheet.md.j2" %}\n'
        '{% block footer %}<p class="house-style">Profile checked by the desk: {{ entity.name }}</p>\n\n'
        "{{ super() }}{% endblock %}\n",
    )
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    page = (site / "site/people/jane-minister/index.html").read_text(encoding="utf-8")
    assert '<p class="house-style">Profile checked by the desk: Jane Minister</p>' in page
    assert "reviewed" in page and "Member of" in page  # the built-in template still renders
    other = (site / "site/incidents/harbour-blast/index.html").read_text(encoding="utf-8")
    assert "house-style" not in other


@pytest.mark.slow
@pytest.mark.parametrize(
    "template, where",
    [
        ("# {{ entity.name }}\n{% if %}\n", "overrides/person.md.j2:2:1"),  # does not compile
        # fails on one page's data, in the second process that renders pages under `mkdocs build`
        ("# {{ entity.name }}\n\n{{ entity.no_such_field }}\n", "overrides/person.md.j2:3:1"),
    ],
)
def test_a_broken_override_is_reported_with_its_line_not_a_traceback(tmp_path, template, where):
    site = site_with_person_override(tmp_path, template)
    result = mkdocs_build(site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{where}: error: template error" in result.stderr
    assert not [p.name for p in site.iterdir() if p.name.startswith((".site", "site"))]  # nothing written
