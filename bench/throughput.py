#!/usr/bin/env python3
"""Throughput benchmark: a synthetic corpus made from the sample files, timed up to corpus.jsonl.

    python bench/throughput.py                 # 12.5, 25 and 50 MB; prints MB/s and peak memory
    python bench/throughput.py --mb 5 --steps 1
    python bench/throughput.py --file-mb 2     # the same text glued into 2 MB pages (a feed dump)

Each size runs in a fresh process; CPU seconds count its worker processes too (on a busy
machine, MB per CPU-second is the steadier figure). The corpus repeats the files of raw/ with
variations, so that every copy's headlines and paragraphs are its own, while menus and share
bars recur as they do across the pages of one site. Cost must grow linearly with input: the
last column compares each size's seconds-per-MB with the smallest size's.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def vary(line: str, copy: int, rng: random.Random) -> str:
    """A variant of a line: in lines of six words or more, two words swapped and a copy-specific name.

    Every copy's headlines and paragraphs are its own (distinct articles, at any corpus size), while
    menus, share bars and short labels stay identical, as across the pages of one site.
    """
    words = line.split(" ")
    if len(words) >= 6:
        i, j = rng.sample(range(1, len(words)), 2)
        words[i], words[j] = words[j], words[i]
        words.insert(len(words) // 2, f"Al-Rashid{copy}")
    return " ".join(words)


def make_corpus(target: Path, megabytes: float, file_mb: float = 0.0, seed: int = 7) -> int:
    """Write varied copies of raw/*.txt into `target` until it holds `megabytes`; returns bytes written.

    With `file_mb`, copies are glued one after another (no separator) into files of about that size:
    a few very large pages, which is where a cost quadratic in a page's length would show.
    """
    sources = [p.read_text(encoding="utf-8").splitlines() for p in sorted((ROOT / "raw").glob("*.txt"))]
    rng = random.Random(seed)
    written, copy, glued = 0, 0, []
    while written < megabytes * 1_000_000:
        for n, lines in enumerate(sources):
            text = "\n".join(vary(line, copy, rng) for line in lines) + "\n"
            written += len(text.encode("utf-8"))
            if file_mb:
                glued.append(text)
                if sum(map(len, glued)) >= file_mb * 1_000_000:
                    (target / f"feed{copy:05d}.txt").write_text("\n".join(glued), encoding="utf-8")
                    glued = []
                continue
            path = target / f"site{copy % 40:02d}" / f"{copy:05d}_{n}.txt"
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
        copy += 1
    if glued:
        (target / f"feed{copy:05d}.txt").write_text("\n".join(glued), encoding="utf-8")
    return written


def run_once(raw: Path, out: Path) -> dict:
    """In this process: time load -> repeats -> clean -> split -> metadata -> corpus.jsonl."""
    sys.path.insert(0, str(ROOT))
    from archive.corpus import render_corpus_jsonl, render_corpus_line
    from archive.pipeline import build_corpus
    from archive.settings import Settings

    start, cpu_start = time.perf_counter(), cpu_seconds()
    corpus = build_corpus(Settings(raw_dir=raw))
    lines = ((article, render_corpus_line(article)) for article in corpus.articles)
    (out / "corpus.jsonl").write_text(render_corpus_jsonl(lines), encoding="utf-8")
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
    peak_kb = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return {"files": len(corpus.pages), "articles": len(corpus.articles), "seconds": seconds, "cpu": cpu,
            "peak_mb": peak_kb / 1024}


def cpu_seconds() -> float:
    """CPU time of this process and of the worker processes it has waited for."""
    usages = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(usage.ru_utime + usage.ru_stime for usage in usages)


def measure(megabytes: float, file_mb: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        raw, out = Path(tmp) / "raw", Path(tmp) / "out"
        raw.mkdir()
        out.mkdir()
        size = make_corpus(raw, megabytes, file_mb)
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(raw), str(out)], capture_output=True, text=True, check=True
        )
        result = json.loads(child.stdout)
        result["mb"] = size / 1_000_000
        return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50.0, help="largest corpus size in MB (default 50)")
    parser.add_argument("--steps", type=int, default=3, help="sizes to run, halving from --mb (default 3)")
    parser.add_argument("--file-mb", type=float, default=0.0,
                        help="glue copies into files of about this many MB (default 0: one file per copy)")
    parser.add_argument("--child", nargs=2, metavar=("RAW", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_once(Path(args.child[0]), Path(args.child[1]))))
        return 0
    sizes = sorted(args.mb / 2**i for i in range(args.steps))
    print(f"{'MB':>7} {'files':>7} {'articles':>9} {'seconds':>8} {'MB/s':>6} {'CPU s':>6} {'MB/CPU-s':>8}"
          f" {'peak MB':>8} {'s/MB vs smallest':>17}")
    base = None
    for mb in sizes:
        r = measure(mb, args.file_mb)
        per_mb = r["seconds"] / r["mb"]
        base = base or per_mb
        print(f"{r['mb']:7.1f} {r['files']:7d} {r['articles']:9d} {r['seconds']:8.1f} {r['mb'] / r['seconds']:6.2f}"
              f" {r['cpu']:6.1f} {r['mb'] / r['cpu']:8.2f} {r['peak_mb']:8.0f} {per_mb / base:17.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
