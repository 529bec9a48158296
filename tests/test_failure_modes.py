"""Every failure mode an editor can make, each a small fact tree with the diagnostics it must produce.

tests/failure_modes/<case>/facts/ (and content/) hold the tree; expected.txt lists, in order, what
`factsheets validate` prints: `path:line:column: severity: message (hint)`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from factsheets.adapters.cli import main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CASES = Path(__file__).parent / "failure_modes"


def validate(root: Path, *args: str):
    return CliRunner().invoke(main, ["validate", str(root / "facts"), *args], catch_exceptions=False)


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_failure_mode(case, monkeypatch):
    root = CASES / case
    monkeypatch.chdir(root)  # paths are shown relative to where the editor runs the command
    # args.txt, when there is one: options of the case (--today, --content)
    args = (root / "args.txt").read_text(encoding="utf-8").split() if (root / "args.txt").exists() else []
    result = validate(Path("."), *args)
    expected = (root / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert result.stdout.splitlines() == expected
    has_errors = any(": error: " in line for line in expected)
    assert result.exit_code == (1 if has_errors else 0)


@pytest.mark.parametrize(
    "output, check",
    [
        (
            "json",
            lambda text: (
                json.loads(text)[0]
                == {
                    "path": "facts/incidents/i.yaml",
                    "line": 5,
                    "column": 13,
                    "severity": "error",
                    "message": "a superseded 'deaths' claim with nothing superseding it",
                    "hint": "add the claim that replaces it, or change its status",
                }
            ),
        ),
        (
            "github",
            lambda text: text.startswith(
                "::error file=facts/incidents/i.yaml,line=5,col=13,title=factsheets::a superseded 'deaths' claim"
            ),
        ),
    ],
)
def test_output_formats(monkeypatch, output, check):
    monkeypatch.chdir(CASES / "superseded-with-nothing-superseding-it")
    result = validate(Path("."), "--format", output)
    assert result.exit_code == 1 and check(result.stdout), result.stdout


@pytest.mark.parametrize("args", [["validate", "--format", "xml"], ["validate", "--nope"], ["frobnicate"]])
def test_usage_errors_exit_2(args):
    assert CliRunner().invoke(main, args).exit_code == 2


def write(root: Path, name: str, text: str) -> Path:
    path = root / "facts" / "organizations" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return root


BILLION_LAUGHS = "id: lol\nname: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"l{i}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)
)


@pytest.mark.slow  # a process of its own, to measure its memory
@pytest.mark.parametrize(
    "name, text, message",
    [
        ("lol.yaml", BILLION_LAUGHS, "anchors and aliases (& and *) are not allowed"),
        ("deep.yaml", "id: deep\nname: " + "[" * 100_000 + "]" * 100_000 + "\n", "nested more than 16 levels deep"),
        ("dash.yaml", "id: dash\nname:\n  " + "- " * 50_000 + "x\n", "nested more than 16 levels deep"),
        ("huge.yaml", "id: huge\nname: " + "x" * 300_000 + "\n", "the file is larger than 256 KiB"),
    ],
)
def test_hostile_yaml_becomes_a_diagnostic_quickly(tmp_path, name, text, message):
    root = write(tmp_path, name, text)
    # In a process of its own, so that the peak memory measured is this input's, not the test run's.
    code = (
        "import json, resource, sys; from pathlib import Path; from factsheets.pipeline import Pipeline; "
        "r = Pipeline(Path(sys.argv[1])).check(); "
        "print(json.dumps([[d.message for d in r.diagnostics if d.severity == 'error'], "
        "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss]))"
    )
    run = subprocess.run([sys.executable, "-c", code, str(root / "facts")], capture_output=True, text=True, timeout=60)
    messages, peak_kib = json.loads(run.stdout)
    assert messages == [message]
    assert peak_kib < 500_000  # never the gigabytes of a walk of the whole input


YAML_PIECES = st.sampled_from(
    [
        "id: x\n",
        "name: X\n",
        "deaths:\n",
        "  - value: 5\n",
        "    sources: [s]\n",
        "&a ",
        "*a",
        "<<: ",
        "!!python/name:os.system",
        "[",
        "]",
        "{",
        "}",
        "- ",
        ": ",
        "'",
        '"',
        "\t",
        "\ufeff",
        "\u202e",
        "\x00",
        "---\n",
        "...\n",
        "? ",
        "|\n",
        ">\n",
        "2023-02-30",
        "NO",
        "0777",
        "1:20",
        "~",
        "null",
        "\\",
        "%YAML 1.1\n",
        "!custom ",
        "#",
        "\n",
        "  ",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.binary(max_size=300),
        st.lists(YAML_PIECES, max_size=40).map(lambda p: "".join(p).encode()),
        st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    )
)
def test_any_input_gets_diagnostics_never_an_exception(tmp_path, raw):
    path = tmp_path / "facts" / "people" / "x.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "facts")])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 1)
    assert "internal error" not in result.output
    for line in result.stdout.splitlines():
        assert line.startswith(str(path)) and (": error: " in line or ": warning: " in line), line


def test_validate_says_how_it_went_on_a_line_of_its_own(monkeypatch):
    monkeypatch.chdir(CASES / "future-dates")
    result = validate(Path("."), "--today", "2024-06-01")
    assert result.stderr.splitlines()[-1] == "2 files, 3 warnings"
    monkeypatch.chdir(CASES / "every-problem-in-one-run")
    assert validate(Path(".")).stderr.splitlines()[-1] == "4 files, 10 errors, 1 warning"


@pytest.mark.parametrize("folder", [".", "facts", "facts/people", "content/about", "generator"])
def test_validate_finds_the_project_from_any_of_its_folders(monkeypatch, folder):
    root = Path(__file__).parent.parent
    monkeypatch.chdir(root / folder)
    result = CliRunner().invoke(main, ["validate"])
    files = len(list((root / "facts").glob("*/*.yaml")))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"{files} files, no problems\n")


def test_validate_outside_a_project_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1 and "no facts/ folder or mkdocs.yml here or in any folder above" in result.stderr


@pytest.mark.parametrize("today", ["2024-13-01", "2024-02-30", "2024", "tomorrow"])
def test_today_must_be_a_day(today):
    result = CliRunner().invoke(main, ["validate", "--today", today])
    assert result.exit_code == 2 and "--today" in result.output


def test_one_failing_file_is_one_line_and_the_only_file_annotated(tmp_path, monkeypatch):
    (tmp_path / "facts/people").mkdir(parents=True)
    (tmp_path / "content").mkdir()
    (tmp_path / "facts/people/x.yaml").write_text("id: x\nname: X\nsumary: typo\n", encoding="utf-8")
    page = "# Page\n\n" + "".join(f"Line {n}: [[people/x]] and [[people/x#roles]].\n" for n in range(5))
    (tmp_path / "content/index.md").write_text(page, encoding="utf-8")
    (tmp_path / "content/other.md").write_text("# Other\n\n[[people/x]]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "facts", "--format", "github"])
    annotated = {line.split("file=")[1].split(",")[0] for line in result.stdout.splitlines()}
    assert annotated == {"facts/people/x.yaml"}
    [unchecked] = [line for line in result.stdout.splitlines() if "not checked" in line]
    assert "11 references to people/x in content/ not checked until its errors are fixed" in unchecked
