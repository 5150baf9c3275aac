"""Reuse between the rebuilds of one long-running process (`mkdocs serve`).

When only an annotation file changed, the raw files give the same corpus and most article pages
render to the same text: both are kept from the last build. The corpus is rebuilt when any raw
file (text or sidecar) is added, removed, resized or touched; an article page is rendered again
when its annotations, or anything on the site map it links to, differ. The output stays what a
fresh build would write: only work is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

from .model import AnnotatedArticle, Article, ArticleAnnotations
from .pipeline import Corpus, build_corpus
from .progress import Progress
from .render_article import render_article_page
from .render_common import SiteMap
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
    """Article pages of the last render, each with the article and annotations it was made from."""

    site: SiteMap | None = None
    pages: dict[str, tuple[Article, ArticleAnnotations, str]] = field(default_factory=dict)

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
