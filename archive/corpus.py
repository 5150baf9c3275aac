"""The researcher's download and the scorers' input: one JSON object per article."""

from __future__ import annotations

import json
from collections.abc import Iterable

from .model import Article


def article_record(article: Article, metadata: dict | None = None) -> dict:
    """The page's front-matter fields (the article's own when not given) plus `text`, the cleaned body."""
    return {**(metadata if metadata is not None else article.front_matter()), "text": article.text}


def render_corpus_line(article: Article, metadata: dict | None = None) -> str:
    """One article's line of corpus.jsonl: its record as JSON, keys sorted, UTF-8."""
    return json.dumps(article_record(article, metadata), ensure_ascii=False, sort_keys=True) + "\n"


def render_corpus_jsonl(lines: Iterable[tuple[Article, str]]) -> str:
    """corpus.jsonl: the articles' lines (render_corpus_line) in source order (file, first line, id)."""
    ordered = sorted(lines, key=lambda pair: (pair[0].source_file, pair[0].source_lines[0], pair[0].id))
    return "".join(line for _, line in ordered)
