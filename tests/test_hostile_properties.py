"""Invariants under arbitrary input (hypothesis), beside tests/test_invariants.py (cleaner and splitter).

Safe ids and page slugs for any Unicode title; what the reader sees is the input text; any bytes load
without an exception; the whole build is deterministic and keeps every line.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path
from tempfile import TemporaryDirectory

import frontmatter
from bs4 import BeautifulSoup
from conftest import make_annotated, make_article, make_placement
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.ids import find_duplicate_ids, make_article_id
from archive.load import load_raw_pages
from archive.model import Role
from archive.pipeline import build, build_corpus
from archive.render_article import render_article_page
from archive.render_common import SiteMap, unique_slugs
from archive.settings import Settings

SAFE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{6}$")
SAFE_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SPECIAL = [
    "..", "/", "\\", "CON", "nul", "com1", "LPT9", ".", "~", "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff",
    "\u0301", "\u0327", "e\u0301", "\u0627\u0644\u0639\u0631\u0627\u0642", "\u0628\u063a\u062f\u0627\u062f",
    "\u00e9", "\u1e9b\u0323", "\uff21", "\U0001f600", "<script>", "&amp;", "\x00", "\r", "\n", " ",
]  # fmt: skip
titles = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(SPECIAL) | st.text(max_size=5), max_size=40).map("".join),
)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80), titles, st.integers(0, 5))
def test_ids_are_safe_file_names_for_any_title(source_file, title, occurrence):
    article_id = make_article_id(source_file, title, occurrence)
    assert SAFE_ID.match(article_id), article_id
    assert len(article_id) <= 67


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), titles)
def test_two_unicode_spellings_of_a_title_give_one_id(source_file, title):
    ids = {
        make_article_id(unicodedata.normalize(form, source_file), unicodedata.normalize(form, title))
        for form in ("NFC", "NFD")
    }
    assert len(ids) == 1


@settings(max_examples=200, deadline=None)
@given(st.lists(titles, max_size=12))
def test_browse_page_slugs_are_safe_and_distinct(names):
    slugs = unique_slugs(names)
    assert len(set(slugs.values())) == len(slugs)
    for slug in slugs.values():
        assert SAFE_SLUG.match(slug) and len(slug) <= 60, slug


def visible(text: str) -> str:
    """What a reader should see for raw text: control characters replaced, whitespace runs collapsed."""
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]", "\ufffd", text)
    return re.sub(r"[ \t\r\n\f\v\x85\u2028\u2029]+", " ", text).strip(" ")


shown_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=120).filter(
    lambda t: t == t.strip() != ""
)
"""Text as the pipeline hands it to the renderer: titles, blocks, names and tags are stripped."""


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shown_text, shown_text, shown_text, shown_text)
def test_what_the_reader_sees_is_the_input_text(render_site_markdown, title, paragraph, analyst, tag):
    """Escaping round-trips: page title (<title>, h1), body, note byline and tags render as the text itself."""
    article = make_article(
        title=title, subtitle=title, blocks=(paragraph, "The militias attacked the base."), tags=(tag,)
    )
    placement = make_placement(article, "militias", analyst=analyst)
    page = frontmatter.loads(render_article_page(make_annotated(article, (placement,)), SiteMap()))
    assert html.unescape(page["title"]) == visible(title)  # the theme prints meta.title into <title> as is
    assert html.unescape(page["subtitle"]) == visible(title)  # ... and meta.subtitle into the navigation
    assert [html.unescape(t) for t in page["tags"]] == [visible(tag)]
    soup = BeautifulSoup(render_site_markdown(page.content), "html.parser")
    for permalink in soup.select("a.headerlink"):
        permalink.decompose()
    assert soup.h1.get_text() == visible(title)
    assert visible(paragraph) in [p.get_text() for p in soup.find_all("p")]
    assert soup.select_one(".aa-note__analyst").get_text() == visible(analyst)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_load_without_an_exception(data):
    with TemporaryDirectory() as folder:
        (Path(folder) / "a.txt").write_bytes(data)
        pages, problems = load_raw_pages(Path(folder))
    if pages:
        (page,) = pages
        assert all("\n" not in line and "\r" not in line for line in page.lines)
    else:
        assert [p.path.endswith("a.txt") for p in problems] == [True]


raw_file = st.lists(st.one_of(st.text(max_size=120), st.sampled_from(SPECIAL)), max_size=40).map("\n".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(raw_file, min_size=1, max_size=3))
def test_builds_are_deterministic_and_keep_every_line(contents):
    with TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "raw").mkdir()
        for number, text in enumerate(contents):
            (root / "raw" / f"{number}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
        outputs = []
        for out in ("one", "two"):
            build(Settings(raw_dir=root / "raw", annotations_dir=root / "none", out_dir=root / out, progress=False))
            outputs.append(
                {p.relative_to(root / out).as_posix(): p.read_bytes() for p in (root / out).rglob("*") if p.is_file()}
            )
        assert outputs[0] == outputs[1]
        corpus = build_corpus(Settings(raw_dir=root / "raw", progress=False))
    for page in corpus.pages:
        in_articles = {
            line.number
            for article in corpus.articles
            if article.source_file == page.page.name
            for line in article.lines
        }
        for line in page.lines:
            accounted = (
                line.number in in_articles or line.role is Role.BLANK or (line.role is Role.REMOVED and line.reason)
            )
            assert accounted, (page.page.name, line)
        assert [line.text for line in page.lines] == list(page.page.lines)


def test_two_articles_with_one_id_are_an_error_not_an_overwrite():
    first = make_article("same-id-abc123", source_file="a.txt", source_lines=(3, 9))
    second = make_article("same-id-abc123", source_file="b.txt", source_lines=(1, 4))
    assert [str(p) for p in find_duplicate_ids([first, second, make_article("other-def456")])] == [
        "b.txt:1: article id 'same-id-abc123' is also the id of the article at a.txt:3; rename one of the headlines"
    ]
