"""Render stage: annotated articles in, the generated site out (relative path -> file content).

Pure: nothing here reads or writes the disk. The write stage (write.py) puts the files in the
output directory (docs/ by default), next to the hand-written pages.

Generated files:
  index.md                      home: what the archive holds, counts, links, downloads, search help
  articles/<id>.md              one page per article
  browse/*.md                   overview pages (in the navigation)
  browse/<kind>/*.md            per year / source / author / tag / analyst listings (paginated, not in the navigation)
  entities/<id>.md              one page per entity of entities.yml, with the articles that mention it
  corpus.jsonl                  every article's metadata and cleaned text
  annotations.jsonld            every note as a W3C Web Annotation
  assets/search/                the articles' split search index (render_search.py)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from .corpus import render_corpus_jsonl, render_corpus_line
from .entities import EntityIndex, alias_groups
from .jsonld import render_annotations_jsonld
from .model import AnnotatedArticle, Article
from .render_article import page_metadata, render_article_page
from .render_common import SiteMap, article_path, format_count, format_date, sort_newest_first, source_neighbours
from .render_entities import ENTITIES_PAGE, render_entity_entry, render_entity_pages
from .render_index import (
    ANALYSTS_PAGE,
    ANNOTATED_PAGE,
    AUTHORS_PAGE,
    DATES_PAGE,
    RATINGS_PAGE,
    SOURCES_PAGE,
    TAGS_PAGE,
    EntryRenderer,
    author_page_paths,
    render_annotated,
    render_by_analyst,
    render_by_author,
    render_by_date,
    render_by_rating,
    render_by_source,
    render_by_tag,
    render_entry,
    source_page_paths,
    tag_page_paths,
)
from .render_search import render_search_index, search_document
from .settings import Settings

if TYPE_CHECKING:
    from .cache import PageCache

HOME_PAGE = "index.md"
CORPUS_FILE = "corpus.jsonl"
SITE_CORPUS_FILE = "corpus.jsonl.gz"
"""What the site publishes of CORPUS_FILE: gzip-compressed, a quarter of its size (archive.mkdocs_hooks)."""
ANNOTATIONS_FILE = "annotations.jsonld"
OFFLINE_ZIP = "downloads/annotated-archive-offline.zip"
"""Written by `build_archive.py offline-zip` into the published site (raw HTML link: MkDocs cannot check it)."""
RECENT_ARTICLES = 10
"""How many of the newest articles the home page lists."""


def render_site(
    annotated: list[AnnotatedArticle],
    settings: Settings,
    entities: EntityIndex | None = None,
    pages: PageCache | None = None,
) -> dict[str, str]:
    """Every generated file of the site, keyed by path relative to the output directory.

    `pages`: article pages, corpus.jsonl lines, listing entries, search documents and the search index
    of the last render in this process, reused where nothing changed.
    """
    items = sorted(annotated, key=lambda item: item.article.id)
    articles = [item.article for item in items]
    layout = pages.layout(articles) if pages is not None else corpus_layout(articles)
    site = SiteMap(
        articles={a.id: a for a in articles},
        source_pages=layout.source_pages,
        author_pages=layout.author_pages,
        tag_pages=tag_page_paths(items),
        entities=entities or EntityIndex(),
        neighbours=layout.neighbours,
        repo_url=settings.repo_url.rstrip("/"),
        edit_branch=settings.edit_branch or "main",
    )
    if pages is not None:
        pages.start(items, site)
        render, entry, document = pages.page, pages.entry, pages.document
        entity_entry = pages.entity_entry
    else:
        render, entry, document = render_article_page, render_entry, search_document
        entity_entry = render_entity_entry
    files = {article_path(item.article.id): render(item, site) for item in items}
    by_id = {item.article.id: item for item in items}
    newest = [by_id[key] for key in layout.newest]  # the order of every listing
    for listing in (  # made of entries alone: kept by archive.cache while every entry is
        partial(render_by_date, newest, entry),
        partial(render_by_source, newest, site, entry),
        partial(render_by_author, newest, site, entry),
        partial(render_entity_pages, newest, site, entity_entry),
    ):
        files.update(pages.listing(listing) if pages is not None else listing())
    files.update(render_annotated(newest, entry))
    files.update(render_by_analyst(newest))
    files.update(render_by_rating(newest, entry))
    files.update(render_by_tag(newest, site, entry))
    files[HOME_PAGE] = render_home(newest, entry)
    if pages is not None:
        files[CORPUS_FILE] = pages.corpus_jsonl(items, site)
    else:
        files[CORPUS_FILE] = render_corpus_jsonl((item.article, render_record(item, site)) for item in items)
    files[ANNOTATIONS_FILE] = render_annotations_jsonld(items, settings.site_url)
    groups, documents = alias_groups(site.entities.entities), [document(item) for item in items]
    files.update(pages.search_index(documents, groups) if pages is not None else render_search_index(documents, groups))
    return dict(sorted(files.items()))


@dataclass(frozen=True)
class CorpusLayout:
    """What the site's layout takes from the articles alone (archive.cache keeps it while they are the same)."""

    source_pages: dict[str, str]  # publisher -> page path (SiteMap)
    author_pages: dict[str, str]  # author -> page path (SiteMap)
    neighbours: dict[str, tuple[str, str]]  # article id -> (previous, next) of its source (SiteMap)
    newest: tuple[str, ...]  # article ids newest first (sort_newest_first): the order of every listing


def corpus_layout(articles: list[Article]) -> CorpusLayout:
    return CorpusLayout(
        source_pages=source_page_paths(articles),
        author_pages=author_page_paths(articles),
        neighbours=source_neighbours(articles),
        newest=tuple(article.id for article in sort_newest_first(articles)),
    )


def render_record(item: AnnotatedArticle, site: SiteMap) -> str:
    """The article's corpus.jsonl line: its page's metadata with raw values, and its text."""
    return render_corpus_line(item.article, page_metadata(item, site))


def render_home(newest: list[AnnotatedArticle], entry: EntryRenderer = render_entry) -> str:
    """The home page: what the archive is, its size, where to browse, download and search (`newest`: newest first)."""
    parts = [
        "---\ntitle: Home\n---",
        "# Annotated news archive",
        "Articles collected from news sites, cleaned of navigation, adverts and other page furniture, "
        "one page per article, with analysts' notes on the passages that matter. "
        "Every page says where its text came from: open *Provenance* at the end of an article.",
        render_counts(newest),
        "## Browse\n\n"
        f"- [By date]({DATES_PAGE}) — newest first, by year and month\n"
        f"- [By source]({SOURCES_PAGE}) — publisher or site\n"
        f"- [By author]({AUTHORS_PAGE})\n"
        f"- [By entity]({ENTITIES_PAGE}) — people, organisations and places, under any spelling\n"
        f"- [By tag]({TAGS_PAGE})\n"
        f"- [By rating]({RATINGS_PAGE}) — the analysts' Admiralty ratings\n"
        f"- [Annotated articles]({ANNOTATED_PAGE})\n"
        f"- [Notes by analyst]({ANALYSTS_PAGE})",
    ]
    if newest:
        latest = newest[:RECENT_ARTICLES]
        parts.append("## Latest articles\n\n" + "\n".join(entry(HOME_PAGE, item) for item in latest))
    parts.append(render_search_help())
    parts.append(render_downloads())
    return "\n\n".join(parts) + "\n"


def render_counts(items: list[AnnotatedArticle]) -> str:
    """`N articles from S sources (F raw files) · A annotated · K notes · dates X to Y`."""
    articles = [item.article for item in items]
    dates = sorted(a.date for a in articles if a.date)
    facts = [
        format_count(len(articles), "article"),
        format_count(len({a.publisher for a in articles if a.publisher}), "source"),
        format_count(len({a.source_file for a in articles}), "raw file"),
        format_count(sum(1 for i in items if i.annotations.any), "annotated article"),
        format_count(sum(len(i.annotations.placements) for i in items), "passage note"),
    ]
    if dates:
        facts.append(f"published {format_date(dates[0])} to {format_date(dates[-1])}")
    undated = sum(1 for a in articles if not a.date)
    if undated:
        facts.append(f"{undated:,} undated")
    listing = "\n".join(f"- {fact}" for fact in facts)
    return f"## In the archive\n\n<div class=\"aa-counts\" markdown>\n\n{listing}\n\n</div>"


def render_search_help() -> str:
    return (
        "## Search\n\n"
        "Press `/` or `s`, or click the search box, and type: titles, article text, analysts' notes "
        "and commentary are all searched. Search results can be shared: add `?q=` and your words to "
        "any page address, e.g. `…/?q=ceasefire`, and the page opens with those results."
    )


def render_downloads() -> str:
    return (
        "## Downloads\n\n"
        f"- [{SITE_CORPUS_FILE}]({SITE_CORPUS_FILE}) — every article as one JSON object per line: "
        "metadata and cleaned text (gzip-compressed: `gunzip` it, or read it as it is with "
        "`pandas.read_json(path, lines=True)`)\n"
        f"- [{ANNOTATIONS_FILE}]({ANNOTATIONS_FILE}) — every passage note as a W3C Web Annotation (JSON-LD)\n"
        f'- <a href="{OFFLINE_ZIP}">{OFFLINE_ZIP.rsplit("/", 1)[-1]}</a> — the whole site to read offline, '
        "search included: unzip it and open `annotated-archive/index.html` in a browser "
        "(made when the site is published; locally: `OFFLINE=true mkdocs build -d site-offline`)\n\n"
        "To add or correct a note, see [Contributing](contributing.md); "
        "how the text was cleaned is explained in [About](about.md)."
    )
