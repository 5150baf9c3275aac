"""The researcher's download and the scorers' input: one JSON object per article."""

from __future__ import annotations

import json
from collections.abc import Iterable

from .model import Article


def corpus_record(article: Article) -> dict:
    """Every front-matter field plus `source_file`, `title` and `text` (the cleaned body)."""
    return {**article.front_matter(), "text": article.text}


def render_corpus_jsonl(articles: Iterable[Article]) -> str:
    """corpus.jsonl: articles in source order, keys sorted, UTF-8, one line each."""
    ordered = sorted(articles, key=lambda a: (a.source_file, a.source_lines[0], a.id))
    return "".join(json.dumps(corpus_record(a), ensure_ascii=False, sort_keys=True) + "\n" for a in ordered)
