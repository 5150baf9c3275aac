"""The splitter's view of a cleaned page, and how it recognises headlines.

`PageView` answers the questions the splitter asks about lines (is this a strong headline, a
bare author name, comment furniture?); `find_title` picks the headline of a block of prose.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import accumulate

from .clean import BYLINE, CAPTION, CREDIT, DATELINE, END, HEADLINE, PROSE, SEPARATOR, SHORT, shape_of
from .model import Line, Role
from .repeats import normalize_key
from .settings import Thresholds

META = (BYLINE, DATELINE)
TITLE_SCAN_MAX_LINES = 400  # lines of any kind scanned above a block for its headline (menus included)
TEXT_KINDS = (PROSE, HEADLINE, SHORT)
NAME_LINE = re.compile(r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}$")


class PageView:
    """The cleaned lines of one page with the questions the splitter asks about them."""

    def __init__(self, lines: tuple[Line, ...], thresholds: Thresholds):
        self.lines = lines
        self.t = thresholds
        self.keys = [normalize_key(line.text) for line in lines]
        self.shapes = [shape_of(line.text) for line in lines]  # measured once: the splitter asks often
        self.key_counts = Counter(key for key in self.keys if key)
        self.nonblank_before = list(accumulate((line.role is not Role.BLANK for line in lines), initial=0))
        self.first_text: dict[int, int] = {}  # segment start -> its first text line (memo)
        self.repeated_labels: dict[int, bool] = {}  # line -> is_repeated_label (memo: each block's title search asks)

    def kind(self, i: int) -> str:
        return self.lines[i].kind

    def removed(self, i: int) -> bool:
        return self.lines[i].role is Role.REMOVED

    def blank(self, i: int) -> bool:
        return self.lines[i].role is Role.BLANK

    def words(self, i: int) -> int:
        return self.shapes[i].words

    def first_text_line(self, start: int) -> int:
        """The first line at or after `start` that is neither blank nor removed (-1 if none)."""
        if start not in self.first_text:
            found = (i for i in range(start, len(self.lines)) if not self.blank(i) and not self.removed(i))
            self.first_text[start] = next(found, -1)
        return self.first_text[start]

    def nonblank_between(self, a: int, b: int) -> list[int]:
        """Indices of non-blank lines strictly between a and b."""
        return [i for i in range(a + 1, b) if not self.blank(i)]

    def count_nonblank_between(self, a: int, b: int) -> int:
        """How many non-blank lines lie strictly between a and b (from the running count)."""
        return self.nonblank_before[b] - self.nonblank_before[a + 1] if b > a else 0

    def is_prose(self, i: int) -> bool:
        return self.kind(i) == PROSE and not self.removed(i)

    def is_repeated_label(self, i: int) -> bool:
        """The line recurs in the page, alone or inside a non-prose line (breadcrumbs, share bars, related lists)."""
        if i not in self.repeated_labels:
            key = self.keys[i]
            nearby = range(max(0, i - 60), min(len(self.lines), i + 200))
            self.repeated_labels[i] = self.key_counts.get(key, 0) > 1 or any(
                j != i and self.kind(j) != PROSE and key in self.keys[j] for j in nearby if self.keys[j]
            )
        return self.repeated_labels[i]

    def is_author_line(self, i: int) -> bool:
        """A bare name ("Left Voice", "Tom Gillespie") right above or below a dateline or byline."""
        line, shape = self.lines[i], self.shapes[i]
        rescued = line.role is not Role.REMOVED or "times in this file" in line.reason or "recurs in" in line.reason
        if not rescued or not 1 <= shape.words <= 4 or shape.bullet or not NAME_LINE.match(shape.content):
            return False
        neighbours = [j for j in (self.next_text(i, -1), self.next_text(i, 1)) if j is not None]
        return any(self.kind(j) in META for j in neighbours)

    def next_text(self, i: int, step: int) -> int | None:
        """The nearest non-blank line above (step -1) or below (step 1)."""
        j = i + step
        while 0 <= j < len(self.lines) and self.blank(j):
            j += step
        return j if 0 <= j < len(self.lines) else None

    def follows_related_label(self, i: int) -> bool:
        """Right under "Related", "More from …", "Most read": a teaser link, not a headline."""
        j = self.next_text(i, -1)
        return j is not None and self.lines[j].reason == "related list label"

    def is_headline_shaped(self, i: int) -> bool:
        """A headline of 5-15 words in one piece (a dek runs longer or holds a sentence break)."""
        text = self.shapes[i].content
        return self.kind(i) == HEADLINE and 5 <= self.words(i) <= 15 and not re.search(r"[.!?] [A-Z]", text)

    def is_comment_furniture(self, i: int) -> bool:
        """A comment thread's header ("12. joe says:", "Reply"): text above it is a comment, not a headline."""
        return self.lines[i].reason == "comments"

    def is_strong_headline(self, i: int, stop: int) -> bool:
        """A headline-like line soon followed by a byline or date (before index `stop`)."""
        if self.removed(i) or self.kind(i) not in TEXT_KINDS or self.words(i) > self.t.headline_max_words:
            return False
        if self.shapes[i].bullet or (self.kind(i) != HEADLINE and self.words(i) > 20):
            return False
        between = 0
        for j in range(i + 1, min(stop, i + 16)):
            if self.blank(j) or (self.removed(j) and self.kind(j) != END and not self.is_comment_furniture(j)):
                continue
            if self.kind(j) in META:
                return True
            if self.kind(j) in (CAPTION, CREDIT):
                continue
            if self.is_headline_shaped(j):  # the byline belongs to that nearer headline
                return False
            between += 1
            if between > 2 or self.kind(j) == END or self.is_comment_furniture(j):
                return False
        return False


def is_running_headline(view: PageView, i: int) -> bool:
    shape = view.shapes[i]
    return (
        view.kind(i) == HEADLINE
        and not view.removed(i)
        and shape.title_case
        and not shape.all_caps
        and not shape.bullet
        and shape.words >= view.t.split_headline_min_words
    )


def follows_end(view: PageView, i: int, limit: int) -> bool:
    """The line comes right after an end marker ("Read the full article here.", "From the archive:")."""
    j = i - 1
    while j >= limit and (view.blank(j) or (view.removed(j) and view.kind(j) != END)):
        j -= 1
    return j >= limit and view.kind(j) == END


def title_score(view: PageView, i: int, block_first: int, first_text_line: int = -1) -> float:
    """How much a line looks like the headline of the text below it."""
    line, shape = view.lines[i], view.shapes[i]
    if line.reason == "attribution of a quote":
        return -5.0
    score = {HEADLINE: 2.0, SHORT: 0.5, PROSE: 1.0 if shape.words <= 15 else 0.0}.get(line.kind, -5.0)
    score += 3 if view.is_strong_headline(i, block_first) else 0
    score += 1 if shape.title_case else 0
    score += 1 if 5 <= shape.words <= 20 else 0
    score -= 2 if shape.words <= 2 else 0
    score -= 1 if shape.all_caps else 0
    score -= 4 if shape.bullet else 0
    score -= 2 if shape.colon_end else 0
    score += 2 if shape.words >= 4 and line.kind != PROSE and view.is_repeated_label(i) else 0
    score += 1.5 if i == first_text_line else 0
    score -= 2 if view.follows_related_label(i) else 0
    return score - 0.02 * view.count_nonblank_between(i, block_first)


def find_title(view: PageView, limit: int, block_first: int) -> int | None:
    """The best headline candidate among the lines above a block (None if there is none)."""
    candidates = []
    seen = 0
    for i in range(block_first - 1, max(limit, block_first - TITLE_SCAN_MAX_LINES) - 1, -1):
        if view.kind(i) == END:
            break
        if view.blank(i) or view.removed(i):
            continue
        seen += 1
        if seen > view.t.title_search_lines:
            break
        if view.kind(i) not in TEXT_KINDS or view.words(i) > view.t.headline_max_words:
            continue
        candidates.append(i)
    if not candidates:
        return None
    segment_start = limit == 0 or view.kind(limit - 1) == SEPARATOR or view.kind(limit) == SEPARATOR
    first_text = view.first_text_line(limit) if segment_start else -1
    scores = {i: title_score(view, i, block_first, first_text) for i in candidates}
    best = max(candidates, key=lambda i: (scores[i], -abs(block_first - i)))
    return best if scores[best] > 0 else None
