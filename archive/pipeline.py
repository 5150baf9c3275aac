"""The build, top to bottom: one call per stage, data passed as return values."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .annotations import load_annotations
from .entities import Entity, index_entities, load_entities
from .ids import find_duplicate_ids
from .load import find_raw_files
from .merge import merge_annotations, read_previous_positions
from .model import AnnotatedArticle, Article, CleanPage, Problem, Severity, count_removals
from .parallel import process_files
from .progress import Progress
from .render import render_site
from .settings import Settings
from .stamp import Stamp, input_digest, output_digest, write_stamp
from .write import WriteResult, write_site

if TYPE_CHECKING:
    from .cache import PageCache


@dataclass(frozen=True)
class Corpus:
    """The articles of a raw directory, with the cleaned pages they came from."""

    pages: tuple[CleanPage, ...]
    articles: tuple[Article, ...]
    problems: tuple[Problem, ...] = ()

    @cached_property
    def removed(self) -> dict[str, int]:
        """Removed lines per reason category (model.count_removals), counted once per corpus."""
        return count_removals(line for page in self.pages for line in page.lines)


@dataclass(frozen=True)
class BuildReport:
    """What a build or check did, for the closing summary and the exit code."""

    files: int
    articles: int
    annotated: tuple[AnnotatedArticle, ...] = ()
    problems: tuple[Problem, ...] = ()
    removed: dict[str, int] = field(default_factory=dict)  # removal reason category -> lines
    entities: tuple[Entity, ...] = ()
    written: WriteResult | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


def build_corpus(settings: Settings, progress: Progress | None = None) -> Corpus:
    """Load, clean and split every raw file, then extract each article's metadata.

    Two passes over the files: the corpus-wide count of repeated lines (repeats), then the
    per-file stages (load, clean, split, metadata), spread over processes for a big corpus.
    """
    progress = progress or Progress.silent()
    paths = find_raw_files(settings.raw_dir)  # load: raw files (and sidecars) in a stable order
    files = process_files(settings.raw_dir, paths, settings.thresholds)  # repeats, then clean, split, metadata
    cleaned, articles, problems, empty = [], [], [], []
    for file in progress.iterate(files, "cleaning"):
        problems.extend(file.problems)
        if file.page is None:  # skipped by the load stage: its problems say why
            continue
        cleaned.append(file.page)
        articles.extend(file.articles)
        if not file.page.spans:
            empty.append(Problem(file.page.page.name, 0, "no article found; every line was removed", Severity.WARNING))
    duplicates = find_duplicate_ids(articles)  # ids: two articles must never share a page
    return Corpus(tuple(cleaned), tuple(articles), tuple(problems + empty + duplicates))


def annotate(
    corpus: Corpus, settings: Settings, pages: PageCache | None = None
) -> tuple[list[AnnotatedArticle], list[Problem]]:
    """Load the analysts' annotation files and anchor their notes in the articles (`pages`: archive.cache)."""
    parse = pages.parse if pages is not None else None
    files, problems = load_annotations(settings.annotations_dir, parse)  # annotations: parse and validate
    previous = read_previous_positions(settings.out_dir)  # last build's anchors, to tell "moved"
    annotated, anchor_problems = merge_annotations(corpus.articles, files, previous)  # merge: anchor notes
    return annotated, sorted(problems + anchor_problems, key=lambda p: (p.path, p.line))


def check(
    settings: Settings, progress: Progress | None = None, corpus: Corpus | None = None, pages: PageCache | None = None
) -> BuildReport:
    """Everything `build` checks, writing nothing: what a pull request's CI runs.

    `corpus`: the corpus of `settings.raw_dir` when the caller has it already; `pages`: parsed
    annotation files of the last build (archive.cache).
    """
    corpus = corpus or build_corpus(settings, progress)
    annotated, problems = annotate(corpus, settings, pages)
    entities, entity_problems = load_entities(settings.entities_file)  # entities: the analysts' list
    return BuildReport(
        files=len(corpus.pages),
        articles=len(corpus.articles),
        annotated=tuple(annotated),
        problems=tuple(corpus.problems) + tuple(problems) + tuple(entity_problems),
        removed=corpus.removed,
        entities=entities,
    )


def build(
    settings: Settings,
    progress: Progress | None = None,
    corpus: Corpus | None = None,
    pages: PageCache | None = None,
    stamp: bool = True,
) -> BuildReport:
    """The whole build: the checks, then Markdown pages and data files out (`corpus`, `pages`: archive.cache).

    `stamp`: record the digests of inputs and outputs (archive.stamp), so an unchanged repeat can be skipped.
    """
    inputs = input_digest(settings) if stamp else ""  # before reading: an edit during the build is a change
    report = check(settings, progress, corpus, pages)  # load … metadata, annotations, merge, entities
    articles = [item.article for item in report.annotated]
    remembered = pages.mention_finder(report.entities) if pages is not None else None
    entities = index_entities(report.entities, articles, remembered)  # entities: mentions in each article
    files = render_site(list(report.annotated), settings, entities, pages)  # render: relative path -> file content
    known = pages.written if pages is not None else None
    written = write_site(files, settings.out_dir, known)  # write: only changed files, stale ones removed
    if stamp:
        outputs = output_digest((path, files[path].encode("utf-8")) for path in sorted(files))
        write_stamp(settings.out_dir, Stamp(inputs, outputs, report.files, report.articles, report.problems))
    return dataclasses.replace(report, written=written)
