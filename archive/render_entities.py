"""Entity pages: `entities/<id>.md` per declared entity and the `browse/entities.md` index.

An entity page says what the entity is (type, description, every spelling declared) and lists the
articles that mention it, newest first, each with the spellings it uses and how often, paginated
(render_pages) like every long listing. The index groups entities by type, with article counts.
"""

from __future__ import annotations

from collections.abc import Callable

from .entities import ENTITY_TYPES, Entity, Mention
from .model import AnnotatedArticle
from .render_common import SiteMap, format_count, link_from, render_bdi
from .render_index import render_entry
from .render_pages import Section, render_listing
from .render_text import escape_inline

ENTITIES_DIR = "entities"
ENTITIES_PAGE = "browse/entities.md"
TYPE_HEADINGS = {
    "person": "People",
    "organisation": "Organisations",
    "place": "Places",
    "event": "Events",
    "other": "Other",
}


EntityEntryRenderer = Callable[[str, AnnotatedArticle, Mention], str]
"""render_entity_entry, or a function giving the same results (archive.cache remembers them between builds)."""


def entity_path(entity_id: str) -> str:
    return f"{ENTITIES_DIR}/{entity_id}.md"


def render_entity_pages(
    newest: list[AnnotatedArticle], site: SiteMap, entry: EntityEntryRenderer | None = None
) -> dict[str, str]:
    """Every entity's page and the entities index (`newest`: the articles newest first)."""
    index = site.entities
    by_id = {item.article.id: item for item in newest}
    position = {item.article.id: number for number, item in enumerate(newest)}
    pages: dict[str, str] = {}
    counts: dict[str, int] = {}
    for entity_id, mentioned in index.by_entity().items():
        entity = index.by_id[entity_id]
        counts[entity_id] = len(mentioned)
        listed = [by_id[article_id] for article_id in sorted(mentioned, key=position.__getitem__)]
        pages.update(render_entity_page(entity, listed, mentioned, entry))
    pages.update(render_entities_index(index.entities, counts))
    return pages


def render_entity_page(
    entity: Entity,
    items: list[AnnotatedArticle],
    mentions: dict[str, Mention],
    entry: EntityEntryRenderer | None = None,
) -> dict[str, str]:
    """One entity: what it is, its spellings, and the articles that mention it (paginated)."""
    base = entity_path(entity.id)
    intro = [
        f"*{escape_inline(entity.type.capitalize())}*"
        + (f" — {escape_inline(entity.description)}" if entity.description else "")
    ]
    if entity.aliases:
        intro.append("**Also written:** " + ", ".join(render_bdi(alias) for alias in entity.aliases))
    intro.append(f"Mentioned in {format_count(len(items), 'article')}, newest first, with the spellings each uses.")
    entry = entry or render_entity_entry
    entries = [entry(base, item, mentions[item.article.id]) for item in items]
    return render_listing(base, escape_inline(entity.name), "\n\n".join(intro), [Section("Articles", entries)]).pages


def render_entity_entry(page: str, item: AnnotatedArticle, mention: Mention) -> str:
    """The article's listing entry, then how it mentions the entity."""
    return f"{render_entry(page, item)} · {render_mention(mention)}"


def render_mention(mention: Mention) -> str:
    """`3 mentions as “Soleimani”, “Suleimani”`."""
    spellings = ", ".join(f"“{render_bdi(spelling)}”" for spelling in mention.spellings)
    return f"{format_count(mention.count, 'mention')} as {spellings}"


def render_entities_index(entities: tuple[Entity, ...], counts: dict[str, int]) -> dict[str, str]:
    """The entities by type (people, organisations, places, ...), by name within a type."""
    sections = []
    for kind in ENTITY_TYPES:
        of_kind = sorted((e for e in entities if e.type == kind), key=lambda e: (e.name.casefold(), e.id))
        entries = [
            f"- [{render_bdi(e.name)}]({link_from(ENTITIES_PAGE, entity_path(e.id))}) — "
            f"{format_count(counts[e.id], 'article')}" + (f" · {escape_inline(e.description)}" if e.description else "")
            for e in of_kind
        ]
        if entries:
            sections.append(Section(TYPE_HEADINGS[kind], entries, anchor=kind))
    intro = (
        "People, organisations and places the articles mention, under any of their spellings "
        "(declared by the analysts in `entities.yml`, see [Contributing](../contributing.md))."
    )
    if not entities:
        intro += "\n\n*No entities declared yet.*"
    return render_listing(ENTITIES_PAGE, "By entity", intro, sections).pages


def render_article_entities(page: str, mentions: tuple[Mention, ...], entities: dict[str, Entity]) -> str:
    """`**Mentions:** [Qassem Soleimani](…) (12), …` for the article's facts list; '' when none."""
    links = [
        f"[{render_bdi(entities[m.entity_id].name)}]({link_from(page, entity_path(m.entity_id))}) ({m.count})"
        for m in mentions
        if m.entity_id in entities
    ]
    return f"**Mentions:** {', '.join(links)}" if links else ""
