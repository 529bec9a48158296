"""Benchmark: the generator's cost per step, full and bare builds, Hugo on the same pages, memory,
size and serve reloads.

    make bench                         # 1,000 and 10,000 entities, 3 runs each; 5 saves at 5,000
    .venv/bin/python bench/run.py --sizes 1000 --serve-size 1000 --runs 1    # a quicker look
    .venv/bin/python bench/run.py --quick                                    # a smoke run
    --zensical (make bench passes it): beside `mkdocs build`, Zensical on `factsheets build --out`

Prints a table and writes bench/out/results.json. Figures are medians of --runs runs; the
machines are shared and noisy, so compare ratios measured in one run, not absolute times.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factsheets.check import load, references  # noqa: E402
from factsheets.check.link import link  # noqa: E402
from factsheets.check.validate import validate  # noqa: E402
from factsheets.pipeline import Pipeline  # noqa: E402
from factsheets.site import search  # noqa: E402
from factsheets.site.lastmod import page_dates  # noqa: E402
from factsheets.site.pages import render  # noqa: E402
from factsheets.site.publish import published  # noqa: E402

from bench import worst  # noqa: E402
from bench.synth import generate  # noqa: E402

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}


def median_times(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median seconds of each action, run in turns so that all see the same noise."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            started = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def _tree_rss_kib(pid: int) -> int:
    """The resident memory of a process and all its descendants together (Linux /proc), in KiB."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) if "VmRSS" in status else 0
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, AttributeError):  # it ended meanwhile
            continue
    return total


def timed_build(root: Path, command: tuple[str, ...] = ()) -> tuple[float, int]:
    """Wall time of one `mkdocs build --strict` (or another command) and its peak memory in KiB: the
    largest sum, sampled every 20 ms, of every process it runs at once (MkDocs and Pagefind's binary
    together), falling back to the largest one where /proc is missing."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command or (str(BIN / "mkdocs"), "build", "--strict")),
        cwd=root,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss_kib(process.pid))
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command) or 'mkdocs build'} failed in {root}")
    if not Path("/proc/self/status").exists():
        import resource

        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak


def _content_pages(root: Path, result, write) -> None:
    """The hand-written pages, their `[[kind/id]]` references replaced by links, as the plugin does."""
    for path in (root / "content").rglob("*.md"):
        here = path.relative_to(root / "content").as_posix()

        def href(uri: str, here: str = here) -> str:
            return os.path.relpath(uri, os.path.dirname(here) or ".")

        write(here, references.substitute(path.read_text(encoding="utf-8"), result.base, href))


def _write(folder: Path, path: str, text: str) -> None:
    (folder / path).parent.mkdir(parents=True, exist_ok=True)
    (folder / path).write_text(text, encoding="utf-8")


def bare_site(root: Path, bare: Path) -> None:
    """The same pages, already rendered to HTML, as a plain MkDocs site without our plugin: each page
    a Markdown file of front matter and raw HTML, which Python-Markdown passes through."""
    if bare.exists():
        shutil.rmtree(bare)
    result = Pipeline(root / "facts", root / "content").build()
    docs = bare / "content"
    for page in result.pages:
        _write(docs, page.src_uri, page.markdown)
    _content_pages(root, result, lambda path, text: _write(docs, path, text))
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config["plugins"] if p != "factsheets"]
    (bare / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


# A minimal Hugo site: every page in one layout with a nav of the sections, as bare as MkDocs' nav.
HUGO_LAYOUT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} - {{ .Site.Title }}</title></head>
<body><nav><a href="{{ .Site.Home.RelPermalink }}">Home</a>
{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>
<main>{{ .Content }}</main></body></html>
"""


def hugo() -> str:
    """Debian's hugo, installed when missing (the bench machines are Debian)."""
    found = shutil.which("hugo")
    if found is None:
        subprocess.run(["apt-get", "install", "-y", "hugo"], check=True, stdout=subprocess.DEVNULL)
        found = shutil.which("hugo")
    if found is None:
        raise SystemExit("hugo is not installed and apt-get could not install it")
    return found


def hugo_site(root: Path, out: Path) -> None:
    """The same generated pages, as finished HTML with front matter (Hugo renders no Markdown in them),
    and the hand-written pages as Markdown. Index pages are section pages: `incidents/_index.html`."""
    if out.exists():
        shutil.rmtree(out)
    result = Pipeline(root / "facts", root / "content").build()
    folders = {page.src_uri.rsplit("/", 1)[0] for page in result.pages if "/" in page.src_uri}

    def where(src_uri: str, suffix: str) -> str:
        path = src_uri.removesuffix(".md")
        folder, _, name = path.rpartition("/")
        if name == "index":  # a section's own page, or the home page
            return (folder + "/" if folder else "") + "_index" + suffix
        if path in folders:  # timeline.md beside timeline/: the section's page
            return path + "/_index" + suffix
        return path + suffix

    for page in result.pages:
        _write(out / "content", where(page.src_uri, ".html"), f"---\ntitle: {json.dumps(page.title)}\n---\n{page.html}")
    _content_pages(root, result, lambda path, text: _write(out / "content", where(path, ".md"), text))
    (out / "hugo.toml").write_text(
        'baseURL = "https://factsheets.example.org/"\ntitle = "Factsheets"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n',
        encoding="utf-8",
    )
    for name in ("single", "list"):
        _write(out / "layouts" / "_default", f"{name}.html", HUGO_LAYOUT)
    _write(out / "layouts", "index.html", HUGO_LAYOUT)


def tree_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _commit(root: Path) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z"}
    ident = ["-c", "user.name=Bench", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "synthetic facts"]):
        subprocess.run(["git", *ident, *args], cwd=root, env=env, check=True, capture_output=True, timeout=600)


def measure(size: int, runs: int, out: Path) -> dict:
    root = out / f"site-{size}"
    generate(size, root)
    facts = root / "facts"
    files, _ = load.fact_files(facts)
    raw = [path.read_bytes() for path, _ in files]
    documents, _ = load.load(files)
    records, _ = validate(documents)
    base, _ = link(records)
    _commit(root)  # the sitemap's dates come from git, as on a real site
    sheets = [f"{ref}.md" for ref in base.records]
    steps = median_times(
        {
            "parse (raw CSafeLoader)": lambda: [yaml.load(b, Loader=Loader) for b in raw],
            "load": lambda: load.load(files),
            "validate": lambda: validate(documents),
            "link": lambda: link(records),
            "render": lambda: render(base),
            "publish (exports, tables, feed, JSON-LD)": lambda: published(base, "Bench", "https://example.org/"),
            "sitemap dates (one git log)": lambda: page_dates(base, sheets, {}, [facts, root / "content"]),
            "factsheets validate": lambda: Pipeline(facts, root / "content").check(),
        },
        runs,
    )
    bare_site(root, out / f"bare-{size}")
    hugo_site(root, out / f"hugo-{size}")
    hugo_command = (hugo(), "--quiet", "--source", str(out / f"hugo-{size}"), "--destination", "public")
    full_runs, bare_runs, hugo_runs = [], [], []
    for _ in range(runs):  # in turns, so that every build sees the same noise of a shared machine
        full_runs.append(timed_build(root))
        bare_runs.append(timed_build(out / f"bare-{size}"))
        hugo_runs.append(timed_build(out / f"hugo-{size}", hugo_command))
    # `make site`: the same build, its search index made once MkDocs has ended (one run: memory)
    site_time, site_peak = timed_build(root, (str(BIN / "factsheets"), "site", "-d", str(out / f"made-{size}")))
    full_times, bare_times = [t for t, _ in full_runs], [t for t, _ in bare_runs]
    full, peak = statistics.median(full_times), max(m for _, m in full_runs)
    bare, bare_peak = statistics.median(bare_times), max(m for _, m in bare_runs)
    hugo_time = statistics.median(t for t, _ in hugo_runs)
    share = statistics.median((f - b) / f for f, b in zip(full_times, bare_times, strict=True))
    return {
        "entities": size,
        "entities_per_second": {step: round(size / seconds) for step, seconds in steps.items()},
        "full_build_s": round(full, 2),
        "bare_build_s": round(bare, 2),
        "hugo_build_s": round(hugo_time, 2),
        "full_over_hugo": round(full / hugo_time, 1),
        "bare_over_hugo": round(bare / hugo_time, 1),
        "generator_share": round(share, 3),
        "full_build_per_entity_ms": round(1000 * full / size, 2),
        "peak_memory_mb": round(peak / 1024),
        "bare_peak_memory_mb": round(bare_peak / 1024),
        "make_site_s": round(site_time, 2),
        "make_site_peak_memory_mb": round(site_peak / 1024),
        "site_bytes_per_entity": round(tree_bytes(root / "site") / size),
    }


def serve_reload(size: int, runs: int, out: Path, full_build: bool = True) -> dict:
    """Seconds from saving one fact file to its page showing the change under `mkdocs serve`, each
    save made once the server is quiet: its first build done, the search index of the last build
    written (Pagefind runs beside the preview), the watcher's first look at the files taken."""
    root = out / f"serve-{size}"
    generate(size, root)
    full = timed_build(root)[0] if full_build else 0.0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_path = root / "serve.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [str(BIN / "mkdocs"), "serve", "--livereload", "--dirty", "--no-strict", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/people/peo-00001/"
    indexes = search.executable() is not None

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    def said(text: str) -> int:
        return log_path.read_text(encoding="utf-8", errors="replace").count(text)

    def until(done: Callable[[], bool], limit: float, what: str) -> float:
        started = time.monotonic()
        while not done():
            if server.poll() is not None or time.monotonic() - started > limit:
                tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
                raise SystemExit(f"serve at {size} entities: {what} within {limit:.0f} s\n{tail}")
            time.sleep(0.02)
        return time.monotonic() - started

    def quiet(reloads: int) -> None:
        """The server has finished its first build and `reloads` more and, after each, the search index.
        (Not counted by "Documentation built in": MkDocs logs a message once, and two builds may take
        the same time.)"""
        until(lambda: said("Serving on") and said("Reloading browsers") >= reloads, 3600, "no build ended")
        if indexes:
            indexed = ("search index updated", "Pagefind failed")
            until(lambda: sum(map(said, indexed)) > reloads, 3600, "the search index was not written")
        time.sleep(1.0)  # the watcher polls every 0.5 s: its look at the files is taken

    try:
        quiet(0)
        until(lambda: "peo-00001" in page(), 60, "the page was not served")
        fact = root / "facts/people/peo-00001.yaml"
        reloads = []
        for run in range(runs):
            marker = f"Edited role {run}"
            text, found = re.subn(r"(roles:\n- value: )[^\n]*", rf"\g<1>{marker}", fact.read_text(encoding="utf-8"))
            assert found == 1, "the synthetic person has no role to edit"
            detected = said("Detected file changes")
            fact.write_text(text, encoding="utf-8")
            started = time.monotonic()
            until(lambda d=detected: said("Detected file changes") > d, 30, "the watcher did not see the save")
            until(lambda m=marker: m in page(), 600, f"the page did not show {marker!r}")
            reloads.append(time.monotonic() - started)
            quiet(run + 1)
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl-C: MkDocs and the plugin remove their temporary folders
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    reload = statistics.median(reloads)
    return {
        "entities": size,
        "full_build_s": round(full, 2),
        "reload_s": round(reload, 2),
        "reloads_s": [round(r, 2) for r in reloads],
        "reload_share": round(reload / full, 3) if full else None,
    }


# Long tasks of the main thread, gathered from the start of the page: Total Blocking Time is the sum
# of each task's time past 50 ms after the first contentful paint (as Lighthouse counts it, without
# its trace). Long animation frames say what ran in them: scripts (by file and entry point) and the
# style and layout that followed, so the report can name the longest task's source.
LONG_TASKS = """window.__longTasks = [];
window.__frames = [];
new PerformanceObserver(list => {
  for (const t of list.getEntries()) window.__longTasks.push([t.startTime, t.duration]);
}).observe({type: "longtask", buffered: true});
try {
  new PerformanceObserver(list => {
    for (const f of list.getEntries()) window.__frames.push({
      start: f.startTime, duration: f.duration,
      layout: f.styleAndLayoutStart ? f.startTime + f.duration - f.styleAndLayoutStart : 0,
      scripts: f.scripts.map(s => [s.sourceURL.replace(/^.*\\//, "") || s.invoker, s.invoker, s.duration]),
    });
  }).observe({type: "long-animation-frame", buffered: true});
} catch (e) {}"""
BLOCKING = """() => {
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const fcp = paint ? paint.startTime : 0;
  let total = 0;
  for (const [start, duration] of window.__longTasks) {
    const end = start + duration;
    if (end > fcp) total += Math.max(0, end - Math.max(start, fcp) - 50);
  }
  return total;
}"""
# The longest task, and what the animation frame it ended in spent its time on.
LONGEST = """() => {
  const tasks = window.__longTasks;
  if (!tasks.length) return "no long task";
  const [start, duration] = tasks.reduce((a, b) => (b[1] > a[1] ? b : a));
  const frame = window.__frames.find(f => f.start <= start + duration && start <= f.start + f.duration);
  const parts = [];
  if (frame) {
    const scripts = {};
    for (const [source, invoker, time] of frame.scripts) {
      const name = source === invoker ? source : source + " (" + invoker.replace(/^.*\\//, "") + ")";
      scripts[name] = (scripts[name] || 0) + time;
    }
    for (const [name, time] of Object.entries(scripts).sort((a, b) => b[1] - a[1]).slice(0, 3))
      parts.push(name + " " + Math.round(time) + " ms");
    if (frame.layout) parts.push("style and layout " + Math.round(frame.layout) + " ms");
  }
  return Math.round(duration) + " ms at " + Math.round(start) + " ms: " + (parts.join(", ") || "parsing, no script");
}"""


def largest_page(site: Path) -> tuple[str, int]:
    pages = [(p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")]
    size, name = max(pages)
    return name, size


def index_blocking(browser, url: str) -> tuple[float, str]:
    """One load of an index page on a phone's screen with the CPU slowed 4 times (Lighthouse's mobile),
    a fresh cache: its Total Blocking Time and what its longest task did."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    try:
        page = context.new_page()
        page.add_init_script(LONG_TASKS)
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(2000)
        return page.evaluate(BLOCKING), page.evaluate(LONGEST)
    finally:
        context.close()


def readers(name: str, site: Path, sheet: str, queries: list[str], runs: int = 5) -> dict:
    """What a reader downloads and waits for, in Debian's Chromium: bytes before the first interaction
    on the home page, a fact sheet, the people index and the largest page (a fresh cache each), so
    that any page can be held to the seed's; bytes one query fetches
    (the first with the search engine itself); the Total Blocking Time of the people index with the
    CPU slowed 4 times (Lighthouse's mobile), the median of `runs` loads (one load on a shared machine
    can be twice another: each is reported), and what the longest task of the median load ran."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve

    row: dict = {"site": name}
    row["largest_page"], row["largest_page_bytes"] = largest_page(site)
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            largest = row["largest_page"].removesuffix("index.html")
            for label, path in (("home", ""), ("sheet", sheet), ("index", "people/"), ("largest_page", largest)):
                context = browser.new_context()
                page = context.new_page()
                fetched: list[int] = []
                page.on("requestfinished", lambda r, fetched=fetched: fetched.append(r.sizes()["responseBodySize"]))
                page.goto(url + path)
                page.wait_for_load_state("networkidle")
                row[f"{label}_bytes_before_interaction"] = sum(fetched)
                if label == "home":
                    per_query = []
                    for query in queries:
                        if per_query:  # the first query counts the search engine, fetched as the box is focused
                            page.fill("#fs-search-input", "")
                            page.wait_for_function(
                                "!document.getElementById('fs-search-status').textContent.match(/matching/)"
                            )
                            page.wait_for_load_state("networkidle")
                        fetched.clear()
                        page.fill("#fs-search-input", query)
                        page.wait_for_function(
                            "document.getElementById('fs-search-status').textContent.match(/matching/)", timeout=60_000
                        )
                        page.wait_for_load_state("networkidle")
                        per_query.append(sum(fetched))
                    row["query_bytes_first"], row["query_bytes_max_later"] = per_query[0], max(per_query[1:] or [0])
                context.close()
            blocking = [index_blocking(browser, url + "people/") for _ in range(runs)]
            row["index_total_blocking_ms"] = round(statistics.median(t for t, _ in blocking))
            row["index_total_blocking_runs"] = [round(t) for t, _ in blocking]
            row["index_longest_task"] = sorted(blocking)[len(blocking) // 2][1]  # of the median run
        finally:
            browser.close()
    return row


def reader_sites(sizes: list[int], out: Path) -> list[dict]:
    """`readers` on the project's own site (the seed) and on each synthetic site `measure` built."""
    seed = out / "site-seed"
    done = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(seed)],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"the seed site did not build: {done.stderr[-2000:]}")
    sheet = next(p for p in sorted((seed / "people").iterdir()) if (p / "index.html").is_file()).name
    rows = [readers("seed", seed, f"people/{sheet}/", ["Kerman", "Soleymani", "IRGC"])]
    for size in sizes:
        site = out / f"site-{size}" / "site"
        title = re.search(r"<h1[^>]*>(.*?)<", (site / "people/peo-00001/index.html").read_text(encoding="utf-8"))
        name = title.group(1) if title else "harbor"
        queries = [name, name.split()[-1], "harbor", "harbor river market station front"]  # five common words
        rows.append(readers(f"{size:,}", site, "people/peo-00001/", queries))
    return rows


def zensical_side_by_side(sizes: list[int], runs: int, out: Path) -> list[dict]:
    """Optional (--zensical): the plugin's `mkdocs build` beside Zensical building the folder
    `factsheets build --out` writes, cold (no cache) and again with its cache, in turns."""
    rows = []
    for size in sizes:
        root, folder = out / f"site-{size}", out / f"zensical-{size}"
        times: dict[str, list[float]] = {
            "mkdocs_build_s": [],
            "export_s": [],
            "zensical_cold_s": [],
            "zensical_cached_s": [],
        }
        error = None
        for _ in range(runs):
            times["mkdocs_build_s"].append(timed_build(root)[0])
            for key, command, cwd in (
                ("export_s", [BIN / "factsheets", "build", "--out", folder], root),
                ("zensical_cold_s", [BIN / "zensical", "build", "--clean"], folder),
                ("zensical_cached_s", [BIN / "zensical", "build"], folder),
            ):
                started = time.perf_counter()
                done = subprocess.run([str(c) for c in command], cwd=cwd, env=ENV, capture_output=True, text=True)
                times[key].append(time.perf_counter() - started)
                if done.returncode != 0:  # Zensical refuses pages past its search index limit
                    error = (done.stderr or done.stdout).strip().splitlines()[-1][:300]
                    break
            if error:
                break
        row: dict = {"entities": size, **{k: round(statistics.median(v), 2) for k, v in times.items() if v}}
        if error:
            row["zensical_error"] = error
        rows.append(row)
    return rows


def worst_cases(out: Path, quick: bool) -> dict[str, dict[str, float]]:
    """Seconds and peak memory of `factsheets validate`'s checks (and the references' substitution) on
    the shapes that once made a path quadratic, exponential or greedy (bench/worst.py), each at two
    sizes: nothing above linear, so the larger takes about twice as long, never four times."""
    claims, entities = (200, 200) if quick else (2000, 20_000)
    refs = 10_000 if quick else 40_000
    shapes: dict[str, tuple[dict[str, str], dict[str, str]]] = {
        "part_of on 30 levels of two (2^30 paths)": (worst.levels_of_two(30), {}),
        f"2 files with {claims:,} mutual part_of claims each": (worst.mutual_claims(claims), {}),
        f"500 unknown ids in {entities:,} entities": (worst.unknown_references(entities, 500), {}),
    }
    for n in (refs // 2, refs):
        shapes[f"{n:,} copies of one reference on one line"] = (
            {"people/p0.yaml": worst.PERSON},
            {"index.md": worst.repeated_reference(n)},
        )
        shapes[f"{n:,} distinct unknown references in a page"] = (
            {"people/p0.yaml": worst.PERSON},
            {"index.md": worst.distinct_unknown_references(n)},
        )
        shapes[f"{n * 2:,} tags with an unclosed quote"] = ({}, {"index.md": worst.unclosed_attributes(n * 2)})
        shapes[f"{n:,} words joined by ZWNJ"] = ({}, {"index.md": worst.joined_words(n)})
    shapes["billion laughs in front matter (9^9 strings)"] = ({}, {"index.md": worst.laughs(9)})
    size = 1 if quick else 7.9
    for count in (4, 8):
        shapes[f"{count} archives of {size} MiB, a quote missing from each"] = (worst.archives(count, size), {})
    results = {}
    for number, (name, (files, pages)) in enumerate(shapes.items()):
        root = out / f"worst-{number}"
        worst.write(root, files)
        for page, text in pages.items():
            worst.page(root, page, text)
        seconds, peak = worst.measure(root)
        results[name] = {"seconds": seconds, "peak_mb": peak}
        shutil.rmtree(root, ignore_errors=True)
    return results


def report(results: dict) -> str:
    sizes = results["sizes"]
    lines = ["entities                      " + "".join(f"{s['entities']:>12,}" for s in sizes)]
    for step in sizes[0]["entities_per_second"]:
        lines.append(f"{step + ' (entities/s)':<30}" + "".join(f"{s['entities_per_second'][step]:>12,}" for s in sizes))
    for key, label in (
        ("full_build_s", "full build (s)"),
        ("bare_build_s", "bare mkdocs build (s)"),
        ("hugo_build_s", "hugo build (s)"),
        ("full_over_hugo", "full build / hugo"),
        ("bare_over_hugo", "bare mkdocs / hugo"),
        ("generator_share", "generator share"),
        ("full_build_per_entity_ms", "build per entity (ms)"),
        ("peak_memory_mb", "peak memory (MB)"),
        ("make_site_s", "make site (s)"),
        ("make_site_peak_memory_mb", "make site peak memory (MB)"),
        ("site_bytes_per_entity", "site bytes per entity"),
    ):
        lines.append(f"{label:<30}" + "".join(f"{s[key]:>12,}" for s in sizes))
    serve = results.get("serve")
    if serve:
        lines.append(
            f"serve reload at {serve['entities']:,}: {serve['reload_s']} s (median of {serve['reloads_s']}),"
            f" full build {serve['full_build_s']} s, share {serve['reload_share']:.0%}"
        )
    for name, value in results["ratios"].items():
        lines.append(f"{name}: {value}")
    for name, figures in results.get("worst_cases", {}).items():
        lines.append(f"worst case, {name}: {figures['seconds']} s, peak {figures['peak_mb']} MB")
    keys = (
        ("home_bytes_before_interaction", "home page: bytes before interaction"),
        ("sheet_bytes_before_interaction", "a fact sheet: bytes before interaction"),
        ("index_bytes_before_interaction", "people index: bytes before interaction"),
        ("largest_page_bytes", "largest page (bytes)"),
        ("largest_page_bytes_before_interaction", "largest page: bytes before interaction"),
        ("query_bytes_first", "first query: bytes fetched"),
        ("query_bytes_max_later", "a later query: bytes fetched (max)"),
        ("index_total_blocking_ms", "people index: TBT, CPU / 4, median (ms)"),
    )
    shown = results.get("readers", [])
    if shown:
        lines.append("what readers get            " + "".join(f"{r['site']:>12}" for r in shown))
        for key, label in keys:
            lines.append(f"{label:<40}"[:40] + "".join(f"{r[key]:>12,}" for r in shown))
        lines.append("largest pages: " + ", ".join(f"{r['site']}: {r['largest_page']}" for r in shown))
        for r in shown:
            runs = ", ".join(str(t) for t in r["index_total_blocking_runs"])
            lines.append(f"people index TBT, {r['site']}: runs {runs} ms; longest task {r['index_longest_task']}")
    for row in results.get("zensical", []):
        timed = ", ".join(f"{key[:-2].replace('_', ' ')} {row[key]} s" for key in row if key.endswith("_s"))
        failed = f"; zensical failed: {row['zensical_error']}" if "zensical_error" in row else ""
        lines.append(f"at {row['entities']:,} entities: {timed}{failed}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--serve-size", type=int, default=5000, help="0 to skip the reload benchmark")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 60 entities, one run")
    parser.add_argument("--zensical", action="store_true", help="also time Zensical on `factsheets build --out`")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.serve_size, args.runs = [60], 60, 1
    args.out.mkdir(parents=True, exist_ok=True)
    results: dict = {"sizes": [measure(size, args.runs, args.out) for size in args.sizes]}
    if args.serve_size:
        # the figure is a median of 5 saves; the smoke run makes one
        results["serve"] = serve_reload(args.serve_size, 1 if args.quick else max(args.runs, 5), args.out)
    small, large = results["sizes"][0], results["sizes"][-1]
    results["ratios"] = {
        "build cost per entity, largest / smallest": round(
            large["full_build_per_entity_ms"] / small["full_build_per_entity_ms"], 2
        ),
        "site bytes per entity, largest / smallest": round(
            large["site_bytes_per_entity"] / small["site_bytes_per_entity"], 2
        ),
        "validate / raw parse rate (largest)": round(
            large["entities_per_second"]["factsheets validate"]
            / large["entities_per_second"]["parse (raw CSafeLoader)"],
            2,
        ),
        "generator share (largest)": large["generator_share"],
    }
    results["readers"] = reader_sites(args.sizes, args.out)
    results["worst_cases"] = worst_cases(args.out, args.quick)
    if args.zensical:
        results["zensical"] = zensical_side_by_side(args.sizes, args.runs, args.out)
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(report(results))
    print(f"written to {args.out / 'results.json'}")


if __name__ == "__main__":
    main()
