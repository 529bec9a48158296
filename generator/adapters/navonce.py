"""The theme's navigation, rendered once per folder for the pages it does not list.

Material renders the whole navigation into every page, and at 10,000 fact sheets that was a fifth
of the time MkDocs spends writing pages. For a page the navigation does not list (every fact sheet)
the navigation is the same on every page of one folder: nothing in it is active, and its links are
relative to the folder. So its HTML is kept by (navigation, folder) and given again.

Material's `partials/nav.html` is wrapped as it is loaded, never copied: `{% call fs_nav_once() %}…
{% endcall %}` renders it on a miss and gives the kept HTML on a hit. Only Material's own: a site
that overrides the navigation or a partial it includes may print anything of the page there, and
another theme may too; those, and every page the navigation lists, are rendered as before.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

NAV_TEMPLATE = "partials/nav.html"
# What Material's navigation includes: all of them must be Material's own for its HTML to be kept.
NAV_PARTIALS = (
    NAV_TEMPLATE,
    "partials/nav-item.html",
    "partials/logo.html",
    "partials/source.html",
    "partials/toc.html",
    "partials/toc-item.html",
)


def _material_templates() -> Path | None:
    try:
        import material
    except ImportError:
        return None
    return Path(material.__file__).parent / "templates"


def _materials_own(loader: jinja2.BaseLoader, env: jinja2.Environment) -> bool:
    """Whether the navigation and every partial it includes come from Material's own templates."""
    material = _material_templates()
    for name in NAV_PARTIALS:
        try:
            _, filename, _ = loader.get_source(env, name)
        except jinja2.TemplateNotFound:
            return False
        if material is None or filename is None or not Path(filename).resolve().is_relative_to(material.resolve()):
            return False
    return True


class _WrappingLoader(jinja2.BaseLoader):
    """The theme's loader, with the navigation template inside a call of `fs_nav_once`."""

    def __init__(self, loader: jinja2.BaseLoader) -> None:
        self.loader = loader

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Any]:
        source, filename, uptodate = self.loader.get_source(environment, template)
        if template == NAV_TEMPLATE:  # the newline Jinja would drop at the end of a template, dropped
            body = source if environment.keep_trailing_newline else source.removesuffix("\n")
            source = "{% call fs_nav_once() %}" + body + "{% endcall %}"
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()


class NavOnce:
    """What one MkDocs build keeps: the navigation's HTML by (navigation, folder of the page)."""

    def __init__(self) -> None:
        self.kept: dict[tuple[int, str], tuple[Any, str]] = {}
        self.listed: dict[int, tuple[Any, set[int]]] = {}  # navigation -> the pages it lists

    def install(self, env: jinja2.Environment) -> None:
        loader = env.loader
        if loader is None or isinstance(loader, _WrappingLoader) or not _materials_own(loader, env):
            return
        env.loader = _WrappingLoader(loader)
        env.globals["fs_nav_once"] = jinja2.pass_context(lambda context, caller: self.render(context, caller))

    def render(self, context: jinja2.runtime.Context, caller: Callable[[], str]) -> str:
        nav, page = context.get("nav"), context.get("page")
        url = getattr(page, "url", None)
        if nav is None or url is None or self._lists(nav, page):
            return caller()
        key = (id(nav), url[: url.rfind("/") + 1])
        kept = self.kept.get(key)
        if kept is None or kept[0] is not nav:
            kept = self.kept[key] = (nav, caller())
        return kept[1]

    def _lists(self, nav: Any, page: Any) -> bool:
        """Whether the navigation links this page (then it shows as active there), or has no way of saying."""
        listed = self.listed.get(id(nav))
        if listed is None or listed[0] is not nav:
            pages = getattr(nav, "pages", None)
            if pages is None:
                return True
            listed = self.listed[id(nav)] = (nav, {id(p) for p in pages})
        return id(page) in listed[1] or getattr(page, "parent", None) is not None
