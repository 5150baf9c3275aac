"""Shared fixtures. Render/site fixtures are prefixed `render_` / `site_`; add yours with clear names."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import markdown
import pytest
from hypothesis import settings as hypothesis_settings

from archive.model import (
    AnchorStatus,
    AnnotatedArticle,
    AnnotationFile,
    Article,
    ArticleAnnotations,
    Block,
    Line,
    Note,
    Placement,
    Role,
)
from archive.siteconfig import copy_site_frame

PROJECT = Path(__file__).resolve().parent.parent

# In CI (CI=true) property tests draw the same examples every run, so a pass stays a pass; locally
# they explore new random examples (and hypothesis keeps any failure it finds in .hypothesis/).
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


def make_article(article_id: str = "sample-article-abc123", blocks: tuple[str | Block, ...] = (), **fields) -> Article:
    """An Article built by hand: string blocks become paragraphs on consecutive lines after the title."""
    made = tuple(
        block if isinstance(block, Block) else Block(Role.BODY, block, line=3 + i) for i, block in enumerate(blocks)
    )
    last = max([3, *(b.line for b in made)])
    lines = fields.pop("lines", None) or (
        Line(1, "Home | World | Sport", Role.REMOVED, "navigation: menu"),
        Line(2, fields.get("title", "A sample article"), Role.TITLE),
        *(Line(b.line, b.text, b.kind) for b in made),
    )
    defaults = dict(title="A sample article", source_file="001_sample.txt", source_lines=(2, last))
    defaults.update(fields)
    return Article(id=article_id, blocks=made, lines=tuple(lines), **defaults)


def make_placement(article: Article, quote: str, note: str = "A note.", occurrence: int = 0, **fields) -> Placement:
    """A placement of `quote` at its `occurrence`-th position in the article text (exact match)."""
    start = -1
    for _ in range(occurrence + 1):
        start = article.text.index(quote, start + 1)
    status = fields.pop("status", AnchorStatus.EXACT)
    note_fields = {key: fields.pop(key) for key in ("analyst", "date", "tags", "line") if key in fields}
    made = Note(quote=quote, note=note, source=f"annotations/{article.id}.md", **{"line": 5, **note_fields})
    return Placement(made, status, start, start + len(quote), score=fields.pop("score", 100.0), **fields)


def make_annotated(
    article: Article, placements: tuple[Placement, ...] = (), files: tuple[AnnotationFile, ...] | None = None
) -> AnnotatedArticle:
    """An AnnotatedArticle; with placements and no files given, one annotation file holds the notes."""
    if files is None:
        files = (AnnotationFile(path=f"annotations/{article.id}.md", article=article.id),) if placements else ()
    return AnnotatedArticle(article, ArticleAnnotations(article.id, files, placements))


@pytest.fixture(scope="session")
def render_site_markdown():
    """Convert Markdown to HTML exactly as the site does: the extensions configured in mkdocs.yml."""
    from mkdocs.config import load_config

    config = load_config(str(PROJECT / "mkdocs.yml"))

    def convert(text: str) -> str:
        md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        return md.convert(text)

    return convert


def copy_sample_project(target: Path) -> Path:
    """The sample project (raw text, annotations, entities, hand-written docs, config, hooks) in a fresh folder."""
    copy_site_frame(PROJECT, target)
    for name in ("raw", "annotations"):
        shutil.copytree(PROJECT / name, target / name)
    shutil.copy(PROJECT / "entities.yml", target / "entities.yml")
    return target


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (never `playwright install`)."""
    from playwright.sync_api import sync_playwright
    from sitekit import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records dialogs and whether any payload ran (`window.__pwned` stays 0)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script("window.__pwned = 0")
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()
