"""The `factsheets` command: a thin adapter over the pipeline. Exit 0 valid, 1 invalid, 2 usage."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .diagnostics import FORMATTERS, errors
from .pipeline import Pipeline


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


if __name__ == "__main__":  # pragma: no cover
    main()
