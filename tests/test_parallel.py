"""archive.parallel: the per-file stages give the same corpus in worker processes as in one process."""

from __future__ import annotations

import gc
from pathlib import Path

from archive import parallel
from archive.load import find_raw_files
from archive.pipeline import build_corpus
from archive.settings import Settings, Thresholds

RAW = Path(__file__).resolve().parent.parent / "raw"


def test_worker_processes_give_the_corpus_of_one_process(monkeypatch, tmp_path):
    (tmp_path / "raw").mkdir()
    for path in find_raw_files(RAW):  # the sample, twice: repeats across files count in both modes
        for copy in ("a", "b"):
            (tmp_path / "raw" / f"{copy}_{path.name}").write_bytes(path.read_bytes())
    (tmp_path / "raw" / "a_empty.txt").write_text("Home\n", encoding="utf-8")
    (tmp_path / "raw" / "a_empty.yml").write_text("source: [unclosed\n", encoding="utf-8")
    (tmp_path / "raw" / "a_binary.txt").write_bytes(bytes(range(256)) * 64)  # skipped by the load stage
    settings = Settings(raw_dir=tmp_path / "raw")
    serial = build_corpus(settings)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "worker_count", lambda: 2)
    spread = build_corpus(settings)
    assert spread == serial
    assert len(parallel.plan_chunks(find_raw_files(settings.raw_dir), 2)) > 1
    assert any("invalid YAML" in problem.message for problem in spread.problems)
    assert [Path(problem.path).name for problem in spread.problems if "binary" in problem.message] == ["a_binary.txt"]


def test_chunks_keep_file_order_and_cover_every_file(tmp_path):
    paths = []
    for number, size in enumerate([10, 5000, 20, 20, 3000, 1, 1, 8000]):
        path = tmp_path / f"{number}.txt"
        path.write_text("x" * size, encoding="utf-8")
        paths.append(path)
    chunks = parallel.plan_chunks(paths, 2)
    assert [path for chunk in chunks for path in chunk] == paths
    assert all(chunks)


def test_cycle_collector_is_paused_while_files_are_processed_and_restored_after():
    files = parallel.process_files(RAW, find_raw_files(RAW), Thresholds())
    next(files)
    assert not gc.isenabled()
    list(files)
    assert gc.isenabled()
    gc.disable()  # a caller that paused it itself keeps it paused
    try:
        list(parallel.process_files(RAW, find_raw_files(RAW), Thresholds()))
        assert not gc.isenabled()
    finally:
        gc.enable()
