"""The final role of every line of a page, once the splitter has planned its articles."""

from __future__ import annotations

from dataclasses import dataclass

from .clean import BYLINE, CAPTION, CREDIT, DATELINE, HEADLINE, PROSE, REPEAT, SEPARATOR, SHORT, Shape
from .headlines import META, TEXT_KINDS, PageView
from .model import Line, Role


@dataclass
class Plan:
    """Where one article's parts are (indices into the page's lines)."""

    title: int | None
    body_first: int
    body_last: int
    territory_first: int | None = None  # set on a segment's first article: its territory starts at the separator


def restore_repeats(lines: tuple[Line, ...], plans: list[Plan], view: PageView) -> tuple[Line, ...]:
    """A repeated paragraph inside a body stays when its earlier copy is not body text (e.g. the dek)."""
    in_body = {line.number for line in lines if line.role.in_body}
    inside = [False] * len(lines)  # within some article's body range
    for plan in plans:
        inside[plan.body_first: plan.body_last + 1] = [True] * (plan.body_last + 1 - plan.body_first)
    first_copy: dict[str, int] = {}
    result = list(lines)
    for i, line in enumerate(lines):
        key = view.keys[i]
        if line.kind != REPEAT:
            first_copy.setdefault(key, line.number)
            continue
        if inside[i] and first_copy.get(key) not in in_body:
            result[i] = with_role(line, Role.BODY, "paragraph (its earlier copy is not body text)")
            in_body.add(line.number)
            first_copy[key] = line.number  # later copies repeat this one
    return tuple(result)


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
            lines.append(with_role(line, role, reason))
        elif line.role in (Role.BLANK, Role.REMOVED):
            lines.append(line)
        else:
            lines.append(with_role(line, Role.REMOVED, outside_reason(line, in_comments)))
    return tuple(lines)


def with_role(line: Line, role: Role, reason: str) -> Line:
    """The line with its final role (built directly: `dataclasses.replace` took a third of the splitter's time)."""
    return Line(line.number, line.text, role, reason, line.kind)


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
        kind, shape = view.kind(i), view.shapes[i]
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


def is_subheading(view: PageView, shape: Shape, following: int | None) -> bool:
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
    for i in indices + [-1]:
        if i >= 0 and view.kind(i) == HEADLINE and not view.shapes[i].sentence_end:
            run.append(i)
            continue
        if len(run) >= 3 and not introduced_list(view, run[0]):
            found.update(run)
        run = []
    return found


def introduced_items(view: PageView, indices: list[int]) -> set[int]:
    """Short unpunctuated lines following a line that ends with a colon ("The factions are:")."""
    items: set[int] = set()
    intro = False
    for i in indices:
        shape = view.shapes[i]
        if intro and view.kind(i) in (HEADLINE, SHORT) and not shape.sentence_end and shape.words <= 15:
            items.add(i)
            continue
        intro = shape.colon_end and view.kind(i) != HEADLINE
    return items


def introduced_list(view: PageView, first: int) -> bool:
    """The line above the run is text ending with a colon."""
    j = view.next_text(first, -1)
    return j is not None and not view.removed(j) and view.shapes[j].colon_end
