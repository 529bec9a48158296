"""The `factsheets` command: a thin adapter over the pipeline. Exit 0 valid, 1 invalid, 2 usage."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .diagnostics import FORMATTERS, errors
from .export import ExportError, export
from .factdiff import DiffError, fact_diff, to_json, to_markdown
from .kinds import KINDS
from .pipeline import Pipeline
from .scaffold import ScaffoldError, new_fact
from .schemas import project_schema_dir, schema_text, write_schemas


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Factsheets: publish curated, sourced facts as a website."""


@main.command()
@click.argument("facts_dir", default="facts", type=click.Path(file_okay=False, path_type=Path))
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
def validate(facts_dir: Path, content_dir: Path | None, output: str) -> None:
    """Check every fact file and report every problem, with file, line and column."""
    if content_dir is None:
        content_dir = facts_dir.parent / "content"
    try:
        result = Pipeline(facts_dir, content_dir).check()
    except Exception as error:  # a bug of ours must still not look like the editor's fault
        click.echo(f"{facts_dir}:1:1: error: internal error in factsheets: {error!r}", err=True)
        sys.exit(1)
    text = FORMATTERS[output](result.diagnostics)
    if text:
        click.echo(text)
    found = errors(result.diagnostics)
    if found and output == "text":
        warnings = len(result.diagnostics) - len(found)
        click.echo(f"{len(found)} error{'s' * (len(found) != 1)}, {warnings} warning{'s' * (warnings != 1)}", err=True)
    sys.exit(1 if found else 0)


@main.command()
@click.argument("kind")
@click.argument("name")
@click.option("--id", "id_", help="The id to use instead of one made from the name.")
@click.option("--facts-dir", default="facts", show_default=True, type=click.Path(file_okay=False, path_type=Path))
def new(kind: str, name: str, id_: str | None, facts_dir: Path) -> None:
    """Write a skeleton fact file: factsheets new people "Qassem Soleimani"."""
    try:
        path = new_fact(facts_dir, kind, name, id_)
    except ScaffoldError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)
    click.echo(path)


@main.command()
@click.argument("old")
@click.argument("new", default="facts")
@click.option("--format", "output", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@click.option("--facts-path", default="facts", show_default=True, help="Where the facts are inside a revision.")
def diff(old: str, new: str, output: str, facts_path: str) -> None:
    """The facts a change adds, removes, renames or changes: between two git revisions or folders.

    OLD and NEW are git revisions (main, HEAD~1, a commit) or folders of fact files; NEW defaults to
    the working tree's facts/."""
    try:
        result = fact_diff(old, new, Path("."), facts_path)
    except DiffError as error:
        click.echo(f"Error: {error}", err=True)
        for diagnostic in error.diagnostics:
            click.echo(str(diagnostic), err=True)
        sys.exit(1)
    click.echo(to_markdown(result) if output == "markdown" else to_json(result))


@main.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--check", is_flag=True, help="Exit 1 if the schemas in DIRECTORY are out of date, writing nothing.")
def schemas(directory: Path | None, check: bool) -> None:
    """Write the JSON Schemas of the fact files, generated from the models, into DIRECTORY.

    DIRECTORY defaults to schemas/ beside facts/ (in this repository, the package's generator/schemas/);
    `factsheets new` points each file's $schema there."""
    directory = directory or project_schema_dir(Path("facts"))
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
    for a builder without our plugin: factsheets build --out build && cd build && zensical build."""
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


if __name__ == "__main__":  # pragma: no cover
    main()
