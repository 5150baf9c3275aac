"""Reuse between the rebuilds of one long-running process (`mkdocs serve`).

When only an annotation file changed, the raw files give the same corpus and most article pages
render to the same text: both are kept from the last build. The corpus is rebuilt when any raw
file (text or sidecar) is added, removed, resized or touched; an article page is rendered again
when its annotations, or anything on the site map it links to, differ. An article's entity
mentions are kept while the article and entities.yml are unchanged, its search term weights while
its search document (text, notes, tags) and the alias groups are. The output stays what a fresh
build would write: only work is skipped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path

from .entities import Entity, EntityMatcher, Mention, MentionFinder, article_mentions
from .model import AnnotatedArticle, Article, ArticleAnnotations
from .pipeline import Corpus, build_corpus
from .progress import Progress
from .render_article import render_article_page
from .render_common import SiteMap
from .render_search import Aliases, SearchDocument, Weigher, term_weights
from .settings import Settings

RawState = tuple[tuple[str, int, int], ...]


def raw_state(raw_dir: Path) -> RawState:
    """Name, size and modification time of every file under the raw directory, sorted."""
    if not raw_dir.is_dir():
        return ()
    files = (path for path in raw_dir.rglob("*") if path.is_file())
    return tuple(
        sorted((path.relative_to(raw_dir).as_posix(), (s := path.stat()).st_size, s.st_mtime_ns) for path in files)
    )


@dataclass
class CorpusCache:
    """The last corpus, with the state of the raw files and the settings it was built from."""

    key: tuple = ()
    corpus: Corpus | None = None

    def corpus_for(self, settings: Settings, progress: Progress | None = None) -> Corpus:
        key = (settings.raw_dir.resolve(), settings.thresholds, raw_state(settings.raw_dir))
        if self.corpus is None or key != self.key:
            self.corpus, self.key = build_corpus(settings, progress), key
        return self.corpus


@dataclass
class PageCache:
    """Per-article results of the last build, each with what it was made from: article pages, entity
    mentions, search term weights."""

    site: SiteMap | None = None
    pages: dict[str, tuple[Article, ArticleAnnotations, str]] = field(default_factory=dict)
    entities: tuple[Entity, ...] | None = None
    mentions: dict[str, tuple[Article, tuple[Mention, ...]]] = field(default_factory=dict)
    alias_groups: tuple[tuple[str, ...], ...] | None = None
    weights: dict[str, tuple[SearchDocument, tuple[Counter, int]]] = field(default_factory=dict)

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

    def start(self, site: SiteMap) -> None:
        """Forget every page when the site map changed (titles, paths and links on every page)."""
        same = self.site is not None and same_site(self.site, site)
        if not same:
            self.pages.clear()
        self.site = site

    def page(self, item: AnnotatedArticle, site: SiteMap) -> str:
        """The cached page when the article object and its annotations are the same, else a new render."""
        cached = self.pages.get(item.article.id)
        if cached and cached[0] is item.article and cached[1] == item.annotations:
            return cached[2]
        text = render_article_page(item, site)
        self.pages[item.article.id] = (item.article, item.annotations, text)
        return text


def same_site(old: SiteMap, new: SiteMap) -> bool:
    """The same article objects under the same ids, and equal everything else (pages, links, entities)."""
    return (
        old.articles.keys() == new.articles.keys()
        and all(article is new.articles[key] for key, article in old.articles.items())
        and all(getattr(old, name) == getattr(new, name) for name in SITE_MAP_FIELDS if name != "articles")
    )


SITE_MAP_FIELDS = tuple(item.name for item in fields(SiteMap))
