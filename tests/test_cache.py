"""archive.cache: what `mkdocs serve` reuses between rebuilds gives the output of a fresh build."""

from __future__ import annotations

import dataclasses
import os

from conftest import copy_sample_project

from archive.cache import CorpusCache, PageCache
from archive.entities import Entity, index_entities
from archive.pipeline import annotate, build, build_corpus, check
from archive.render import render_site
from archive.settings import Settings
from archive.write import read_manifest


def project_settings(root) -> Settings:
    return Settings(
        raw_dir=root / "raw",
        annotations_dir=root / "annotations",
        out_dir=root / "docs",
        repo_url="https://github.com/example/annotated-archive",
    )


def test_corpus_is_reused_until_a_raw_file_changes(tmp_path):
    settings = project_settings(copy_sample_project(tmp_path))
    cache = CorpusCache()
    first = cache.corpus_for(settings)
    assert cache.corpus_for(settings) is first
    raw = min(settings.raw_dir.glob("*.txt"))
    raw.write_text(raw.read_text(encoding="utf-8") + "\nOne more line at the end.\n", encoding="utf-8")
    rebuilt = cache.corpus_for(settings)
    assert rebuilt is not first
    assert rebuilt == build_corpus(settings)


def test_corpus_is_rebuilt_when_a_raw_file_is_only_touched_or_settings_change(tmp_path):
    settings = project_settings(copy_sample_project(tmp_path))
    cache = CorpusCache()
    first = cache.corpus_for(settings)
    raw = min(settings.raw_dir.glob("*.txt"))
    stat = raw.stat()
    os.utime(raw, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert cache.corpus_for(settings) is not first
    second = cache.corpus_for(settings)
    stricter = dataclasses.replace(settings, thresholds=dataclasses.replace(settings.thresholds, corpus_min_files=2))
    assert cache.corpus_for(stricter) is not second


def test_cached_pages_after_an_annotation_edit_equal_a_fresh_render(tmp_path):
    settings = project_settings(copy_sample_project(tmp_path))
    corpus, pages = build_corpus(settings), PageCache()
    annotated, _ = annotate(corpus, settings)
    assert render_site(annotated, settings, pages=pages) == render_site(annotated, settings)
    note_file = next(p for p in sorted(settings.annotations_dir.glob("*.md")) if p.name != "README.md")
    text = note_file.read_text(encoding="utf-8")
    assert "note: >-" in text
    note_file.write_text(text.replace("note: >-", "note: >-\n      Edited first.", 1), encoding="utf-8")
    edited, _ = annotate(corpus, settings)
    fresh = render_site(edited, settings)
    cached = render_site(edited, settings, pages=pages)
    assert cached == fresh
    assert "Edited first." in fresh[f"articles/{note_file.stem}.md"]


def test_listings_made_of_entries_are_kept_while_every_entry_is(tmp_path):
    settings = project_settings(copy_sample_project(tmp_path))
    corpus, pages = build_corpus(settings), PageCache()
    annotated, _ = annotate(corpus, settings)
    render_site(annotated, settings, pages=pages)
    kept = dict(pages.listings)
    assert len(kept) == 4  # by date, source, author, entity
    note_file = next(p for p in sorted(settings.annotations_dir.glob("*.md")) if p.name != "README.md")
    text = note_file.read_text(encoding="utf-8")
    note_file.write_text(text.replace("note: >-", "note: >-\n      Edited first.", 1), encoding="utf-8")
    edited, _ = annotate(corpus, settings)  # a note's text: no entry shows it
    assert render_site(edited, settings, pages=pages) == render_site(edited, settings)
    assert all(pages.listings[render] is pages_before for render, pages_before in kept.items())
    text = note_file.read_text(encoding="utf-8")
    assert "credibility: 2" in text
    note_file.write_text(text.replace("credibility: 2", "credibility: 5", 1), encoding="utf-8")
    rated, _ = annotate(corpus, settings)  # a rating: every entry of the article shows it
    fresh = render_site(rated, settings)
    assert render_site(rated, settings, pages=pages) == fresh
    assert any(" · C5" in text for path, text in fresh.items() if path.startswith("browse/dates/"))


def test_pages_are_rendered_again_when_the_site_map_changes(tmp_path):
    settings = project_settings(copy_sample_project(tmp_path))
    corpus, pages = build_corpus(settings), PageCache()
    annotated, _ = annotate(corpus, settings)
    render_site(annotated, settings, pages=pages)
    moved = dataclasses.replace(settings, repo_url="https://github.com/other/fork")
    assert render_site(annotated, moved, pages=pages) == render_site(annotated, moved)


def test_pages_are_rendered_again_when_the_entities_change(tmp_path):
    settings = project_settings(copy_sample_project(tmp_path))
    corpus, pages = build_corpus(settings), PageCache()
    annotated, _ = annotate(corpus, settings)
    articles = [item.article for item in annotated]
    soleimani = [Entity(id="qassem-soleimani", name="Qassem Soleimani", type="person", aliases=("Soleimani",))]
    before = render_site(annotated, settings, index_entities((), articles), pages=pages)
    after = render_site(annotated, settings, index_entities(soleimani, articles), pages=pages)
    assert after == render_site(annotated, settings, index_entities(soleimani, articles))
    assert after != before


def test_remembered_mentions_and_term_weights_give_a_fresh_build(tmp_path):
    root = copy_sample_project(tmp_path / "project")
    settings = dataclasses.replace(project_settings(root), entities_file=root / "entities.yml")
    corpus, pages = CorpusCache(), PageCache()
    build(settings, corpus=corpus.corpus_for(settings), pages=pages)
    assert pages.mentions and pages.weights
    entities = root / "entities.yml"
    entities.write_text(entities.read_text(encoding="utf-8").replace("    - Suleimani\n", ""), encoding="utf-8")
    note_file = next(p for p in sorted(settings.annotations_dir.glob("*.md")) if p.name != "README.md")
    text = note_file.read_text(encoding="utf-8").replace("note: >-", "note: >-\n      Zyzzyva.", 1)
    note_file.write_text(text, encoding="utf-8")
    build(settings, corpus=corpus.corpus_for(settings), pages=pages)
    fresh = dataclasses.replace(settings, out_dir=tmp_path / "fresh")
    build(fresh)
    generated = read_manifest(settings.out_dir)
    assert generated == read_manifest(fresh.out_dir)
    assert all((settings.out_dir / p).read_bytes() == (fresh.out_dir / p).read_bytes() for p in generated)
    search = "".join((fresh.out_dir / p).read_text(encoding="utf-8") for p in generated if p.startswith("assets/search/"))
    assert "zyzzyva" in search


def assert_same_as_fresh(settings: Settings, fresh_dir) -> None:
    """Every file of the cached build's output is byte for byte what a fresh build writes."""
    fresh = dataclasses.replace(settings, out_dir=fresh_dir)
    build(fresh)
    generated = read_manifest(settings.out_dir)
    assert generated == read_manifest(fresh.out_dir)
    different = [p for p in sorted(generated) if (settings.out_dir / p).read_bytes() != (fresh.out_dir / p).read_bytes()]
    assert different == []


def test_listings_records_and_search_follow_edits_that_change_them(tmp_path):
    root = copy_sample_project(tmp_path / "project")
    settings = dataclasses.replace(project_settings(root), entities_file=root / "entities.yml")
    corpus, pages = CorpusCache(), PageCache()
    build(settings, corpus=corpus.corpus_for(settings), pages=pages)
    note_file = next(p for p in sorted(settings.annotations_dir.glob("*.md")) if p.name != "README.md")
    text = note_file.read_text(encoding="utf-8")
    assert "tags: [" in text and "credibility: 2" in text and "summary: >-" in text
    text = text.replace("tags: [", "tags: [zyzzyva-tag, ", 1).replace("credibility: 2", "credibility: 5", 1)
    note_file.write_text(text.replace("summary: >-", "summary: >-\n  Quixotry first.", 1), encoding="utf-8")
    build(settings, corpus=corpus.corpus_for(settings), pages=pages)
    assert_same_as_fresh(settings, tmp_path / "fresh-1")
    out = settings.out_dir
    assert "zyzzyva-tag" in (out / "browse/tags.md").read_text(encoding="utf-8")
    assert "C5" in (out / "browse/ratings.md").read_text(encoding="utf-8")
    assert "zyzzyva-tag" in (out / "corpus.jsonl").read_text(encoding="utf-8")
    assert "quixotry" in "".join(p.read_text(encoding="utf-8") for p in (out / "assets/search/t").glob("*.js"))
    note_file.unlink()  # the article loses its notes, ratings and tags
    build(settings, corpus=corpus.corpus_for(settings), pages=pages)
    assert_same_as_fresh(settings, tmp_path / "fresh-2")
    assert "zyzzyva-tag" not in (out / "browse/tags.md").read_text(encoding="utf-8")


def test_removing_an_article_or_changing_aliases_gives_a_fresh_build(tmp_path):
    root = copy_sample_project(tmp_path / "project")
    settings = dataclasses.replace(project_settings(root), entities_file=root / "entities.yml")
    corpus, pages = CorpusCache(), PageCache()
    build(settings, corpus=corpus.corpus_for(settings), pages=pages)
    raw = max(settings.raw_dir.glob("*.txt"))
    raw.unlink()
    report = build(settings, corpus=corpus.corpus_for(settings), pages=pages)
    assert report.written.removed
    assert_same_as_fresh(settings, tmp_path / "fresh-1")
    entities = root / "entities.yml"
    entities.write_text(entities.read_text(encoding="utf-8").replace("    - Suleimani\n", ""), encoding="utf-8")
    build(settings, corpus=corpus.corpus_for(settings), pages=pages)
    assert_same_as_fresh(settings, tmp_path / "fresh-2")


def test_a_generated_file_changed_on_disk_is_written_again(tmp_path):
    root = copy_sample_project(tmp_path / "project")
    settings = project_settings(root)
    corpus, pages = CorpusCache(), PageCache()
    build(settings, corpus=corpus.corpus_for(settings), pages=pages)
    assert pages.written
    page = settings.out_dir / "browse/tags.md"
    page.write_text(page.read_text(encoding="utf-8") + "hand edit\n", encoding="utf-8")
    report = build(settings, corpus=corpus.corpus_for(settings), pages=pages)
    assert report.written.written == ("browse/tags.md",)
    assert_same_as_fresh(settings, tmp_path / "fresh")


def test_an_annotation_file_is_parsed_again_when_its_text_changes(tmp_path):
    root = copy_sample_project(tmp_path / "project")
    settings = project_settings(root)
    corpus, pages = CorpusCache(), PageCache()
    first = build(settings, corpus=corpus.corpus_for(settings), pages=pages)
    note_file = next(p for p in sorted(settings.annotations_dir.glob("*.md")) if p.name != "README.md")
    text = note_file.read_text(encoding="utf-8")
    note_file.write_text(text.replace("credibility: 2", "credibility: 9", 1), encoding="utf-8")
    broken = build(settings, corpus=corpus.corpus_for(settings), pages=pages)
    assert broken.problems == check(settings).problems
    assert any(p.path == note_file.as_posix() and "credibility" in p.message for p in broken.errors)
    note_file.write_text(text, encoding="utf-8")
    assert build(settings, corpus=corpus.corpus_for(settings), pages=pages).problems == first.problems
