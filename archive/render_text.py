"""Text safety for the renderer: escape raw text into Markdown, sanitize contributor Markdown.

Two kinds of text reach a page:

* raw text from scraped pages (titles, paragraphs, removed lines): it must show exactly as
  written, so every character Markdown or HTML could read as syntax is escaped;
* contributor Markdown from annotation files (notes, commentary, summary, rationale): it is
  rendered with Python-Markdown, then sanitized with nh3, and the safe HTML is embedded in a
  raw HTML block that Markdown never processes again.
"""

from __future__ import annotations

import html
import re

import markdown
import nh3
from markdown.extensions.toc import slugify

INLINE_ESCAPES = {
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "{": "\\{",
    "}": "\\}",
    "#": "\\#",
    "|": "\\|",
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
}
"""Characters escaped wherever they appear: emphasis, links, attribute lists, tables, HTML, entities."""

LINE_START_ESCAPES = {
    "-": "\\-",  # bullet list, horizontal rule
    "+": "\\+",  # bullet list
    "!": "\\!",  # admonition (!!!)
    "?": "&#63;",  # collapsible block (???)
    "~": "&#126;",  # fenced code (~~~)
    "=": "&#61;",  # setext underline
    ":": "&#58;",  # definition list, should one be enabled
}
"""Characters that start a block construct only at the beginning of a line."""

INLINE_ORDER = ("\\", "&", *(char for char in INLINE_ESCAPES if char not in "\\&"))
"""Backslash and ampersand first: later replacements insert them, and those must stay as they are."""

ORDERED_LIST_START = re.compile(r"^(\d+)([.)])")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
"""C0 and C1 control characters: Python-Markdown uses STX/ETX as placeholder markers, and browsers
show the others as nothing or as garbage, so raw text never carries them (each becomes U+FFFD)."""

WHITESPACE = re.compile(r"[ \t\r\n\f\v\x85\u2028\u2029]+")
"""Spaces and line breaks, including those YAML and Unicode count as line breaks (NEL, LS, PS)."""

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h4", "h5", "h6", "hr", "i", "li",
    "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
AUTO_DIRECTION = {tag: {"dir": "auto"} for tag in ("p", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th")}
"""Each block of contributor HTML finds its own direction (a Persian quote in an English note reads right to left)."""
CONTRIBUTOR_EXTENSIONS = ("fenced_code", "tables", "sane_lists")
HEADING_SHIFT = 3
"""Contributor `# Heading` becomes <h4>, so notes never compete with the page's own headings."""


def clean_text(text: str) -> str:
    """Remove control characters (Markdown's own placeholder markers among them)."""
    return CONTROL_CHARACTERS.sub("\ufffd", text)


def escape_inline(text: str) -> str:
    """Escape text for any inline Markdown position; whitespace runs become one space."""
    text = WHITESPACE.sub(" ", clean_text(text))
    for char in INLINE_ORDER:  # replacements: str.translate is slow on non-ASCII text
        if char in text:
            text = text.replace(char, INLINE_ESCAPES[char])
    return text


def escape_line_start(escaped: str) -> str:
    """Escape the construct an already inline-escaped text would open at the start of a line."""
    match = ORDERED_LIST_START.match(escaped)
    if match:
        return f"{match.group(1)}\\{match.group(2)}{escaped[match.end():]}"
    if escaped and escaped[0] in LINE_START_ESCAPES:
        return LINE_START_ESCAPES[escaped[0]] + escaped[1:]
    return escaped


def escape_markdown(text: str) -> str:
    """Raw text as one line of Markdown that renders exactly as the text (whitespace collapsed)."""
    return escape_line_start(escape_inline(text.strip()))


def escape_html(text: str) -> str:
    """Raw text for an HTML context (element content or a quoted attribute value)."""
    return html.escape(WHITESPACE.sub(" ", clean_text(text)).strip(), quote=True)


def render_contributor_markdown(text: str) -> str:
    """Contributor Markdown -> sanitized HTML: links work; scripts, handlers and raw HTML never survive."""
    if not text.strip():
        return ""
    rendered = markdown.markdown(clean_text(text), extensions=list(CONTRIBUTOR_EXTENSIONS), output_format="html")
    safe = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS | {"h1", "h2", "h3"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
        set_tag_attribute_values=AUTO_DIRECTION,
    )
    return shift_headings(safe).strip()


def shift_headings(safe_html: str) -> str:
    """`<h1>` -> `<h4>` ... (nh3 leaves heading tags without attributes, or with `dir` alone)."""
    return re.sub(
        r"<(/?)h([1-6])\b",
        lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + HEADING_SHIFT)}",
        safe_html,
    )


def is_safe_url(url: str) -> bool:
    """Only http(s) URLs become links from raw metadata (sidecar `url:`)."""
    return bool(re.match(r"^https?://[^\s<>\"']+$", url.strip(), re.IGNORECASE))


def heading_id(value: str, separator: str) -> str:
    """Python-Markdown's heading ids, never starting with `_`: the theme's own ids (`__config`, `__search`,
    ...) start with two, and a heading in raw text or an analyst's name must not take them (mkdocs.yml
    `toc: slugify`)."""
    return slugify(value, separator).lstrip("_") or "section"
