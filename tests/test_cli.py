"""The command line: commands, options, exit codes and the closing summary."""

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, copy_sample_project

from archive import __version__
from archive.cli import EXIT_INPUT, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, main


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT / "build_archive.py"), *args], cwd=cwd,
                          capture_output=True, text=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_sample_project(tmp_path / "project")


def test_no_arguments_builds_raw_and_annotations_into_docs(project: Path) -> None:
    result = run(cwd=project)
    assert result.returncode == EXIT_OK, result.stderr
    assert result.stdout.startswith("Built: 4 files read; 14 articles; 3 annotated (15 notes placed, 0 not placed); 9 entities;")
    assert "0 errors, 0 warnings" in result.stdout
    assert (project / "docs" / "corpus.jsonl").read_text(encoding="utf-8").count("\n") == 14
    assert (project / "docs" / "articles" / "a-step-away-from-war-adef55.md").exists()


def test_raw_annotations_and_out_options(project: Path, tmp_path: Path) -> None:
    empty = tmp_path / "no-annotations"
    empty.mkdir()
    result = run("--raw", str(project / "raw"), "--annotations", str(empty), "--out", str(tmp_path / "out"),
                 cwd=tmp_path)
    assert result.returncode == EXIT_OK, result.stderr
    assert (tmp_path / "out" / "corpus.jsonl").exists()
    assert "0 annotated" in result.stdout


def test_quiet_prints_nothing_and_verbose_lists_files(project: Path) -> None:
    assert run("-q", cwd=project).stdout == ""
    verbose = run("build", "-v", "--out", "fresh", cwd=project).stdout
    assert "wrote fresh/corpus.jsonl" in verbose.replace("\\", "/") or "wrote corpus.jsonl" in verbose


def test_check_writes_nothing(project: Path) -> None:
    result = run("check", cwd=project)
    assert result.returncode == EXIT_OK
    assert result.stdout.startswith("Checked: ")
    assert not (project / "docs" / "articles").exists()


def test_annotation_error_exits_1_with_file_and_line(project: Path) -> None:
    (project / "annotations" / "bad.md").write_text("---\narticle: a-step-away-from-war-adef55\nreliability: G\n---\n",
                                                    encoding="utf-8")
    result = run("check", cwd=project)
    assert result.returncode == EXIT_PROBLEMS
    assert "annotations/bad.md:3: 'reliability': expected one of A-F, got 'G'" in result.stderr


def test_warnings_fail_only_with_strict(project: Path) -> None:
    (project / "annotations" / "typo.md").write_text("---\narticle: a-step-away-from-war-adef55\nsumary: x\n---\n",
                                                     encoding="utf-8")
    assert run("check", cwd=project).returncode == EXIT_OK
    assert run("check", "--strict", cwd=project).returncode == EXIT_PROBLEMS


def test_missing_raw_directory_exits_3_without_traceback(tmp_path: Path) -> None:
    result = run("--raw", "nowhere", cwd=tmp_path)
    assert result.returncode == EXIT_INPUT
    assert result.stderr.startswith("error: nowhere: no such directory")
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2(project: Path) -> None:
    assert run("--no-such-option", cwd=project).returncode == EXIT_USAGE
    assert run("explain", cwd=project).returncode == EXIT_USAGE
    result = run("new-annotation", "no-such-article", cwd=project)
    assert result.returncode == EXIT_USAGE
    assert result.stderr.startswith("error: unknown article id 'no-such-article'")


def test_explain_prints_every_line(project: Path) -> None:
    result = run("explain", "raw/000_fa78fa365cf72e72.txt", cwd=project)
    assert result.returncode == EXIT_OK
    assert "    4 removed   repeated paragraph: same as line 3" in result.stdout


def test_help_and_version(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    assert "new-annotation" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"build_archive.py {__version__}"
