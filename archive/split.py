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
from dataclasses import dataclass

from .clean import END, HEADLINE, PROSE, SEPARATOR, SHORT
from .headlines import META, TEXT_KINDS, PageView, find_title, follows_end, is_running_headline, title_score
from .model import CleanPage
from .roles import Plan, assign_roles, restore_repeats
from .settings import Thresholds

MIN_NEW_ARTICLE_TITLE_SCORE = 3.5
"""A byline or date under "Contributing Writer", or "Something went wrong!" after a copyright line,
does not make a new article's headline."""


@dataclass
class Block:
    """Prose lines close together (indices into the page's lines)."""

    first: int
    last: int
    words: int
    prose_lines: int


def split_page(clean: CleanPage, thresholds: Thresholds) -> CleanPage:
    """Assign final roles and article territories (see the module docstring)."""
    view = PageView(clean.lines, thresholds)
    segments = find_segments(view)
    multi = not any(line.kind == SEPARATOR for line in view.lines)  # separators: one article per segment
    plans: list[Plan] = []
    for first, last in segments:
        segment_plans = plan_segment(view, first, last, multi)
        if segment_plans:
            segment_plans[0].territory_first = first
        plans.extend(segment_plans)
    lines = restore_repeats(assign_roles(view, plans), plans, view)
    return dataclasses.replace(clean, lines=lines, spans=territories(plans, len(lines)))


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
    return is_enough_prose(block.words, block.prose_lines, thresholds)


def is_enough_prose(words: int, prose_lines: int, thresholds: Thresholds) -> bool:
    if prose_lines == 1:
        return words >= thresholds.lone_paragraph_min_words
    return prose_lines > 1 and words >= thresholds.min_body_words


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
    if is_running_headline(view, title):
        return True
    good_title = title_score(view, title, block.first) >= MIN_NEW_ARTICLE_TITLE_SCORE
    if follows_end(view, title, limit):  # after "Read the full article here.": a headline over paragraphs
        return good_title or not is_bullet_list(view, block)
    return good_title and view.is_strong_headline(title, block.first)


def is_bullet_list(view: PageView, block: Block) -> bool:
    """Most of the block's prose lines are bullets: a link list or news ticker more than a body."""
    prose = [i for i in range(block.first, block.last + 1) if view.is_prose(i)]
    return sum(1 for i in prose if view.shapes[i].bullet) * 2 > len(prose)


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
    """Cut blocks at long Title Case headlines inside running text (a blog page with several posts).

    A cut is made only when the text before it and the post after it are each an article body;
    otherwise the headline stays inside the block as a subheading. Running counts keep it linear.
    """
    result: list[Block] = []
    for block in blocks:
        start = block.first
        before = [0, 0]  # prose words and lines from `start` to the line before i
        after = [block.words, block.prose_lines]  # prose words and lines from i to the block's end
        for i in range(block.first, block.last + 1):
            if (
                block.first < i < block.last
                and is_running_headline(view, i)
                and after[0] >= view.t.new_post_min_words
                and is_enough_prose(*before, view.t)
                and is_enough_prose(*after, view.t)
            ):
                result.append(make_block(view, start, i - 1))
                start, before = i + 1, [0, 0]
                continue
            if view.is_prose(i):
                before = [before[0] + view.words(i), before[1] + 1]
                after = [after[0] - view.words(i), after[1] - 1]
        result.append(make_block(view, start, block.last))
    return [b for b in result if is_substantial(b, view.t)]


def count_words(view: PageView, first: int, last: int) -> int:
    return sum(view.words(i) for i in range(first, last + 1) if view.is_prose(i))


def make_block(view: PageView, first: int, last: int) -> Block:
    prose = [i for i in range(first, last + 1) if view.is_prose(i)]
    if not prose:
        return Block(first, last, 0, 0)
    return Block(prose[0], prose[-1], sum(view.words(i) for i in prose), len(prose))


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
        if view.removed(i) or view.kind(i) not in (SHORT, HEADLINE) or not view.shapes[i].sentence_end:
            break
        start = i
    return start


def extend_body_end(view: PageView, body_last: int, last: int) -> int:
    """Take in up to two short sentences after the last prose line, and a list a colon line introduces."""
    end, taken = body_last, 0
    for i in range(body_last + 1, last + 1):
        if view.blank(i):
            continue
        shape = view.shapes[i]
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
    starts = [0] + [min(p.body_first if p.territory_first is None else p.territory_first,
                        p.body_first if p.title is None else p.title) for p in plans[1:]]
    ends = [s - 1 for s in starts[1:]] + [n_lines - 1]
    return tuple((s + 1, e + 1) for s, e in zip(starts, ends))
