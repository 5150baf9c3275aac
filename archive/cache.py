"""Reuse between the rebuilds of one long-running process (`mkdocs serve`).

When only an annotation file changed, the raw files give the same corpus and most outputs render
to the same text: both are kept from the last build. The corpus is rebuilt when any raw file (text
or sidecar) is added, removed, resized or touched, and with it what the site's layout takes from
the articles alone (source and author pages, neighbours, the order of listings).

An article is unchanged when its article object and its annotations are the same as last build;
its page and its corpus.jsonl line are rendered again when it changed or anything on the site map
differs, its search document when it changed, and its listing entries (one per listing page it is
on) when it or what they show of its annotations (ratings, number of notes) changed. The listings
made of entries alone (by date, source, author, entity) are assembled again when an entry changed,
and corpus.jsonl is joined again when a line did. An annotation file is parsed again when its text
changed. An article's entity mentions are kept while the article and entities.yml are unchanged,
its search term weights while its search document (text, notes, tags) and the alias groups are;
the search index updates the postings of the changed documents and renders only the shards and
document blocks they touch. The write stage does not read back a file the last write left
unchanged on disk. The output stays what a fresh build would write: only work is skipped.
"""

from __future__ import annotations

import gc
import os
import stat
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import partial
from pathlib import Path

from .annotations import parse_annotation
from .corpus import render_corpus_jsonl
from .entities import Entity, EntityMatcher, Mention, MentionFinder, article_mentions
from .model import AnnotatedArticle, AnnotationFile, Article, ArticleAnnotations, Problem
from .pipeline import Corpus, build_corpus
from .progress import Progress
from .render import CorpusLayout, corpus_layout, render_record
from .render_article import render_article_page
from .render_common import SiteMap
from .render_entities import render_entity_entry
from .render_index import annotation_details, render_entry
from .render_search import (
    Aliases,
    SearchDocument,
    SearchIndex,
    Weigher,
    build_search_index,
    search_document,
    term_weights,
)
from .settings import Settings
from .write import Written

RawState = tuple[tuple[str, int, int], ...]


def raw_state(raw_dir: Path) -> RawState:
    """Name, size and modification time of every file under the raw directory, sorted (one stat each)."""
    state = []
    for root, _, names in os.walk(raw_dir):
        folder = os.path.relpath(root, raw_dir).replace(os.sep, "/")
        for name in names:
            try:
                info = os.stat(os.path.join(root, name))
            except OSError:  # a broken link, or removed meanwhile
                continue
            if stat.S_ISREG(info.st_mode):
                state.append((name if folder == "." else f"{folder}/{name}", info.st_size, info.st_mtime_ns))
    return tuple(sorted(state))


@dataclass
class CorpusCache:
    """The last corpus, with the state of the raw files and the settings it was built from."""

    key: tuple = ()
    corpus: Corpus | None = None

    def corpus_for(self, settings: Settings, progress: Progress | None = None) -> Corpus:
        key = (settings.raw_dir.resolve(), settings.thresholds, raw_state(settings.raw_dir))
        if self.corpus is None or key != self.key:
            self.corpus, self.key = build_corpus(settings, progress), key
            keep_out_of_collections()
        return self.corpus


def keep_out_of_collections() -> None:
    """Move every object alive now (the corpus: a million lines and articles) out of the garbage
    collector's reach, after collecting what the last corpus left; otherwise each full collection
    during a rebuild scans them all (half of a rebuild's time at 10,000 articles)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


@dataclass
class PageCache:
    """Per-article results of the last build, each with what it was made from: article pages, corpus.jsonl
    lines, listing entries, entity mentions, search term weights; the parsed annotation files, the search
    index and the files the last write left."""

    site: SiteMap | None = None
    layouts: tuple[tuple[Article, ...], CorpusLayout | None] = ((), None)  # the last articles, and their layout
    inputs: dict[str, tuple[Article, ArticleAnnotations]] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)
    records: dict[str, str] = field(default_factory=dict)
    corpus: tuple[tuple[str, ...], str] = ((), "")  # the lines of the last corpus.jsonl, and its text
    entries: dict[str, dict[str, str]] = field(default_factory=dict)  # article id -> listing page -> entry
    listings: dict[Callable, dict[str, str]] = field(default_factory=dict)  # listing function -> its pages
    documents: dict[str, SearchDocument] = field(default_factory=dict)
    parsed: dict[str, tuple[str, AnnotationFile | None, list[Problem]]] = field(default_factory=dict)
    entities: tuple[Entity, ...] | None = None
    mentions: dict[str, tuple[Article, tuple[Mention, ...]]] = field(default_factory=dict)
    alias_groups: tuple[tuple[str, ...], ...] | None = None
    weights: dict[str, tuple[SearchDocument, tuple[Counter, int]]] = field(default_factory=dict)
    search: SearchIndex | None = None
    written: Written = field(default_factory=dict)

    def search_index(self, documents: list[SearchDocument], alias_groups: list[tuple[str, ...]]) -> dict[str, str]:
        """The search index files: the last index updated for the documents whose term weights changed."""
        self.search = build_search_index(documents, alias_groups, self.term_weigher(alias_groups), self.search)
        return self.search.files()

    def parse(self, text: str, path: str) -> tuple[AnnotationFile | None, list[Problem]]:
        """`parse_annotation`, remembered per path while the file's text stays the same."""
        cached = self.parsed.get(path)
        if cached is None or cached[0] != text:
            cached = self.parsed[path] = (text, *parse_annotation(text, path))
        return cached[1], list(cached[2])

    def mention_finder(self, entities: tuple[Entity, ...]) -> MentionFinder:
        """`article_mentions`, remembered per article object while the entities stay the same."""
        if entities != self.entities:
            self.entities, self.mentions = entities, {}

        def find(matcher: EntityMatcher, article: Article) -> tuple[Mention, ...]:
            cached = self.mentions.get(article.id)
            if cached is None or cached[0] is not article:
                cached = self.mentions[article.id] = (article, article_mentions(matcher, article))
            return cached[1]

        return find

    def term_weigher(self, alias_groups: list[tuple[str, ...]]) -> Weigher:
        """`term_weights`, remembered per search document while the alias groups stay the same."""
        groups = tuple(tuple(group) for group in alias_groups)
        if groups != self.alias_groups:
            self.alias_groups, self.weights = groups, {}

        def weigh(document: SearchDocument, aliases: Aliases) -> tuple[Counter, int]:
            cached = self.weights.get(document.location)
            if cached is None or cached[0] != document:
                cached = self.weights[document.location] = (document, term_weights(document, aliases))
            return cached[1]

        return weigh

    def layout(self, articles: list[Article]) -> CorpusLayout:
        """`corpus_layout`, remembered while the articles are the same objects (the corpus is unchanged)."""
        last, layout = self.layouts
        if layout is None or len(last) != len(articles) or any(a is not b for a, b in zip(last, articles)):
            layout = corpus_layout(articles)
            self.layouts = (tuple(articles), layout)
        return layout

    def start(self, items: list[AnnotatedArticle], site: SiteMap) -> None:
        """Tell the unchanged articles; forget what changed, and every page, record, entry and listing when
        the site map changed (titles, paths and links on every page, entity mentions in metadata and entries).

        An article's entries are kept while the article and what they show of its annotations
        (render_index.annotation_details) are the same; the listings made of entries alone, while every
        entry is kept."""
        same = self.site is not None and same_site(self.site, site)
        if not same:
            self.pages.clear()
            self.records.clear()
            self.entries.clear()
        self.site = site
        inputs = {item.article.id: (item.article, item.annotations) for item in items}
        unchanged = {
            key
            for key, (article, notes) in inputs.items()
            if key in self.inputs and same_inputs(self.inputs[key], article, notes)
        }
        same_entries = {
            key
            for key, (article, notes) in inputs.items()
            if key in self.inputs and same_entry_inputs(self.inputs[key], article, notes)
        }
        self.inputs = inputs
        for cache in (self.pages, self.records, self.documents):
            for key in [key for key in cache if key not in unchanged]:
                del cache[key]
        for key in [key for key in self.entries if key not in same_entries]:
            del self.entries[key]
        if not same or len(same_entries) < len(inputs):
            self.listings.clear()

    def listing(self, render: partial[dict[str, str]]) -> dict[str, str]:
        """The pages of a listing made of entries alone (by date, source, author, entity: `render` is one of
        those render functions with its arguments): the last ones while every entry is kept, else new ones."""
        if render.func not in self.listings:
            self.listings[render.func] = render()
        return self.listings[render.func]

    def page(self, item: AnnotatedArticle, site: SiteMap) -> str:
        """The article's page: the cached one when nothing it shows changed, else a new render."""
        key = item.article.id
        if key not in self.pages:
            self.pages[key] = render_article_page(item, site)
        return self.pages[key]

    def record(self, item: AnnotatedArticle, site: SiteMap) -> str:
        """The article's corpus.jsonl line: the cached one when nothing it holds changed, else a new render."""
        key = item.article.id
        if key not in self.records:
            self.records[key] = render_record(item, site)
        return self.records[key]

    def corpus_jsonl(self, items: list[AnnotatedArticle], site: SiteMap) -> str:
        """corpus.jsonl: the last one while every line is the same (47 MB at 10,000 articles), else a new render."""
        lines = tuple(self.record(item, site) for item in items)
        if lines != self.corpus[0]:  # each line is compared by identity first: no text is read when all were kept
            self.corpus = (lines, render_corpus_jsonl(zip((item.article for item in items), lines)))
        return self.corpus[1]

    def document(self, item: AnnotatedArticle) -> SearchDocument:
        """The article as search sees it: the cached one when the article is unchanged, else a new one."""
        key = item.article.id
        if key not in self.documents:
            self.documents[key] = search_document(item)
        return self.documents[key]

    def entity_entry(self, page: str, item: AnnotatedArticle, mention: Mention) -> str:
        """The article's entry on an entity's page: the cached one while the article, what entries show of
        its annotations and the site map (which holds the mentions) are unchanged (start), else a new render."""
        entries = self.entries.setdefault(item.article.id, {})
        if page not in entries:
            entries[page] = render_entity_entry(page, item, mention)
        return entries[page]

    def entry(self, page: str, item: AnnotatedArticle) -> str:
        """The article's entry on a listing page: the cached one while the article and what entries show of
        its annotations are unchanged (start), else a new render."""
        entries = self.entries.setdefault(item.article.id, {})
        if page not in entries:
            entries[page] = render_entry(page, item)
        return entries[page]


def same_inputs(old: tuple[Article, ArticleAnnotations], article: Article, annotations: ArticleAnnotations) -> bool:
    """The same article object with equal annotations."""
    return old[0] is article and old[1] == annotations


def same_entry_inputs(old: tuple[Article, ArticleAnnotations], article: Article, annotations: ArticleAnnotations) -> bool:
    """The same article object, and the same of its annotations in its listing entries."""
    return old[0] is article and annotation_details(old[1]) == annotation_details(annotations)


def same_site(old: SiteMap, new: SiteMap) -> bool:
    """The same article objects under the same ids, and equal everything else (pages, links, entities)."""
    return (
        old.articles.keys() == new.articles.keys()
        and all(article is new.articles[key] for key, article in old.articles.items())
        and all(getattr(old, name) == getattr(new, name) for name in SITE_MAP_FIELDS if name != "articles")
    )


SITE_MAP_FIELDS = tuple(item.name for item in fields(SiteMap))
