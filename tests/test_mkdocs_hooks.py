"""The MkDocs hooks: `mkdocs build` runs the archive build, sets edit links, fails strict builds on errors."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys

import jinja2
import pytest
from bs4 import BeautifulSoup
from conftest import copy_sample_project

MKDOCS = [sys.executable, "-m", "mkdocs"]


def mkdocs_build(project, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        MKDOCS + ["build", "-d", "site", *options],
        cwd=project, capture_output=True, text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip


def html(project, path: str) -> BeautifulSoup:
    return BeautifulSoup((project / "site" / path).read_text(encoding="utf-8"), "html.parser")


def edit_button(page: BeautifulSoup) -> str | None:
    button = page.select_one("a.md-content__button")
    return button["href"] if button else None


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = copy_sample_project(tmp_path_factory.mktemp("hooks"))
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project, result


def test_build_runs_the_archive_build_first(built):
    project, result = built
    assert "archive: " in result.stderr and " articles from " in result.stderr
    manifest = json.loads((project / "docs" / ".archive-manifest.json").read_text())["files"]
    assert "index.md" in manifest and "corpus.jsonl" in manifest
    assert "about.md" not in manifest
    published = gzip.decompress((project / "site" / "corpus.jsonl.gz").read_bytes())
    assert published == (project / "docs" / "corpus.jsonl").read_bytes()  # the site publishes it compressed
    assert not (project / "site" / "corpus.jsonl").exists()


def test_edit_buttons_point_at_what_a_contributor_edits(built):
    project, _ = built
    records = [json.loads(line) for line in (project / "docs" / "corpus.jsonl").read_text().splitlines()]
    annotated = {path.stem for path in (project / "annotations").glob("*.md")}
    repo = "https://github.com/example/annotated-archive"
    for record in records:
        button = edit_button(html(project, f"articles/{record['id']}/index.html"))
        if record["id"] in annotated:
            assert button == f"{repo}/edit/main/annotations/{record['id']}.md"
        else:
            assert button == f"{repo}/new/main/annotations?filename={record['id']}.md"
    assert edit_button(html(project, "about/index.html")) == f"{repo}/edit/main/docs/about.md"
    for generated in ("index.html", "browse/dates/index.html", "browse/tags/index.html"):
        assert edit_button(html(project, generated)) is None


def test_strict_build_fails_on_annotation_errors_with_a_clear_message(tmp_path):
    project = copy_sample_project(tmp_path)
    files = [p for p in sorted((project / "annotations").glob("*.md")) if p.name != "README.md"]
    rated = [p for p in files if "\nreliability: " in p.read_text()]
    broken = rated[0]
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text.replace("\nreliability: ", "\nreliability: G  # was ", 1), encoding="utf-8")
    strict = mkdocs_build(project, "--strict")
    assert strict.returncode != 0
    assert f"annotations/{broken.name}:" in strict.stderr and "'reliability'" in strict.stderr
    assert "Traceback" not in strict.stderr
    lenient = mkdocs_build(project)
    assert lenient.returncode == 0
    assert "ERROR" in lenient.stderr and f"annotations/{broken.name}:" in lenient.stderr


def test_build_failure_is_one_clear_message(tmp_path):
    project = copy_sample_project(tmp_path)
    (project / "docs" / "index.md").write_text("# A hand-written home page\n", encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "archive build failed: refusing to overwrite 1 file(s) that the build did not generate" in result.stderr
    assert "Traceback" not in result.stderr


def test_annotation_ids_in_jsonld_land_on_their_notes(built):
    """Every annotation id in annotations.jsonld (`…/articles/<id>/#note-<key>`) is an element of that page."""
    project, _ = built
    collection = json.loads((project / "site" / "annotations.jsonld").read_text(encoding="utf-8"))
    items = collection.get("first", {}).get("items", [])
    assert items, "the sample annotations have placed notes"
    for item in items:
        page_url, fragment = item["id"].split("#")
        article_id = page_url.rstrip("/").rsplit("/", 1)[1]
        page = html(project, f"articles/{article_id}/index.html")
        note = page.find(id=fragment)
        assert note is not None and note.name == "aside", item["id"]
        assert page.find(id=f"ref-{fragment}")["href"] == f"#{fragment}"


def test_squeezed_html_keeps_preformatted_text_and_every_line_break_that_separates():
    from archive.mkdocs_hooks import squeeze_html

    page = (
        "<html>\n  <body>\n\n    <p>one\n      two</p>\n   \n"
        "    <pre><code>  indented\n\n    code</code></pre>\n"
        "    <TEXTAREA>\n  kept\n</TEXTAREA>\n  </body>\n</html>\n"
    )
    assert squeeze_html(page) == (
        "<html>\n<body>\n<p>one\ntwo</p>\n"
        "<pre><code>  indented\n\n    code</code></pre>\n"
        "<TEXTAREA>\n  kept\n</TEXTAREA>\n</body>\n</html>\n"
    )


def build_archive(project, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "build_archive.py", *options], cwd=project, capture_output=True, text=True, timeout=300
    )


def site_files(project) -> dict[str, bytes]:
    site = project / "site"
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_mkdocs_build_after_the_archive_build_reuses_it_and_makes_the_same_site(built, tmp_path):
    project = copy_sample_project(tmp_path)
    assert build_archive(project).returncode == 0
    result = mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.stderr
    assert "unchanged since the last build" in result.stderr and "pages written" not in result.stderr
    assert site_files(project) == site_files(built[0])


def test_mkdocs_build_runs_the_archive_build_again_after_any_change(tmp_path):
    project = copy_sample_project(tmp_path)
    assert build_archive(project).returncode == 0
    note = sorted((project / "annotations").glob("*.md"))[0]
    note.write_text(note.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert "pages written" in mkdocs_build(project).stderr  # an input changed
    assert "unchanged since the last build" in mkdocs_build(project).stderr  # and the hook's build stamped it
    page = project / "docs" / "index.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\nHand edit.\n", encoding="utf-8")
    assert "1 pages written" in mkdocs_build(project).stderr  # a generated file was touched: rebuilt, restored
    assert page.read_text(encoding="utf-8") == original


def test_a_reused_build_still_reports_its_problems_and_fails_strict(tmp_path):
    project = copy_sample_project(tmp_path)
    files = sorted(p for p in (project / "annotations").glob("*.md") if p.name != "README.md")
    broken = next(p for p in files if "\nreliability: " in p.read_text(encoding="utf-8"))
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text.replace("\nreliability: ", "\nreliability: G  # was ", 1), encoding="utf-8")
    assert build_archive(project).returncode == 1  # the build writes the pages and reports the error
    strict = mkdocs_build(project, "--strict")
    assert "unchanged since the last build" in strict.stderr
    assert strict.returncode != 0 and f"annotations/{broken.name}:" in strict.stderr


def test_article_pages_carry_only_the_top_of_the_navigation(built):
    """navigation.prune: an article page links the sections, not every page in them (each page stays small)."""
    project, _ = built
    record = json.loads((project / "docs" / "corpus.jsonl").read_text().splitlines()[0])
    nav = html(project, f"articles/{record['id']}/index.html").select_one("nav.md-nav--primary")
    labels = [link.get_text(strip=True) for link in nav.select("a.md-nav__link, label.md-nav__link")]
    assert labels == ["Home", "Browse", "About"]
    browse = html(project, "browse/dates/index.html").select_one("nav.md-nav--primary")
    assert "By entity" in browse.get_text()  # the open section's pages are there


def test_page_titles_have_no_permalink_and_other_headings_keep_theirs(built):
    project, _ = built
    record = json.loads((project / "docs" / "corpus.jsonl").read_text().splitlines()[0])
    for path in (f"articles/{record['id']}/index.html", "about/index.html", "index.html"):
        page = html(project, path)
        assert page.select("h1") and not page.select("h1 a.headerlink"), path
    assert html(project, "about/index.html").select("h2 a.headerlink")


def test_serve_watches_hand_written_files_only(tmp_path):
    from archive.mkdocs_hooks import hand_written_paths

    docs = tmp_path / "docs"
    files = ["about.md", "index.md", "articles/a.md", "articles/extra/e.md", "assets/logo.png", "assets/search/t/x.js",
             "notes/deep/n.md", ".archive-manifest.json", ".hidden/h.md"]  # fmt: skip
    for name in files:
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("x", encoding="utf-8")
    generated = {"index.md", "articles/a.md", "assets/search/t/x.js"}
    watched = [path.relative_to(docs).as_posix() for path in hand_written_paths(docs, generated)]
    # not "." (it holds index.md) nor "articles" (generated pages only; its sub-folder is watched itself)
    assert watched == ["about.md", "articles/extra", "assets", "notes", "notes/deep"]


def test_serve_watches_a_folder_of_many_hand_written_files_whole(tmp_path, monkeypatch):
    from archive import mkdocs_hooks

    monkeypatch.setattr(mkdocs_hooks, "FILES_WATCHED_ONE_BY_ONE", 2)
    docs = tmp_path / "docs"
    for name in ["a.md", "b.md", "c.md", "index.md", "articles/x.md"]:
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("x", encoding="utf-8")
    watched = mkdocs_hooks.hand_written_paths(docs, {"index.md", "articles/x.md"})
    assert [path.relative_to(docs).as_posix() for path in watched] == ["."]  # three files: one folder poll


def test_serve_compiles_each_template_once_and_again_when_it_changes(tmp_path):
    from archive.mkdocs_hooks import TemplateCache

    (tmp_path / "page.html").write_text("one {{ x }}", encoding="utf-8")
    cache = TemplateCache()

    def render() -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path), bytecode_cache=cache)
        return env.get_template("page.html").render(x=1)

    assert render() == "one 1" and len(cache.compiled) == 1
    assert render() == "one 1"
    (tmp_path / "page.html").write_text("two {{ x }}", encoding="utf-8")
    assert render() == "two 1"


def test_serve_rebuilds_run_without_garbage_collection_which_runs_once_idle():
    import gc
    import threading

    from archive.mkdocs_hooks import IdleCollector

    collector = IdleCollector(delay=0.5)
    collected = threading.Event()
    gc.callbacks.append(on_collect := lambda phase, info: phase == "stop" and info["generation"] == 2 and collected.set())
    try:
        collector.build_started()  # the first build collects as usual
        assert gc.isenabled()
        collector.build_ended()
        collector.build_started()  # a rebuild: paused, and the first build's pending collection cancelled
        assert not gc.isenabled() and not collected.wait(0.2)
        collector.build_ended()
        assert not gc.isenabled()
        assert collected.wait(5) and gc.isenabled()  # collected once idle, and enabled again
    finally:
        gc.callbacks.remove(on_collect)
        gc.enable()
