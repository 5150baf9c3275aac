"""Stage 4, split: find the articles of a cleaned page and give every line its final role.

The page is cut at separator lines ("RSS", "* * *") into segments. Prose lines close together form
content blocks; a block of enough words is an article body, or continues the article before it.
An article starts at a headline: the best-scoring headline-like line above its first block. In a
file without separators, a new article also starts at a headline followed by a byline or date, or
at a long Title Case headline inside running text. Everything outside an article's header and body
is removed with the reason; every line ends up in exactly one article's territory.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from .clean import BYLINE, CAPTION, CREDIT, DATELINE, END, HEADLINE, PROSE, REPEAT, SEPARATOR, SHORT, shape_of
from .model import CleanPage, Line, Role
from .repeats import normalize_key
from .settings import Thresholds

META = (BYLINE, DATELINE)
MIN_NEW_ARTICLE_TITLE_SCORE = 3.5  # a byline or date under "Contributing Writer" does not make it a headline
NAME_LINE = re.compile(r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}$")
TEXT_KINDS = (PROSE, HEADLINE, SHORT)


@dataclass
class Block:
    """Prose lines close together (indices into the page's lines)."""

    first: int
    last: int
    words: int
    prose_lines: int


@dataclass
class Plan:
    """Where one article's parts are (indices into the page's lines)."""

    title: int | None
    body_first: int
    body_last: int
    territory_first: int = 0


class PageView:
    """The cleaned lines of one page with the questions the splitter asks about them."""

    def __init__(self, lines: tuple[Line, ...], thresholds: Thresholds):
        self.lines = lines
        self.t = thresholds
        self.keys = [normalize_key(line.text) for line in lines]
        counts: dict[str, int] = {}
        for key in self.keys:
            if key:
                counts[key] = counts.get(key, 0) + 1
        self.key_counts = counts

    def kind(self, i: int) -> str:
        return self.lines[i].kind

    def removed(self, i: int) -> bool:
        return self.lines[i].role is Role.REMOVED

    def blank(self, i: int) -> bool:
        return self.lines[i].role is Role.BLANK

    def words(self, i: int) -> int:
        return shape_of(self.lines[i].text).words

    def nonblank_between(self, a: int, b: int) -> list[int]:
        """Indices of non-blank lines strictly between a and b."""
        return [i for i in range(a + 1, b) if not self.blank(i)]

    def is_prose(self, i: int) -> bool:
        return self.kind(i) == PROSE and not self.removed(i)

    def is_repeated_label(self, i: int) -> bool:
        """The line recurs in the page, alone or inside a non-prose line (breadcrumbs, share bars, related lists)."""
        key = self.keys[i]
        if self.key_counts.get(key, 0) > 1:
            return True
        nearby = range(max(0, i - 60), min(len(self.lines), i + 200))
        return any(j != i and self.kind(j) != PROSE and key in self.keys[j] for j in nearby if self.keys[j])

    def is_author_line(self, i: int) -> bool:
        """A bare name ("Left Voice", "Tom Gillespie") right above or below a dateline or byline."""
        line, shape = self.lines[i], shape_of(self.lines[i].text)
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
        text = shape_of(self.lines[i].text).content
        return self.kind(i) == HEADLINE and 5 <= self.words(i) <= 15 and not re.search(r"[.!?] [A-Z]", text)

    def is_comment_furniture(self, i: int) -> bool:
        """A comment thread's header ("12. joe says:", "Reply"): text above it is a comment, not a headline."""
        return self.lines[i].reason == "comments"

    def is_strong_headline(self, i: int, stop: int) -> bool:
        """A headline-like line soon followed by a byline or date (before index `stop`)."""
        if self.removed(i) or self.kind(i) not in TEXT_KINDS or self.words(i) > self.t.headline_max_words:
            return False
        if shape_of(self.lines[i].text).bullet or (self.kind(i) != HEADLINE and self.words(i) > 20):
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


def split_page(clean: CleanPage, thresholds: Thresholds) -> CleanPage:
    """Assign final roles and article territories (see the module docstring)."""
    view = PageView(clean.lines, thresholds)
    segments = find_segments(view)
    multi = len(segments) == 1
    plans: list[Plan] = []
    for first, last in segments:
        segment_plans = plan_segment(view, first, last, multi)
        if segment_plans:
            segment_plans[0].territory_first = first
        plans.extend(segment_plans)
    lines = restore_repeats(assign_roles(view, plans), plans, view)
    return dataclasses.replace(clean, lines=lines, spans=territories(plans, len(lines)))


def restore_repeats(lines: tuple[Line, ...], plans: list[Plan], view: PageView) -> tuple[Line, ...]:
    """A repeated paragraph inside a body stays when its earlier copy is not body text (e.g. the dek)."""
    in_body = {line.number for line in lines if line.role.in_body}
    first_copy: dict[str, int] = {}
    result = list(lines)
    for i, line in enumerate(lines):
        key = view.keys[i]
        if line.kind != REPEAT:
            first_copy.setdefault(key, line.number)
            continue
        inside = any(p.body_first <= i <= p.body_last for p in plans)
        if inside and first_copy.get(key) not in in_body:
            result[i] = dataclasses.replace(line, role=Role.BODY, reason="paragraph (its earlier copy is not body text)")
            in_body.add(line.number)
    return tuple(result)


def find_segments(view: PageView) -> list[tuple[int, int]]:
    """Index ranges between separator lines (a page without separators is one segment)."""
    cuts = [i for i, line in enumerate(view.lines) if line.kind == SEPARATOR]
    bounds = [0] + cuts + [len(view.lines)]
    segments = [(a, b - 1) for a, b in zip(bounds, bounds[1:]) if b - 1 >= a]
    return segments or [(0, len(view.lines) - 1)]


def find_blocks(view: PageView, first: int, last: int) -> list[Block]:
    """Group prose lines separated by few other lines; end markers, bylines, dates and strong headlines break."""
    blocks: list[Block] = []
    current: Block | None = None
    gap = 0
    for i in range(first, last + 1):
        if view.blank(i):
            continue
        if view.is_prose(i) and not (view.words(i) <= 20 and view.is_strong_headline(i, last + 1)):
            if current and gap <= view.t.max_gap_lines:
                current.last, current.words, current.prose_lines = i, current.words + view.words(i), current.prose_lines + 1
            else:
                current = Block(i, i, view.words(i), 1)
                blocks.append(current)
            gap = 0
            continue
        breaks = view.kind(i) in (END, *META) or view.is_strong_headline(i, last + 1)
        gap = view.t.max_gap_lines + 1 if breaks else gap + 1
    return blocks


def is_substantial(block: Block, thresholds: Thresholds) -> bool:
    """Enough prose for an article body; a lone paragraph (a teaser's blurb) needs to be long."""
    if block.prose_lines == 1:
        return block.words >= 2 * thresholds.min_article_words
    return block.words >= thresholds.min_article_words or block.words >= 25


def plan_segment(view: PageView, first: int, last: int, multi: bool) -> list[Plan]:
    """The articles of one segment: several when the page has no separators, else at most one."""
    blocks = [b for b in find_blocks(view, first, last) if is_substantial(b, view.t)]
    blocks = split_blocks_at_headlines(view, blocks) if multi else blocks
    if not blocks:
        return []
    plans: list[Plan] = []
    i = extend_back(view, blocks, blocks.index(first_article_block(view, blocks, first, multi)), multi)
    limit = first
    while i < len(blocks):
        block = blocks[i]
        title = find_title(view, limit, block.first)
        plan = Plan(title, body_start(view, title, block.first, limit), block.last)
        i += 1
        while i < len(blocks) and continues(view, plan.body_last, blocks[i], multi):
            plan.body_last = blocks[i].last
            i += 1
        plan.body_last = extend_body_end(view, plan.body_last, last)
        plans.append(plan)
        limit = plan.body_last + 1
        if not multi:
            break
        while i < len(blocks) and not starts_article(view, limit, blocks[i]):
            i += 1
    return plans


def extend_back(view: PageView, blocks: list[Block], i: int, multi: bool) -> int:
    """Take in earlier blocks of the same article: close by, and no strong headline of their own between."""
    while i > 0 and continues(view, blocks[i - 1].last, blocks[i], multi):
        own = find_title(view, blocks[i - 1].last + 1, blocks[i].first)
        if own is not None and (
            view.is_strong_headline(own, blocks[i].first) or (multi and is_running_headline(view, own))
        ):
            break
        i -= 1
    return i


def first_article_block(view: PageView, blocks: list[Block], first: int, multi: bool) -> Block:
    """Where the first article starts: the likeliest block, or an earlier one under a strong headline."""
    anchor = pick_anchor(view, blocks, first)
    if not multi:
        return anchor
    return next((b for b in blocks if b is anchor or starts_article(view, first, b)), anchor)


def pick_anchor(view: PageView, blocks: list[Block], first: int) -> Block:
    """In a one-article segment, the block most likely to be the article: big, under a good headline."""

    def score(block: Block) -> float:
        title = find_title(view, first, block.first)
        bonus = title_score(view, title, block.first) if title is not None else 0
        return block.words + 40 * bonus

    return max(blocks, key=score)


def starts_article(view: PageView, limit: int, block: Block) -> bool:
    """A later block starts a new article when a strong headline stands above it."""
    title = find_title(view, limit, block.first)
    if title is None:
        return False
    if is_running_headline(view, title) or follows_end(view, title, limit):
        return True
    strong = view.is_strong_headline(title, block.first)
    return strong and title_score(view, title, block.first) >= MIN_NEW_ARTICLE_TITLE_SCORE


def continues(view: PageView, body_last: int, block: Block, multi: bool) -> bool:
    """The next block belongs to the current article: close by, no end marker or new headline between."""
    between = view.nonblank_between(body_last, block.first)
    text = [i for i in between if not view.removed(i) and view.kind(i) in TEXT_KINDS]
    if any(view.kind(i) == END for i in between) or len(text) > view.t.max_merge_gap_lines:
        return False
    if len(between) > 4 * view.t.max_merge_gap_lines:  # a page's worth of menus and footers between
        return False
    return not (multi and starts_article(view, body_last + 1, block))


def split_blocks_at_headlines(view: PageView, blocks: list[Block]) -> list[Block]:
    """Cut blocks at long Title Case headlines inside running text (a blog page with several posts)."""
    result: list[Block] = []
    for block in blocks:
        start = block.first
        for i in range(block.first + 1, block.last):
            if is_running_headline(view, i) and count_words(view, i + 1, block.last) >= view.t.min_article_words:
                if count_words(view, start, i - 1) > 0:
                    result.append(make_block(view, start, i - 1))
                start = i + 1
        result.append(make_block(view, start, block.last))
    return [b for b in result if is_substantial(b, view.t)]


def is_running_headline(view: PageView, i: int) -> bool:
    shape = shape_of(view.lines[i].text)
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


def count_words(view: PageView, first: int, last: int) -> int:
    return sum(view.words(i) for i in range(first, last + 1) if view.is_prose(i))


def make_block(view: PageView, first: int, last: int) -> Block:
    prose = [i for i in range(first, last + 1) if view.is_prose(i)]
    if not prose:
        return Block(first, last, 0, 0)
    return Block(prose[0], prose[-1], sum(view.words(i) for i in prose), len(prose))


def title_score(view: PageView, i: int, block_first: int, first_text_line: int = -1) -> float:
    """How much a line looks like the headline of the text below it."""
    line, shape = view.lines[i], shape_of(view.lines[i].text)
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
    return score - 0.02 * len(view.nonblank_between(i, block_first))


def find_title(view: PageView, limit: int, block_first: int) -> int | None:
    """The best headline candidate among the lines above a block (None if there is none)."""
    candidates = []
    seen = 0
    for i in range(block_first - 1, limit - 1, -1):
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
    first_text = next((i for i in range(limit, block_first) if not view.blank(i) and not view.removed(i)), -1)
    first_text = first_text if segment_start else -1
    scores = {i: title_score(view, i, block_first, first_text) for i in candidates}
    best = max(candidates, key=lambda i: (scores[i], -abs(block_first - i)))
    return best if scores[best] > 0 else None


def body_start(view: PageView, title: int | None, block_first: int, limit: int) -> int:
    """Move the body start up over text lines above the first block, until a byline, date or furniture.

    When nothing but text separates the headline from the block, those lines are the body's start.
    Otherwise only short sentences directly above the block are taken in (a dek stays a dek).
    """
    floor = (title + 1) if title is not None else limit
    text_lines = [i for i in range(floor, block_first) if not view.blank(i)]
    if title is not None and all(not view.removed(i) and view.kind(i) in (SHORT, HEADLINE) for i in text_lines):
        return text_lines[0] if text_lines else block_first
    start = block_first
    for i in reversed(text_lines):
        if view.removed(i) or view.kind(i) not in (SHORT, HEADLINE) or not shape_of(view.lines[i].text).sentence_end:
            break
        start = i
    return start


def extend_body_end(view: PageView, body_last: int, last: int) -> int:
    """Take in up to two short sentences after the last prose line, and a list a colon line introduces."""
    end, taken = body_last, 0
    for i in range(body_last + 1, last + 1):
        if view.blank(i):
            continue
        shape = shape_of(view.lines[i].text)
        if view.removed(i) or view.kind(i) not in TEXT_KINDS:
            break
        if shape.colon_end and view.kind(i) != HEADLINE:
            return list_end(view, i, last) or end
        if view.kind(i) == PROSE or not shape.sentence_end or taken == 2:
            break
        end, taken = i, taken + 1
    return end


def list_end(view: PageView, intro: int, last: int) -> int | None:
    """The last item of a list of short lines under an introducing line ("Tour dates:"), or None."""
    end = None
    for i in range(intro + 1, last + 1):
        if view.blank(i):
            continue
        if view.removed(i) or view.kind(i) not in (HEADLINE, SHORT) or view.words(i) > 15:
            break
        if view.is_strong_headline(i, last + 1):
            break
        end = i
    return end


def territories(plans: list[Plan], n_lines: int) -> tuple[tuple[int, int], ...]:
    """1-based (first, last) line spans covering the whole file, one per article."""
    if not plans:
        return ()
    starts = [0] + [min(p.territory_first or p.body_first, p.title if p.title is not None else p.body_first)
                    for p in plans[1:]]
    ends = [s - 1 for s in starts[1:]] + [n_lines - 1]
    return tuple((s + 1, e + 1) for s, e in zip(starts, ends))


def assign_roles(view: PageView, plans: list[Plan]) -> tuple[Line, ...]:
    """Final role for every line: article parts keep theirs, everything else is removed with a reason."""
    roles: dict[int, tuple[Role, str]] = {}
    for plan in plans:
        roles.update(header_roles(view, plan))
        roles.update(body_roles(view, plan))
    lines = []
    in_comments = False
    for i, line in enumerate(view.lines):
        in_comments = (in_comments or line.reason == "comments") and line.kind != SEPARATOR
        if i in roles:
            role, reason = roles[i]
            lines.append(dataclasses.replace(line, role=role, reason=reason))
        elif line.role in (Role.BLANK, Role.REMOVED):
            lines.append(line)
        else:
            lines.append(dataclasses.replace(line, role=Role.REMOVED, reason=outside_reason(line, in_comments)))
    return tuple(lines)


def outside_reason(line: Line, in_comments: bool) -> str:
    if in_comments and line.kind in (PROSE, SHORT, HEADLINE, DATELINE):
        return "outside the article: comment thread"
    if line.kind == PROSE:
        return "outside the article: teaser or page text"
    if line.kind in (HEADLINE, SHORT):
        return "outside the article: link or label"
    return f"outside the article: {line.kind}"


def header_roles(view: PageView, plan: Plan) -> dict[int, tuple[Role, str]]:
    """Title, subtitle (dek), bylines, datelines, captions and credits above the body."""
    roles: dict[int, tuple[Role, str]] = {}
    if plan.title is None:
        return roles
    roles[plan.title] = (Role.TITLE, "headline")
    has_subtitle = False
    for i in range(plan.title + 1, plan.body_first):
        if view.blank(i) or (view.removed(i) and not view.is_author_line(i)):
            continue
        kind = view.kind(i)
        if kind in META:
            roles[i] = (Role.BYLINE if kind == BYLINE else Role.DATELINE, kind)
        elif view.is_author_line(i):
            roles[i] = (Role.BYLINE, "author: a name next to the date")
        elif kind == CAPTION or (kind == PROSE and next_is_credit(view, i, plan.body_first)):
            roles[i] = (Role.CAPTION, "photo caption")
        elif kind == CREDIT:
            roles[i] = (Role.CREDIT, "photo credit")
        elif kind == PROSE and not has_subtitle and view.words(i) >= 6:
            roles[i] = (Role.SUBTITLE, "dek: the sentence under the headline")
            has_subtitle = True
        else:
            roles[i] = (Role.REMOVED, "article header: label or link")
    return roles


def next_is_credit(view: PageView, i: int, stop: int) -> bool:
    for j in range(i + 1, stop):
        if not view.blank(j):
            return view.kind(j) == CREDIT
    return False


def body_roles(view: PageView, plan: Plan) -> dict[int, tuple[Role, str]]:
    """Paragraphs, subheadings and list items of the body; teaser runs, captions and credits out."""
    roles: dict[int, tuple[Role, str]] = {}
    indices = [i for i in range(plan.body_first, plan.body_last + 1) if not view.blank(i) and not view.removed(i)]
    teasers = teaser_runs(view, indices)
    listed = introduced_items(view, indices)
    for pos, i in enumerate(indices):
        kind, shape = view.kind(i), shape_of(view.lines[i].text)
        following = indices[pos + 1] if pos + 1 < len(indices) else None
        if i in teasers:
            roles[i] = (Role.REMOVED, "related-article links inside the body")
        elif kind == CAPTION or (kind in TEXT_KINDS and following is not None and view.kind(following) == CREDIT
                                 and shape.words <= 40):
            roles[i] = (Role.CAPTION, "photo caption")
        elif kind == CREDIT:
            roles[i] = (Role.CREDIT, "photo credit")
        elif kind in META and not shape.content.startswith(("—", "–", "-")):
            roles[i] = (Role.BYLINE if kind == BYLINE else Role.DATELINE, kind)
        elif shape.bullet:
            roles[i] = (Role.LIST_ITEM, "list item")
        elif i in listed:
            roles[i] = (Role.LIST_ITEM, "list item under a line ending with a colon")
        elif kind == HEADLINE and is_subheading(view, shape, following):
            roles[i] = (Role.HEADING, "subheading")
        else:
            roles[i] = (Role.BODY, "paragraph" if kind == PROSE else "short paragraph")
    return roles


def is_subheading(view: PageView, shape, following: int | None) -> bool:
    """A short unpunctuated line followed by prose reads as a subheading."""
    return (
        following is not None
        and view.is_prose(following)
        and not shape.content.startswith(("[", "("))
        and (shape.all_caps or shape.title_case or shape.words <= 12)
    )


def teaser_runs(view: PageView, indices: list[int]) -> set[int]:
    """Runs of three or more headline-like lines with no prose: related-article link lists.

    A run right under a line ending in a colon ("Tour dates:") is a list of the text, not teasers.
    """
    found: set[int] = set()
    run: list[int] = []
    previous = -1
    for i in indices + [-1]:
        if i >= 0 and view.kind(i) == HEADLINE and not shape_of(view.lines[i].text).sentence_end:
            run.append(i)
            continue
        if len(run) >= 3 and not introduced_list(view, run[0]):
            found.update(run)
        run = []
        previous = i
    return found


def introduced_items(view: PageView, indices: list[int]) -> set[int]:
    """Short unpunctuated lines following a line that ends with a colon ("The factions are:")."""
    items: set[int] = set()
    intro = False
    for i in indices:
        shape = shape_of(view.lines[i].text)
        if intro and view.kind(i) in (HEADLINE, SHORT) and not shape.sentence_end and shape.words <= 15:
            items.add(i)
            continue
        intro = shape.colon_end and view.kind(i) != HEADLINE
    return items


def introduced_list(view: PageView, first: int) -> bool:
    """The line above the run is text ending with a colon."""
    j = view.next_text(first, -1)
    return j is not None and not view.removed(j) and shape_of(view.lines[j].text).colon_end
