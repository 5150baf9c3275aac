"""The search files in a MkDocs build: Material's index keeps only hand-written pages, the pages name
the archive's worker, and an incremental (`--dirty`) rebuild leaves a complete, current index."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest
from conftest import copy_sample_project
from mkdocs.exceptions import PluginError
from sitekit import MKDOCS, run

from archive.mkdocs_hooks import point_search_at_archive_worker
from archive.render_search import SEARCH_DIR
from archive.write import read_manifest


def search_files(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*.js"))}


def test_dirty_rebuild_keeps_the_index_complete_and_current(tmp_path):
    project = copy_sample_project(tmp_path)
    run(MKDOCS + ["build", "--strict", "-d", "site"], cwd=project)
    material = json.loads((project / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    generated = read_manifest(project / "docs")
    hand_written = {
        f"{path.relative_to(project / 'docs').with_suffix('').as_posix()}/"
        for path in (project / "docs").rglob("*.md")
        if path.relative_to(project / "docs").as_posix() not in generated
    }
    assert {"about/", "contributing/"} <= hand_written
    assert {doc["location"].split("#")[0] for doc in material["docs"]} == hand_written
    article = next((project / "site" / "articles").glob("*/index.html")).read_text(encoding="utf-8")
    assert re.search(r'"search": "\.\./\.\./javascripts/search-worker\.js"', article)
    assert "assets/javascripts/workers/search" not in article
    before = search_files(project / "docs" / SEARCH_DIR)

    raw = project / "raw" / "000_fa78fa365cf72e72.txt"
    text = raw.read_text(encoding="utf-8")
    assert text.count("Following the death") == 1
    raw.write_text(text.replace("Following the death", "Following the xylocarpous death"), encoding="utf-8")
    run(MKDOCS + ["build", "--dirty", "-d", "site"], cwd=project)  # --strict: a dirty build always warns
    after = search_files(project / "docs" / SEARCH_DIR)
    assert search_files(project / "site" / SEARCH_DIR) == after
    assert any("xylocarpous" in text.decode("utf-8") for text in after.values())
    changed = {path for path in after if after[path] != before.get(path)}
    assert len(changed) <= 3  # the new word's shard, the article's document block (snippet), the manifest


def test_pages_name_the_archive_worker_or_the_build_stops():
    page = SimpleNamespace(file=SimpleNamespace(src_uri="about.md"))
    html = '<script id="__config" type="application/json">{"search": "../assets/javascripts/workers/search.a7633da7.min.js"}'
    served = SimpleNamespace(plugins={"material/search": None}, use_directory_urls=True)
    offline = SimpleNamespace(plugins={"material/search": None}, use_directory_urls=False)
    assert point_search_at_archive_worker(html, page, served).endswith('{"search": "../javascripts/search-worker.js"}')
    assert point_search_at_archive_worker(html, page, offline).endswith('{"search": "../javascripts/search-worker.js#urls=html"}')
    assert point_search_at_archive_worker("<p>no search</p>", page, SimpleNamespace(plugins={"tags": None})) == "<p>no search</p>"
    with pytest.raises(PluginError, match="about.md: Material's search worker is not named"):
        point_search_at_archive_worker("<p>a theme without the worker</p>", page, served)
