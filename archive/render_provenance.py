"""The collapsed "Provenance" block at the end of an article page: where every line went, and why."""

from __future__ import annotations

from .model import Article, Line, Role, count_removals
from .render_text import escape_inline

TEXT_PREVIEW_CHARS = 120
"""Removed lines are shown up to this many characters (the raw file has the rest)."""

METADATA_FIELDS = ("publisher", "url", "date", "authors", "language", "retrieved", "tags")
SIDECAR_NAMES = {"publisher": "source"}  # article field -> sidecar key, where they differ


def render_provenance(article: Article) -> str:
    """A pymdownx.details block (`??? info`), closed by default, with indented Markdown content."""
    removed = [line for line in article.lines if line.role is Role.REMOVED]
    kept_metadata = [line for line in article.lines if line.role.is_metadata]
    parts = [render_span_summary(article), render_metadata_table(article)]
    if kept_metadata:
        parts.append("**Metadata lines kept out of the body**")
        parts.append(render_table(("Line", "Role", "Text"), [line_row(line, line.role.value) for line in kept_metadata]))
    parts.append(render_removal_summary(removed))
    if removed:
        parts.append(render_table(("Line", "Reason", "Text"), [line_row(line, line.reason) for line in removed]))
    body = "\n\n".join(parts)
    indented = "\n".join(f"    {line}" if line else "" for line in body.split("\n"))
    return f'??? info "Provenance"\n\n{indented}'


def render_span_summary(article: Article) -> str:
    first, last = article.territory
    own_first, own_last = article.source_lines
    body_lines = sum(1 for line in article.lines if line.role.in_body)
    return (
        f"**Source file:** raw/{escape_inline(article.source_file)}, lines {first}–{last} "
        f"(the article's territory). The article itself runs from line {own_first} to line {own_last}; "
        f"{body_lines} of its lines are body text."
    )


def render_metadata_table(article: Article) -> str:
    """The metadata the page shows, from the page text or the file's sidecar (`raw/<name>.yml`)."""
    rows = []
    sidecar_file = "raw/" + escape_inline(article.source_file.rsplit(".", 1)[0] + ".yml")
    for name in METADATA_FIELDS:
        value = getattr(article, name)
        if isinstance(value, tuple):
            value = ", ".join(value)
        if value:
            origin = sidecar_file if SIDECAR_NAMES.get(name, name) in article.sidecar else "page text"
            rows.append((name, escape_inline(str(value)), origin))
    if not rows:
        return "**Metadata:** none found in the text or a sidecar file."
    return "**Metadata**\n\n" + render_table(("Field", "Value", "From"), rows)


def render_removal_summary(removed: list[Line]) -> str:
    """`**Removed lines:** 37 — 20 navigation, 10 repeated, ...` (counted by reason category)."""
    if not removed:
        return "**Removed lines:** none."
    by_reason = ", ".join(f"{count} {escape_inline(reason)}" for reason, count in count_removals(removed).items())
    return f"**Removed lines:** {len(removed)} — {by_reason}"


def line_row(line: Line, label: str) -> tuple[str, str, str]:
    text = line.text.strip()
    if len(text) > TEXT_PREVIEW_CHARS:
        text = text[: TEXT_PREVIEW_CHARS - 1].rstrip() + "…"
    return (str(line.number), escape_inline(label), escape_inline(text))


def render_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """A Markdown table; cells must already be escaped (escape_inline escapes `|`)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines.extend("| " + " | ".join(cell or " " for cell in row) + " |" for row in rows)
    return "\n".join(lines)
