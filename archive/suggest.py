"""Suggestions for misspelt field names and article ids ("did you mean ...?")."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

SUGGEST_MIN_SCORE = 60.0
"""Similarity (rapidfuzz ratio, 0-100) a known name needs to be suggested: 'sumary' -> 'summary' scores 92,
an id without its hash ('a-step-away-from-war') scores 85 against the full id; unrelated names score under 50."""

SUGGEST_LIMIT = 3
"""At most this many suggestions, best first."""


def suggest_closest(word: str, known: Iterable[str], limit: int = SUGGEST_LIMIT) -> list[str]:
    """The known names most similar to `word`, best first (ties in name order), none if nothing is close."""
    choices = sorted(set(known))
    found = process.extract(word, choices, scorer=fuzz.ratio, limit=None, score_cutoff=SUGGEST_MIN_SCORE)
    ranked = sorted(found, key=lambda match: (-match[1], match[0]))
    return [name for name, _score, _index in ranked[:limit]]


def format_did_you_mean(suggestions: list[str]) -> str:
    """`did you mean 'a'?`, `did you mean 'a' or 'b'?`, `did you mean 'a', 'b' or 'c'?` ('' for none)."""
    quoted = [f"'{name}'" for name in suggestions]
    if not quoted:
        return ""
    if len(quoted) == 1:
        return f"did you mean {quoted[0]}?"
    return f"did you mean {', '.join(quoted[:-1])} or {quoted[-1]}?"
