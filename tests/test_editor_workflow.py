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
from factsheets.adapters.cli import main
from factsheets.adapters.scaffold import make_id
from factsheets.factmodel.kinds import KINDS
from factsheets.factmodel.schemas import SCHEMA_DIR, schema_text
from factsheets.pipeline import Pipeline

from .conftest import MINI, ROOT, STORY, mkdocs_build, site_with_person_override


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# -- schemas --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_shipped_schemas_are_generated_from_the_models(kind):
    shipped = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert shipped == schema_text(kind), "run `make schemas` and commit the result"


def test_schemas_say_dates_and_ids_in_plain_words_where_editors_show_them():
    schema = json.loads((SCHEMA_DIR / "incidents.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["id"]["patternErrorMessage"].startswith("an id: lowercase letters")
    text = json.dumps(schema)
    assert '"patternErrorMessage": "a date: 2024-01-03, 2024-01 or 2024' in text
    assert '"errorMessage": "a date: 2024-01-03' in text
    assert '"patternErrorMessage": "another entity: <kind>/<id>' in text


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
        # any script gives an ASCII id (transliterated, never dropped)
        ("Łukasz Ødegaard", "lukasz-odegaard"),
        ("Владимир Путин", "vladimir-putin"),
        ("قاسم سلیمانی", "qsm-slymny"),
        ("Αλέξης Τσίπρας", "alexes-tsipras"),
        ("习近平", "xi-jin-ping"),
        ("Straße", "strasse"),
    ],
)
def test_ids_from_names(name, id_):
    assert make_id(name) == id_


@pytest.mark.parametrize(
    "name, file", [("Łukasz Ødegaard", "lukasz-odegaard.yaml"), ("قاسم سلیمانی", "qsm-slymny.yaml")]
)
def test_new_takes_a_name_in_any_script(tmp_path, name, file):
    result = run("new", "people", name, "--facts-dir", str(tmp_path / "facts"))
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip())
    assert path.name == file
    assert f'name: "{name}"' in path.read_text(encoding="utf-8")


def test_a_name_with_nothing_to_transliterate_asks_for_an_id(tmp_path):
    result = run("new", "people", "🙂", "--facts-dir", str(tmp_path / "facts"))
    assert result.exit_code != 0 and "--id" in result.output


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


def test_new_offers_the_values_of_a_closed_set(tmp_path):
    path = Path(run("new", "incidents", "Example", "--facts-dir", str(tmp_path / "facts")).output.strip())
    assert "#  - value: none_claimed   # or: not_established\n" in path.read_text(encoding="utf-8")


def test_new_never_overwrites_nor_numbers_a_second_file(tmp_path):
    facts = str(tmp_path / "facts")
    first = Path(run("new", "people", "Jane Doe", "--facts-dir", facts).output.strip())
    first.write_text(first.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    for args in (["Other", "--id", "jane-doe"], ["Jane Doe", "--force"], ["Jane-Doe", "--force"]):
        refused = CliRunner().invoke(main, ["new", "people", *args, "--facts-dir", facts])
        assert refused.exit_code == 1 and "exists already" in refused.output, args
    assert sorted(p.name for p in first.parent.iterdir()) == ["jane-doe.yaml"]
    assert first.read_text(encoding="utf-8").endswith("# edited\n")


@pytest.mark.parametrize(
    "name, refused",
    [
        ("Marco Vell", "'Marco Vell' is already the name of people/marco-vell"),
        ("marco  VELL", "is already the name of people/marco-vell"),
        ("Marko Vel", "'Marko Vel' is already the alias of people/marco-vell"),
        ("Márko Vél", "is already the alias of people/marco-vell"),  # diacritics don't count
        ("Marco Vell Jr", ""),
    ],
)
def test_new_refuses_a_name_or_alias_another_file_has(tmp_path, name, refused):
    facts = tmp_path / "facts"
    shutil.copytree(STORY / "facts" / "people", facts / "people")
    result = CliRunner().invoke(main, ["new", "people", name, "--facts-dir", str(facts)])
    if refused:
        assert result.exit_code == 1 and refused in result.output and "--force" in result.output
        forced = CliRunner().invoke(
            main, ["new", "people", name, "--id", "another", "--force", "--facts-dir", str(facts)]
        )
        assert forced.exit_code == 0 and (facts / "people/another.yaml").exists()
    else:
        assert result.exit_code == 0, result.output


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


def _old_and_new(tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of the mini fixture's facts: the tree before a change, and the one to change."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(MINI / "facts", old)
    shutil.copytree(MINI / "facts", new)
    return old, new


@pytest.fixture
def two_trees(tmp_path):
    old, new = _old_and_new(tmp_path)
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
    assert "  - **Involves**: Jane Minister, speaker — source: example-report" in text  # its claims too
    assert "- `organizations/example-parent` → `organizations/parent-body`: Example Parent" in text
    assert "add example-parent to its `previous_ids`" in text
    assert '- **Deaths**: 95 → 84\n  - quote: "the death toll now stands at 95"' in text  # to compare with
    assert "its claims changed but `reviewed` did not" in text


def test_diff_shows_the_quote_of_an_added_claim(tmp_path):
    old, new = _old_and_new(tmp_path)
    _edit(
        new / "incidents/harbour-blast.yaml",
        "deaths:\n",
        "deaths:\n  - value: 48\n    sources:\n      - source: example-report\n        quote: killed 84 people\n",
    )
    text = run("diff", "--no-pages", str(old), str(new)).output
    assert '- **Deaths**, claim added: 48 — source: example-report, quoting "killed 84 people"' in text


def test_diff_in_json_has_the_yaml_data(two_trees):
    old, new = two_trees
    data = json.loads(run("diff", "--no-pages", str(old), str(new), "--format", "json").stdout)
    blast = next(e for e in data["changed"] if e["ref"] == "incidents/harbour-blast")
    assert {
        k: v for k, v in blast["changes"][0].items() if k in ("field", "change", "old", "new", "part", "claim")
    } == {"field": "deaths", "change": "changed", "old": 95, "new": 84, "part": "value", "claim": 0}
    removed = next(e for e in data["removed"] if e["ref"] == "dates/minister-statement")
    assert removed["data"]["involves"][0] == {
        "value": "people/jane-minister",
        "role": "speaker",
        "sources": ["example-report"],
    }


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# Each change to a claim of harbour-blast: the edit, then what the JSON and the Markdown say.
QUOTE = "      - source: example-report\n        quote: the death toll now stands at 95\n"
CLAIM_EDITS = [
    ("value: 95", "value: 96", {"part": "value", "old": 95, "new": 96}, "**Deaths**: 95 → 96"),
    (
        "quote: the death toll now stands at 95",
        "quote: the toll stands at 95",
        {"part": "quote", "source": "example-report", "old": "the death toll now stands at 95"},
        "quote from example-report the death toll now stands at 95 → the toll stands at 95",
    ),
    (
        "quote: the death toll now stands at 95",
        "quote: the death toll now stands at 95\n        locator: paragraph 2",
        {"part": "locator", "change": "added", "new": "paragraph 2"},
        "locator from example-report added: paragraph 2",
    ),
    (
        "according_to: people/jane-minister\n    sources:\n      - source",
        "according_to: people/jane-minister\n    note: Revised down.\n    sources:\n      - source",
        {"part": "note", "change": "added", "new": "Revised down."},
        "**Deaths**, claim 95: note added: Revised down.",
    ),
    (
        "according_to: people/jane-minister\n    sources:\n      - source",
        "according_to: people/jane-minister\n    status: confirmed\n    sources:\n      - source",
        {"part": "status", "change": "added", "new": "confirmed"},
        "status added: confirmed",
    ),
    (
        "as_of: 2024-01-03",
        "as_of: 2024-01-04",
        {"part": "as_of", "old": "2024-01-03", "new": "2024-01-04"},
        "as of 3 January 2024 → 4 January 2024",
    ),
    (
        "according_to: state media",
        "according_to: Iranian state media",
        {"part": "according_to", "old": "state media"},
        "according to state media → Iranian state media",
    ),
    (
        QUOTE,
        QUOTE + "      - other-report\n",
        {"part": "source", "change": "added", "new": {"source": "other-report"}},
        "source added: other-report",
    ),
    (
        "injuries:\n  - value: {at_most: 211}\n    sources: [example-report]",
        "injuries:\n  - value: {at_most: 211}\n    sources: [other-report]",
        {"part": "source", "change": "removed", "old": {"source": "example-report"}},
        "source removed: example-report",
    ),
]


@pytest.mark.parametrize("old_text, new_text, change, words", CLAIM_EDITS, ids=[c[2]["part"] for c in CLAIM_EDITS])
def test_diff_shows_every_change_to_a_claim(tmp_path, old_text, new_text, change, words):
    old, new = _old_and_new(tmp_path)
    _edit(new / "incidents/harbour-blast.yaml", old_text, new_text)
    data = json.loads(run("diff", "--no-pages", str(old), str(new), "--format", "json").stdout)
    [entity] = data["changed"]
    assert any(change.items() <= found.items() for found in entity["changes"]), entity["changes"]
    assert words in run("diff", "--no-pages", str(old), str(new)).stdout


def test_diff_shows_claims_added_and_removed(tmp_path):
    old, new = _old_and_new(tmp_path)
    _edit(
        new / "incidents/harbour-blast.yaml",
        "injuries:\n",
        "injuries:\n  - value: 300\n    sources: [example-report]\n",
    )
    _edit(new / "people/jane-minister.yaml", "roles:\n  - value: Spokesperson\n    sources: [example-report]\n", "")
    data = json.loads(run("diff", "--no-pages", str(old), str(new), "--format", "json").stdout)
    changes = {e["ref"]: e["changes"] for e in data["changed"]}
    assert changes["incidents/harbour-blast"] == [
        {**changes["incidents/harbour-blast"][0], "field": "injuries", "change": "added", "old": None},
    ]
    assert changes["incidents/harbour-blast"][0]["new"] == {"value": 300, "sources": ["example-report"]}
    assert [(c["field"], c["change"], c["old"]) for c in changes["people/jane-minister"]] == [
        ("roles", "removed", {"value": "Spokesperson", "sources": ["example-report"]})  # claim by claim
    ]
    text = run("diff", "--no-pages", str(old), str(new)).stdout
    assert "- **Injuries**, claim added: 300 — source: example-report" in text


def test_diff_runs_on_a_tree_with_errors(tmp_path):
    old, new = _old_and_new(tmp_path)
    _edit(new / "incidents/harbour-blast.yaml", "value: 95", "value: ninety-five")  # fails its schema
    _edit(new / "people/jane-minister.yaml", "name: Jane Minister", "name: [Jane")  # does not parse
    result = CliRunner().invoke(main, ["diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    assert "- **Deaths**: 95 → ninety-five" in result.stdout
    assert "people/jane-minister" not in result.stdout.split("### Errors")[0], "unparsed: not shown as removed"
    assert "jane-minister.yaml:2:7: error: a '\\[' that is never closed" in result.stdout
    assert "harbour-blast.yaml" in result.stdout.split("### Errors")[1]


def test_diff_finds_renamed_and_edited_entities_in_near_linear_time(monkeypatch):
    from factsheets.adapters import diff as factdiff
    from factsheets.check.load import Document

    def people(count: int, prefix: str, edit: str) -> list[Document]:
        return [
            Document(
                f"{prefix}{i}.yaml",
                "people",
                f"{prefix}{i}",
                {"id": f"{prefix}{i}", "name": f"Person {i}", "roles": [{"value": f"Role{edit}", "sources": ["s"]}]},
            )
            for i in range(count)
        ]

    calls = 0
    original = factdiff._key

    def counted(value):
        nonlocal calls
        calls += 1
        return original(value)

    monkeypatch.setattr(factdiff, "_key", counted)
    result = factdiff.diff_documents(people(600, "old-", ""), people(600, "new-", " (edited)"))
    assert len(result.renamed) == 600 and not result.added and not result.removed
    assert result.renamed[0].changes[0].part == "value"
    assert calls < 600 * 20, calls  # a comparison of every pair would be 360,000


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
    assert "- **Roles**: Spokesperson → Minister of Health" in result.stdout
    bad = subprocess.run(
        [str(ROOT / ".venv/bin/factsheets"), "diff", "no-such-revision"], cwd=repo, capture_output=True, text=True
    )
    assert bad.returncode == 1 and "cannot read 'facts' at revision 'no-such-revision'" in bad.stderr


class Repo(type(Path())):  # type: ignore[misc]
    def git(self, *args):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=self,
            check=True,
            capture_output=True,
        )


@pytest.fixture
def repo(tmp_path):
    repo = Repo(tmp_path / "repo")
    shutil.copytree(MINI, repo)
    repo.git("init", "-q", "-b", "main")
    repo.git("add", "-A")
    repo.git("commit", "-qm", "facts")
    return repo


@pytest.mark.slow  # runs git
@pytest.mark.parametrize(
    "args, message",
    [
        (["--", "--output=victim.txt"], "starts with '-'"),
        (["--", "-p"], "starts with '-'"),
        (["main", "--", "--output=victim.txt"], "starts with '-'"),
        (["HEAD", "facts", "--facts-path", "--output=victim.txt"], "not a path inside the repository"),
        (["HEAD", "facts", "--facts-path", "../x"], "not a path inside the repository"),
    ],
)
def test_diff_never_reads_a_revision_as_an_option(repo, monkeypatch, args, message):
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["diff", *args])
    assert result.exit_code == 1 and message in result.output
    assert not (repo / "victim.txt").exists() and not list(repo.glob("-*"))


@pytest.mark.slow  # runs git
def test_diff_refuses_a_folder_and_a_revision_named_alike(repo, monkeypatch):
    monkeypatch.chdir(repo)
    repo.git("branch", "facts")
    result = CliRunner().invoke(main, ["diff", "facts", "HEAD"])
    assert result.exit_code == 1 and "both a folder and a git revision" in result.output
    assert CliRunner().invoke(main, ["diff", "refs/heads/facts", "HEAD"]).exit_code == 0


@pytest.mark.slow  # runs git
def test_diff_of_a_revision_with_a_symlink_is_a_message(repo, monkeypatch):
    monkeypatch.chdir(repo)
    (repo / "facts/people/link.yaml").symlink_to("/etc/passwd")
    repo.git("add", "-A")
    repo.git("commit", "-qm", "link")
    result = CliRunner().invoke(main, ["diff", "HEAD~1", "HEAD"])
    assert result.exit_code == 1 and "symbolic link" in result.output and "facts/people/link.yaml" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_diff_text_is_inert_in_a_pull_request_comment(tmp_path):
    old, new = _old_and_new(tmp_path)
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
    # every [[fields:…]] was replaced by its table; the guide may still show the syntax as code
    assert "[[fields:" not in re.sub(r"<code>.*?</code>", "", guide)


@pytest.mark.slow
def test_a_site_overrides_a_template_and_extends_the_built_in_one(tmp_path):
    site = site_with_person_override(
        tmp_path,
        '{% extends "default:sheet.html.j2" %}\n'
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
        ("# {{ entity.name }}\n{% if %}\n", "overrides/person.html.j2:2:1"),  # does not compile
        # fails on one page's data, while the pipeline renders every page before MkDocs starts
        ("# {{ entity.name }}\n\n{{ entity.no_such_field }}\n", "overrides/person.html.j2:3:1"),
        # a Python error, not a Jinja one, from a filter given the wrong kind of value
        ("# {{ entity.name }}\n\n\n{{ entity.id | date }}\n", "overrides/person.html.j2:4:1"),
        # the sandbox: no way out to Python's internals
        ("# {{ entity.__class__.__mro__ }}\n", "overrides/person.html.j2:1:1"),
    ],
)
def test_a_broken_override_is_reported_with_its_line_not_a_traceback(tmp_path, template, where):
    site = site_with_person_override(tmp_path, template)
    result = mkdocs_build(site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{where}: error: template error" in result.stderr
    assert not [p.name for p in site.iterdir() if p.name.startswith((".site", "site"))]  # nothing written


# -- renamed ids ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_renamed_entity_keeps_its_old_address_and_references(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(MINI, site)
    person = site / "facts/people/jane-minister.yaml"
    _edit(person, "name: Jane Minister", "name: Jane Minister\nprevious_ids: [jane, j-minister]")
    _edit(site / "facts/incidents/harbour-blast.yaml", "people/jane-minister", "people/jane")  # an old id
    page = site / "content/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [[people/j-minister]].\n", encoding="utf-8")
    checked = Pipeline(site / "facts", site / "content").check()
    assert {(d.severity, d.message) for d in checked.diagnostics} >= {
        ("warning", "'people/jane' is an old id of people/jane-minister"),
        ("warning", "'people/j-minister' is an old id of people/jane-minister"),
    }
    pages = {p.src_uri: p.html for p in Pipeline(site / "facts", site / "content").render(checked.base).pages}
    assert 'href="../../people/jane-minister/"' in pages["incidents/harbour-blast.md"]  # linked as it is now
    # A strict build fails on the warnings; with the references updated, the old addresses still work.
    _edit(site / "facts/incidents/harbour-blast.yaml", "people/jane", "people/jane-minister")
    page.write_text(page.read_text(encoding="utf-8").replace("[[people/j-minister]]", "[[people/jane-minister]]"))
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    redirect = (site / "site/people/jane/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../jane-minister/">' in redirect
    assert '<link rel="canonical" href="../jane-minister/">' in redirect
    assert (site / "site/people/j-minister/index.html").exists()


def test_redirect_pages_escape_what_they_show():
    from factsheets.site.publish import redirect_page

    page = redirect_page('<script>alert("x")</script>', '../a"b/')
    assert "<script>alert" not in page and 'url=../a&quot;b/"' in page
