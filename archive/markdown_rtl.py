"""Python-Markdown extension `archive.markdown_rtl`: each block finds its own text direction.

Adds `dir="auto"` to paragraphs, list items, headings, block quotes, table cells, definitions and
figure captions (BIDI_BLOCKS), so a paragraph, quote or table cell in Arabic or Persian is laid out
right to left inside a left-to-right page, and its neighbours are not affected. Only blocks with
right-to-left letters (RTL_TEXT, in their text or in raw HTML such as `<bdi>`), and blocks inside
those, get it: elsewhere `auto` would resolve to the page's own left-to-right, so the attribute
would only add bytes to every page (about 60 times on an article page). Registered in
mkdocs.yml (`markdown_extensions: - archive.markdown_rtl`); contributor HTML gets the same attribute
from the sanitizer (render_text.render_contributor_markdown).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

BIDI_BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "dd", "figcaption"})
RTL_TEXT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")
"""A character of Unicode's right-to-left blocks: Hebrew, Arabic, Syriac, Thaana, N'Ko ..."""
PRIORITY = 1
"""After every other tree processor (md_in_html blocks, tables, admonitions are in the tree by then)."""


class AutoDirection(Treeprocessor):
    """Set `dir="auto"` on each block of BIDI_BLOCKS without a direction of its own that may hold RTL text."""

    def run(self, root: etree.Element) -> None:
        self.mark(root, inside_auto=False)

    def mark(self, element: etree.Element, inside_auto: bool) -> None:
        unmarked = element.tag in BIDI_BLOCKS and "dir" not in element.attrib and not is_raw_html(element)
        if unmarked and (inside_auto or self.may_hold_rtl("".join(element.itertext()))):
            element.set("dir", "auto")
        for child in element:
            self.mark(child, inside_auto or element.get("dir") == "auto")

    def may_hold_rtl(self, text: str) -> bool:
        """Right-to-left characters in `text` or in the HTML stashed behind its placeholders (`&#1576;` too)."""
        stash = self.md.htmlStash.rawHtmlBlocks
        stashed = (stash_text(stash[int(m[1])]) for m in HTML_PLACEHOLDER_RE.finditer(text) if int(m[1]) < len(stash))
        return bool(RTL_TEXT.search(text) or RTL_TEXT.search(html.unescape("".join(stashed))))


def stash_text(item: str | etree.Element) -> str:
    """A stashed piece of HTML as text (md_in_html stashes elements, the rest strings)."""
    return etree.tostring(item, encoding="unicode") if isinstance(item, etree.Element) else str(item)


def is_raw_html(element: etree.Element) -> bool:
    """A paragraph that only holds a raw HTML block's placeholder: Python-Markdown replaces `<p>…</p>` whole."""
    return element.tag == "p" and not len(element) and bool(HTML_PLACEHOLDER_RE.fullmatch((element.text or "").strip()))


class AutoDirectionExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(AutoDirection(md), "archive_auto_direction", PRIORITY)


def makeExtension(**kwargs) -> AutoDirectionExtension:
    return AutoDirectionExtension(**kwargs)
