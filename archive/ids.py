"""Stable, URL-safe article ids: a readable slug of the headline plus a short content hash."""

from __future__ import annotations

import hashlib
import re
import unicodedata

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


def make_article_id(source_file: str, headline: str, occurrence: int = 0) -> str:
    """`<slug>-<hash6>`: depends only on the raw file name and the raw headline line.

    Adding other files or changing the cleaner elsewhere never changes an id; `occurrence`
    separates articles with the same headline in the same file.
    """
    key = f"{source_file}\n{' '.join(headline.split())}\n{occurrence}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:6]
    return f"{slugify(headline)}-{digest}"
