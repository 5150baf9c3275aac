"""Typed records passed between the pipeline stages.

Every record is a frozen dataclass that remembers where it came from (file and line), so any
output can be traced back to its input and every removed line can be explained.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property


def reduce_to_fields(record: object) -> tuple[type, tuple]:
    """Pickle a slotted record as its class and field values, rebuilt by one constructor call.

    Worker processes send their records back pickled (archive.parallel); the `__setstate__` that
    dataclasses give slotted classes is several times slower to unpickle.
    """
    return type(record), tuple(getattr(record, name) for name in record.__slots__)


class Role(str, Enum):
    """What a raw line became. Every input line gets exactly one role."""

    TITLE = "title"
    SUBTITLE = "subtitle"
    BODY = "body"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    BYLINE = "byline"
    DATELINE = "dateline"
    CAPTION = "caption"
    CREDIT = "credit"
    REMOVED = "removed"
    BLANK = "blank"

    @property
    def in_body(self) -> bool:
        """True for roles whose text is part of the article body (`Article.text`)."""
        return self in (Role.BODY, Role.HEADING, Role.LIST_ITEM)

    @property
    def is_metadata(self) -> bool:
        """True for roles that are kept as article metadata rather than body text."""
        return self in (Role.TITLE, Role.SUBTITLE, Role.BYLINE, Role.DATELINE, Role.CAPTION, Role.CREDIT)


@dataclass(frozen=True, slots=True)
class Line:
    """One raw line with its verdict: the role it plays and why."""

    number: int  # 1-based line number in the raw file
    text: str  # the raw line, without the line break
    role: Role = Role.BLANK
    reason: str = ""
    kind: str = ""  # the cleaner's classification: prose, headline, short, byline, dateline, credit, ...

    __reduce__ = reduce_to_fields

    @property
    def stripped(self) -> str:
        return self.text.strip()


def count_removals(lines: Iterable[Line]) -> dict[str, int]:
    """Removed lines per reason category (the reason before any colon), most frequent first."""
    counts = Counter(
        line.reason.split(":")[0].strip() or "unspecified" for line in lines if line.role is Role.REMOVED
    )
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


@dataclass(frozen=True, slots=True)
class RawPage:
    """A raw text file as read from disk, plus its optional sidecar metadata."""

    name: str  # path relative to the raw directory, POSIX separators ("002_41c4.txt")
    lines: tuple[str, ...]  # decoded text split into lines (no BOM, no line breaks)
    sidecar: dict[str, str] = field(default_factory=dict)  # from raw/<stem>.yml
    encoding: str = "utf-8"

    __reduce__ = reduce_to_fields


@dataclass(frozen=True, slots=True)
class CleanPage:
    """A raw page after cleaning and splitting: every line carries a verdict.

    `spans` are the article territories: (first, last) 1-based line numbers that together
    cover every line of the file exactly once, in order. A page with no article has no spans.
    """

    page: RawPage
    lines: tuple[Line, ...]
    spans: tuple[tuple[int, int], ...] = ()

    __reduce__ = reduce_to_fields


@dataclass(frozen=True, slots=True)
class Block:
    """A unit of article body: one paragraph, subheading or list item."""

    kind: Role  # Role.BODY (paragraph), Role.HEADING or Role.LIST_ITEM
    text: str  # cleaned text; list items keep their "• " marker
    line: int  # raw line number it came from

    __reduce__ = reduce_to_fields


@dataclass(frozen=True, slots=True)
class Image:
    """A photo or video mentioned by the page: its caption and credit, kept out of the body."""

    caption: str
    credit: str = ""
    line: int = 0

    __reduce__ = reduce_to_fields


@dataclass(frozen=True)
class Article:
    """One article: metadata, body blocks and the provenance of every line it owns.

    Not slotted, so `text`, `title_key` and `word_count`, read by every listing, note anchoring and the
    search index, are made once.
    """

    id: str
    source_file: str
    source_lines: tuple[int, int]  # first and last line of the article itself (title..body end)
    title: str
    blocks: tuple[Block, ...]
    lines: tuple[Line, ...]  # every raw line of the article's territory, with its verdict
    subtitle: str = ""
    date: str = ""  # ISO date, only when the text states the publication date
    authors: tuple[str, ...] = ()
    publisher: str = ""
    images: tuple[Image, ...] = ()
    tags: tuple[str, ...] = ()
    url: str = ""
    language: str = ""
    retrieved: str = ""  # ISO date the page was fetched, from the sidecar
    sidecar: dict[str, str] = field(default_factory=dict)  # raw/<name>.yml values that filled the metadata

    @cached_property
    def text(self) -> str:
        """The cleaned body: block texts separated by blank lines."""
        return "\n\n".join(block.text for block in self.blocks)

    @cached_property
    def title_key(self) -> tuple[str, str]:
        """How listings order articles of one date: by title, ignoring case, then by id."""
        return (self.title.casefold(), self.id)

    @cached_property
    def word_count(self) -> int:
        return sum(len(block.text.split()) for block in self.blocks)

    @property
    def territory(self) -> tuple[int, int]:
        """First and last raw line this article accounts for (its span in the file)."""
        return (self.lines[0].number, self.lines[-1].number) if self.lines else self.source_lines

    def front_matter(self) -> dict:
        """The article's metadata as plain data (YAML front matter and corpus.jsonl fields)."""
        data: dict = {
            "id": self.id,
            "title": self.title,
            "source_file": self.source_file,
            "source_lines": list(self.source_lines),
            "word_count": self.word_count,
            "authors": list(self.authors),
            "tags": list(self.tags),
            "images": [{"caption": i.caption, "credit": i.credit, "line": i.line} for i in self.images],
        }
        optional = {
            "subtitle": self.subtitle,
            "date": self.date,
            "publisher": self.publisher,
            "url": self.url,
            "language": self.language,
            "retrieved": self.retrieved,
        }
        data.update({key: value for key, value in optional.items() if value})
        return data


# --- annotations -------------------------------------------------------------------------------


class AnchorStatus(str, Enum):
    """How a passage note was re-attached to the current article text."""

    EXACT = "exact"  # quote found where it was (or, first build, found once)
    MOVED = "moved"  # quote found verbatim, but at a different position than last build
    FUZZY = "fuzzy"  # quote found approximately (score recorded)
    AMBIGUOUS = "ambiguous"  # several equally good matches: reported, not placed
    ORPHANED = "orphaned"  # no acceptable match: reported, not placed

    @property
    def placed(self) -> bool:
        return self in (AnchorStatus.EXACT, AnchorStatus.MOVED, AnchorStatus.FUZZY)


@dataclass(frozen=True, slots=True)
class Note:
    """A passage note from an annotation file."""

    quote: str
    note: str  # Markdown (untrusted)
    source: str  # annotation file path, relative to the project ("annotations/x.md")
    line: int  # line of the note's `quote:` key in that file
    prefix: str = ""
    suffix: str = ""
    analyst: str = ""
    date: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Placement:
    """A note and where it landed in `Article.text` (character offsets, end exclusive)."""

    note: Note
    status: AnchorStatus
    start: int = -1
    end: int = -1
    score: float = 0.0  # 100 for a verbatim match; rapidfuzz similarity for fuzzy ones
    detail: str = ""  # human explanation, e.g. "2 equally good matches at 120 and 988"
    key: str = ""  # stable note identity (archive.merge.note_key): JSON-LD id and HTML anchor "note-<key>"


@dataclass(frozen=True, slots=True)
class AnnotationFile:
    """One contributor file from `annotations/`, parsed and validated."""

    path: str  # relative to the project, POSIX ("annotations/a-step-away-from-war.md")
    article: str
    analyst: str = ""
    date: str = ""
    summary: str = ""
    tags: tuple[str, ...] = ()
    reliability: str = ""  # Admiralty scale A-F
    credibility: int = 0  # Admiralty scale 1-6 (0 = not rated)
    rationale: str = ""
    related: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()
    commentary: str = ""  # Markdown body (untrusted)
    article_line: int = 0  # line of the `article:` key, for problems about the id
    related_lines: tuple[int, ...] = ()  # line of each `related` item, parallel to `related`


@dataclass(frozen=True, slots=True)
class ArticleAnnotations:
    """Everything analysts said about one article, merged in a stable order."""

    article_id: str
    files: tuple[AnnotationFile, ...] = ()
    placements: tuple[Placement, ...] = ()

    @property
    def any(self) -> bool:
        """Whether an analyst said anything about the article: an annotation file, or a note placed on it."""
        return bool(self.files or self.placements)

    @property
    def tags(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for f in self.files:
            for tag in f.tags:
                seen.setdefault(tag, None)
        for p in self.placements:
            for tag in p.note.tags:
                seen.setdefault(tag, None)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class AnnotatedArticle:
    """An article with its (possibly empty) annotations: the unit the renderer works on."""

    article: Article
    annotations: ArticleAnnotations


# --- problems and reports ----------------------------------------------------------------------


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem in an input file, reported as `path:line: message`."""

    path: str
    line: int
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        location = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{location}: {prefix}{self.message}"


class ArchiveError(Exception):
    """Base class for errors the CLI reports as a message (never a traceback)."""

    exit_code = 3


class InputError(ArchiveError):
    """A missing directory, an unreadable file or a path that cannot be written."""


class UsageError(ArchiveError):
    """An argument that cannot be used as given (an unknown article id, a file that exists)."""

    exit_code = 2
