"""Stage 3, clean: a verdict for every line of a page.

Furniture (menus, share bars, "Read the full article here.", copyright, cookie notices, image
labels...), site-wide repeats and repeated paragraphs are removed with their reason. Every other
line is classified by its shape (prose, headline, byline, dateline, caption, credit, short) for
the splitter, which decides what belongs to which article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from . import boilerplate as bp
from .model import CleanPage, Line, RawPage, Role
from .repeats import BULLET, RepeatIndex, normalize_key
from .settings import Thresholds

# Kinds of line (Line.kind), from the cleaner's point of view.
PROSE, HEADLINE, SHORT = "prose", "headline", "short"
BYLINE, DATELINE, CREDIT, CAPTION = "byline", "dateline", "credit", "caption"
SEPARATOR, FURNITURE, END, REPEAT, BLANK = "separator", "furniture", "end", "repeat", "blank"

# Feed separators: "RSS" at the start of a line, a row of asterisks, ⁂ or §. Rules made of dashes or
# underscores are not: news agencies use them inside articles ("___" before contributor notes).
SEPARATOR_LINE = re.compile(r"^(?:rss|\s*(?:\*\s*){3,}|\s*⁂|\s*§)\s*$", re.I)
ABBREVIATION_END = re.compile(r"(?:\b(?:[A-Z]\.){2,}|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|St|Dr|Gov|Gen|Sen|Rep)\.)$")
CLOSING_MARKS = "\"'”’»)]"  # may follow a line's final punctuation: 'he said."', "(see above.)"
SENTENCE_END = (".", "!", "?", "…")
PERIOD_END = (".", "…")
COLON_END = (":", ";")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
WORD = re.compile(r"[^\W\d_][\w'’.-]*")
TITLE_CASE_MIN_SHARE = 0.75  # share of capitalised content words that makes a line Title Case
MINOR_WORDS = {
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "or", "over",
    "per", "the", "to", "up", "upon", "via", "vs", "with", "is", "are", "be", "its", "it", "than", "that",
}

MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DATE = re.compile(
    rf"\b(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}|{MONTH}\s+\d{{1,2}}\s+\d{{4}})",
    re.I,
)
RELATIVE_TIME = re.compile(
    r"^(?:\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago"
    r"|\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)$",
    re.I,
)
TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|[A-Z]{2,4}\b)", re.I)
WEEKDAY = re.compile(r"\b(?:mon|tue|wed|thu|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b\.?,?", re.I)
DATELINE_WORD = re.compile(r"\b(?:published|updated|posted|modified)\b", re.I)
DATELINE_START = re.compile(r"^(?:\W*\w+\W+){0,2}?(?:published|updated|posted|modified|date)\b", re.I)
BYLINE_START = re.compile(r"^(?i:by|posted by|written by|words by|story by|report by|por|von|par)\s+[^\W\d_]")
HANDLE_BYLINE = re.compile(r"^(?:[\w.'-]+\s+){0,4}[\w.'-]+\s*@\w+$")  # "Natasha Turak@NatashaTurak"
ENDS_WITH_DATE = re.compile(rf"(?:{DATE.pattern})\.?\s*$", re.I)
DIGIT = re.compile(r"\d")  # every date and time has one: lines without are not searched for them
ATTRIBUTION = re.compile(r"^[—–―-]{1,2}\s*\S")  # "— Name (@handle) November 18, 2019" under a quote or tweet
ABBREVIATION_TAIL = 5  # ABBREVIATION_END always has a match within the last 5 characters when it has one
DATELINE_MAX_WORDS = 25
ASCII_LOWERCASE = b"abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Shape:
    """Surface features of one line of text."""

    content: str  # the line without indentation and bullet
    bullet: str  # the list marker it started with, if any
    words: int
    sentence_end: bool
    colon_end: bool
    title_case: bool
    all_caps: bool
    period_end: bool  # ends with a full stop (not "?" or "!", not an abbreviation such as "U.S.")


@lru_cache(maxsize=65536)
def shape_of(text: str) -> Shape:
    """Measure a line: words (CJK characters count half), punctuation, capitalisation."""
    stripped = text.strip()
    match = BULLET.match(stripped)
    bullet = match.group(0).strip() if match else ""
    content = stripped[match.end():] if match else stripped
    tokens = content.split()
    words = len(tokens) + (len(CJK.findall(content)) // 2 if not content.isascii() else 0)
    abbreviation = ends_with_abbreviation(content)
    last = content.rstrip().rstrip(CLOSING_MARKS)  # ends with the line's final punctuation mark, if any
    return Shape(
        content=content,
        bullet=bullet,
        words=words,
        sentence_end=last.endswith(SENTENCE_END) and not abbreviation,
        period_end=last.endswith(PERIOD_END) and not abbreviation,
        colon_end=last.endswith(COLON_END),
        title_case=is_title_case(content),
        all_caps=is_all_caps(content),
    )


def ends_with_abbreviation(content: str) -> bool:
    """"U.S.", "Jr.": a final full stop that does not end a sentence (searched in the last characters only)."""
    return content.endswith(".") and bool(ABBREVIATION_END.search(content, max(0, len(content) - ABBREVIATION_TAIL)))


def is_title_case(text: str) -> bool:
    """Most content words (after the first) are capitalised, as in "Militias Ready to Disarm"."""
    words = [w for w in WORD.findall(text)[1:] if w.lower().strip(".'’") not in MINOR_WORDS]
    if len(words) < 2:
        return False
    capitalised = sum(map(str.isupper, map(itemgetter(0), words)))  # first letters, counted in C
    return capitalised / len(words) >= TITLE_CASE_MIN_SHARE


def is_all_caps(text: str) -> bool:
    if count_ascii_lowercase(text) * 10 >= len(text):  # a tenth lowercase: the share below cannot pass
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.9


def count_ascii_lowercase(text: str) -> int:
    """Letters a-z in the text, counted as the bytes that deleting them removes (one pass in C)."""
    data = text.encode("utf-8", "surrogatepass")
    return len(data) - len(data.translate(None, ASCII_LOWERCASE))


def is_byline_start(text: str) -> bool:
    """"By Sarah Malik", "Posted by …": the name after "by" is capitalised ("By subject" is a menu)."""
    match = BYLINE_START.match(text)
    return bool(match) and text[match.end() - 1].isupper()


def is_dateline(text: str, shape: Shape) -> bool:
    """A line that states when: "November 20, 2019 / 1:07 AM", "Published: Monday, …", not a sentence with a date."""
    if shape.words > DATELINE_MAX_WORDS or text.startswith("(") or not DIGIT.search(text):
        return False
    if not (DATE.search(text) or TIME.search(text)):
        return False
    leading = bool(DATELINE_START.search(text))  # "Published: Monday, November 18th, 2019 at 11:08 a.m."
    keyword = leading or (bool(DATELINE_WORD.search(text)) and not shape.sentence_end)
    if shape.words > (DATELINE_MAX_WORDS if keyword else 14):
        return False
    residue = WEEKDAY.sub("", TIME.sub("", DATE.sub("", text)))
    return keyword or not shape.sentence_end or len(WORD.findall(residue)) < 3


def ends_with_date(text: str) -> bool:
    """"… in Baghdad, Sept. 22, 2024.": searched for only when the line ends with a digit, as a date does."""
    return text.rstrip().removesuffix(".")[-1:].isdecimal() and bool(ENDS_WITH_DATE.search(text))


def is_prose(shape: Shape, thresholds: Thresholds) -> bool:
    """Running text: long enough and punctuated like sentences, not a Title Case headline."""
    if shape.title_case or shape.all_caps:
        return False
    if shape.words >= thresholds.long_min_words:
        return True
    return shape.words >= thresholds.prose_min_words and (shape.sentence_end or shape.colon_end)


@lru_cache(maxsize=65536)
def furniture_reason(shape: Shape) -> str:
    """Why a line is page furniture, or "" when it is not (remembered: menus recur on every page of a site)."""
    text = shape.content.strip()
    lowered = " ".join(text.lower().split())
    if lowered in bp.NAV_WORDS or lowered.rstrip(":") in bp.NAV_WORDS:
        return "navigation: menu or section word"
    if bp.SHARE_BAR.match(lowered) or bp.SHARE_PHRASE.match(lowered):
        return "navigation: share or follow bar"
    numbered = " ".join(shape.bullet.split() + [text])  # "12. joe says:" keeps its number
    if shape.words > bp.PATTERNS_MAX_WORDS or not any(map(bp.ANY_PATTERN.fullmatch, (text, numbered))):
        return ""  # most lines: no pattern of any reason matches
    for reason, max_words, pattern in bp.COMPILED_PATTERNS:
        if shape.words <= max_words and (pattern.fullmatch(text) or pattern.fullmatch(numbered)):
            return reason
    return ""


def caption_parts(text: str) -> tuple[str, str] | None:
    """(caption, credit) when the line is a photo caption with a credit, else None."""
    if bp.CAPTION_LABELS.match(text):
        return text.split(":", 1)[1].strip(), ""
    match = bp.TRAILING_CREDIT.search(text, 1)
    caption = text[: match.start()] if match else ""
    if match and len(match.group("credit").split()) <= 10 and len(caption.split()) >= 3:
        return caption.rstrip(" .;,"), match.group("credit").strip("() ")
    return None


@lru_cache(maxsize=65536)
def classify_shape(shape: Shape, thresholds: Thresholds) -> tuple[str, str]:
    """(kind, reason) of a line from its shape alone (remembered, as `shape_of` is)."""
    text = shape.content
    if caption_parts(text):
        return CAPTION, "photo caption with credit"
    if ATTRIBUTION.match(text):
        return SHORT, "attribution of a quote"
    if shape.words <= 30 and (is_byline_start(text) or HANDLE_BYLINE.match(text)):
        return BYLINE, "byline"
    if RELATIVE_TIME.match(text):
        return DATELINE, "time stamp"
    if is_dateline(text, shape):
        return DATELINE, "dateline"
    short_credit = shape.words <= 12 and (not shape.sentence_end or text.endswith(")"))
    if short_credit and not shape.bullet and bp.CREDIT_PATTERNS.fullmatch(text):
        return CREDIT, "photo credit"
    if (shape.sentence_end or not shape.title_case) and 4 <= shape.words <= 30 and ends_with_date(text):
        return CAPTION, "photo caption (ends with the photo's date)"
    if is_prose(shape, thresholds):
        return PROSE, "prose"
    if 1 <= shape.words <= thresholds.headline_max_words and not (shape.period_end or shape.colon_end):
        return HEADLINE, "headline-like"
    return SHORT, "short text"


def page_repeats(page: RawPage) -> dict[str, int]:
    """How often each non-blank line occurs in this page."""
    counts: dict[str, int] = {}
    for text in page.lines:
        key = normalize_key(text)
        if key:
            counts[key] = counts.get(key, 0) + 1
    return counts


def is_syndicated(page: RawPage, repeats: RepeatIndex, thresholds: Thresholds) -> bool:
    """Most of the page's prose recurs elsewhere: the same article in several files, not furniture."""
    prose = [t for t in page.lines if is_prose(shape_of(t), thresholds)]
    recurring = sum(1 for t in prose if repeats.is_corpus_furniture(t, thresholds))
    return bool(prose) and recurring * 2 >= len(prose)


def clean_page(page: RawPage, repeats: RepeatIndex, thresholds: Thresholds) -> CleanPage:
    """Give every line of the page a verdict (see the module docstring)."""
    in_page = page_repeats(page)
    frequent = {k for k, n in in_page.items() if n >= thresholds.page_min_repeats and len(k) >= 20}
    syndicated = is_syndicated(page, repeats, thresholds)
    seen: dict[str, int] = {}  # normalised paragraph -> first line number
    lines = []
    for number, text in enumerate(page.lines, 1):
        line = classify_line(number, text, in_page, seen, repeats, syndicated, thresholds)
        if line.kind in (HEADLINE, SHORT) and extends_frequent_line(normalize_key(text), frequent):
            line = Line(number, text, Role.REMOVED, "navigation: variant of a line repeated in this file", FURNITURE)
        elif line.kind in (HEADLINE, SHORT) and follows_image_label(lines):
            line = Line(number, text, Role.BODY, "caption under an image label", CAPTION)
        lines.append(line)
    return CleanPage(page=page, lines=mark_captions_above_credits(lines))


def mark_captions_above_credits(lines: list[Line]) -> tuple[Line, ...]:
    """A sentence directly above a photo credit is that photo's caption (a short headline there is not)."""
    result = list(lines)
    following: Line | None = None  # the nearest non-blank line below, walking up the page
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        words = shape_of(line.text).words
        captionable = line.kind in (PROSE, SHORT) or (line.kind == HEADLINE and words > 15)
        if captionable and words <= 40 and following is not None and following.kind == CREDIT:
            result[i] = Line(line.number, line.text, Role.BODY, "photo caption above a credit", CAPTION)
        if line.kind != BLANK:
            following = line
    return tuple(result)


def follows_image_label(previous: list[Line]) -> bool:
    """The nearest non-blank line above is an image label ("JPEG - 38.4 kb")."""
    for line in reversed(previous):
        if line.kind != BLANK:
            return line.reason == "image label"
    return False


def extends_frequent_line(key: str, frequent: set[str]) -> bool:
    """The line starts with a long line that recurs in the page (image alt texts with a suffix)."""
    if not frequent:
        return False
    cuts = [i for i, char in enumerate(key) if char == " "]
    return any(key[:cut] in frequent for cut in cuts)


def classify_line(
    number: int,
    text: str,
    in_page: dict[str, int],
    seen: dict[str, int],
    repeats: RepeatIndex,
    syndicated: bool,
    thresholds: Thresholds,
) -> Line:
    """The verdict for one line; `seen` remembers earlier paragraphs to drop repeats."""
    if not text.strip():
        return Line(number, text, Role.BLANK, "blank line", BLANK)
    if SEPARATOR_LINE.match(text):
        return Line(number, text, Role.REMOVED, "separator: feed items are divided here", SEPARATOR)
    shape = shape_of(text)
    kind, reason = classify_shape(shape, thresholds)
    end = not shape.bullet and bool(bp.END_MARKERS.fullmatch(shape.content.strip()))
    furniture = furniture_reason(shape) if kind != CAPTION else ""
    if furniture:
        return Line(number, text, Role.REMOVED, furniture, END if end else FURNITURE)
    key = normalize_key(text)
    if kind not in (PROSE, HEADLINE) or not syndicated:
        files = repeats.files_containing(text)
        if files >= thresholds.corpus_min_files and kind not in (CAPTION, DATELINE, BYLINE):
            return Line(number, text, Role.REMOVED, f"site furniture: recurs in {files} files", FURNITURE)
    if kind not in (PROSE, DATELINE, BYLINE) and in_page.get(key, 0) >= thresholds.page_min_repeats:
        return Line(number, text, Role.REMOVED, f"navigation: {in_page[key]} times in this file", FURNITURE)
    if kind == PROSE and len(key) >= thresholds.repeat_min_chars:
        if key in seen:
            return Line(number, text, Role.REMOVED, f"repeated paragraph: same as line {seen[key]}", REPEAT)
        seen[key] = number
    return Line(number, text, Role.BODY, reason, END if end else kind)
