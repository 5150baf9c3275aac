"""Stable, URL-safe article ids: a readable slug of the headline plus a short content hash.

Ids become file names (`articles/<id>.md`) and URLs, and headlines are untrusted text, so an id is
only ever lowercase ASCII letters, digits and single hyphens, at most SLUG_MAX_CHARS + 7 characters,
and always ends in a hash: never empty, `..`, a path, or a reserved name such as `con` or `nul`.
Headlines are NFC-normalised first, so two Unicode spellings of one title give one id (and one
occurrence count); a title in a script without ASCII letters (Arabic, Chinese) gets `article-<hash>`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from .model import Article, Problem

SLUG_MAX_CHARS = 60


def slugify(text: str, max_chars: int = SLUG_MAX_CHARS) -> str:
    """Lowercase ASCII words joined by hyphens, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_chars:
            break
        slug = candidate
    return slug or "article"


def headline_key(headline: str) -> str:
    """The headline as ids see it: NFC-normalised, whitespace runs as one space."""
    return " ".join(unicodedata.normalize("NFC", headline).split())


def make_article_id(source_file: str, headline: str, occurrence: int = 0) -> str:
    """`<slug>-<hash6>`: depends only on the raw file name and the raw headline line.

    Adding other files or changing the cleaner elsewhere never changes an id; `occurrence`
    separates articles with the same headline in the same file.
    """
    key = f"{unicodedata.normalize('NFC', source_file)}\n{headline_key(headline)}\n{occurrence}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:6]
    return f"{slugify(headline)}-{digest}"


def find_duplicate_ids(articles: Iterable[Article]) -> list[Problem]:
    """An error for each article whose id an earlier article already has (its page would overwrite the other)."""
    first: dict[str, Article] = {}
    problems = []
    for article in articles:
        other = first.setdefault(article.id, article)
        if other is not article:
            where = f"{other.source_file}:{other.source_lines[0]}"
            message = f"article id '{article.id}' is also the id of the article at {where}; rename one of the headlines"
            problems.append(Problem(article.source_file, article.source_lines[0], message))
    return problems
