"""The whole build: determinism, re-runs, inputs never modified, the committed archive is current."""

import hashlib
import shutil
from pathlib import Path

from conftest import PROJECT, copy_sample_project

from archive.pipeline import build
from archive.settings import Settings
from archive.siteconfig import read_site_config
from archive.write import MANIFEST_NAME, read_manifest


def settings_for(root: Path, out: Path) -> Settings:
    site = read_site_config(root / "mkdocs.yml")
    return Settings(raw_dir=root / "raw", annotations_dir=root / "annotations", out_dir=out,
                    site_url=site.site_url, repo_url=site.repo_url, edit_branch=site.edit_branch)


def digest_tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_rebuild_is_byte_identical_and_writes_nothing(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "project")
    first = build(settings_for(root, root / "docs"))
    before = digest_tree(root / "docs")
    second = build(settings_for(root, root / "docs"))
    assert first.written.written and not first.errors
    assert second.written.written == () and second.written.removed == ()
    assert digest_tree(root / "docs") == before


def test_two_fresh_builds_are_identical(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "project")
    build(settings_for(root, tmp_path / "a"))
    build(settings_for(root, tmp_path / "b"))
    assert digest_tree(tmp_path / "a") == digest_tree(tmp_path / "b")


def test_build_never_modifies_raw_or_annotation_files(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "project")
    inputs = {**digest_tree(root / "raw"), **{f"a/{k}": v for k, v in digest_tree(root / "annotations").items()}}
    build(settings_for(root, root / "docs"))
    assert {**digest_tree(root / "raw"), **{f"a/{k}": v for k, v in digest_tree(root / "annotations").items()}} == inputs


def test_removed_raw_file_removes_its_pages_but_not_hand_written_ones(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "project")
    build(settings_for(root, root / "docs"))
    (root / "raw" / "003_93dc586b88fa6e06.txt").unlink()
    (root / "annotations" / "a-step-away-from-war-adef55.md").unlink()
    report = build(settings_for(root, root / "docs"))
    assert "articles/a-step-away-from-war-adef55.md" in report.written.removed
    assert not (root / "docs" / "articles" / "a-step-away-from-war-adef55.md").exists()
    assert (root / "docs" / "about.md").exists() and (root / "docs" / "algorithm.md").exists()


def test_committed_archive_in_docs_is_current(tmp_path: Path) -> None:
    """docs/ holds the generated archive so reviews see its diff: it must match raw/ and annotations/.

    If this fails after a change to the cleaner, raw/ or annotations/, run `python build_archive.py`
    and commit the changes under docs/.
    """
    out = tmp_path / "docs"
    out.mkdir()
    for name in (MANIFEST_NAME, "annotations.jsonld"):  # as after the last build: its note positions
        shutil.copy(PROJECT / "docs" / name, out / name)
    build(settings_for(PROJECT, out))
    committed = read_manifest(PROJECT / "docs")
    assert committed == read_manifest(out)
    for name in [*committed, MANIFEST_NAME]:
        assert (PROJECT / "docs" / name).read_bytes() == (out / name).read_bytes(), f"docs/{name} is stale"


def test_corpus_records_are_the_pages_front_matter_plus_text(tmp_path: Path) -> None:
    import html
    import json

    import frontmatter

    root = copy_sample_project(tmp_path / "project")
    build(settings_for(root, root / "docs"))
    lines = (root / "docs" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 14
    for record in map(json.loads, lines):
        page = frontmatter.load(root / "docs" / "articles" / f"{record['id']}.md").metadata
        page["title"], page["tags"] = html.unescape(page["title"]), [html.unescape(t) for t in page["tags"]]
        assert {**page, "text": record["text"]} == record  # pages escape title and tags for MkDocs
        assert record["text"] and "\n\n\n" not in record["text"]
