"""Paths and thresholds: every tunable number in one place, each with a default and a reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Thresholds:
    """Heuristic thresholds of the cleaner and splitter (documented in docs/algorithm.md)."""

    corpus_min_files: int = 3
    """A short line that appears in at least this many raw files is site furniture."""

    page_min_repeats: int = 3
    """A short line repeated this many times inside one file is navigation."""

    prose_min_words: int = 10
    """A line with at least this many words and sentence punctuation reads as prose."""

    long_min_words: int = 25
    """A line with at least this many words is prose whatever its punctuation."""

    max_gap_lines: int = 3
    """Non-prose lines allowed between two prose lines of the same content block."""

    max_merge_gap_lines: int = 12
    """Text lines allowed between two blocks of the same article (a teaser list, a label); captions,
    credits and furniture lines do not count, up to four times this many lines in all."""

    min_body_words: int = 25
    """Words of prose a block of two or more paragraphs needs to be an article body."""

    lone_paragraph_min_words: int = 100
    """A block of one paragraph (a teaser's blurb, a comment) needs this many words to be a body."""

    new_post_min_words: int = 50
    """Words of prose that must follow a Title Case headline in running text for it to start a new post."""

    title_search_lines: int = 25
    """How far above its first paragraph an article's headline may be."""

    headline_max_words: int = 40
    """A headline has at most this many words."""

    split_headline_min_words: int = 7
    """A Title Case line inside running text starts a new article only if this long."""

    repeat_min_chars: int = 20
    """Paragraphs shorter than this are never dropped as repeats (e.g. "Advertisement" is handled elsewhere)."""


@dataclass(frozen=True)
class Settings:
    """Where to read and write, and how chatty to be."""

    raw_dir: Path = Path("raw")
    annotations_dir: Path = Path("annotations")
    out_dir: Path = Path("docs")
    thresholds: Thresholds = field(default_factory=Thresholds)
    strict: bool = False  # warnings fail the build
    verbosity: int = 1  # 0 quiet, 1 normal, 2 verbose
    progress: bool = True  # show a progress display when stderr is a terminal
    site_url: str = ""  # from mkdocs.yml: base of article page URLs (JSON-LD targets)
    repo_url: str = ""  # from mkdocs.yml: where "Edit annotations" links point
    edit_branch: str = "main"  # branch of repo_url that contributors edit
    search_aliases: tuple[tuple[str, ...], ...] = ()  # spellings of one entity each: search finds any by any
