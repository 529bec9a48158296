"""A realistic synthetic fact base of any size, the same for the same seed.

    python bench/synth.py 1000 bench/out/1000      # facts/, content/ and mkdocs.yml of a site

Every kind, relations both ways, claims with several sources, revised (superseded) figures,
disputed claims, aliases, and a few backgrounders that cite facts.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import yaml

WORDS = [
    "harbor",
    "river",
    "stone",
    "north",
    "union",
    "council",
    "front",
    "brigade",
    "office",
    "valley",
    "market",
    "bridge",
    "garden",
    "station",
    "tower",
    "square",
    "court",
    "mission",
    "assembly",
    "agency",
    "liberation",
    "people",
    "national",
    "army",
]
SHARES = {"people": 0.4, "organizations": 0.25, "incidents": 0.2, "dates": 0.1, "sources": 0.05}


def _name(rng: random.Random) -> str:
    # distinct words: a real name does not say a word twice ("Stone Stone"), which the prose check refuses
    return " ".join(w.capitalize() for w in rng.sample(WORDS, rng.randint(2, 4)))


def generate(size: int, out: Path, seed: int = 1) -> dict[str, list[str]]:
    """Write `size` fact files (and a site around them) into `out`; returns the ids by kind."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    ids = {kind: [f"{kind[:3]}-{i:05d}" for i in range(max(1, int(size * share)))] for kind, share in SHARES.items()}
    missing = size - sum(len(v) for v in ids.values())
    ids["people"] += [f"peo-x{i:05d}" for i in range(missing)]

    def sources(n: int = 2) -> list:
        chosen = rng.sample(ids["sources"], min(n, len(ids["sources"])))
        return [{"source": chosen[0], "quote": f"{_name(rng)} said so"}, *chosen[1:]]

    def claim(value, **extra) -> dict:
        return {"value": value, "sources": sources(rng.randint(1, 3)), **extra}

    def ref(kind: str, below: int | None = None) -> str:
        pool = ids[kind][:below] if below else ids[kind]
        return f"{kind}/{rng.choice(pool)}"

    def date() -> str:
        return f"{rng.randint(1990, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    taken: dict[str, int] = {}

    def unique(name: str) -> str:
        # Two entities sharing a name or alias is a warning of `validate` (a likely duplicate)
        taken[name.casefold()] = count = taken.get(name.casefold(), 0) + 1
        return name if count == 1 else f"{name} {count}"

    def common(id_: str) -> dict:
        return {
            "id": id_,
            "name": unique(_name(rng)),
            "aliases": [unique(_name(rng)) for _ in range(rng.randint(0, 3))],
            "summary": f"{_name(rng)} and {_name(rng)}, a synthetic entity for benchmarks.",
            "reviewed": "2026-11-24",
        }

    files: dict[str, dict] = {}
    for i, id_ in enumerate(ids["organizations"]):
        data = common(id_)
        if i > 0 and rng.random() < 0.6:
            data["part_of"] = [claim(ref("organizations", i))]  # only earlier ones: no cycles
        data["statements"] = [claim(f"{_name(rng)} was founded.")]
        files[f"organizations/{id_}"] = data
    for id_ in ids["people"]:
        data = common(id_)
        data["member_of"] = [
            claim(
                ref("organizations"),
                role=rng.choice(["Commander", "Member", "Minister"]),
                **{"from": str(rng.randint(1990, 2020))},
            )
        ]
        data["roles"] = [claim(f"{rng.choice(WORDS).capitalize()} officer")]
        files[f"people/{id_}"] = data
    for i, id_ in enumerate(ids["incidents"]):
        deaths = rng.randint(1, 200)
        data = common(id_)
        data.update(
            {
                "date": [claim(date())],
                "location": [claim(f"{_name(rng)}, {_name(rng)}")],
                "deaths": [
                    claim(deaths, according_to=ref("people")),
                    claim(
                        {"at_most": deaths + rng.randint(1, 20)},
                        status="superseded",
                        according_to="state media",
                        as_of=date(),
                    ),
                ],
                "injuries": [claim({"at_least": rng.randint(1, 300)})],
                "perpetrators": [
                    claim(ref("organizations"), responsibility="alleged", according_to=ref("people")),
                    claim(ref("organizations"), responsibility="denied", status="disputed"),
                ],
                "killed": [claim(ref("people")) for _ in range(rng.randint(0, 2))],
                "statements": [claim(f"{_name(rng)} was reported.") for _ in range(2)],
            }
        )
        if i > 0:
            data["related"] = [claim(ref("incidents", i), relation="follows")]
        files[f"incidents/{id_}"] = data
    for id_ in ids["dates"]:
        data = common(id_)
        data["date"] = [claim(date())]
        data["involves"] = [claim(ref("people"), role="speaker"), claim(ref("incidents"))]
        files[f"dates/{id_}"] = data
    for id_ in ids["sources"]:
        files[f"sources/{id_}"] = {
            "id": id_,
            "name": unique(f"Report on {_name(rng)}"),
            "publisher": _name(rng),
            "authors": [_name(rng)],
            "url": f"https://example.org/{id_}",
            "reviewed": "2026-11-24",
        }
    for name, data in files.items():
        path = out / "facts" / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    content = out / "content"
    (content / "backgrounders").mkdir(parents=True)
    (content / "index.md").write_text("# Synthetic fact base\n\n[[list:most-cited]]\n", encoding="utf-8")
    for n in range(5):
        refs = " ".join(f"[[{ref(kind)}]]" for kind in ("people", "organizations", "incidents") for _ in range(5))
        (content / "backgrounders" / f"story-{n}.md").write_text(
            f"# Backgrounder {n}\n\n{refs}\n\nDeaths: [[{ref('incidents')}#deaths]].\n",
            encoding="utf-8",
        )
    config = {
        "site_name": "Synthetic",
        "docs_dir": "content",
        "site_dir": "site",
        "theme": {"name": "material", "font": False},
        "markdown_extensions": ["tables", {"toc": {"permalink": True}}],
        "plugins": ["factsheets"],
        "nav": [
            {"Home": "index.md"},
            {"Backgrounders": [f"backgrounders/story-{n}.md" for n in range(5)]},
            *({kind.capitalize(): f"{kind}/index.md"} for kind in SHARES),
            {"Timeline": "timeline.md"},
        ],
    }
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return ids


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 1)
