"""The build stamp: a repeat build is skipped only when every input and every generated file is unchanged."""

from __future__ import annotations

import dataclasses
import json

import pytest
from conftest import copy_sample_project

from archive.model import Problem, Severity
from archive.pipeline import build
from archive.settings import Settings, Thresholds
from archive.stamp import STAMP_NAME, current_stamp, input_digest, read_stamp
from archive.write import read_manifest


@pytest.fixture
def project(tmp_path):
    root = copy_sample_project(tmp_path)
    settings = Settings(
        raw_dir=root / "raw",
        annotations_dir=root / "annotations",
        entities_file=root / "entities.yml",
        out_dir=root / "docs",
        progress=False,
        verbosity=0,
    )
    build(settings)
    return settings


def first_raw(settings: Settings):
    return sorted(settings.raw_dir.glob("*.txt"))[0]


def current(settings: Settings):
    return current_stamp(settings, read_manifest(settings.out_dir))


def test_a_fresh_build_is_current_and_records_what_it_reported(project):
    stamp = current(project)
    assert stamp is not None and stamp.articles == 14 and stamp.files == 4
    report = build(project)
    assert stamp.problems == report.problems
    assert current(project) == stamp  # building again changes nothing


@pytest.mark.parametrize(
    "edit",
    [
        lambda s: first_raw(s).write_text("New text.\n" + first_raw(s).read_text(encoding="utf-8"), encoding="utf-8"),
        lambda s: (s.raw_dir / "extra.txt").write_text("A new raw file.\n"),
        lambda s: first_raw(s).unlink(),
        lambda s: (s.annotations_dir / "new-file.md").write_text("---\n---\n"),
        lambda s: s.entities_file.write_text(s.entities_file.read_text() + "\n"),
        lambda s: (s.out_dir / "index.md").write_text("# Edited by hand\n"),
        lambda s: (s.out_dir / "corpus.jsonl").unlink(),
        lambda s: (s.out_dir / "articles" / "stray.md").write_text("not generated, so not the archive's business\n"),
    ],
    ids=["raw edit", "raw added", "raw removed", "annotation added", "entities", "page edited", "output lost", "stray"],
)
def test_any_change_to_inputs_or_generated_files_makes_the_stamp_stale(project, request, edit):
    edit(project)
    stale = current(project) is None
    assert stale is (request.node.callspec.id != "stray")


def test_settings_that_shape_the_output_are_inputs_and_the_others_are_not(project):
    digest = input_digest(project)
    assert input_digest(dataclasses.replace(project, strict=True, verbosity=2, progress=True)) == digest
    assert input_digest(dataclasses.replace(project, site_url="https://example.org/")) != digest
    assert input_digest(dataclasses.replace(project, thresholds=Thresholds(min_body_words=26))) != digest


def test_an_unreadable_stamp_only_means_building_again(project):
    (project.out_dir / STAMP_NAME).write_text("{not json", encoding="utf-8")
    assert read_stamp(project.out_dir) is None and current(project) is None
    (project.out_dir / STAMP_NAME).write_text(json.dumps({"inputs": "x"}), encoding="utf-8")
    assert current(project) is None


def test_problems_survive_the_round_trip(project):
    note = sorted(p for p in project.annotations_dir.glob("*.md") if p.name != "README.md")[0]
    note.write_text(note.read_text(encoding="utf-8").replace("\nreliability: ", "\nreliability: G  # was ", 1))
    report = build(project)
    assert report.errors
    stamp = current(project)
    assert stamp.problems == report.problems
    assert all(isinstance(p, Problem) and isinstance(p.severity, Severity) for p in stamp.problems)
