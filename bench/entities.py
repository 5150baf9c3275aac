#!/usr/bin/env python3
"""Entity matching benchmark: the sample entities.yml matched in a synthetic corpus (bench/throughput.py's).

    python bench/entities.py             # 12.5 MB corpus; prints articles, seconds and MB/s of the matcher
    python bench/entities.py --mb 50

Times only the entities stage (index_entities: one regular expression over every title and text),
after load/clean/split, so the figure adds to bench/throughput.py's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from throughput import make_corpus

from archive.entities import index_entities, load_entities
from archive.pipeline import build_corpus
from archive.settings import Settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=12.5, help="corpus size in MB (default 12.5)")
    parser.add_argument(
        "--entities", type=Path, default=ROOT / "entities.yml", help="entities file (default: the sample)"
    )
    args = parser.parse_args()
    entities, problems = load_entities(args.entities)
    if problems:
        print("\n".join(map(str, problems)), file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        make_corpus(raw, args.mb)
        articles = build_corpus(Settings(raw_dir=raw)).articles
    text_mb = sum(len(a.title) + len(a.text) for a in articles) / 1_000_000
    start = time.perf_counter()
    index = index_entities(entities, articles)
    seconds = time.perf_counter() - start
    mentions = sum(m.count for found in index.mentions.values() for m in found)
    spellings = sum(len(e.spellings) for e in entities)
    print(
        f"{len(entities)} entities ({spellings} spellings), {len(articles)} articles, {text_mb:.1f} M characters: "
        f"{mentions} mentions in {seconds:.2f} s ({text_mb / seconds:.1f} M characters/s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
