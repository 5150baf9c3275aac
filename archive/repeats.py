"""Stage 2, repeats: count every line over the whole corpus before any file is cleaned.

Site furniture (menus, footers, "About us" blurbs) recurs across the files of one site; counting
first, in a pass of its own, makes the verdicts independent of file order.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .model import RawPage
from .settings import Thresholds

QUOTES = str.maketrans(
    {
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
        "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
        "–": "-", "—": "-", "―": "-", "−": "-", "‐": "-", "‑": "-",
        "\u00a0": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u200b": "",
    }
)
QUOTE_REPLACEMENTS = tuple((chr(code), value) for code, value in QUOTES.items())


def even_out_quotes(text: str) -> str:
    """`text.translate(QUOTES)`, done as a few replacements: str.translate is slow on non-ASCII text."""
    for char, replacement in QUOTE_REPLACEMENTS:
        if char in text:
            text = text.replace(char, replacement)
    return text


BULLET = re.compile(r"^\s*(?:[•*+o·▪‣◦-]|\d{1,3}[.)])\s+")


@lru_cache(maxsize=1 << 16)
def normalize_key(text: str) -> str:
    """Comparison form of a line: quotes, dashes, whitespace and case normalised, bullet removed."""
    text = even_out_quotes(unicodedata.normalize("NFKC", text))
    text = BULLET.sub("", text)
    return " ".join(text.split()).casefold()


def key_digest(key: str) -> bytes:
    """A compact, deterministic fingerprint of a normalised line (memory stays small on big corpora)."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()


@dataclass(frozen=True)
class RepeatIndex:
    """How many distinct files contain each line, over the whole corpus."""

    file_counts: dict[bytes, int]

    def files_containing(self, text: str) -> int:
        return self.file_counts.get(key_digest(normalize_key(text)), 0)

    def is_corpus_furniture(self, text: str, thresholds: Thresholds) -> bool:
        """True when the line recurs in enough files of the corpus to be site furniture."""
        return self.files_containing(text) >= thresholds.corpus_min_files


def page_keys(page: RawPage) -> set[bytes]:
    """The distinct non-blank lines of one page, as fingerprints."""
    return {key_digest(key) for key in map(normalize_key, page.lines) if key}


def count_fingerprints(pages: Iterable[RawPage]) -> Counter[bytes]:
    """Map: for each line fingerprint, in how many of these files it occurs."""
    counts: Counter[bytes] = Counter()
    for page in pages:
        counts.update(page_keys(page))
    return counts


def merge_counts(partial_counts: Iterable[Counter[bytes]], thresholds: Thresholds) -> RepeatIndex:
    """Reduce: add up the map's counts; keep only the lines frequent enough to matter."""
    counts: Counter[bytes] = Counter()
    for partial in partial_counts:
        counts.update(partial)
    return RepeatIndex({key: n for key, n in counts.items() if n >= thresholds.corpus_min_files})


def count_repeats(pages: Iterable[RawPage], thresholds: Thresholds) -> RepeatIndex:
    """Count, for every distinct line, the number of files it appears in (one pass, linear)."""
    return merge_counts([count_fingerprints(pages)], thresholds)
