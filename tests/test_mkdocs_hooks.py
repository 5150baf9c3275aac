"""The MkDocs hooks: `mkdocs build` runs the archive build, sets edit links, fails strict builds on errors."""

from __future__ import annotations

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
    assert (project / "site" / "corpus.jsonl").read_text() == (project / "docs" / "corpus.jsonl").read_text()


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


def test_serve_watches_the_folders_of_hand_written_files_only(tmp_path):
    from archive.mkdocs_hooks import hand_written_folders

    docs = tmp_path / "docs"
    files = ["about.md", "index.md", "articles/a.md", "assets/logo.png", "assets/search/t/x.js", "notes/deep/n.md"]
    for name in files:
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("x", encoding="utf-8")
    generated = {"index.md", "articles/a.md", "assets/search/t/x.js"}
    folders = [folder.relative_to(docs).as_posix() for folder in hand_written_folders(docs, generated)]
    assert folders == [".", "assets", "notes", "notes/deep"]


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
