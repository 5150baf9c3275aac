"""Passage notes: highlight quoted passages in the body and render the notes beside them.

A placed note gets a number. Its passage is wrapped in `<mark>` (split at block boundaries when a
passage crosses paragraphs: each block highlights its part) and followed by a numbered link to the
note, which is an `<aside>` right after the paragraph (after the whole list for list items). The
note links back to its passage. Plain links and always-visible asides work with keyboard, touch,
screen readers and print alike. Notes that could not be placed are listed in their own section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import AnchorStatus, Block, Placement
from .render_common import format_date, repo_annotation_path
from .render_text import escape_html, escape_inline, escape_line_start, render_contributor_markdown

UNPLACED_HEADING = "Notes that no longer match the text"
UNPLACED_ANCHOR = "notes-unmatched"
# A MOVED note is shown like an exact one: "moved" compares with the previous build, and pages must
# depend on the inputs alone (a re-run would otherwise turn "moved" into "exact"). check and the build
# summary still report it.
STATUS_LABELS = {
    AnchorStatus.FUZZY: "approximate match",
    AnchorStatus.AMBIGUOUS: "the quote matches several passages",
    AnchorStatus.ORPHANED: "the quote is no longer in the text",
}


@dataclass(frozen=True)
class NumberedNote:
    """A placed note with its number on the page and its offsets in `Article.text`."""

    number: int
    placement: Placement

    @property
    def anchor(self) -> str:
        """`note-<key>`: the stable id annotations.jsonld uses (the number when there is no key)."""
        return note_anchor(self.placement, self.number)


def note_anchor(placement: Placement, number: int | str) -> str:
    """`note-<key>` (keys are hex digests; anything else is made id-safe)."""
    return "note-" + re.sub(r"[^A-Za-z0-9_-]", "-", placement.key or str(number))


@dataclass(frozen=True)
class Span:
    """The part of a numbered note's passage that falls in one block (offsets local to the block)."""

    start: int
    end: int
    number: int
    ends_here: bool  # the passage ends in this block: the note marker goes after it
    anchor: str = ""  # the note's anchor ("note-<key>")


def number_notes(placements: tuple[Placement, ...], text_length: int) -> tuple[list[NumberedNote], list[Placement]]:
    """Number placed notes in reading order; the rest (and any with impossible offsets) are unplaced."""
    placed, unplaced = [], []
    for placement in placements:
        valid = 0 <= placement.start < placement.end <= text_length
        (placed if placement.status.placed and valid else unplaced).append(placement)
    placed.sort(key=lambda p: (p.start, p.end, p.note.source, p.note.line))
    unplaced.sort(key=lambda p: (p.note.source, p.note.line))
    return [NumberedNote(number, p) for number, p in enumerate(placed, 1)], unplaced


def block_starts(blocks: tuple[Block, ...]) -> list[int]:
    """Offset of each block in `Article.text` (blocks are joined with a blank line)."""
    starts, offset = [], 0
    for block in blocks:
        starts.append(offset)
        offset += len(block.text) + 2
    return starts


def spans_in_block(start: int, length: int, notes: list[NumberedNote]) -> list[Span]:
    """The parts of the passages that overlap the block `[start, start + length)`."""
    spans = []
    for note in notes:
        p = note.placement
        low, high = max(p.start, start), min(p.end, start + length)
        if low < high:
            spans.append(Span(low - start, high - start, note.number, p.end <= start + length, note.anchor))
    return spans


def render_marked_text(text: str, spans: list[Span]) -> str:
    """Escaped Markdown of one block's text with its passages in `<mark>` and note markers after them."""
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    spans = [Span(max(0, s.start - lead), min(len(text), s.end - lead), s.number, s.ends_here, s.anchor) for s in spans]
    cuts = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    out = []
    for low, high in zip(cuts, cuts[1:]):
        active = [s for s in spans if s.start <= low and high <= s.end]
        piece = escape_inline(text[low:high])
        if active:
            numbers = " ".join(str(s.number) for s in active)
            piece = f'<mark class="aa-passage" data-notes="{numbers}">{piece}</mark>'
        out.append(piece)
        out.extend(render_marker(s) for s in spans if s.ends_here and s.end == high)
    for span in spans:  # passages that ended inside stripped whitespace
        if span.ends_here and span.end <= 0:
            out.insert(0, render_marker(span))
    return escape_line_start("".join(out))


def render_marker(span: Span) -> str:
    """The numbered link from a passage to its note (focusable, works without JavaScript)."""
    anchor = span.anchor or f"note-{span.number}"
    return (
        f'<sup class="aa-ref"><a id="ref-{anchor}" href="#{anchor}" '
        f'aria-label="Note {span.number}">{span.number}</a></sup>'
    )


def render_note(note: NumberedNote) -> str:
    """A placed note as a raw HTML block: number (links back), analyst, date, match quality, note."""
    p, n, anchor = note.placement, note.number, note.anchor
    head = [f'<a class="aa-note__number" href="#ref-{anchor}" title="Back to the passage">Note {n}</a>']
    head.extend(render_note_byline(p))
    if p.status in STATUS_LABELS:
        label = STATUS_LABELS[p.status] + (f" ({p.score:.0f}%)" if p.status is AnchorStatus.FUZZY else "")
        head.append(f'<span class="aa-note__status">{escape_html(label)}</span>')
    return (
        f'<aside class="aa-note" id="{anchor}" aria-label="Note {n}">\n'
        f'<p class="aa-note__meta">{" · ".join(head)}</p>\n'
        f'<div class="aa-note__body">{render_contributor_markdown(p.note.note)}</div>\n'
        "</aside>"
    )


def render_note_byline(placement: Placement) -> list[str]:
    note = placement.note
    parts = []
    if note.analyst:
        parts.append(f'<bdi class="aa-note__analyst">{escape_html(note.analyst)}</bdi>')
    if note.date:
        parts.append(f'<time datetime="{escape_html(note.date)}">{escape_html(format_date(note.date))}</time>')
    if note.tags:
        parts.append(f'<span class="aa-note__tags">{escape_html(", ".join(note.tags))}</span>')
    return parts


def render_unplaced_notes(unplaced: list[Placement]) -> list[str]:
    """The visible section for notes whose quote matches no passage or several (Markdown chunks)."""
    if not unplaced:
        return []
    chunks = [
        f"## {UNPLACED_HEADING} {{ #{UNPLACED_ANCHOR} }}",
        "These notes quote text that is no longer in the article, or that matches several passages "
        "equally well. Fix the `quote` (or add a `prefix`/`suffix`) in the annotation file to attach them again.",
    ]
    chunks.extend(render_unplaced_note(placement) for placement in unplaced)
    return chunks


def render_unplaced_note(placement: Placement) -> str:
    note = placement.note
    status = STATUS_LABELS.get(placement.status, "offsets outside the article text")
    detail = f": {placement.detail}" if placement.detail else ""
    head = [f'<span class="aa-note__status">{escape_html(status + detail)}</span>']
    head.extend(render_note_byline(placement))
    head.append(f'<span class="aa-note__source">{escape_html(f"{repo_annotation_path(note.source)}:{note.line}")}</span>')
    anchor = f' id="{note_anchor(placement, "")}"' if placement.key else ""
    return (
        f'<aside class="aa-note aa-note--unplaced"{anchor}>\n'
        f'<p class="aa-note__meta">{" · ".join(head)}</p>\n'
        f'<blockquote class="aa-note__quote" dir="auto"><p dir="auto">{escape_html(note.quote)}</p></blockquote>\n'
        f'<div class="aa-note__body">{render_contributor_markdown(note.note)}</div>\n'
        "</aside>"
    )
