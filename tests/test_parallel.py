"""archive.parallel: the per-file stages give the same corpus in worker processes as in one process."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

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


def test_spare_process_runs_a_call_whose_arguments_and_result_pass_the_pipe_buffer_many_times_over():
    words = [f"word {number}" for number in range(200_000)]  # a few megabytes each way
    with parallel.spare_process(True) as spare:
        result = spare.run(list, reversed(words))
        assert result() == words[::-1]


def test_spare_process_raises_the_exception_of_its_call_here():
    with parallel.spare_process(True) as spare:
        result = spare.run(int, "not a number")
        with pytest.raises(ValueError, match="not a number"):
            result()


def test_spare_process_that_dies_gives_an_error_naming_it_instead_of_hanging():
    with parallel.spare_process(True) as spare:
        result = spare.run(os._exit, 3)
        with pytest.raises(RuntimeError, match="spare process gave no answer"):
            result()


def test_spare_process_never_given_a_call_ends_with_the_block():
    with parallel.spare_process(True) as spare:
        process = spare._process
        assert process.is_alive()
    assert not process.is_alive()


def test_no_spare_process_unless_wanted():
    with parallel.spare_process(False) as spare:
        assert spare is None
