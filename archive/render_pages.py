"""Paginated list pages: long listings split into pages of PAGE_SIZE entries with a pager.

Every listing page stays small at any corpus size (10,000 articles make 20 pages of a
listing, never one huge page or a huge navigation). Page 2 and later live beside page 1
(`browse/x.md`, `browse/x-page-2.md`), so relative links are the same on every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .render_common import link_from

PAGE_SIZE = 500
"""Entries per listing page: about 130 KB of HTML, of which the theme's frame is a tenth."""


@dataclass(frozen=True)
class Section:
    """A titled group of list entries (Markdown lines `- ...`) on a listing page."""

    heading: str  # escaped Markdown; "" for none
    entries: list[str] = field(default_factory=list)
    anchor: str = ""  # explicit heading id, so other pages can link to the section


@dataclass(frozen=True)
class Listing:
    """The pages of one listing and where each section starts."""

    pages: dict[str, str]
    locations: dict[str, str]  # section anchor -> page path


def page_path(base: str, number: int) -> str:
    return base if number == 1 else f"{base[:-3]}-page-{number}.md"


def render_listing(base: str, title: str, intro: str, sections: list[Section]) -> Listing:
    """Split the sections' entries into pages and render each with a heading, intro and pager."""
    chunks = split_sections(sections)
    total = len(chunks)
    pages, locations = {}, {}
    for number, chunk in enumerate(chunks, 1):
        path = page_path(base, number)
        parts = [f"# {title}" + (f" (page {number} of {total})" if total > 1 else "")]
        if number == 1 and intro:
            parts.append(intro)
        pager = render_pager(base, number, total)
        parts.append(pager)
        for section, continued in chunk:
            if section.anchor and not continued:
                locations[section.anchor] = path
            parts.append(render_section(section, continued))
        parts.append(pager)
        pages[path] = "\n\n".join(part for part in parts if part) + "\n"
    return Listing(pages, locations)


def split_sections(sections: list[Section]) -> list[list[tuple[Section, bool]]]:
    """Pages of (section part, continued?) holding at most PAGE_SIZE entries each."""
    pages: list[list[tuple[Section, bool]]] = [[]]
    room = PAGE_SIZE
    for section in sections:
        entries, continued = list(section.entries), False
        while True:
            if room == 0:
                pages.append([])
                room = PAGE_SIZE
            taken, entries = entries[:room], entries[room:]
            pages[-1].append((Section(section.heading, taken, section.anchor), continued))
            room -= len(taken)
            if not entries:
                break
            continued = True
    return pages


def render_section(section: Section, continued: bool) -> str:
    lines = []
    if section.heading:
        suffix = " (continued)" if continued else ""
        anchor = f" {{ #{section.anchor} }}" if section.anchor and not continued else ""
        lines.append(f"## {section.heading}{suffix}{anchor}\n")
    lines.append("\n".join(section.entries) if section.entries else "*None yet.*")
    return "\n".join(lines)


def render_pager(base: str, number: int, total: int) -> str:
    """`← Previous · Page 2 of 5 · Next →` with relative links; nothing for a single page."""
    if total <= 1:
        return ""
    here = page_path(base, number)
    links = []
    if number > 1:
        links.append(f"[← Previous]({link_from(here, page_path(base, number - 1))})")
    links.append(f"Page {number} of {total}")
    if number < total:
        links.append(f"[Next →]({link_from(here, page_path(base, number + 1))})")
    return " · ".join(links) + "\n{ .aa-pager }"

