"""One article page, `articles/<id>.md`: metadata, analyst assessment, annotated body, provenance.

Layout, top to bottom: title (H1) and subtitle; a facts list (date, authors, source, length,
entities mentioned, analysts, the Edit annotations link); each analyst's assessment (summary,
Admiralty rating, rationale, commentary); related articles; the body with highlighted passages and
their notes; notes that no longer match; the previous/next article of the same source; the
collapsed provenance block.

Raw text is escaped (render_text.escape_*); contributor Markdown is sanitized HTML placed in
raw HTML blocks at the top level of the document, where Markdown never processes it again.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import yaml

from .model import AnnotatedArticle, AnnotationFile, Article, Role
from .render_common import (
    SiteMap,
    annotation_analysts,
    article_path,
    edit_annotation_url,
    format_count,
    format_date,
    format_rating,
    link_from,
    merge_tags,
    render_article_link,
    render_bdi,
    repo_annotation_path,
    source_name,
)
from .render_entities import render_article_entities
from .render_notes import (
    NumberedNote,
    Span,
    block_starts,
    number_notes,
    render_marked_text,
    render_note,
    render_unplaced_notes,
    spans_in_block,
)
from .render_provenance import render_provenance
from .render_text import escape_html, escape_inline, escape_markdown, is_safe_url, render_contributor_markdown

FAST_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter when PyYAML has it: a tenth of the time, and the same output as the Python
emitter for printable text of the Basic Multilingual Plane (it escapes emoji, the Python one does not)."""

LIST_MARKER = re.compile(r"^\s*[•·▪◦‣]\s*")
SAFE_CODE = re.compile(r"[A-Za-z0-9._/ -]+")


def render_article_page(item: AnnotatedArticle, site: SiteMap) -> str:
    """The whole Markdown page of one article, front matter included."""
    article = item.article
    page = article_path(article.id)
    notes, unplaced = number_notes(item.annotations.placements, len(article.text))
    chunks = [render_front_matter(item, site), f"# {escape_markdown(article.title) or escape_inline(article.id)}"]
    if article.subtitle:
        chunks.append(f"{escape_markdown(article.subtitle)}\n{{ .aa-subtitle }}")
    chunks.append(render_facts(item, site, page, len(notes) + len(unplaced)))
    chunks.extend(render_assessment(file) for file in item.annotations.files)
    chunks.extend(render_related(item, site, page))
    chunks.append("---")
    chunks.extend(render_body(article, notes))
    chunks.extend(render_images(article))
    chunks.extend(render_unplaced_notes(unplaced))
    chunks.append(render_source_neighbours(article, site, page))
    chunks.append(render_provenance(article))
    return "\n\n".join(chunk for chunk in chunks if chunk) + "\n"


def page_metadata(item: AnnotatedArticle, site: SiteMap) -> dict:
    """The page's metadata with raw values: the article's fields, the analysts' tags, the edit link."""
    data = item.article.front_matter()
    data["title"] = item.article.title or item.article.id
    data["tags"] = merge_tags(item)
    edit_url = edit_annotation_url(item, site.repo_url, site.edit_branch)
    if edit_url:
        data["edit_url"] = edit_url
    mentions = site.entities.mentions.get(item.article.id, ())
    if mentions:
        data["entities"] = [mention.entity_id for mention in mentions]
    if item.annotations.any:
        data["annotation_files"] = [repo_annotation_path(file.path) for file in item.annotations.files]
    return data


def render_front_matter(item: AnnotatedArticle, site: SiteMap) -> str:
    """YAML front matter: `page_metadata`, with `title`, `subtitle` and tags HTML-escaped.

    MkDocs templates insert `title`, `subtitle` (navigation) and the tag names into HTML unescaped,
    so those are HTML-escaped here (`&` -> `&amp;`, `<` -> `&lt;`); corpus.jsonl keeps the raw values.
    """
    data = page_metadata(item, site)
    data["title"] = escape_html(data["title"])
    if "subtitle" in data:
        data["subtitle"] = escape_html(data["subtitle"])
    data["tags"] = [escape_html(tag) for tag in data["tags"]]
    dumper = FAST_DUMPER if is_plain_text_data(data) else yaml.SafeDumper
    dumped = yaml.dump(data, Dumper=dumper, sort_keys=True, allow_unicode=True, default_flow_style=False, width=1000)
    return f"---\n{dumped}---"


def is_plain_text_data(value) -> bool:
    """Every string in the data is printable and in the Basic Multilingual Plane (see FAST_DUMPER)."""
    if isinstance(value, str):
        return value.isprintable() and (not value or max(value) <= "\uffff")
    if isinstance(value, dict):
        return all(is_plain_text_data(key) and is_plain_text_data(item) for key, item in value.items())
    if isinstance(value, list):
        return all(is_plain_text_data(item) for item in value)
    return True


def render_facts(item: AnnotatedArticle, site: SiteMap, page: str, note_count: int) -> str:
    """The metadata under the title, as a Markdown list in a styled container."""
    article = item.article
    facts = []
    if article.date:
        facts.append(f"**Published:** {escape_inline(format_date(article.date))}")
    if article.authors:
        facts.append(f"**By:** {render_authors(article, site, page)}")
    facts.append(f"**Source:** {render_source(article, site, page)}")
    facts.append(f"**Length:** {format_count(article.word_count, 'word')}")
    mentions = render_article_entities(page, site.entities.mentions.get(article.id, ()), site.entities.by_id)
    if mentions:
        facts.append(mentions)
    tags = [
        f"[{escape_inline(tag)}]({link_from(page, site.tag_pages[tag])})"
        for tag in merge_tags(item)
        if tag in site.tag_pages
    ]
    if tags:
        facts.append(f"**Tags:** {', '.join(tags)}")
    if article.retrieved:
        facts.append(f"**Retrieved:** {escape_inline(format_date(article.retrieved))}")
    facts.append(f"**Source file:** raw/{escape_inline(article.source_file)}, lines {render_span(article)}")
    facts.append(f"**Article id:** {render_code(article.id)}")
    analysts = annotation_analysts(item)
    if analysts:
        names = ", ".join(render_bdi(name) for name in analysts)
        facts.append(f"**Analysts:** {names} · {format_count(note_count, 'passage note')}")
    facts.append(render_edit_link(item, site))
    listing = "\n".join(f"- {fact}" for fact in facts)
    return f'<div class="aa-facts" markdown>\n\n{listing}\n\n</div>'


def render_code(text: str) -> str:
    """Plain identifiers as inline code; anything else escaped as text."""
    return f"`{text}`" if SAFE_CODE.fullmatch(text) else escape_inline(text)


def render_span(article: Article) -> str:
    first, last = article.source_lines
    return f"{first}–{last}"


def render_source(article: Article, site: SiteMap, page: str) -> str:
    """Publisher (linked to the original when the URL is http(s)) and a link to its browse page."""
    name = render_bdi(source_name(article))
    if article.url and is_safe_url(article.url):
        name = f"[{name}]({quote(article.url.strip(), safe=':/?#@!$&+,;=%~-._*')})"
    browse = site.source_pages.get(article.publisher)
    return f"{name} ([all articles from this source]({link_from(page, browse)}))" if browse else name


def render_authors(article: Article, site: SiteMap, page: str) -> str:
    """The article's authors, each linked to the list of their articles."""
    links = []
    for author in article.authors:
        target = site.author_pages.get(author)
        links.append(f"[{render_bdi(author)}]({link_from(page, target)})" if target else render_bdi(author))
    return ", ".join(links)


def render_source_neighbours(article: Article, site: SiteMap, page: str) -> str:
    """`← Previous from this source: [Title] · Next from this source: [Title] →` (by date, then id)."""
    previous, following = site.neighbours.get(article.id, ("", ""))
    links = []
    if previous in site.articles:
        links.append(f"← Previous from this source: {render_article_link(page, site.articles[previous])}")
    if following in site.articles:
        links.append(f"Next from this source: {render_article_link(page, site.articles[following])} →")
    return f'<nav class="aa-source-nav" markdown>\n\n{" · ".join(links)}\n\n</nav>' if links else ""


def render_edit_link(item: AnnotatedArticle, site: SiteMap) -> str:
    """ "Edit annotations" (or "Annotate this article") on GitHub, else how to start one locally."""
    url = edit_annotation_url(item, site.repo_url, site.edit_branch)
    label = "Edit annotations" if item.annotations.files else "Annotate this article"
    if url:
        return f"**Annotations:** [{label}]({url}){{ .aa-edit }}"
    return f"**Annotations:** start one with {render_code(f'python build_archive.py new-annotation {item.article.id}')}"


def render_assessment(file: AnnotationFile) -> str:
    """One analyst's assessment as a Material admonition, written in HTML around sanitized HTML."""
    byline = " · ".join(
        part
        for part in (f"<bdi>{escape_html(file.analyst)}</bdi>" if file.analyst else "", format_date(file.date))
        if part
    )
    title = "Analyst assessment" + (f" — {byline}" if byline else "")
    parts = []
    if file.summary.strip():
        parts.append(f'<div class="aa-summary">{render_contributor_markdown(file.summary)}</div>')
    rating = format_rating(file)
    if rating:
        parts.append(f'<p class="aa-rating"><strong>Admiralty rating:</strong> {escape_html(rating)}</p>')
    if file.rationale.strip():
        parts.append(f'<div class="aa-rationale">{render_contributor_markdown(file.rationale)}</div>')
    if file.commentary.strip():
        parts.append(f'<div class="aa-commentary">{render_contributor_markdown(file.commentary)}</div>')
    if not parts:
        return ""
    body = "\n".join(parts)
    return f'<div class="admonition abstract aa-assessment">\n<p class="admonition-title">{title}</p>\n{body}\n</div>'


def render_related(item: AnnotatedArticle, site: SiteMap, page: str) -> list[str]:
    """Related articles named by analysts, as links (unknown ids shown, unlinked)."""
    related: dict[str, None] = {}
    for file in item.annotations.files:
        for article_id in file.related:
            if article_id != item.article.id:
                related.setdefault(article_id, None)
    if not related:
        return []
    items = []
    for article_id in related:
        target = site.articles.get(article_id)
        items.append(
            render_article_link(page, target) if target else f"{escape_inline(article_id)} (not in the archive)"
        )
    return ["**Related articles**", "\n".join(f"- {entry}" for entry in items)]


def render_images(article: Article) -> list[str]:
    """Captions and credits of the photos the original page showed (the images are not archived)."""
    if not article.images:
        return []
    items = [
        f"- {escape_markdown(image.caption)}" + (f" — {escape_inline(image.credit)}" if image.credit else "")
        for image in article.images
    ]
    return ["**Images on the original page** (not archived)", "\n".join(items)]


def render_body(article: Article, notes: list[NumberedNote]) -> list[str]:
    """Paragraphs, subheadings and lists, with passages marked and notes after their block."""
    chunks: list[str] = []
    pending: list[str] = []  # notes of list items wait for the end of the list
    in_list = False
    starts = block_starts(article.blocks)
    for index, block in enumerate(article.blocks):
        spans = spans_in_block(starts[index], len(block.text), notes)
        ending = [render_note(n) for n in notes if any(s.number == n.number and s.ends_here for s in spans)]
        if block.kind is Role.LIST_ITEM:
            line = "- " + render_list_item(block.text, spans)
            if in_list:
                chunks[-1] += "\n" + line
            else:
                chunks.append(line)
            in_list = True
            pending.extend(ending)
            continue
        in_list = False
        chunks.extend(pending)
        pending = []
        text = render_marked_text(block.text, spans)
        if text:
            chunks.append(f"## {text}" if block.kind is Role.HEADING else text)
        chunks.extend(ending)
    return chunks + pending


def render_list_item(text: str, spans: list[Span]) -> str:
    """A list item without its "• " marker (passages shifted to match)."""
    marker = LIST_MARKER.match(text)
    cut = marker.end() if marker else 0
    shifted = [Span(max(0, s.start - cut), s.end - cut, s.number, s.ends_here, s.anchor) for s in spans]
    return render_marked_text(text[cut:], [s for s in shifted if s.end > 0 or s.ends_here])
