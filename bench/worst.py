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


# -- content/ and archives: the shapes of the hostile pull requests of round three -------------------

PERSON = "id: p0\nname: Person 0\n"


def page(root: Path, name: str, text: str) -> Path:
    """A hand-written page under root/content; returns the content folder."""
    path = root / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return root / "content"


def repeated_reference(count: int) -> str:
    """One line of `count` references to one fact: each replacement once rebuilt the whole line."""
    return "# Page\n\n" + "[[people/p0]] " * count + "\n"


def distinct_unknown_references(count: int) -> str:
    """`count` references to facts that don't exist: each once cost a fuzzy search of every id."""
    return "# Page\n\n" + "".join(f"[[people/nobody-{i}]] " for i in range(count)) + "\n"


def laughs(levels: int) -> str:
    """A "billion laughs" in front matter: 9^levels strings from a few hundred bytes, for a loader that
    expands aliases."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "---\n" + "\n".join(lines) + "\n---\n# Laughs\n"


def unclosed_attributes(count: int) -> str:
    """Tags whose quoted attribute never closes: a scanner that looks for the closing quote from
    each tag reads the rest of the page once per tag."""
    return "# Page\n\n" + '<a title="x ' * count + "\n"


def joined_words(count: int) -> str:
    """Persian words joined by the zero-width non-joiner, which the script needs: every one is looked at."""
    return "# Page\n\n" + "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 " * count + "\n"


def archives(count: int, megabytes: float) -> dict[str, str]:
    """`count` sources with archived copies of `megabytes` each, and a quote missing from each: the
    closest passage is searched in every copy."""
    words = " ".join(f"word{i % 5000} said{i % 7}" for i in range(int(megabytes * 1024 * 1024 / 16)))
    files = {}
    for i in range(count):
        files[f"sources/archive/a{i}.txt"] = words
        files[f"sources/s{i}.yaml"] = f"id: s{i}\nname: Source {i}\narchive: archive/a{i}.txt\n"
    claims = "".join(
        f"  - value: 1\n    sources:\n      - source: s{i}\n        quote: word17 said3 nowhere to be found\n"
        for i in range(count)
    )
    return files | {"incidents/i.yaml": f"id: i\nname: Incident\ndeaths:\n{claims}"}


MEASURE = """
import json, resource, sys, time
from pathlib import Path
from factsheets.pipeline import Pipeline
from factsheets.check import guard, references
facts, content = Path(sys.argv[1]), Path(sys.argv[2])
started = time.perf_counter()
result = Pipeline(facts, content if content.is_dir() else None).check()
guard.check_content(content, [], ())
if result.base is not None:
    for path, relative, text in guard.pages(content):
        references.substitute(text, result.base, lambda page: page)
seconds = time.perf_counter() - started
try:  # this process's own peak: ru_maxrss would count the parent's memory at the fork
    status = Path("/proc/self/status").read_text()
    peak = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) // 1024
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps([round(seconds, 3), peak]))
"""


def measure(root: Path) -> tuple[float, int]:
    """Seconds and peak memory (MB) of checking root/facts and root/content as `factsheets validate`
    and a build do (the guard, the references, their substitution), in a process of its own."""
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(root / "facts"), str(root / "content")],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    seconds, peak = json.loads(done.stdout)
    return seconds, peak
