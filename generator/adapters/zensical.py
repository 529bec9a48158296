"""`factsheets build --out DIR`: the whole site as plain files, for a builder without our plugin.

MkDocs 1.x is no longer developed and Material ends in 2027; Zensical, their successor, reads
mkdocs.yml but runs no MkDocs plugin. So the pipeline writes what the plugin would hand MkDocs:

    DIR/mkdocs.yml      the project's configuration, docs_dir `docs`, without the factsheets plugin
    DIR/docs/           content/ with [[kind/id]] references resolved, every generated page
                        (front matter, then its HTML), the exports under api/, feed.xml, our CSS
    DIR/overrides/      the theme's overrides: ours (the feed's link in every head, a fact sheet's
                        edit button on its YAML file), the site's own custom_dir over them

`cd DIR && zensical build` (or `mkdocs build`) then builds DIR/site/. Each fact sheet carries its
JSON-LD at the end of its body. content/ passes the guard the plugin runs (guard.py) before
anything is written: what `mkdocs build --strict` refuses is refused here with the same
diagnostics, since no sanitizer runs after it. The headings of generated pages reach the table of
contents and get their permalinks through a Markdown extension of ours (adapters/headings.py).
What only the plugin does stays with it: the sanitizer behind the guard, live reload.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml

from ..check import references
from ..check.guard import (
    MAX_IMAGE_BYTES,
    check_content,
    content_files,
    escaped_page,
    publishing_files,
    site_theme_dirs,
)
from ..check.load import read_limited
from ..diagnostics import Diagnostic
from ..i18n import Language
from ..pipeline import Pipeline
from ..site.pages import Page
from . import headings

CSS = "assets/stylesheets/factsheets.css"
THEME_CSS = Path(__file__).parents[1] / "theme" / CSS
OVERRIDES = Path(__file__).parent / "zensical_theme"  # what the folder needs besides: feed link, edit button
HEADINGS = "factsheets.adapters.headings"  # the Markdown extension that gives Zensical our headings
MARKER = ".factsheets-build"  # marks a folder this command wrote, so that it may replace it


class ExportError(Exception):
    """Nothing was written; the message says why, `diagnostics` what is wrong with the facts."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


class _Tagged:
    """A value under one of MkDocs' own tags (!ENV, !relative, !!python/name:…), written back as it was."""

    def __init__(self, tag: str, node: yaml.Node, loader: yaml.SafeLoader) -> None:
        self.tag = tag
        if isinstance(node, yaml.MappingNode):
            self.value: Any = loader.construct_mapping(node, deep=True)
        elif isinstance(node, yaml.SequenceNode):
            self.value = loader.construct_sequence(node, deep=True)
        else:
            self.value = loader.construct_scalar(node)  # type: ignore[arg-type]


class _ConfigLoader(yaml.SafeLoader):
    pass


class _ConfigDumper(yaml.SafeDumper):
    pass


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: _Tagged(node.tag, node, loader))


def _represent(dumper: yaml.SafeDumper, tagged: _Tagged) -> yaml.Node:
    if isinstance(tagged.value, dict):
        return dumper.represent_mapping(tagged.tag, tagged.value)
    if isinstance(tagged.value, list):
        return dumper.represent_sequence(tagged.tag, tagged.value)
    return dumper.represent_scalar(tagged.tag, tagged.value)


_ConfigDumper.add_representer(_Tagged, _represent)


def read_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as written, MkDocs' own tags kept (not run): for the commands that read it without
    MkDocs. PyYAML's safe loader: mkdocs.yml is the maintainers' file, not a contributor's page."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    return config if isinstance(config, dict) else {}


def export(config_file: Path, out: Path) -> list[str]:
    """Write the site's sources into `out`, replacing what an earlier run wrote there; returns the
    warnings of the facts. Nothing is written when the facts have errors."""
    root = config_file.resolve().parent
    config = read_config(config_file)
    plugin = dict(_plugins(config)).get("factsheets") or {}
    content = root / config.get("docs_dir", "docs")
    templates = plugin.get("templates_dir")
    facts = root / plugin.get("facts_dir", "facts")
    result = Pipeline(
        facts,
        content,
        root / templates if templates else None,
        edit_prefix=os.path.relpath(facts, content).replace(os.sep, "/"),  # as the plugin gives it
        site_name=config.get("site_name", ""),
        site_url=config.get("site_url") or "",
        directory_urls=config.get("use_directory_urls", True),
        build_date=_build_date(),
        language=_language(config),
    ).build()
    if not result.ok or result.base is None:
        raise ExportError("the facts have errors; nothing was written", result.diagnostics)
    base = result.base

    files: dict[str, str] = {
        page.src_uri: _with_jsonld(_markdown(page, config), result.jsonld.get(page.src_uri.removesuffix(".md")))
        for page in result.pages
    }
    files.update(result.published)  # exports and feed
    # The guard the plugin runs, before anything is written: the same files refused, the same words.
    refused = check_content(content, site_theme_dirs(config.get("theme"), root), set(files), root)
    if refused:
        count = len(refused)
        raise ExportError(f"{count} problem{'s' * (count != 1)} in the docs folder; nothing was written", refused)
    files[CSS] = THEME_CSS.read_text(encoding="utf-8")

    out = out.resolve()
    if root.is_relative_to(out) or out.is_relative_to(content.resolve()):
        raise ExportError(f"{out} holds the project or is inside its pages; choose another folder")
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise ExportError(f"{out} exists and was not written by `factsheets build`; choose an empty or new folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        docs = staging / "docs"
        with Language(_language(config)).active():  # `[[kind/id#field]]` in the site's words
            _copy_content(content, docs, base, set(files))
        for path, text in files.items():
            target = docs / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        _overrides(config, root, staging / "overrides")
        (staging / "mkdocs.yml").write_text(_config(config), encoding="utf-8")
        (staging / MARKER).write_text("written by `factsheets build --out`; replaced by the next run\n")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    # Swap at the end: a failed run leaves the previous folder as it was. Zensical's cache stays:
    # it halves a rebuild.
    old = staging.with_name(staging.name + "-old")
    if (out / ".cache").is_dir():
        (out / ".cache").rename(staging / ".cache")
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    return [str(d) for d in result.diagnostics]  # warnings only: errors stopped above


def _with_jsonld(markdown: str, data: str | None) -> str:
    """A fact sheet's JSON-LD at the end of its page (search engines read it in the body too);
    the JSON is safe in a script element (publish.script_json)."""
    return markdown if data is None else f'{markdown}\n<script type="application/ld+json">{data}</script>\n'


def _markdown(page: Page, config: dict) -> str:
    """The page's file: its front matter with the edit link to its fact file, which our
    partials/actions.html puts on the edit button (Zensical takes no edit link from a page). A
    generated page without a fact file has none (null), as under the plugin: its Markdown file is
    nowhere in the repository."""
    edit_url = _edit_url(config, page.fact_file) if page.fact_file else None
    return page.markdown_with({"edit_url": edit_url}, first_line=headings.GENERATED)


def _edit_url(config: dict, src_uri: str) -> str | None:
    """The page's edit link as MkDocs makes it (Page._set_edit_url) for a file at `src_uri`
    relative to the docs folder: repo_url, then edit_uri or edit_uri_template, each defaulted as
    MkDocs defaults them."""
    repo_url = config.get("repo_url") or ""
    template = config.get("edit_uri_template")
    edit_uri = config.get("edit_uri")
    if edit_uri is None and not template:
        host = urlsplit(repo_url).netloc.lower()
        edit_uri = {"github.com": "edit/master/docs/", "gitlab.com": "edit/master/docs/"}.get(host)
        edit_uri = "src/default/docs/" if host == "bitbucket.org" else edit_uri
    if not isinstance(template, str) and not isinstance(edit_uri, str):
        return None
    if isinstance(template, str) and template:
        uri = template.format(path=src_uri, path_noext=os.path.splitext(src_uri)[0])
    elif isinstance(edit_uri, str) and edit_uri:
        uri = edit_uri.rstrip("/") + "/" + src_uri
    else:
        return None
    if repo_url and not uri.startswith(("?", "#")) and not repo_url.endswith("/"):
        repo_url += "/"
    return urljoin(repo_url, uri) if repo_url else uri


def _overrides(config: dict, root: Path, overrides: Path) -> None:
    """The theme's overrides the folder is built with: ours (feed link, edit button), then the
    site's custom_dir, which wins as it does beside the plugin. (Not the plugin's search partial:
    it is Material's, and Zensical's search is another.)"""
    shutil.copytree(OVERRIDES, overrides)
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, Mapping) else None
    if custom:
        shutil.copytree(root / custom, overrides, dirs_exist_ok=True, symlinks=False)


def _plugins(config: dict) -> list[tuple[str, Any]]:
    """mkdocs.yml's plugins as (name, options), written as a list or as a mapping."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        return list(plugins.items())
    return [next(iter(p.items())) if isinstance(p, dict) else (p, None) for p in plugins]


def _copy_content(content: Path, docs: Path, base: Any, generated: set[str]) -> None:
    """content/ into docs/, as the guard passed it: only the files it publishes (no hidden file, no
    link), each page with its front matter escaped as the plugin escapes it and its references
    resolved. Read through read_limited: a file swapped for a link since the guard looked is refused."""
    published = content_files(content)
    walked = {relative for relative, _ in published}  # and the hidden publishing files (.nojekyll)
    published += [(relative, content / relative) for relative in publishing_files(content) if relative not in walked]
    for relative, path in published:
        if relative in generated:
            raise ExportError(f"{path} is a hand-written page where a generated one goes; rename it")
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            raw = read_limited(path, MAX_IMAGE_BYTES)
        except OSError as error:
            raise ExportError(f"{path} cannot be read: {error.strerror or error}") from None
        if not relative.endswith(".md"):
            target.write_bytes(raw)
            continue
        here = os.path.dirname(relative) or "."

        def href(page: str, here: str = here) -> str:
            return os.path.relpath(page, here).replace(os.sep, "/")

        markdown = escaped_page(raw.decode("utf-8"))
        target.write_text(references.substitute(markdown, base, href), encoding="utf-8")


def _config(config: dict) -> str:
    """The project's configuration for the folder: pages in docs/, no factsheets plugin, our CSS
    added, the theme's overrides in overrides/ (the site's custom_dir among them), our Markdown
    extension for the headings of generated pages."""
    config = {**config, "docs_dir": "docs", "site_dir": "site"}
    config["plugins"] = [
        name if options is None else {name: options} for name, options in _plugins(config) if name != "factsheets"
    ]
    config["extra_css"] = [*(css for css in config.get("extra_css") or [] if css != CSS), CSS]
    theme = config.get("theme")
    theme = theme if isinstance(theme, dict) else {"name": theme or "material"}
    config["theme"] = {**theme, "custom_dir": "overrides"}  # the site's custom_dir is copied in there
    config["markdown_extensions"] = _with_headings(config.get("markdown_extensions"))
    return yaml.dump(config, Dumper=_ConfigDumper, sort_keys=False, allow_unicode=True)


def _with_headings(extensions: Any) -> Any:
    """The site's Markdown extensions and ours, which shows `toc` the headings of generated pages.
    None means MkDocs' own (toc, tables), which it keeps with ours."""
    if isinstance(extensions, dict):
        return {**extensions, HEADINGS: extensions.get(HEADINGS) or {}}
    listed = list(extensions or ["toc", "tables"])
    names = [next(iter(e)) if isinstance(e, dict) else e for e in listed]
    return listed if HEADINGS in names else [*listed, HEADINGS]


def _build_date() -> str | None:
    """The feed's date for entries never reviewed, as the plugin sets it: from SOURCE_DATE_EPOCH."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y-%m-%d") if epoch else None


def _language(config: dict) -> str:
    """The site's language, as the plugin reads it from the theme: `language`, else `locale`."""
    theme = config.get("theme")
    if not isinstance(theme, dict):
        return "en"
    return str(theme.get("language") or theme.get("locale") or "en")
