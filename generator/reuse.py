"""What `mkdocs serve` keeps from one reload to the next: anything computed from fact files, kept while
those files are unchanged. The loader keeps an unchanged file's Document object, so "unchanged" is
"the same objects", checked by identity: a reload after one edit redoes that entity's work and its
neighbours', not everyone's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
Key = tuple[tuple[Any, ...], Any]  # (the documents it was made from, anything else it depends on)


class Reuse:
    def __init__(self) -> None:
        self.kept: dict[tuple[str, str], tuple[Key, Any]] = {}

    def get(self, what: str, name: str, key: Key, make: Callable[[], T]) -> T:
        kept = self.kept.get((what, name))
        if kept is not None and _same(kept[0], key):
            return kept[1]
        value = make()
        self.kept[(what, name)] = (key, value)
        return value

    def forget(self, what: str) -> None:
        self.kept = {k: v for k, v in self.kept.items() if k[0] != what}


def _same(a: Key, b: Key) -> bool:
    return len(a[0]) == len(b[0]) and a[1] == b[1] and all(x is y for x, y in zip(a[0], b[0], strict=True))


def optional(
    reuse: Reuse | None, what: str, name: str, key: Callable[..., Key], make: Callable[..., T], *args: Any
) -> T:
    """`make(*args)`, through `reuse` when there is one (under serve), computing `key(*args)` only then."""
    if reuse is None:
        return make(*args)
    return reuse.get(what, name, key(*args), lambda: make(*args))


def own_file(record_or_document: Any, *_: Any) -> Key:
    """The key of what is made from one file alone."""
    return (getattr(record_or_document, "document", record_or_document),), ()
