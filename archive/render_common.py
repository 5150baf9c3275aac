"""Shared pieces of the renderer: page paths, links, dates, ratings and orderings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import PurePosixPath
from urllib.parse import quote

from .annotation_schema import CREDIBILITY_LABELS, RELIABILITY_LABELS
from .entities import EntityIndex
from .ids import slugify
from .model import AnnotatedArticle, AnnotationFile, Article
from .render_text import escape_inline

ARTICLES_DIR = "articles"
ANNOTATIONS_DIR = "annotations"  # beside mkdocs.yml, at the root of the repository
UNKNOWN_SOURCE = "Unknown source"
UNKNOWN_ANALYST = "Unknown analyst"
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

RELIABILITY = dict(zip("ABCDEF", RELIABILITY_LABELS))
"""Admiralty (NATO) scale: how reliable the source is (labels shared with the annotation schema)."""

CREDIBILITY = dict(zip(range(1, 7), CREDIBILITY_LABELS))
"""Admiralty (NATO) scale: how credible the information is."""


@dataclass(frozen=True)
class SiteMap:
    """What every page needs to know about the others: titles and where pages live."""

    articles: dict[str, Article] = field(default_factory=dict)  # id -> article
    source_pages: dict[str, str] = field(default_factory=dict)  # publisher ("" = unknown) -> page path
    author_pages: dict[str, str] = field(default_factory=dict)  # author ("" = none named) -> page path
    tag_pages: dict[str, str] = field(default_factory=dict)  # tag -> page path
    entities: EntityIndex = field(default_factory=EntityIndex)
    neighbours: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (previous, next) of its source
    repo_url: str = ""
    edit_branch: str = "main"


def article_path(article_id: str) -> str:
    return f"{ARTICLES_DIR}/{article_id}.md"


def link_from(page: str, target: str) -> str:
    """Relative link from one generated page to another (both file paths relative to the output dir, with no
    `.` or `..` parts): what posixpath.relpath gives, in a fifth of its time (a hundred thousand links at
    10,000 articles)."""
    here, there = page.split("/")[:-1], target.split("/")
    shared = 0
    for mine, theirs in zip(here, there[:-1]):
        if mine != theirs:
            break
        shared += 1
    return "/".join([".."] * (len(here) - shared) + there[shared:])


def render_article_link(page: str, article: Article) -> str:
    """`[<bdi>Escaped title</bdi>](../articles/<id>.md)`: an Arabic title keeps its direction in an English line."""
    title = render_bdi(article.title) if article.title.strip() else escape_inline(article.id)
    return f"[{title}]({link_from(page, article_path(article.id))})"


def render_bdi(text: str) -> str:
    """Raw text isolated for bidirectional display (a name in Arabic script inside an English line)."""
    return f"<bdi>{escape_inline(text.strip())}</bdi>"


def format_date(iso: str) -> str:
    """`2020-01-08` -> `8 January 2020`; partial dates (`2020-01`, `2020`) shown as far as known."""
    parts = iso.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {int(parts[0])}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {int(parts[0])}"
    except (ValueError, IndexError):
        return iso
    return iso


def format_rating(file: AnnotationFile) -> str:
    """`B2 — usually reliable, probably true`; empty when the file rates nothing."""
    code = rating_code(file)
    if not code:
        return ""
    words = [
        RELIABILITY.get(file.reliability, "reliability not rated") if file.reliability else "reliability not rated",
        CREDIBILITY.get(file.credibility, "credibility not rated") if file.credibility else "credibility not rated",
    ]
    return f"{code} — {', '.join(words)}"


def rating_code(file: AnnotationFile) -> str:
    """`B2`, `B` or `2`: the Admiralty code as far as the analyst gave it."""
    return f"{file.reliability}{file.credibility or ''}" if (file.reliability or file.credibility) else ""


def source_name(article: Article) -> str:
    return article.publisher or UNKNOWN_SOURCE


def sort_newest_first(articles: Iterable[Article]) -> list[Article]:
    """Newest first; same date by title then id; undated articles last (by title)."""
    by_title = sorted(articles, key=attrgetter("title_key"))
    dated = sorted((a for a in by_title if a.date), key=attrgetter("date"), reverse=True)
    return dated + [a for a in by_title if not a.date]


def merge_tags(item: AnnotatedArticle) -> list[str]:
    """The article's own tags, then the analysts' tags, without duplicates."""
    seen: dict[str, None] = {}
    for tag in (*item.article.tags, *item.annotations.tags):
        if tag.strip():
            seen.setdefault(tag.strip(), None)
    return list(seen)


def source_key(article: Article) -> str:
    """What "the same source" means for previous/next links: the publisher, else the raw file."""
    return f"publisher:{article.publisher}" if article.publisher else f"file:{article.source_file}"


def source_neighbours(articles: Iterable[Article]) -> dict[str, tuple[str, str]]:
    """Article id -> (previous, next) article id of the same source, by date then id (undated last); "" for none."""
    groups: dict[str, list[Article]] = {}
    for article in articles:
        groups.setdefault(source_key(article), []).append(article)
    neighbours = {}
    for group in groups.values():
        ordered = sorted(group, key=lambda a: (not a.date, a.date, a.id))
        ids = ["", *(a.id for a in ordered), ""]
        for index in range(1, len(ids) - 1):
            neighbours[ids[index]] = (ids[index - 1], ids[index + 1])
    return neighbours


def sort_names(names: Iterable[str], unknown_last: str) -> list[str]:
    """Names in case-insensitive order, with the 'unknown' bucket last."""
    return sorted(set(names), key=lambda name: (name == unknown_last, name.casefold(), name))


def unique_slugs(names: Iterable[str]) -> dict[str, str]:
    """A stable, distinct slug per name (sorted first, so adding a name never renames others' pages)."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(names), key=lambda n: (n.casefold(), n)):
        base = slugify(name, max_chars=40) if name else "unknown"
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        slugs[name] = slug
    return slugs


def annotation_analysts(item: AnnotatedArticle) -> list[str]:
    """Everyone who annotated the article: file analysts and note analysts, in first-seen order."""
    seen: dict[str, None] = {}
    for file in item.annotations.files:
        if file.analyst:
            seen.setdefault(file.analyst, None)
    for placement in item.annotations.placements:
        if placement.note.analyst:
            seen.setdefault(placement.note.analyst, None)
    return list(seen)


def edit_annotation_url(item: AnnotatedArticle, repo_url: str, branch: str) -> str:
    """GitHub link to the article's annotation file, or to create one; empty without a repository."""
    if not repo_url:
        return ""
    files = item.annotations.files
    if files:
        return f"{repo_url}/edit/{quote(branch)}/{quote(repo_annotation_path(files[0].path))}"
    return f"{repo_url}/new/{quote(branch)}/annotations?filename={quote(item.article.id)}.md"


def repo_annotation_path(path: str) -> str:
    """`annotations/<file name>`: where an annotation file lives in the repository, however it was loaded."""
    return f"{ANNOTATIONS_DIR}/{PurePosixPath(path.replace(chr(92), '/')).name}"


def format_count(number: int, singular: str, plural: str = "") -> str:
    return f"{number:,} {singular if number == 1 else plural or singular + 's'}"
