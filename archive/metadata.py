"""Stage 5, metadata: one Article record per article span, one `extract_*` function per field.

Sidecar values (raw/<name>.yml) are the analyst's word and take precedence over what the
text suggests.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date as Date

from .clean import MONTH, caption_parts, shape_of
from .ids import headline_key, make_article_id
from .model import Article, Block, CleanPage, Image, Line, Role

MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
         ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
         ("nov", "november"), ("dec", "december")],
        1,
    )
    for name in names
}
DATE_FORMATS = (
    (re.compile(rf"\b(?P<month>{MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})", re.I)),
    (re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{MONTH}),?\s+(?P<year>\d{{4}})", re.I)),
    (re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)")),
)
NUMERIC_DATE = re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})\b")
PREFERRED_DATELINE = re.compile(r"\b(?:published|posted|first published)\b", re.I)
BYLINE_PREFIX = re.compile(r"^(?:posted by|written by|words by|story by|report by|by|por|von|par)\s+", re.I)
BYLINE_TAIL = re.compile(
    r"\s*(?:\||,)?\s*(?:on\s+)?(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s+)?"
    rf"(?:{MONTH}\s+\d|\d{{1,2}}\s+{MONTH}|\d{{4}}-\d{{2}}|updated|published|\d+\s+comments?).*$",
    re.I,
)
NAME = re.compile(r"^[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|da|van|von|al|bin|la|le|del)){0,4}$")
APPEARED_ON = re.compile(r"(?:first )?appeared (?:first )?on\s+(?P<site>.+?)\.?\s*$", re.I)
AGENCY_PREFIX = re.compile(r"^(?P<agency>[A-Za-z0-9][\w&.'’]*(?: [A-Z0-9][\w&.'’]*){0,3}) [–—] \S")
DOMAIN_SUFFIX = re.compile(r"\.(?:com|org|net|co\.uk|info|news|io)$", re.I)


def extract_articles(clean: CleanPage) -> list[Article]:
    """One Article per span of the cleaned page, in file order."""
    articles = []
    occurrences: Counter[str] = Counter()
    bare_names = any(map(is_bare_name, clean.lines))
    standalone = Counter(tidy(line.text) for line in clean.lines) if bare_names else Counter()  # masthead test
    for first, last in clean.spans:
        lines = clean.lines[first - 1: last]
        headline = extract_headline_line(lines)
        key = headline_key(headline).casefold()
        article_id = make_article_id(clean.page.name, headline, occurrences[key])
        occurrences[key] += 1
        articles.append(build_article(article_id, clean, lines, standalone))
    return articles


def build_article(article_id: str, clean: CleanPage, lines: tuple[Line, ...], standalone: Counter[str]) -> Article:
    sidecar = clean.page.sidecar
    blocks = extract_blocks(lines)
    return Article(
        id=article_id,
        source_file=clean.page.name,
        source_lines=extract_source_lines(lines),
        title=extract_title(lines, blocks),
        blocks=blocks,
        lines=lines,
        subtitle=first_text(lines, Role.SUBTITLE),
        date=sidecar.get("date") or extract_date(lines),
        authors=tuple(sidecar["authors"].splitlines()) if sidecar.get("authors") else extract_authors(lines),
        publisher=sidecar.get("source") or extract_publisher(lines, blocks, standalone),
        images=extract_images(lines),
        tags=tuple(sidecar["tags"].splitlines()) if sidecar.get("tags") else (),
        url=sidecar.get("url", ""),
        language=sidecar.get("language", ""),
        retrieved=sidecar.get("retrieved", ""),
        sidecar=dict(sidecar),
    )


def tidy(text: str) -> str:
    """Collapse whitespace runs (including non-breaking spaces) to single spaces."""
    return " ".join(text.split())


def first_text(lines: tuple[Line, ...], role: Role) -> str:
    return next((tidy(line.text) for line in lines if line.role is role), "")


def extract_headline_line(lines: tuple[Line, ...]) -> str:
    """The raw headline line the id is made from (the first body line when there is no headline)."""
    for line in lines:
        if line.role is Role.TITLE:
            return line.text
    return next((line.text for line in lines if line.role.in_body), "untitled")


def extract_title(lines: tuple[Line, ...], blocks: tuple[Block, ...]) -> str:
    title = first_text(lines, Role.TITLE)
    if title or not blocks:
        return title or "Untitled"
    words = blocks[0].text.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def extract_blocks(lines: tuple[Line, ...]) -> tuple[Block, ...]:
    """Body paragraphs, subheadings and list items; list items keep a "• " marker."""
    blocks = []
    for line in lines:
        if not line.role.in_body:
            continue
        content = tidy(shape_of(line.text).content)
        text = f"• {content}" if line.role is Role.LIST_ITEM else content
        blocks.append(Block(line.role, text, line.number))
    return tuple(blocks)


def extract_source_lines(lines: tuple[Line, ...]) -> tuple[int, int]:
    """First and last line that is part of the article itself (headline to last body line)."""
    kept = [line.number for line in lines if line.role.in_body or line.role is Role.TITLE]
    return (kept[0], kept[-1]) if kept else (lines[0].number, lines[-1].number)


def parse_date(text: str) -> str:
    """The first valid calendar date in the text as YYYY-MM-DD, or ""."""
    for pattern in DATE_FORMATS:
        for match in pattern.finditer(text):
            month = match.group("month")
            number = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."), 0)
            iso = make_iso(int(match.group("year")), number, int(match.group("day")))
            if iso:
                return iso
    for match in NUMERIC_DATE.finditer(text):
        a, b, year = int(match.group("a")), int(match.group("b")), int(match.group("year"))
        if a > 12 >= b:  # day/month/year
            return make_iso(year, b, a)
        if b > 12 >= a:  # month/day/year
            return make_iso(year, a, b)
    return ""


def make_iso(year: int, month: int, day: int) -> str:
    if not 1900 <= year <= 2100:
        return ""
    try:
        return Date(year, month, day).isoformat()
    except ValueError:
        return ""


def extract_date(lines: tuple[Line, ...]) -> str:
    """Publication date from the article's datelines only (never from captions or body text)."""
    datelines = [line for line in lines if line.role is Role.DATELINE or line.role is Role.BYLINE]
    preferred = [line for line in datelines if PREFERRED_DATELINE.search(line.text)]
    for line in preferred + datelines:
        iso = parse_date(line.text)
        if iso:
            return iso
    return ""


def extract_authors(lines: tuple[Line, ...]) -> tuple[str, ...]:
    """Names from the bylines: "By A, B and C", "Posted by A on …", "A@handle", bare "A"."""
    names: list[str] = []
    for line in lines:
        if line.role is not Role.BYLINE:
            continue
        for name in parse_byline(tidy(line.text)):
            if name not in names:
                names.append(name)
    return tuple(names)


def parse_byline(text: str) -> list[str]:
    text = BYLINE_PREFIX.sub("", text)
    text = re.sub(r"@\w+.*$", "", text)
    text = BYLINE_TAIL.sub("", text)
    parts = re.split(r"\s*(?:,|\band\b|&|\|)\s*", text)
    return [p.strip() for p in parts if NAME.match(p.strip()) and 1 <= len(p.split()) <= 5]


def extract_publisher(lines: tuple[Line, ...], blocks: tuple[Block, ...], standalone: Counter[str]) -> str:
    """The site or agency: "first appeared on Algemeiner.com", an "i24 News –" credit, or a masthead name."""
    for line in lines:
        match = APPEARED_ON.search(line.text) if line.role is Role.REMOVED else None
        if match:
            return DOMAIN_SUFFIX.sub("", match.group("site").strip())
    if blocks:
        match = AGENCY_PREFIX.match(blocks[0].text)
        if match and not match.group("agency").isupper():
            return match.group("agency")
    return extract_masthead(lines, standalone)


def extract_masthead(lines: tuple[Line, ...], standalone: Counter[str]) -> str:
    """A bare author name that also stands alone elsewhere on the page (`standalone` counts its lines)."""
    for line in lines:
        if is_bare_name(line) and standalone[tidy(line.text)] > 1:
            return tidy(line.text)
    return ""


def is_bare_name(line: Line) -> bool:
    """A byline that is only a name, next to a date ("Left Voice"): a masthead when it recurs on the page."""
    return line.role is Role.BYLINE and line.reason.startswith("author")


def extract_images(lines: tuple[Line, ...]) -> tuple[Image, ...]:
    """Captions with their credits (a credit line joins the caption just above it)."""
    images: list[Image] = []
    for line in lines:
        if line.role is not Role.CAPTION and line.role is not Role.CREDIT:
            continue
        text = tidy(line.text)
        if line.role is Role.CAPTION:
            caption, credit = caption_parts(text) or (text, "")
            images.append(Image(caption=caption, credit=credit, line=line.number))
        elif images and not images[-1].credit and line.number - images[-1].line <= 2:  # a credit under its caption
            images[-1] = Image(images[-1].caption, text, images[-1].line)
        else:
            images.append(Image(caption="", credit=text, line=line.number))
    return tuple(images)
