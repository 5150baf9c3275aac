"""Stage merge: attach every annotation file to its article and anchor every note in the article's text.

Severities: problems that only a contributor's edit can cause are errors (unknown article or related id,
a new note whose quote is missing or ambiguous). A note that anchored in the last build but no longer
matches because the *article* changed is a warning, so the site still builds and lists the note under
"notes that no longer match the text"; `check --strict` (CI) fails on it. Fuzzy re-attachments are warnings.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

from .anchor import anchor_note
from .model import (
    AnchorStatus,
    AnnotatedArticle,
    AnnotationFile,
    Article,
    ArticleAnnotations,
    Note,
    Placement,
    Problem,
    Severity,
)
from .suggest import format_did_you_mean, suggest_closest

ANNOTATIONS_JSONLD = "annotations.jsonld"
"""The W3C Web Annotation export, written in the output directory; also the memory of the last build's anchors."""

NOTE_ID_MARKER = "#note-"
"""Annotation ids end with `#note-<key>`: how the last build's positions are matched to notes."""

QUOTE_SHOWN_CHARS = 60
"""Quotes longer than this are shortened in messages."""

Positions = dict[str, tuple[int, int]]


def note_key(article_id: str, note: Note, occurrence: int = 0) -> str:
    """A stable 12-hex-digit identity: article, file name, quote (whitespace-normalised) and context; no line
    numbers, so editing other notes never changes it, and no folder, so `--annotations /abs/path` and
    `annotations` give the same keys. `occurrence` separates identical notes in one file."""
    quote = " ".join(note.quote.split())
    file_name = PurePosixPath(note.source.replace("\\", "/")).name
    identity = "\n".join([article_id, file_name, quote, note.prefix, note.suffix, str(occurrence)])
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:12]


def assign_note_keys(article_id: str, notes: Iterable[Note]) -> dict[Note, str]:
    """The key of each note; identical notes are numbered in file and line order."""
    keys: dict[Note, str] = {}
    seen: dict[str, int] = defaultdict(int)
    for note in sorted(notes, key=lambda n: (n.source, n.line)):
        base = note_key(article_id, note)
        keys[note] = note_key(article_id, note, seen[base]) if seen[base] else base
        seen[base] += 1
    return keys


def read_previous_positions(out_dir: Path) -> Positions:
    """Note key -> (start, end) from the last build's annotations.jsonld; {} if it is missing or unreadable."""
    try:
        data = json.loads((out_dir / ANNOTATIONS_JSONLD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    positions: Positions = {}
    for item in find_annotation_items(data):
        found = read_position(item)
        if found:
            positions[found[0]] = found[1]
    return positions


def find_annotation_items(data: object) -> list:
    """The annotations of a collection (first page embedded), a page, a list or a single annotation."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return []
    if isinstance(data.get("first"), dict):
        data = data["first"]
    items = data.get("items")
    return items if isinstance(items, list) else [data]


def read_position(item: object) -> tuple[str, tuple[int, int]] | None:
    """(key, (start, end)) of one exported annotation, or None if it is not one of ours or is malformed."""
    if not isinstance(item, dict) or not isinstance(item.get("id"), str) or NOTE_ID_MARKER not in item["id"]:
        return None
    target = item.get("target")
    selectors = target.get("selector") if isinstance(target, dict) else None
    for selector in selectors if isinstance(selectors, list) else [selectors]:
        if isinstance(selector, dict) and selector.get("type") == "TextPositionSelector":
            start, end = selector.get("start"), selector.get("end")
            if type(start) is int and type(end) is int and 0 <= start <= end:
                return item["id"].rsplit(NOTE_ID_MARKER, 1)[1], (start, end)
    return None


def merge_annotations(
    articles: Sequence[Article], files: Sequence[AnnotationFile], previous: Positions
) -> tuple[list[AnnotatedArticle], list[Problem]]:
    """One AnnotatedArticle per article, in the articles' order, and every problem found while anchoring."""
    ids = [article.id for article in articles]
    known = set(ids)
    by_article: dict[str, list[AnnotationFile]] = defaultdict(list)
    problems: list[Problem] = []
    for annotation in sorted(files, key=lambda f: f.path):
        problems.extend(check_related(annotation, known, ids))
        if annotation.article in known:
            by_article[annotation.article].append(annotation)
        else:
            problems.append(unknown_article_problem(annotation, ids))
    annotated = []
    for article in articles:
        group = tuple(by_article.get(article.id, ()))
        placements, found = place_notes(article, group, previous)
        problems.extend(found)
        annotated.append(AnnotatedArticle(article, ArticleAnnotations(article.id, group, placements)))
    return annotated, sorted(problems, key=lambda p: (p.path, p.line))


def unknown_article_problem(annotation: AnnotationFile, ids: list[str]) -> Problem:
    suggestion = format_did_you_mean(suggest_closest(annotation.article, ids))
    fix = suggestion or "copy the id from the article page or corpus.jsonl"
    message = f"unknown article id '{annotation.article}'; {fix} (the file's notes were not applied)"
    return Problem(annotation.path, annotation.article_line, message)


def check_related(annotation: AnnotationFile, known: set[str], ids: list[str]) -> list[Problem]:
    """Every `related` id must name an article of the archive."""
    problems = []
    lines = annotation.related_lines or (annotation.article_line,) * len(annotation.related)
    for related, line in zip(annotation.related, lines):
        if related not in known:
            fix = format_did_you_mean(suggest_closest(related, ids)) or "copy the id from the article page"
            problems.append(Problem(annotation.path, line, f"'related': unknown article id '{related}'; {fix}"))
    return problems


def place_notes(
    article: Article, files: tuple[AnnotationFile, ...], previous: Positions
) -> tuple[tuple[Placement, ...], list[Problem]]:
    """Anchor the notes of all files on one article; placed notes by position, then unplaced ones."""
    if not files:
        return (), []
    text = article.text
    notes = [note for annotation in files for note in annotation.notes]
    keys = assign_note_keys(article.id, notes)
    placements, problems = [], []
    for note in notes:
        before = previous.get(keys[note])
        placement = dataclasses.replace(anchor_note(note, text, before), key=keys[note])
        placements.append(placement)
        problem = describe_anchor_problem(article.id, placement, text, is_new=before is None)
        if problem:
            problems.append(problem)
    placements.sort(key=lambda p: (not p.status.placed, p.start, p.note.source, p.note.line))
    return tuple(placements), problems


def describe_anchor_problem(article_id: str, placement: Placement, text: str, is_new: bool) -> Problem | None:
    """The problem a placement raises, if any (severities: see the module docstring)."""
    note, status, detail = placement.note, placement.status, placement.detail
    where, quote = f"article '{article_id}'", shorten(note.quote)
    severity = Severity.ERROR if is_new else Severity.WARNING
    if status is AnchorStatus.ORPHANED and is_new:
        message = f'quote not found in {where}: "{quote}"; {detail}; copy the exact passage from the article'
    elif status is AnchorStatus.ORPHANED:
        message = (
            f'quote no longer matches {where}: "{quote}"; {detail}; the page lists the note as no longer '
            "matching: copy the passage's new text into 'quote', or delete the note"
        )
    elif status is AnchorStatus.AMBIGUOUS:
        fix = "add a 'prefix' or 'suffix' of a few words to pick one"
        message = f'ambiguous quote in {where}: "{quote}"; {detail}; {fix}'
    elif status is AnchorStatus.FUZZY:
        current = " ".join(text[placement.start : placement.end].split())
        message = (
            f'quote matches {where} only approximately ({detail}); the passage now reads "{current}": '
            "check that the note still applies, then copy that text into 'quote'"
        )
        severity = Severity.WARNING
    else:
        return None
    return Problem(note.source, note.line, message, severity)


def shorten(text: str, limit: int = QUOTE_SHOWN_CHARS) -> str:
    """Whitespace collapsed; long text cut at a word with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit] + "…"
