"""The researcher's download and the scorers' input: one JSON object per article."""

from __future__ import annotations

import json
from collections.abc import Iterable

from .model import Article


def article_record(article: Article, metadata: dict | None = None) -> dict:
    """The page's front-matter fields (the article's own when not given) plus `text`, the cleaned body."""
    return {**(metadata if metadata is not None else article.front_matter()), "text": article.text}


def render_corpus_jsonl(records: Iterable[dict]) -> str:
    """corpus.jsonl: records in source order (file, first line, id), keys sorted, UTF-8, one per line."""
    ordered = sorted(records, key=lambda r: (r["source_file"], r["source_lines"][0], r["id"]))
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in ordered)
