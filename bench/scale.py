#!/usr/bin/env python3
"""Scale benchmark: the whole chain, from raw text to a served site, at 1,000 and 10,000 articles.

    python bench/scale.py                            # --sizes 1000 10000
    python bench/scale.py --sizes 1000 --keep /tmp/scale   # keep the projects to look at them

For each size, a synthetic project is generated (bench/generate.py) beside a copy of this
project's code, config and hand-written pages, then timed, each step in its own process:

- pipeline: `build_archive.py` (raw text -> pages, corpus.jsonl), seconds, MB/s of raw text;
- our build: `mkdocs build` with mkdocs.yml (its hook finds the archive build's stamp current and
  does not build the archive again: archive/stamp.py), and the whole chain, pipeline + our build;
- plain build: `mkdocs build` of the same pages with a minimal Material configuration (search
  plugin, the same Markdown extensions and navigation, no hooks, no tags plugin): the ratio of
  the two is our overhead;
- peak memory of each: the highest sum of RSS over the process tree, sampled every 20 ms;
- the site: total size, average article page (its HTML alone, without the shared assets);
- search: bytes a browser downloads until the first result, by bench/search_first_result.py
  when present;
- edit -> page: `mkdocs serve --dirty` runs; one annotation file gets a new note text, five times
  (--edits), a few seconds apart; the time until the served article page contains each (polled
  every 50 ms): the median and the slowest.

Timings are wall-clock on a shared machine: run it on an idle one for numbers to publish.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MKDOCS = [PYTHON, "-m", "mkdocs"]
SERVE_START_SECONDS = 1800
EDIT_WAIT_SECONDS = 120
EDIT_PAUSE_SECONDS = 4
EDITED_TEXT = "Compare with the wire reports"
"""The start of a note text bench/generate.py writes; each edit appends a new marker to it."""


@dataclass
class Run:
    """One timed command: wall seconds, CPU seconds of its process tree and the tree's peak RSS."""

    seconds: float
    cpu_seconds: float
    peak_mb: float


@dataclass
class Result:
    articles: int
    raw_mb: float = 0.0
    runs: dict[str, Run] = field(default_factory=dict)
    site_mb: float = 0.0
    page_kb: float = 0.0
    search: str = ""
    edit_seconds: list[float] = field(default_factory=list)


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmRSS:"))
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total


def timed(command: list[str], cwd: Path, env: dict | None = None) -> Run:
    """Run a command to its end, sampling the memory of its process tree."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{process.stderr.read().decode()[-3000:]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, peak / 1e6)  # CPU: with the workers it waited for


def make_project(target: Path, articles: int) -> None:
    """A generated raw/ and annotations/ with this project's code, config and hand-written pages."""
    subprocess.run(
        [PYTHON, str(ROOT / "bench" / "generate.py"), str(target), "--articles", str(articles)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    sys.path.insert(0, str(ROOT))
    from archive.siteconfig import copy_site_frame

    copy_site_frame(ROOT, target)
    shutil.copy(ROOT / "entities.yml", target / "entities.yml")  # the sample's entities: their names recur


def write_plain_config(project: Path) -> Path:
    """A minimal Material configuration for the same pages: no hooks, no tags plugin."""
    import yaml

    class Loader(yaml.SafeLoader):
        """Reads mkdocs.yml, its `!ENV` values and Python names (our own slugify) as None."""

    Loader.add_constructor("!ENV", lambda loader, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: None)
    ours = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    config = {
        "site_name": "Plain",
        "docs_dir": str(project / "docs"),
        "theme": {"name": "material"},
        "plugins": ["search"],
        "markdown_extensions": standard_extensions(ours.get("markdown_extensions", [])),
    }
    config.update({key: ours[key] for key in ("not_in_nav", "nav") if key in ours})
    plain = project / "plain"
    plain.mkdir(exist_ok=True)
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return plain / "mkdocs.yml"


def standard_extensions(extensions: list) -> list:
    """Our Markdown extensions without the archive's own (`archive.*`) and without Python-name options."""
    kept = []
    for entry in extensions:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if name.startswith("archive."):
            continue
        options = {key: value for key, value in (options or {}).items() if value is not None}
        kept.append({name: options} if options else name)
    return kept


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def search_cost(site: Path, query: str) -> str:
    """Bytes downloaded until the first result of `query` shows (search data / everything), and the wait."""
    sys.path.insert(0, str(ROOT / "bench"))
    from search_first_result import measure

    result = measure(site, query)
    return (
        f"{result['search_bytes'] / 1000:.0f} KB search data / {result['all_bytes'] / 1000:.0f} KB in all, "
        f"results {result['ms_after_index']:.0f} ms after the last index part"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def edit_to_page(project: Path, edits: int) -> list[float]:
    """Seconds from a changed note text in one annotation file to the served page showing it, for each of
    `edits` edits in a row on one `mkdocs serve --dirty` (each a few seconds after the last one showed)."""
    note_file = min((project / "annotations").glob("*.md"))
    article_id = note_file.stem
    text = note_file.read_text(encoding="utf-8")
    if EDITED_TEXT not in text:
        raise SystemExit(f"{note_file}: no {EDITED_TEXT!r} to edit (bench/generate.py writes it)")
    port = free_port()
    server = subprocess.Popen(
        [*MKDOCS, "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    sys.path.insert(0, str(ROOT))
    from archive.siteconfig import read_site_config

    base = urllib.parse.urlsplit(read_site_config(project / "mkdocs.yml").site_url).path or "/"  # serve's mount point
    url = f"http://127.0.0.1:{port}{base.rstrip('/')}/articles/{article_id}/"
    seconds = []
    try:
        deadline = time.monotonic() + SERVE_START_SECONDS
        while "</html>" not in fetch(url):
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"mkdocs serve did not serve {url}")
            time.sleep(0.5)
        for _ in range(edits):
            time.sleep(EDIT_PAUSE_SECONDS)  # the last rebuild is over, and the server idle
            marker = f"benchmark-edit-{time.time_ns()}"
            start = time.perf_counter()
            note_file.write_text(text.replace(EDITED_TEXT, f"{EDITED_TEXT} ({marker})", 1), encoding="utf-8")
            while marker not in fetch(url):
                if time.perf_counter() - start > EDIT_WAIT_SECONDS:
                    seconds.append(float("inf"))
                    break
                time.sleep(0.05)
            else:
                seconds.append(time.perf_counter() - start)
        return seconds
    finally:
        note_file.write_text(text, encoding="utf-8")
        server.terminate()
        server.wait(30)


def measure(articles: int, workdir: Path, edits: int) -> Result:
    project = workdir / f"n{articles}"
    make_project(project, articles)
    result = Result(articles, raw_mb=folder_bytes(project / "raw") / 1e6)
    quiet = ["--no-progress", "-q"]
    result.runs["pipeline"] = timed([PYTHON, "build_archive.py", "build", *quiet], project)
    result.runs["mkdocs build"] = timed([*MKDOCS, "build", "-q", "-d", "site"], project)
    plain = write_plain_config(project)
    result.runs["plain build"] = timed(
        [*MKDOCS, "build", "-q", "-f", str(plain), "-d", str(project / "plain-site")], project
    )
    site = project / "site"
    result.site_mb = folder_bytes(site) / 1e6
    pages = list((site / "articles").glob("*/index.html"))
    result.page_kb = sum(p.stat().st_size for p in pages) / max(1, len(pages)) / 1e3
    result.articles = len(pages)
    result.search = search_cost(site, "Soleimani")
    if edits:
        result.edit_seconds = edit_to_page(project, edits)
    return result


def print_table(results: list[Result]) -> None:
    rows = [
        ("articles", lambda r: f"{r.articles:,}"),
        ("raw text (MB)", lambda r: f"{r.raw_mb:.1f}"),
        ("pipeline (s)", lambda r: f"{r.runs['pipeline'].seconds:.1f}"),
        ("pipeline (MB/s of raw text)", lambda r: f"{r.raw_mb / r.runs['pipeline'].seconds:.1f}"),
        ("pipeline CPU seconds (all processes)", lambda r: f"{r.runs['pipeline'].cpu_seconds:.1f}"),
        ("pipeline peak memory (MB)", lambda r: f"{r.runs['pipeline'].peak_mb:.0f}"),
        ("mkdocs build, our config (s)", lambda r: f"{r.runs['mkdocs build'].seconds:.1f}"),
        ("mkdocs build CPU seconds", lambda r: f"{r.runs['mkdocs build'].cpu_seconds:.1f}"),
        ("mkdocs build peak memory (MB)", lambda r: f"{r.runs['mkdocs build'].peak_mb:.0f}"),
        ("pipeline + our build (s)", lambda r: f"{r.runs['pipeline'].seconds + r.runs['mkdocs build'].seconds:.1f}"),
        ("plain Material build (s)", lambda r: f"{r.runs['plain build'].seconds:.1f}"),
        ("plain build CPU seconds", lambda r: f"{r.runs['plain build'].cpu_seconds:.1f}"),
        ("plain build peak memory (MB)", lambda r: f"{r.runs['plain build'].peak_mb:.0f}"),
        ("ours / plain (wall)", lambda r: f"{r.runs['mkdocs build'].seconds / r.runs['plain build'].seconds:.2f}"),
        (
            "ours / plain (CPU)",
            lambda r: f"{r.runs['mkdocs build'].cpu_seconds / r.runs['plain build'].cpu_seconds:.2f}",
        ),
        ("site size (MB)", lambda r: f"{r.site_mb:.0f}"),
        ("average article page (KB)", lambda r: f"{r.page_kb:.1f}"),
        ("first search result", lambda r: r.search),
        ("annotation edit -> served page (s): median", lambda r: edit_figure(r, statistics.median)),
        ("annotation edit -> served page (s): slowest", lambda r: edit_figure(r, max)),
    ]
    width = max(len(name) for name, _ in rows)
    for name, cell in rows:
        print(f"| {name:<{width}} | " + " | ".join(cell(r) for r in results) + " |")


def edit_figure(result: Result, summary) -> str:
    return f"{summary(result.edit_seconds):.2f} of {len(result.edit_seconds)}" if result.edit_seconds else "not run"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="articles (default 1000 10000)")
    parser.add_argument("--keep", type=Path, help="build the projects in this new folder and keep them")
    parser.add_argument("--edits", type=int, default=5, help="annotation edits timed while serving (default 5; 0: none)")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        results = []
        for size in args.sizes:
            results.append(measure(size, workdir, args.edits))
            print(f"done: {size} articles", file=sys.stderr)
        print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
