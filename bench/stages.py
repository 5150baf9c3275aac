#!/usr/bin/env python3
"""Stage profile: CPU seconds of each stage of a whole build, in one process, and its share.

    python bench/stages.py RAW [--annotations DIR] [--entities FILE]
    python bench/stages.py /tmp/project/raw --annotations /tmp/project/annotations   # bench/generate.py's

The per-file stages (load, repeats, clean, split, metadata) are timed file by file, the rest of the
build (annotations, entities, render, write) as the pipeline calls it; the pages are written to a
temporary folder. Everything runs in this process, so CPU seconds add up to the total: on a busy
machine they are the steadier figure, and the shares show where the time goes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive import parallel, pipeline
from archive.settings import Settings

PER_FILE = {"load": "load_raw_pages", "repeats": "count_fingerprints", "clean": "clean_page", "split": "split_page",
            "metadata": "extract_articles"}
"""Stage -> the function archive.parallel calls for it."""
REST = {"annotations": "annotate", "entities": "index_entities", "render": "render_site", "write": "write_site"}
"""Stage -> the function archive.pipeline calls for it."""


def timed(module: object, name: str, stage: str, seconds: Counter[str]) -> None:
    """Replace module.name by a wrapper adding its CPU time to seconds[stage]."""
    function: Callable = getattr(module, name)

    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[stage] += time.process_time() - start

    setattr(module, name, wrapper)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("raw", type=Path, help="raw text files")
    parser.add_argument("--annotations", type=Path, default=ROOT / "annotations", help="annotation files")
    parser.add_argument("--entities", type=Path, default=ROOT / "entities.yml", help="entities file")
    args = parser.parse_args()
    parallel.PARALLEL_MIN_BYTES = float("inf")  # one process: CPU seconds of every stage in one clock
    seconds: Counter[str] = Counter()
    for stage, name in PER_FILE.items():
        timed(parallel, name, stage, seconds)
    for stage, name in REST.items():
        timed(pipeline, name, stage, seconds)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(raw_dir=args.raw, annotations_dir=args.annotations, entities_file=args.entities,
                            out_dir=Path(tmp) / "docs")
        start = time.process_time()
        report = pipeline.build(settings)
        total = time.process_time() - start
    megabytes = sum(path.stat().st_size for path in args.raw.rglob("*.txt")) / 1_000_000
    print(f"{megabytes:.1f} MB, {report.files} files, {report.articles} articles: {total:.2f} CPU s, "
          f"{megabytes / total:.2f} MB per CPU-second")
    seconds["other"] = total - sum(seconds.values())
    for stage, spent in seconds.items():
        print(f"{stage:12s} {spent:7.2f} s {100 * spent / total:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
