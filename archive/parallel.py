"""Per-file work of the corpus stage, spread over processes, with results in file order.

The corpus stage is two passes over the raw files with one reduction in between, the shape of a
map-reduce job (see docs/performance.md for the same stages on Dask):

1. map: read a chunk of files, count in how many files each line fingerprint occurs
   (repeats.count_fingerprints); reduce: add the chunks' counts up (repeats.merge_counts);
2. map: read each file again; clean, split and extract its articles (clean, split, metadata).

Chunks are runs of files of about equal size; results come back in file order, so the output
does not depend on the number of processes. A small corpus runs in this process: starting
processes would cost more than it saves.

The stages make hundreds of thousands of small records (lines, blocks, articles), hardly any in a
reference cycle, so Python's cycle collector is paused meanwhile (the few cycles, such as a YAML
parser's, wait for its next pass): each full pass would walk every record made so far again, a
tenth of the stage's time and half the time of unpickling the workers' results.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .clean import clean_page
from .load import load_raw_pages
from .metadata import extract_articles
from .model import Article, CleanPage, Problem, RawPage
from .repeats import RepeatIndex, count_fingerprints, merge_counts
from .settings import Thresholds
from .split import split_page

PARALLEL_MIN_BYTES = 4_000_000
"""Raw text below this size is processed in this process (measured: below it, start-up dominates)."""

CHUNKS_PER_WORKER = 8
"""Chunks per process: enough for an even load, few enough that each result is sent back in bulk."""


@dataclass(frozen=True)
class CleanFile:
    """One raw file after the per-file stages, with the problems met while reading it.

    `page` is None for a file the load stage skipped (binary, too big, a symlink): its problems say why.
    """

    page: CleanPage | None
    articles: tuple[Article, ...] = ()
    problems: tuple[Problem, ...] = ()


def worker_count() -> int:
    """Processors this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def plan_chunks(paths: list[Path], workers: int) -> list[list[Path]]:
    """Consecutive runs of files, each holding about an equal share of the bytes."""
    sizes = [path.stat().st_size for path in paths]
    target = max(1, sum(sizes) // max(1, workers * CHUNKS_PER_WORKER))
    chunks: list[list[Path]] = [[]]
    filled = 0
    for path, size in zip(paths, sizes):
        if filled >= target:
            chunks.append([])
            filled = 0
        chunks[-1].append(path)
        filled += size
    return [chunk for chunk in chunks if chunk]


def clean_file(
    pages: list[RawPage], repeats: RepeatIndex, thresholds: Thresholds, problems: list[Problem]
) -> CleanFile:
    """Clean, split and extract the articles of one file's loaded page (none if the file was skipped)."""
    if not pages:
        return CleanFile(None, (), tuple(problems))
    clean = split_page(clean_page(pages[0], repeats, thresholds), thresholds)
    return CleanFile(clean, tuple(extract_articles(clean)), tuple(problems))


def fingerprint_chunk(raw_dir: Path, paths: list[Path]) -> Counter[bytes]:
    """Map step of the repeats pass, for one chunk of files."""
    pages, _ = load_raw_pages(raw_dir, paths)  # the second pass reports the files' problems
    return count_fingerprints(pages)


_repeats: RepeatIndex | None = None
"""The corpus-wide counts, given to each worker process once when it starts."""


def receive_repeats(repeats: RepeatIndex) -> None:
    global _repeats
    _repeats = repeats


def clean_chunk(raw_dir: Path, paths: list[Path], thresholds: Thresholds) -> list[CleanFile]:
    """Map step of the cleaning pass, for one chunk of files (in a worker process)."""
    assert _repeats is not None, "receive_repeats runs first in every worker"
    results = []
    for path in paths:
        pages, problems = load_raw_pages(raw_dir, [path])
        results.append(clean_file(pages, _repeats, thresholds, problems))
    return results


def process_files(raw_dir: Path, paths: list[Path], thresholds: Thresholds) -> Iterator[CleanFile]:
    """Every file through the per-file stages, in the order of `paths` (cycle collector paused, see above)."""
    with paused_cycle_collector():  # forked workers inherit the pause
        yield from run_stages(raw_dir, paths, thresholds)


@contextmanager
def paused_cycle_collector() -> Iterator[None]:
    """Python's cyclic garbage collector off in the block, back as it was after it (reference counting goes on)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run_stages(raw_dir: Path, paths: list[Path], thresholds: Thresholds) -> Iterator[CleanFile]:
    """The per-file stages, here or in worker processes for a big corpus."""
    workers = worker_count()
    if workers < 2 or sum(path.stat().st_size for path in paths) < PARALLEL_MIN_BYTES:
        yield from process_here(raw_dir, paths, thresholds)
        return
    chunks = plan_chunks(paths, workers)
    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        partial_counts = pool.map(fingerprint_chunk, [raw_dir] * len(chunks), chunks)
        repeats = merge_counts(partial_counts, thresholds)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=receive_repeats, initargs=(repeats,)) as pool:
        for results in pool.map(clean_chunk, [raw_dir] * len(chunks), chunks, [thresholds] * len(chunks)):
            yield from results


def process_here(raw_dir: Path, paths: list[Path], thresholds: Thresholds) -> Iterator[CleanFile]:
    """The same stages in this process, reading every file once."""
    loaded = [load_raw_pages(raw_dir, [path]) for path in paths]
    repeats = merge_counts([count_fingerprints(page for pages, _ in loaded for page in pages)], thresholds)
    for pages, problems in loaded:
        yield clean_file(pages, repeats, thresholds, problems)
