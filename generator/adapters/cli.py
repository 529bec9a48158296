"""The `factsheets` command: a thin adapter over the pipeline. Exit 0 valid, 1 invalid, 2 usage."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click
import yaml

from ..check.guard import check_content, site_theme_dirs
from ..diagnostics import FORMATTERS, Diagnostic, errors
from ..factmodel.kinds import KINDS
from ..factmodel.model import check_date
from ..factmodel.schemas import project_schema_dir, schema_text, write_schemas
from ..pipeline import Pipeline
from .diff import DiffError, fact_diff, to_json, to_markdown
from .rename import RenameError
from .rename import rename as rename_entity
from .scaffold import ScaffoldError, new_fact
from .sitebuild import build_site
from .zensical import ExportError, export, read_config


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Factsheets: publish curated, sourced facts as a website."""


def _today(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    if value is None:
        return date.today().isoformat()
    try:
        if len(value) != 10:
            raise ValueError("write YYYY-MM-DD")
        return check_date(value)
    except ValueError as error:
        raise click.BadParameter(f"'{value}' is not a day: {error}") from None


def project_facts(start: Path | None = None) -> Path | None:
    """The facts/ folder of the project around `start`: the nearest folder, going up, that has
    facts/ or mkdocs.yml, so that the commands work from any folder of the project."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "facts").is_dir() or (folder / "mkdocs.yml").is_file():
            return _shown(folder / "facts")
    return None


def _shown(path: Path) -> Path:
    """A path as short as it can be written from here: facts, ../../facts."""
    try:
        return Path(os.path.relpath(path))
    except ValueError:  # another drive on Windows
        return path


TODAY = click.option(
    "--today",
    callback=_today,
    metavar="YYYY-MM-DD",
    help="The day that checks of future dates count from (default: the clock's).",
)


def _site_config(root: Path) -> dict:
    """The project's mkdocs.yml beside facts/, when there is one and it reads: its docs_dir and theme."""
    try:
        return read_config(root / "mkdocs.yml") if (root / "mkdocs.yml").is_file() else {}
    except (OSError, ValueError, yaml.YAMLError):  # MkDocs itself says what is wrong with it
        return {}


def _summary(files: int, diagnostics: list) -> str:
    found = len(errors(diagnostics))
    warnings = len(diagnostics) - found
    if not diagnostics:
        return f"{files} file{'s' * (files != 1)}, no problems"
    parts = [f"{found} error{'s' * (found != 1)}"] if found else []
    parts += [f"{warnings} warning{'s' * (warnings != 1)}"] if warnings else []
    return f"{files} file{'s' * (files != 1)}, " + ", ".join(parts)


@main.command("validate")
@click.argument("facts_dir", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also check fact references in these Markdown pages (default: content/ beside FACTS_DIR).",
)
@click.option(
    "--format",
    "output",
    type=click.Choice(sorted(FORMATTERS)),
    default="text",
    show_default=True,
    help="text for people, github for Actions annotations, json for programs.",
)
@TODAY
def validate_command(facts_dir: Path | None, content_dir: Path | None, output: str, today: str) -> None:
    """Check every fact file and report every problem, with file, line and column.

    FACTS_DIR defaults to the facts/ folder of the project around the current folder."""
    facts_dir = facts_dir or project_facts()
    if facts_dir is None:
        click.echo("Error: no facts/ folder or mkdocs.yml here or in any folder above; give FACTS_DIR", err=True)
        sys.exit(1)
    problems = []
    root = facts_dir.parent
    config = _site_config(root)
    if content_dir is None:
        content_dir = root / str(config.get("docs_dir") or "content")
    elif not content_dir.is_dir():  # asked for by name: silence would hide every page's references
        problems.append(Diagnostic(str(content_dir), 1, 1, "error", "the content folder does not exist"))
    try:
        result = Pipeline(facts_dir, content_dir, today=today).check()
        # The content guard the builds run: what they would refuse, said before any build.
        guarded = check_content(content_dir, site_theme_dirs(config.get("theme"), root), (), root)
    except Exception as error:  # a bug of ours must still not look like the editor's fault
        click.echo(f"{facts_dir}:1:1: error: internal error in factsheets: {error!r}", err=True)
        sys.exit(1)
    # Fact files first, then pages: a page's broken reference is most often a fact file's error.
    diagnostics = result.diagnostics + guarded + problems
    text = FORMATTERS[output](diagnostics)
    if text:
        click.echo(text)
    click.echo(_summary(result.files, diagnostics), err=True)
    sys.exit(1 if errors(diagnostics) else 0)


@main.command("rename")
@click.argument("ref", metavar="KIND/OLD-ID")
@click.argument("new_id", metavar="NEW-ID")
@click.option(
    "--facts-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The facts folder (default: the facts/ folder of the project around the current folder).",
)
def rename_command(ref: str, new_id: str, facts_dir: Path | None) -> None:
    """Give an entity a new id: factsheets rename people/qasem-soleimani qassem-soleimani.

    The file moves, every reference in facts/ and content/ is rewritten, and the old id is added to
    previous_ids, so that old links redirect. `factsheets diff` shows it as one rename."""
    facts_dir = facts_dir or project_facts() or Path("facts")
    try:
        written = rename_entity(facts_dir, facts_dir.parent / "content", ref, new_id)
    except RenameError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)
    click.echo(f"renamed {ref} to {ref.split('/')[0]}/{new_id}; {len(written)} files written:")
    for path in written:
        click.echo(f"  {_shown(path)}")


@main.command()
@click.argument("kind")
@click.argument("name")
@click.option("--id", "id_", help="The id to use instead of one made from the name.")
@click.option(
    "--facts-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write (default: the facts/ folder of the project around the current folder).",
)
@click.option("--force", is_flag=True, help="Write even when another file of the kind has this name or alias.")
def new(kind: str, name: str, id_: str | None, facts_dir: Path | None, force: bool) -> None:
    """Write a skeleton fact file: factsheets new people "Qassem Soleimani".

    A name or alias another file of the kind already has is refused: that file is named instead."""
    facts_dir = facts_dir or project_facts() or Path("facts")
    try:
        path = new_fact(facts_dir, kind, name, id_, force=force)
    except ScaffoldError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)
    click.echo(path)


@main.command()
@click.argument("old")
@click.argument("new", required=False)
@click.option("--format", "output", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@click.option("--facts-path", default="facts", show_default=True, help="Where the facts are inside a revision.")
@click.option(
    "--pages/--no-pages",
    default=True,
    show_default=True,
    help="Also list every page, hand-written or generated, whose text changes, sentence by sentence.",
)
def diff(old: str, new: str | None, output: str, facts_path: str, pages: bool) -> None:
    """The facts a change adds, removes, renames or changes: between two git revisions or folders.

    OLD and NEW are git revisions (main, HEAD~1, a commit) or folders of fact files; NEW defaults to
    the working tree's facts/."""
    try:
        result = fact_diff(old, new or str(project_facts() or "facts"), Path("."), facts_path, pages)
    except DiffError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)
    click.echo(to_markdown(result) if output == "markdown" else to_json(result))
    if result.errors:  # the diff is still useful; the errors are listed in it, and counted here
        click.echo(f"{len(result.errors)} error{'s' * (len(result.errors) != 1)} in the facts compared", err=True)


@main.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--check", is_flag=True, help="Exit 1 if the schemas in DIRECTORY are out of date, writing nothing.")
def schemas(directory: Path | None, check: bool) -> None:
    """Write the JSON Schemas of the fact files, generated from the models, into DIRECTORY.

    DIRECTORY defaults to schemas/ beside facts/ (in this repository, the package's generator/schemas/);
    `factsheets new` points each file's $schema there."""
    directory = directory or project_schema_dir(project_facts() or Path("facts"))
    if check:
        stale = [
            kind
            for kind in KINDS
            if not (directory / f"{kind}.schema.json").exists()
            or (directory / f"{kind}.schema.json").read_text(encoding="utf-8") != schema_text(kind)
        ]
        for kind in stale:
            click.echo(f"{directory / kind}.schema.json is out of date: run `factsheets schemas`", err=True)
        sys.exit(1 if stale else 0)
    for path in write_schemas(directory):
        click.echo(f"wrote {path}")


@main.command()
@click.option(
    "--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="The folder to write (replaced)."
)
@click.option(
    "-f",
    "--config-file",
    default="mkdocs.yml",
    show_default=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
)
def build(out: Path, config_file: Path) -> None:
    """Write the site's pages, exports and feed as plain files into OUT, with its own mkdocs.yml,
    for a builder without our plugin: factsheets build --out .zensical && cd .zensical && zensical build."""
    try:
        warnings = export(config_file, out)
    except ExportError as error:
        for diagnostic in error.diagnostics:
            click.echo(str(diagnostic), err=True)
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)
    for warning in warnings:
        click.echo(warning, err=True)
    click.echo(f"wrote {out}: build it with `zensical build` or `mkdocs build` in that folder")


@main.command(context_settings={"ignore_unknown_options": True})
@click.option(
    "-f",
    "--config-file",
    default="mkdocs.yml",
    show_default=True,
    type=click.Path(dir_okay=False, exists=True),
)
@click.option("-d", "--site-dir", help="The folder to put the site in (default: the configuration's site_dir).")
@click.argument("mkdocs_args", nargs=-1, type=click.UNPROCESSED)
def site(config_file: str, site_dir: str | None, mkdocs_args: tuple[str, ...]) -> None:
    """Build the site with `mkdocs build --strict` and put it in place only if the build passed, so a
    failed build leaves the previous site as it was (what `make site` runs). Other options go to MkDocs."""
    sys.exit(build_site(config_file, site_dir, mkdocs_args))


if __name__ == "__main__":  # pragma: no cover
    main()
