"""Browse pages: by date, by source, by author, annotated articles, notes by analyst, by rating, tags.

Each overview page is short (years, sources, authors, analysts, ratings with counts); the long lists
behind it are split per year / source / author / analyst and paginated (render_pages), so the site
stays usable at 10,000 articles. Only the overview pages are in the navigation.

Every listing takes the articles `newest` first (render_common.sort_newest_first), the order of its
entries: the site is rendered from one sort (10,000 articles sorted once, not once per listing).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from .model import AnnotatedArticle, Article, ArticleAnnotations
from .render_common import (
    UNKNOWN_ANALYST,
    UNKNOWN_SOURCE,
    SiteMap,
    annotation_analysts,
    format_count,
    format_date,
    format_rating,
    link_from,
    merge_tags,
    rating_code,
    render_article_link,
    render_bdi,
    sort_names,
    source_name,
    unique_slugs,
)
from .render_notes import UNPLACED_ANCHOR, note_anchor, number_notes
from .render_pages import Section, render_listing
from .render_text import escape_inline

DATES_PAGE = "browse/dates.md"
SOURCES_PAGE = "browse/sources.md"
AUTHORS_PAGE = "browse/authors.md"
NO_AUTHOR = "No author named"
ANNOTATED_PAGE = "browse/annotated.md"
ANALYSTS_PAGE = "browse/analysts.md"
RATINGS_PAGE = "browse/ratings.md"
TAGS_PAGE = "browse/tags.md"
QUOTE_PREVIEW_CHARS = 100


def render_entry(page: str, item: AnnotatedArticle) -> str:
    """`- [Title](…) — 8 January 2020 · Publisher · 812 words · B2 · 3 notes`."""
    article = item.article
    details = [
        escape_inline(format_date(article.date)) if article.date else "undated",
        render_bdi(source_name(article)),
        format_count(article.word_count, "word"),
        *annotation_details(item.annotations),
    ]
    return f"- {render_article_link(page, article)} — {' · '.join(details)}"


def annotation_details(annotations: ArticleAnnotations) -> tuple[str, ...]:
    """What an entry shows of the article's annotations (its ratings, its notes): all it takes from them
    (archive.cache keeps an entry while the article and these are the same)."""
    ratings = tuple(code for code in (rating_code(f) for f in annotations.files) if code)
    notes = len(annotations.placements)
    return (*ratings, format_count(notes, "note")) if notes else ratings


EntryRenderer = Callable[[str, AnnotatedArticle], str]
"""render_entry, or a function giving the same results (archive.cache remembers them between builds)."""


def source_page_paths(articles: list[Article]) -> dict[str, str]:
    """Publisher ("" = unknown) -> `browse/sources/<slug>.md`."""
    slugs = unique_slugs(a.publisher for a in articles)
    return {name: f"browse/sources/{slug}.md" for name, slug in slugs.items()}


def author_page_paths(articles: list[Article]) -> dict[str, str]:
    """Author ("" = none named) -> `browse/authors/<slug>.md`."""
    slugs = unique_slugs(author for a in articles for author in (a.authors or ("",)))
    return {name: f"browse/authors/{slug}.md" for name, slug in slugs.items()}


def render_by_author(
    newest: list[AnnotatedArticle], site: SiteMap, entry: EntryRenderer = render_entry
) -> dict[str, str]:
    """Overview of authors (articles that name none last), one paginated page per author."""
    by_author: dict[str, list[AnnotatedArticle]] = defaultdict(list)
    for item in newest:
        for author in dict.fromkeys(item.article.authors or ("",)):
            by_author[author].append(item)
    intro = "Articles by the authors their bylines name. Articles that name no author are listed last."
    return render_groups(by_author, site.author_pages, AUTHORS_PAGE, "By author", intro, NO_AUTHOR, entry)


def render_by_date(newest: list[AnnotatedArticle], entry: EntryRenderer = render_entry) -> dict[str, str]:
    """Overview of years and months; one paginated page per year, plus one for undated articles."""
    by_year: dict[str, list[AnnotatedArticle]] = defaultdict(list)
    for item in newest:
        by_year[item.article.date[:4] if item.article.date else ""].append(item)
    pages: dict[str, str] = {}
    overview: list[Section] = []
    for year in sorted((y for y in by_year if y), reverse=True):
        base = f"browse/dates/{year}.md"
        sections = month_sections(base, by_year[year], entry)
        listing = render_listing(base, f"Articles of {year}", "Newest first.", sections)
        pages.update(listing.pages)
        entries = [
            f"- [{heading}]({link_from(DATES_PAGE, listing.locations[anchor])}#{anchor}) — {format_count(n, 'article')}"
            for heading, anchor, n in month_counts(by_year[year])
        ]
        overview.append(Section(year, entries))
    if by_year.get(""):
        base = "browse/dates/undated.md"
        undated = [entry(base, item) for item in by_year[""]]
        pages.update(render_listing(base, "Undated articles", "", [Section("", undated)]).pages)
        overview.append(
            Section(
                "Undated",
                [f"- [Undated articles]({link_from(DATES_PAGE, base)}) — {format_count(len(undated), 'article')}"],
            )
        )
    intro = "Articles by publication date, newest first. Articles whose text states no date are listed last."
    pages.update(render_listing(DATES_PAGE, "By date", intro, overview).pages)
    return pages


def month_key(item: AnnotatedArticle) -> str:
    return item.article.date[:7] if len(item.article.date) >= 7 else item.article.date[:4]


def month_heading(key: str) -> str:
    return format_date(key) if len(key) == 7 else f"{key}, month unknown"


def month_sections(page: str, items: list[AnnotatedArticle], entry: EntryRenderer) -> list[Section]:
    """One section per month of the items (newest first), newest month first."""
    groups: dict[str, list[AnnotatedArticle]] = defaultdict(list)
    for item in items:
        groups[month_key(item)].append(item)
    return [
        Section(month_heading(key), [entry(page, i) for i in groups[key]], anchor=f"m{key}")
        for key in sorted(groups, reverse=True)
    ]


def month_counts(items: list[AnnotatedArticle]) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[month_key(item)] += 1
    return [(month_heading(key), f"m{key}", counts[key]) for key in sorted(counts, reverse=True)]


def render_by_source(
    newest: list[AnnotatedArticle], site: SiteMap, entry: EntryRenderer = render_entry
) -> dict[str, str]:
    """Overview of sources (unknown last), one paginated page per source."""
    by_source: dict[str, list[AnnotatedArticle]] = defaultdict(list)
    for item in newest:
        by_source[item.article.publisher].append(item)
    intro = "Articles by publisher or site. Articles whose source is not known are listed last."
    return render_groups(by_source, site.source_pages, SOURCES_PAGE, "By source", intro, UNKNOWN_SOURCE, entry)


def render_groups(
    groups: dict[str, list[AnnotatedArticle]],
    paths: dict[str, str],
    overview: str,
    title: str,
    intro: str,
    unnamed: str,
    entry: EntryRenderer,
    page_title: Callable[[str], str] = escape_inline,
) -> dict[str, str]:
    """One paginated page per named group of items (newest first; the unnamed group, key "", last), titled
    `page_title(name)`, and an overview linking them."""
    pages: dict[str, str] = {}
    entries = []
    for name in sort_names(groups, unknown_last=""):
        base = paths[name]
        listed = [entry(base, item) for item in groups[name]]
        heading = page_title(name) if name else unnamed
        pages.update(render_listing(base, heading, "Newest first; undated articles last.", [Section("", listed)]).pages)
        label = render_bdi(name) if name else unnamed
        entries.append(f"- [{label}]({link_from(overview, base)}) — {format_count(len(listed), 'article')}")
    pages.update(render_listing(overview, title, intro, [Section("", entries)]).pages)
    return pages


def render_annotated(newest: list[AnnotatedArticle], entry: EntryRenderer = render_entry) -> dict[str, str]:
    """The annotated articles, with their analysts."""
    annotated = [i for i in newest if i.annotations.any]
    entries = [render_annotated_entry(ANNOTATED_PAGE, item, entry) for item in annotated]
    intro = f"{format_count(len(annotated), 'article')} with analyst annotations, newest first."
    return render_listing(ANNOTATED_PAGE, "Annotated articles", intro, [Section("", entries)]).pages


def render_annotated_entry(page: str, item: AnnotatedArticle, entry: EntryRenderer) -> str:
    analysts = ", ".join(annotation_analysts(item)) or UNKNOWN_ANALYST
    return f"{entry(page, item)} · {escape_inline(analysts)}"


def render_by_analyst(newest: list[AnnotatedArticle]) -> dict[str, str]:
    """Overview of analysts; one page per analyst with their assessments and passage notes."""
    assessments: dict[str, list[str]] = defaultdict(list)
    notes: dict[str, list[str]] = defaultdict(list)
    names: set[str] = set()
    for item in [i for i in newest if i.annotations.any]:
        for file in item.annotations.files:
            names.add(file.analyst or UNKNOWN_ANALYST)
            assessments[file.analyst or UNKNOWN_ANALYST].append(item_link(item, format_rating(file)))
        numbered, unplaced = number_notes(item.annotations.placements, len(item.article.text))
        for note in numbered:
            name = note.placement.note.analyst or UNKNOWN_ANALYST
            names.add(name)
            notes[name].append(note_link(item, note.placement.note.quote, f"#{note.anchor}"))
        for placement in unplaced:
            name = placement.note.analyst or UNKNOWN_ANALYST
            names.add(name)
            anchor = note_anchor(placement, "") if placement.key else UNPLACED_ANCHOR
            notes[name].append(note_link(item, placement.note.quote, f"#{anchor}"))
    return render_analyst_pages(sort_names(names, UNKNOWN_ANALYST), assessments, notes)


def item_link(item: AnnotatedArticle, detail: str) -> tuple[Article, str, str]:
    return (item.article, "", f" — {escape_inline(detail)}" if detail else "")


def note_link(item: AnnotatedArticle, quote: str, anchor: str) -> tuple[Article, str, str]:
    text = " ".join(quote.split())
    if len(text) > QUOTE_PREVIEW_CHARS:
        text = text[: QUOTE_PREVIEW_CHARS - 1].rstrip() + "…"
    return (item.article, anchor, f" — “{escape_inline(text)}”")


def render_analyst_pages(names: list[str], assessments: dict[str, list], notes: dict[str, list]) -> dict[str, str]:
    slugs = unique_slugs(names)
    pages: dict[str, str] = {}
    entries = []
    for name in names:
        base = f"browse/analysts/{slugs[name]}.md"
        sections = [
            Section("Assessments", [render_link_entry(base, *entry) for entry in assessments[name]]),
            Section("Passage notes", [render_link_entry(base, *entry) for entry in notes[name]]),
        ]
        pages.update(render_listing(base, escape_inline(name), "", sections).pages)
        counts = f"{format_count(len(notes[name]), 'note')}, {format_count(len(assessments[name]), 'assessment')}"
        entries.append(f"- [{escape_inline(name)}]({link_from(ANALYSTS_PAGE, base)}) — {counts}")
    intro = "Everyone who annotated articles, with their passage notes and assessments."
    pages.update(render_listing(ANALYSTS_PAGE, "Notes by analyst", intro, [Section("", entries)]).pages)
    return pages


def render_link_entry(page: str, article: Article, anchor: str, after: str) -> str:
    link = render_article_link(page, article)
    if anchor:
        link = link[:-1] + anchor + ")"
    return f"- {link}{after}"


def render_by_rating(newest: list[AnnotatedArticle], entry: EntryRenderer = render_entry) -> dict[str, str]:
    """Articles grouped by Admiralty rating (A1 … F6), unrated annotated articles last."""
    groups: dict[str, list[str]] = defaultdict(list)
    labels: dict[str, str] = {}
    for item in [i for i in newest if i.annotations.files]:
        for file in item.annotations.files:
            code = rating_code(file)
            labels.setdefault(code, format_rating(file) if code else "Not rated")
            analyst = f" · {escape_inline(file.analyst)}" if file.analyst else ""
            groups[code].append(entry(RATINGS_PAGE, item) + analyst)
    order = sorted(groups, key=lambda code: (code == "", code))
    sections = [Section(escape_inline(labels[code]), groups[code], anchor=f"rating-{code or 'none'}") for code in order]
    intro = (
        "Articles by the analysts' Admiralty rating: a letter for the source's reliability "
        "(A completely reliable … F cannot be judged) and a digit for the information's credibility "
        "(1 confirmed … 6 cannot be judged)."
    )
    return render_listing(RATINGS_PAGE, "By rating", intro, sections).pages


def tag_page_paths(items: list[AnnotatedArticle]) -> dict[str, str]:
    """Tag -> `browse/tags/<slug>.md`."""
    slugs = unique_slugs(tag for item in items for tag in merge_tags(item))
    return {tag: f"browse/tags/{slug}.md" for tag, slug in slugs.items()}


def render_by_tag(newest: list[AnnotatedArticle], site: SiteMap, entry: EntryRenderer = render_entry) -> dict[str, str]:
    """Overview of tags with counts; one paginated page per tag, newest first."""
    by_tag: dict[str, list[AnnotatedArticle]] = defaultdict(list)
    for item in newest:
        for tag in merge_tags(item):
            by_tag[tag].append(item)
    intro = (
        "Articles by tag: the tags of the source file (sidecar) and the tags analysts gave the article "
        "and its passage notes."
    )
    return render_groups(by_tag, site.tag_pages, TAGS_PAGE, "By tag", intro, "", entry, tag_page_title)


def tag_page_title(tag: str) -> str:
    return f"Tag: {escape_inline(tag)}"
