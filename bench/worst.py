"""Fact trees shaped to make a quadratic or exponential path never finish: the tests check that each
gives its few diagnostics, and `make bench` times them."""

from __future__ import annotations

from pathlib import Path

SOURCE = "id: report\nname: Report\n"
CITE = "    sources: [report]\n"


def write(root: Path, files: dict[str, str]) -> Path:
    """The files under root/facts, with the source they cite; returns the facts folder."""
    for name, text in {"sources/report.yaml": SOURCE, **files}.items():
        path = root / "facts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "facts"


def org(name: str, parents: list[str]) -> str:
    claims = "".join(f"  - value: organizations/{p}\n{CITE}" for p in parents)
    return f"id: {name}\nname: {name}\n" + (f"part_of:\n{claims}" if claims else "")


def levels_of_two(levels: int) -> dict[str, str]:
    """Every organization part_of both of the next level: 2^levels paths for a search that follows each."""
    files = {
        f"organizations/l{level}-{side}.yaml": org(f"l{level}-{side}", [f"l{level + 1}-a", f"l{level + 1}-b"])
        for level in range(levels)
        for side in "ab"
    }
    return files | {f"organizations/l{levels}-{side}.yaml": org(f"l{levels}-{side}", []) for side in "ab"}


def mutual_claims(count: int) -> dict[str, str]:
    """Two files, each part_of the other `count` times: count² pairs for a check that pairs claims."""
    return {f"organizations/{a}.yaml": org(a, [b] * count) for a, b in (("a", "b"), ("b", "a"))}


def unknown_references(entities: int, unknown: int) -> dict[str, str]:
    """A large base and one file with many unknown ids: each "did you mean" compares with every id."""
    files = {f"people/p{i}.yaml": f"id: p{i}\nname: Person {i}\n" for i in range(entities)}
    targets = "".join(f"  - value: people/nobody-{i}\n{CITE}" for i in range(unknown))
    return files | {"incidents/i.yaml": f"id: i\nname: Incident\ntargets:\n{targets}"}
