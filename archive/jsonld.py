"""Render placed notes as W3C Web Annotations (https://www.w3.org/TR/annotation-model/): annotations.jsonld.

One AnnotationCollection with its single AnnotationPage embedded. Each note becomes an Annotation whose
target is the article page, selected by a TextQuoteSelector (the passage with ~32 characters of context)
and a TextPositionSelector (character offsets into the article's cleaned text, the `text` of corpus.jsonl).
Ids derive from the article id and the note's identity (archive.merge.note_key): no timestamps, no run
order, so two builds of the same input are byte-identical. The build reads the file back next time to
tell moved notes (archive.merge.read_previous_positions).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .merge import ANNOTATIONS_JSONLD, NOTE_ID_MARKER, note_key
from .model import AnnotatedArticle, Article, Placement

ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"

PLACEHOLDER_SITE_URL = "https://example.org/"
"""Base of the ids and targets when mkdocs.yml has no `site_url` (W3C targets must be absolute IRIs)."""

SELECTOR_CONTEXT_CHARS = 32
"""Characters of text before and after the passage in each TextQuoteSelector's prefix and suffix."""


def render_annotations_jsonld(annotated: Sequence[AnnotatedArticle], site_url: str) -> str:
    """annotations.jsonld: every placed note, in article then text order; sorted keys, UTF-8, stable."""
    base = normalise_site_url(site_url)
    items = [
        render_annotation(entry.article, placement, base)
        for entry in annotated
        for placement in entry.annotations.placements
        if placement.status.placed
    ]
    collection_id = base + ANNOTATIONS_JSONLD
    collection: dict = {
        "@context": ANNOTATION_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": "Analyst notes on the archive's articles",
        "total": len(items),
    }
    if items:
        page = {"id": f"{collection_id}#page-1", "type": "AnnotationPage", "startIndex": 0, "items": items}
        collection["first"] = page
    return json.dumps(collection, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def normalise_site_url(site_url: str) -> str:
    """The site's base URL ending in '/', or the placeholder when none is configured."""
    url = site_url.strip() or PLACEHOLDER_SITE_URL
    return url if url.endswith("/") else url + "/"


def article_page_url(base: str, article_id: str) -> str:
    return f"{base}articles/{article_id}/"


def render_annotation(article: Article, placement: Placement, base: str) -> dict:
    """One Web Annotation: a Markdown comment (plus tags) on a passage of the article page."""
    note = placement.note
    page = article_page_url(base, article.id)
    key = placement.key or note_key(article.id, note)
    annotation: dict = {
        "id": f"{page}{NOTE_ID_MARKER}{key}",
        "type": "Annotation",
        "motivation": "commenting",
        "body": render_bodies(placement),
        "target": {"source": page, "selector": render_selectors(article.text, placement)},
    }
    if note.analyst:
        annotation["creator"] = {"type": "Person", "name": note.analyst}
    return annotation


def render_bodies(placement: Placement) -> list[dict]:
    """The note as a Markdown TextualBody, then one tagging body per tag (always a list, for consumers)."""
    note = placement.note
    comment: dict = {"type": "TextualBody", "value": note.note, "format": "text/markdown", "purpose": "commenting"}
    if note.analyst:
        comment["creator"] = {"type": "Person", "name": note.analyst}
    tags = [{"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in note.tags]
    return [comment, *tags]


def render_selectors(text: str, placement: Placement) -> list[dict]:
    """TextQuoteSelector (the current text of the passage, with context) and TextPositionSelector."""
    start, end = placement.start, placement.end
    quote = {"type": "TextQuoteSelector", "exact": text[start:end]}
    prefix, suffix = text[max(0, start - SELECTOR_CONTEXT_CHARS) : start], text[end : end + SELECTOR_CONTEXT_CHARS]
    quote.update({key: value for key, value in (("prefix", prefix), ("suffix", suffix)) if value})
    position = {"type": "TextPositionSelector", "start": start, "end": end}
    return [quote, position]
