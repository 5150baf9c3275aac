#!/usr/bin/env python3
"""Search at scale: the split index of a synthetic 10,000-article archive, and its first-result cost.

    python bench/search_scale.py                      # 10,000 articles of ~800 words
    python bench/search_scale.py --articles 2000 --keep /tmp/search-site

Builds the sample site (served and OFFLINE=true copies), then replaces its search files with the
index of synthetic articles made from docs/corpus.jsonl: each article takes a sample article's words
in a new order, a third of them swapped for words drawn from a Zipf-distributed vocabulary of
150,000 made-up words (so the vocabulary grows as in real text), a copy-specific title word, and one
of 300 sources and 2,000 authors. Reports the index build time, total size, file count, largest shard
and block, then bench/search_first_result.measure() for a few queries, served and from file://.
Timings are noisy on a shared machine.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search_first_result import measure

from archive.render_search import SEARCH_DIR, SearchDocument, render_search_index

WORDS = 800
"""Words per synthetic article (sample articles shorter than this are repeated)."""
VOCABULARY = 150_000
ZIPF_EXPONENT = 1.07
MADE_UP_SHARE = 0.35
SYLLABLES = ["ka", "lo", "mi", "ra", "sun", "te", "vor", "an", "bel", "dri", "el", "fa", "gu", "hin", "is", "jo"]
ALIASES = (("Qasem Soleimani", "Qassem Suleimani", "Soleimani", "Suleimani", "قاسم سليماني"),)


def made_up_word(rank: int) -> str:
    """A pronounceable word for a vocabulary rank (base-16 digits as syllables)."""
    syllables = []
    while True:
        rank, digit = divmod(rank, len(SYLLABLES))
        syllables.append(SYLLABLES[digit])
        if not rank:
            return "".join(syllables)


def synthetic_documents(count: int, seed: int = 7) -> list[SearchDocument]:
    records = [json.loads(line) for line in (ROOT / "docs" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    rng = random.Random(seed)
    vocabulary = [made_up_word(rank) for rank in range(VOCABULARY)]
    weights = list(itertools.accumulate(1 / (rank + 1) ** ZIPF_EXPONENT for rank in range(VOCABULARY)))
    sources = [f"{made_up_word(rank).title()} News" for rank in range(300)]
    authors = [f"{made_up_word(rank + 300).title()} {made_up_word(rank + 900).title()}" for rank in range(2000)]
    documents = []
    for number in range(count):
        record = records[number % len(records)]
        words = list(itertools.islice(itertools.cycle(record["text"].split()), WORDS))
        rng.shuffle(words)
        swapped = rng.choices(vocabulary, cum_weights=weights, k=len(words))
        words = [new if rng.random() < MADE_UP_SHARE else old for old, new in zip(words, swapped)]
        title = f"{record['title']} {made_up_word(number + 5000).title()}"
        source, author = rng.choice(sources), rng.choice(authors)
        text = " ".join(words)
        documents.append(
            SearchDocument(
                location=f"articles/synthetic-{number:05d}/",
                title=title,
                source=source,
                date=f"{2015 + number % 10} January {1 + number % 28}",
                snippet=text[:180],
                fields=(
                    ("title", title),
                    ("tags", " ".join(record.get("tags", []))),
                    ("authors", author),
                    ("source", source),
                    ("body", text),
                ),
            )
        )
    return documents


def build_sample_sites(workdir: Path) -> tuple[Path, Path]:
    """The sample project built twice in `workdir`: site/ (served) and site-offline/ (OFFLINE=true)."""
    for name in ("raw", "annotations", "archive", "docs"):
        shutil.copytree(ROOT / name, workdir / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", workdir / "mkdocs.yml")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for site, offline in (("site", "false"), ("site-offline", "true")):
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", site], cwd=workdir, check=True,
                       env={**env, "OFFLINE": offline})  # fmt: skip
    return workdir / "site", workdir / "site-offline"


def install_index(files: dict[str, str], site: Path) -> None:
    shutil.rmtree(site / SEARCH_DIR, ignore_errors=True)
    for path, text in files.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="build the sites in this folder and keep them")
    args = parser.parse_args(argv)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="search-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    served, offline = build_sample_sites(workdir)
    documents = synthetic_documents(args.articles)
    started = time.perf_counter()
    files = render_search_index(documents, ALIASES)
    build_seconds = time.perf_counter() - started
    sizes = {path: len(text.encode("utf-8")) for path, text in files.items()}
    shards = {p: s for p, s in sizes.items() if "/t/" in p}
    blocks = {p: s for p, s in sizes.items() if "/d/" in p}
    for site in (served, offline):
        install_index(files, site)
    queries = ["militias", "the", "suleimani", authors_word(documents), "solei", made_up_word(40_000)]
    report = {
        "articles": len(documents),
        "words": sum(len(dict(d.fields)["body"].split()) for d in documents),
        "index_build_seconds": round(build_seconds, 1),
        "index_bytes": sum(sizes.values()),
        "files": len(files),
        "shards": len(shards),
        "largest_shard_bytes": max(shards.values()),
        "median_shard_bytes": sorted(shards.values())[len(shards) // 2],
        "largest_block_bytes": max(blocks.values()),
        "manifest_bytes": sizes[f"{SEARCH_DIR}/manifest.js"],
        "queries": [measure(site, query, offline=site == offline) for query in queries for site in (served, offline)],
    }
    print(json.dumps(report, indent=1))
    if not args.keep:
        shutil.rmtree(workdir)
    return 0


def authors_word(documents: list[SearchDocument]) -> str:
    """The family name of the first synthetic article's author."""
    return dict(documents[0].fields)["authors"].split()[-1]


if __name__ == "__main__":
    sys.exit(main())
