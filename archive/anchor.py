"""Anchor a passage note in an article's text, tolerating what cleaning and re-scraping change.

1. Quote and text are normalised alike (whitespace runs, curly quotes and apostrophes, dashes, compatibility
   characters such as "…"), with a map from every normalised character back to the original text, so
   placements are offsets into the original `Article.text`.
2. The quote is searched verbatim (its first letter in either case; whole-word matches preferred). Several
   occurrences are narrowed by the note's prefix/suffix, then by the previous build's position; if several
   remain the note is AMBIGUOUS. One occurrence is EXACT (first build, or where it was) or MOVED.
3. Otherwise a fuzzy search (rapidfuzz) looks for a changed passage. It is accepted (FUZZY, with its score)
   only if it is similar enough, clearly better than the runner-up, keeps the quote's names and numbers,
   and sits next to the prefix/suffix when they are given. Anything less is ORPHANED: a note is never
   attached to a lookalike passage.
"""

from __future__ import annotations

import difflib
import string
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz

from .model import AnchorStatus, Note, Placement

FUZZY_MIN_SCORE = 85.0
"""Similarity (rapidfuzz ratio of normalised, lower-cased quote and passage, 0-100) needed to re-attach a
changed quote. One changed word in a sentence-long quote scores 90-95; another sentence on the same topic 50-75."""

FUZZY_MIN_MARGIN = 5.0
"""A fuzzy match must beat every other passage by this many points; closer rivals make the note AMBIGUOUS."""

FUZZY_MIN_QUOTE_CHARS = 20
"""Quotes shorter than this are only matched verbatim: a changed short phrase has too many lookalikes."""

SPELLING_MIN_SCORE = 80.0
"""In a fuzzy match a name may change only its spelling ('Soleimani'/'Suleimani' scores 89, 'Iran'/'Iraq' 75)
and a number only its punctuation ('3,000'/'3000'); any other change to a name or number orphans the note."""

CONTEXT_MIN_SCORE = 85.0
"""prefix/suffix agree with the text next to a match at this similarity (rapidfuzz partial ratio, 0-100);
below it they neither pick an occurrence nor confirm a fuzzy match. Short contexts need a high bar:
'In the north,' and 'In the south,' are 77% similar, a typo such as 'comander of' scores 97."""

CONTEXT_MARGIN = 10.0
"""Occurrences whose context scores are within this of the best one stay tied."""

CONTEXT_SLACK_CHARS = 3
"""prefix/suffix may be this many characters away from the quote (a comma, a space, a quotation mark)."""

REFINE_MAX_SLACK = 60
"""A fuzzy match's ends are moved by at most this many characters to the word boundaries that fit best."""

SNIPPET_CHARS = 30
"""Context shown on each side of a match in messages."""

SINGLE_QUOTES = "‘’‚‛′ʼ"
DOUBLE_QUOTES = "“”„‟″"
DASHES = "‐‑‒–—―−"
IGNORED = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # soft hyphen, zero-width characters, BOM
FOLD = str.maketrans(
    {**dict.fromkeys(SINGLE_QUOTES, "'"), **dict.fromkeys(DOUBLE_QUOTES, '"'), **dict.fromkeys(DASHES, "-")}
)
PUNCTUATION = string.punctuation + "…"
STOPWORDS = frozenset(
    "a an and as at but by for from he her his i if in it its of on or our she that the their them then there "
    "these they this those to was we were what when which who with you".split()
)


class Candidate(NamedTuple):
    """A possible match, in normalised-text offsets."""

    start: int
    end: int
    score: float = 100.0


@dataclass(frozen=True)
class Normalised:
    """Normalised text plus, for each of its characters, the original characters it stands for."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original(self, candidate: Candidate) -> tuple[int, int]:
        """The candidate's offsets in the original text (end exclusive)."""
        return self.starts[candidate.start], self.ends[candidate.end - 1]


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character, normalised: quotes, dashes and compatibility forms folded, invisible ones dropped."""
    if char in IGNORED:
        return ""
    return unicodedata.normalize("NFKC", char.translate(FOLD)).translate(FOLD)


@lru_cache(maxsize=64)
def normalise(text: str) -> Normalised:
    """Fold every character and collapse whitespace runs to one space, remembering original offsets."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, size = 0, len(text)
    while i < size:
        if text[i].isspace():
            j = i + 1
            while j < size and (text[j].isspace() or text[j] in IGNORED):
                j += 1
            chars.append(" ")
            starts.append(i)
            ends.append(j)
            i = j
            continue
        for char in fold_char(text[i]):
            chars.append(char)
            starts.append(i)
            ends.append(i + 1)
        i += 1
    return Normalised("".join(chars), tuple(starts), tuple(ends))


@lru_cache(maxsize=64)
def lower_same_length(text: str) -> str:
    """Lower-case without changing the length (characters whose lower case is longer are kept)."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@lru_cache(maxsize=4096)  # `mkdocs serve` rebuilds anchor the unchanged notes on unchanged articles again
def anchor_note(note: Note, text: str, previous: tuple[int, int] | None = None) -> Placement:
    """Where the note's quote is in `text` (offsets into `text`), or why it cannot be placed.

    `previous` is the note's (start, end) in the last build: it breaks ties between identical
    occurrences and tells EXACT (same start) from MOVED.
    """
    quote = normalise(note.quote).text.strip()
    if not quote:
        return Placement(note, AnchorStatus.ORPHANED, detail="the quote is empty")
    norm = normalise(text)
    prefix, suffix = normalise(note.prefix).text.strip(), normalise(note.suffix).text.strip()
    spans = find_verbatim(norm.text, quote)
    if spans:
        candidates = [Candidate(start, end) for start, end in spans]
        return place_verbatim(note, norm, candidates, (prefix, suffix), previous)
    return place_fuzzy(note, norm, quote, (prefix, suffix), previous)


def find_verbatim(text: str, quote: str) -> list[tuple[int, int]]:
    """Every occurrence of the quote (first letter in either case), whole-word ones if there are any."""
    variants = {quote}
    for first in (quote[0].lower(), quote[0].upper()):
        if len(first) == 1:
            variants.add(first + quote[1:])
    spans = set()
    for variant in variants:
        at = text.find(variant)
        while at != -1:
            spans.add((at, at + len(variant)))
            at = text.find(variant, at + 1)
    whole = [span for span in spans if is_whole_words(text, *span)]
    return sorted(whole or spans)


def is_whole_words(text: str, start: int, end: int) -> bool:
    """False when the span starts or ends inside a word ("Iran" inside "Iranian")."""
    cut_before = start > 0 and text[start - 1].isalnum() and text[start].isalnum()
    cut_after = end < len(text) and text[end - 1].isalnum() and text[end].isalnum()
    return not (cut_before or cut_after)


def place_verbatim(
    note: Note,
    norm: Normalised,
    candidates: list[Candidate],
    context: tuple[str, str],
    previous: tuple[int, int] | None,
) -> Placement:
    """One occurrence (after prefix/suffix and previous position) is placed; more are AMBIGUOUS."""
    tied = narrow(candidates, norm, context, previous)
    if len(tied) > 1:
        return Placement(note, AnchorStatus.AMBIGUOUS, detail=describe_ties(norm, tied, "equally good matches"))
    start, end = norm.original(tied[0])
    if previous is None or previous[0] == start:
        return Placement(note, AnchorStatus.EXACT, start, end, 100.0)
    return Placement(note, AnchorStatus.MOVED, start, end, 100.0, f"moved from character {previous[0]} to {start}")


def narrow(
    candidates: list[Candidate], norm: Normalised, context: tuple[str, str], previous: tuple[int, int] | None
) -> list[Candidate]:
    """The candidates still tied once the context (prefix/suffix), then the previous position, have decided."""
    tied = list(candidates)
    if len(tied) > 1 and any(context):
        scores = [score_context(norm.text, c, context) for c in tied]
        if max(scores) >= CONTEXT_MIN_SCORE:
            tied = [c for c, score in zip(tied, scores) if score >= max(scores) - CONTEXT_MARGIN]
    if len(tied) > 1 and previous is not None:
        distances = [abs(norm.starts[c.start] - previous[0]) for c in tied]
        tied = [c for c, distance in zip(tied, distances) if distance == min(distances)]
    return tied


def score_context(text: str, candidate: Candidate, context: tuple[str, str]) -> float:
    """How well the text next to a candidate matches the given prefix and suffix (the worse of the two)."""
    prefix, suffix = context
    scores = []
    if prefix:
        before = text[max(0, candidate.start - len(prefix) - CONTEXT_SLACK_CHARS) : candidate.start]
        scores.append(fuzz.partial_ratio(prefix.lower(), before.lower()) if before else 0.0)
    if suffix:
        after = text[candidate.end : candidate.end + len(suffix) + CONTEXT_SLACK_CHARS]
        scores.append(fuzz.partial_ratio(suffix.lower(), after.lower()) if after else 0.0)
    return min(scores, default=100.0)


def place_fuzzy(
    note: Note, norm: Normalised, quote: str, context: tuple[str, str], previous: tuple[int, int] | None
) -> Placement:
    """Re-attach a changed quote only to a clearly best, similar-enough passage with the same names and numbers."""
    orphan = AnchorStatus.ORPHANED
    if len(quote) < FUZZY_MIN_QUOTE_CHARS:
        detail = f"no exact match, and quotes under {FUZZY_MIN_QUOTE_CHARS} characters are only matched exactly"
        return Placement(note, orphan, detail=detail)
    candidates = find_fuzzy(lower_same_length(norm.text), lower_same_length(quote))
    if not candidates or candidates[0].score < FUZZY_MIN_SCORE:
        score = candidates[0].score if candidates else 0.0
        return Placement(note, orphan, score=score, detail=describe_closest(norm, candidates))
    best = candidates[0]
    change = find_changed_name(quote, norm.text[best.start : best.end])
    if change:
        closest = f"the closest passage, {best.score:.0f}% similar,"
        detail = f"{closest} changes a name or number ({change}): {snippet(norm, best)}"
        return Placement(note, orphan, score=best.score, detail=detail)
    rivals = [
        c for c in candidates
        if c.score > best.score - FUZZY_MIN_MARGIN and not find_changed_name(quote, norm.text[c.start : c.end])
    ]
    tied = narrow(rivals, norm, context, previous)
    if len(tied) > 1:
        return Placement(note, AnchorStatus.AMBIGUOUS, detail=describe_ties(norm, tied, "similar passages"))
    chosen = tied[0]
    if any(context) and score_context(norm.text, chosen, context) < CONTEXT_MIN_SCORE:
        closest = f"the closest passage, {chosen.score:.0f}% similar,"
        detail = f"{closest} is not next to the prefix/suffix: {snippet(norm, chosen)}"
        return Placement(note, orphan, score=chosen.score, detail=detail)
    start, end = norm.original(chosen)
    return Placement(note, AnchorStatus.FUZZY, start, end, round(chosen.score, 1), f"{chosen.score:.0f}% similar")


def find_fuzzy(text: str, quote: str) -> list[Candidate]:
    """The best approximate match and the best one not overlapping it, best first."""
    best = align(quote, text)
    if best is None:
        return []
    masked = text[: best.start] + "\0" * (best.end - best.start) + text[best.end :]
    runner_up = align(quote, masked)
    return sorted([c for c in (best, runner_up) if c is not None], key=lambda c: (-c.score, c.start))


def align(quote: str, text: str) -> Candidate | None:
    """rapidfuzz's optimal alignment of the quote in the text, moved to the best word boundaries."""
    found = fuzz.partial_ratio_alignment(quote, text)
    if found is None or found.score <= 0:
        return None
    return refine(quote, text, found.dest_start, found.dest_end)


def refine(quote: str, text: str, start: int, end: int) -> Candidate:
    """Try the word boundaries near the alignment's ends; keep the span most similar to the quote
    (ties: the one closest to the alignment). Without boundaries nearby, the alignment stands."""
    slack = min(REFINE_MAX_SLACK, max(8, len(quote) // 5))
    nearby = range(max(0, start - slack), min(len(text), end + slack) + 1)
    starts = [i for i in nearby if abs(i - start) <= slack and is_boundary(text, i) and text[i : i + 1] not in " \0"]
    ends = [j for j in nearby if abs(j - end) <= slack and is_boundary(text, j) and text[j - 1 : j] not in " \0"]
    scored = [
        (fuzz.ratio(quote, text[i:j]), -abs(i - start) - abs(j - end), i, j)
        for i in starts or [start]
        for j in ends or [end]
        if j > i
    ]
    score, _distance, i, j = max(scored) if scored else (fuzz.ratio(quote, text[start:end]), 0, start, end)
    return Candidate(i, j, score)


def is_boundary(text: str, i: int) -> bool:
    """True at the ends of the text and between a word character and anything else."""
    return i in (0, len(text)) or text[i - 1].isalnum() != text[i].isalnum()


def find_changed_name(quote: str, passage: str) -> str:
    """'' when the passage keeps the quote's names and numbers (spelling aside), else the first change."""
    old_words, new_words = quote.split(), passage.split()
    keys = [[w.strip(PUNCTUATION).lower() for w in words] for words in (old_words, new_words)]
    matcher = difflib.SequenceMatcher(a=keys[0], b=keys[1], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = old_words[i1:i2], new_words[j1:j2]
        if tag == "equal" or (len(old) == len(new) and all(map(is_spelling_variant, old, new))):
            continue
        if any(is_name_or_number(word) for word in old + new):
            before, after = " ".join(old), " ".join(new)
            return f"'{before}' became '{after}'" if old and new else f"no '{before}'" if old else f"added '{after}'"
    return ""


def is_name_or_number(word: str) -> bool:
    core = word.strip(PUNCTUATION)
    return any(c.isdigit() for c in core) or (core[:1].isupper() and core.lower() not in STOPWORDS)


def is_spelling_variant(old: str, new: str) -> bool:
    """Same number (digits equal) or the same word spelt differently."""
    old, new = old.strip(PUNCTUATION), new.strip(PUNCTUATION)
    if any(c.isdigit() for c in old + new):
        return [c for c in old if c.isdigit()] == [c for c in new if c.isdigit()]
    return fuzz.ratio(old.lower(), new.lower()) >= SPELLING_MIN_SCORE


def describe_ties(norm: Normalised, tied: list[Candidate], what: str) -> str:
    """`2 equally good matches: at 120 "…a commander of [Kataib Hezbollah], the most…"; at 988 "…"`."""
    shown = [f"at {norm.starts[c.start]} {snippet(norm, c)}" for c in sorted(tied, key=lambda c: c.start)[:3]]
    more = f"; and {len(tied) - 3} more" if len(tied) > 3 else ""
    return f"{len(tied)} {what}: " + "; ".join(shown) + more


def describe_closest(norm: Normalised, candidates: list[Candidate]) -> str:
    if not candidates or candidates[0].score < 50:
        return "no similar passage"
    best = candidates[0]
    needed = f"{FUZZY_MIN_SCORE:.0f}% needed"
    return f"the closest passage is only {best.score:.0f}% similar ({needed}): {snippet(norm, best)}"


def snippet(norm: Normalised, candidate: Candidate) -> str:
    """The match in brackets with a few words either side: `"…said a [quoted words], the…"`."""
    text, start, end = norm.text, candidate.start, candidate.end
    before = text[max(0, start - SNIPPET_CHARS) : start]
    after = text[end : end + SNIPPET_CHARS]
    if start > SNIPPET_CHARS and " " in before:
        before = "…" + before[before.index(" ") + 1 :]
    if end + SNIPPET_CHARS < len(text) and " " in after:
        after = after[: after.rindex(" ")] + "…"
    match = text[start:end]
    if len(match) > 2 * SNIPPET_CHARS:
        match = match[:SNIPPET_CHARS].rstrip() + " … " + match[-SNIPPET_CHARS:].lstrip()
    return f'"{before}[{match}]{after}"'
