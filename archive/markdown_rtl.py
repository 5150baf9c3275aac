"""Python-Markdown extension `archive.markdown_rtl`: each block finds its own text direction.

Adds `dir="auto"` to paragraphs, list items, headings, block quotes, table cells, definitions and
figure captions (BIDI_BLOCKS), so a paragraph, quote or table cell in Arabic or Persian is laid out
right to left inside a left-to-right page, and its neighbours are not affected. Registered in
mkdocs.yml (`markdown_extensions: - archive.markdown_rtl`); contributor HTML gets the same attribute
from the sanitizer (render_text.render_contributor_markdown).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

BIDI_BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "dd", "figcaption"})
PRIORITY = 1
"""After every other tree processor (md_in_html blocks, tables, admonitions are in the tree by then)."""


class AutoDirection(Treeprocessor):
    """Set `dir="auto"` on every block element of BIDI_BLOCKS that has no direction of its own."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in BIDI_BLOCKS and "dir" not in element.attrib and not is_raw_html(element):
                element.set("dir", "auto")


def is_raw_html(element: etree.Element) -> bool:
    """A paragraph that only holds a raw HTML block's placeholder: Python-Markdown replaces `<p>…</p>` whole."""
    return element.tag == "p" and not len(element) and bool(HTML_PLACEHOLDER_RE.fullmatch((element.text or "").strip()))


class AutoDirectionExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(AutoDirection(md), "archive_auto_direction", PRIORITY)


def makeExtension(**kwargs) -> AutoDirectionExtension:
    return AutoDirectionExtension(**kwargs)
