"""Rendering: escaping of raw text, sanitizing of contributor Markdown, notes, provenance, pages."""

from __future__ import annotations

import json
import os
import posixpath
import re
from pathlib import Path

import frontmatter
import pytest
from bs4 import BeautifulSoup
from conftest import make_annotated, make_article, make_placement
from hypothesis import given, settings
from hypothesis import strategies as st

from archive import render_pages
from archive.jsonld import render_annotations_jsonld
from archive.model import AnchorStatus, AnnotationFile, Block, Image, Line, Role
from archive.render import render_site
from archive.render_article import render_article_page, render_front_matter
from archive.render_common import SiteMap, format_rating, link_from, sort_newest_first
from archive.render_index import render_by_date, render_by_source, source_page_paths
from archive.render_notes import render_marked_text
from archive.render_text import escape_markdown, render_contributor_markdown
from archive.settings import Settings

GOLDEN = Path(__file__).parent / "golden" / "render"

NASTY = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "**bold** and __strong__ and *em* and _em_",
    "# not a heading",
    "## not a heading either ##",
    "1. not a list",
    "2020) not a list",
    "- not a list",
    "+ not a list",
    "* not a list",
    "> not a quote",
    "<img src=x onerror=alert(1)>",
    "&amp; &lt; &#65; &copy;",
    "<!-- a comment --> still visible",
    "{: .attr } and {#id}",
    ":material-alert: :smile:",
    "==mark== ~~del~~ ^^ins^^ ++ctrl+alt++",
    "!!! note \"not an admonition\"",
    "??? info \"not a details block\"",
    "~~~ not a fence",
    "```not code```",
    "`code`",
    "| a | b |",
    "---",
    "***",
    "[^1] and [TOC]",
    "*[HTML]: not an abbreviation",
    "<https://example.org> and https://example.org",
    "back\\slash \\*",
    "trailing hashes #",
    "    four spaces of indent",
    "\x02wzxhzdk:0\x03 placeholder",
    "Term\n: not a definition",
    "line one\nline two\n===",
]

SITE = SiteMap(repo_url="https://github.com/example/annotated-archive")


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def visible(text: str) -> str:
    """What a reader should see for raw text: control characters replaced, whitespace collapsed."""
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "\ufffd", text)
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()


@pytest.mark.parametrize("raw", NASTY)
def test_raw_paragraph_renders_as_its_text(raw, render_site_markdown):
    html = soup(render_site_markdown(render_marked_text(raw, [])))
    assert [tag.name for tag in html.find_all(True)] == ["p"]
    assert html.p.get_text() == visible(raw)


@pytest.mark.parametrize("raw", NASTY)
def test_raw_title_heading_and_list_item_render_as_text(raw, render_site_markdown):
    article = make_article(
        title=raw,
        subtitle=raw,
        blocks=(Block(Role.HEADING, raw, 3), Block(Role.LIST_ITEM, "• " + raw, 4), Block(Role.BODY, raw, 5)),
    )
    page = frontmatter.loads(render_article_page(make_annotated(article), SITE))
    html = soup(render_site_markdown(page.content))
    assert html.h1.get_text().replace("¶", "") == visible(raw)
    assert html.find(class_="aa-subtitle").get_text() == visible(raw)
    body_heading = html.find_all("h2")[0]
    assert body_heading.get_text().replace("¶", "") == visible(raw)
    assert [li.get_text() for li in body_heading.find_next("ul").find_all("li")] == [visible(raw)]
    assert not html.find_all(["script", "img", "iframe", "ol", "blockquote", "pre"])
    assert [code.get_text() for code in html.find_all("code")] == [article.id]
    assert not [a for a in html.find_all("a") if a.get("href", "").lower().startswith("javascript")]


TOKENS = [
    *"\\`*_{}[]()<>#+-.!|&;:=~^%$@'\"?/0123456789",
    " ", "\n", "\t", "ab", "Xé", "“", "—", "•", "**", "__", "~~", "==", "^^", "++", "``", "](", "![",
    "<b>", "</b>", "<!--", "-->", "&amp;", "&#65;", "1. ", "# ", "> ", "- ", "??? note", "!!! note",
    "~~~", "```", "{: .x }", "{#y}", "[^1]", "[TOC]", ":smile:", "http://x.org", "<http://x.org>",
]  # fmt: skip
@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_any_text_renders_as_itself(render_site_markdown, raw):
    """Invariant: whatever the raw text, the paragraph shows exactly that text and nothing else."""
    if not visible(raw):
        return
    html = soup(render_site_markdown(render_marked_text(raw, [])))
    assert [tag.name for tag in html.find_all(True)] == ["p"]
    assert html.p.get_text() == visible(raw)


def test_escape_markdown_leaves_plain_prose_readable():
    assert escape_markdown("The U.S. said on Friday, 3 January, that it would.") == (
        "The U.S. said on Friday, 3 January, that it would."
    )


# --- contributor Markdown ------------------------------------------------------------------------

HOSTILE_NOTES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<div onclick=\"alert(1)\">x</div>",
    "<style>body{display:none}</style>",
    "![x](https://evil.example/pixel.png)",
    "<svg onload=alert(1)></svg>",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "<p markdown=\"1\">*x*</p>",
    "<!-- comment -->",
]


@pytest.mark.parametrize("note", HOSTILE_NOTES)
def test_contributor_markdown_is_sanitized(note):
    html = soup(render_contributor_markdown(note))
    assert not html.find_all(["script", "img", "iframe", "style", "svg", "div"])
    for tag in html.find_all(True):
        assert not [name for name in tag.attrs if name.startswith("on") or name in ("style", "markdown", "class")]
    for link in html.find_all("a"):
        assert link.get("href") is None or link["href"].startswith(("http:", "https:", "mailto:"))
    assert "<!--" not in str(html)


def test_contributor_markdown_keeps_formatting_and_safe_links():
    html = render_contributor_markdown("# Heading\n\nSee **this** and [AP](https://apnews.com/x).\n\n- one\n- two")
    assert html == (
        '<h4 dir="auto">Heading</h4>\n'
        '<p dir="auto">See <strong>this</strong> and <a href="https://apnews.com/x" rel="nofollow noopener noreferrer">'
        "AP</a>.</p>\n"
        '<ul>\n<li dir="auto">one</li>\n<li dir="auto">two</li>\n</ul>'
    )


NOTE_TOKENS = [
    "<script>", "</script>", "alert(1)", "<img src=x onerror=alert(1)>", "[a](javascript:alert(1))",
    "[b](JaVaScRiPt:x)", "<a href='javascript:x'>", "</a>", "`", "```", "\n", "\n\n", "    ", "*", "_", "<div>",
    "</div>", "<p markdown=\"1\">", "<!--", "-->", "&", "&lt;", "<", ">", "\"", "'", "onclick=x", "text", "# h",
    "- ", "1. ", "> ", "| a | b |\n|---|---|", "{: onclick=x }", "<style>", "<iframe src=x>", "data:", ":",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(NOTE_TOKENS), max_size=25).map("".join))
def test_any_contributor_note_is_harmless_on_the_page(render_site_markdown, note):
    """Invariant: whatever a contributor writes, the page gets no script, handler or javascript: link."""
    article = make_article(blocks=("The militias attacked the base.",))
    placement = make_placement(article, "militias", note=note)
    html = render_html(make_annotated(article, (placement,)), render_site_markdown)
    assert not html.find_all(["script", "img", "iframe", "style", "object", "embed", "svg"])
    for tag in html.find_all(True):
        assert not [name for name in tag.attrs if name.lower().startswith("on")], str(tag)
        for name in ("href", "src"):
            assert not re.sub(r"\s", "", str(tag.get(name, ""))).lower().startswith(("javascript:", "data:"))


def test_sanitized_html_is_never_processed_as_markdown_again(render_site_markdown):
    """A code span may contain link syntax: once embedded in the page it must stay code, not a link."""
    article = make_article(blocks=("The militias attacked the base.",))
    placement = make_placement(article, "militias", note="`[x](javascript:alert(1))` and `<b>` and *em*")
    page = frontmatter.loads(render_article_page(make_annotated(article, (placement,)), SITE))
    html = soup(render_site_markdown(page.content))
    body = html.find(class_="aa-note__body")
    assert [code.get_text() for code in body.find_all("code")] == ["[x](javascript:alert(1))", "<b>"]
    assert not [a for a in html.find_all("a") if a.get("href", "").lower().startswith("javascript")]


# --- passage notes -------------------------------------------------------------------------------

BODY = (
    "The militias attacked the base near Baghdad on Friday.",
    "Officials said the militias would answer for it.",
    Block(Role.LIST_ITEM, "• first point about the strike", 5),
    Block(Role.LIST_ITEM, "• second point", 6),
    "A closing paragraph.",
)


def render_html(item, render_site_markdown, site=SITE) -> BeautifulSoup:
    return soup(render_site_markdown(frontmatter.loads(render_article_page(item, site)).content))


def test_passage_is_marked_and_its_note_follows_the_paragraph(render_site_markdown):
    article = make_article(blocks=BODY)
    placement = make_placement(
        article, "militias would answer", note="Which *militias*?", analyst="R. Karimi", date="2020-01-06"
    )
    html = render_html(make_annotated(article, (placement,)), render_site_markdown)
    mark = html.find("mark", class_="aa-passage")
    assert mark.get_text() == "militias would answer"
    assert mark.find_parent("p").get_text().startswith("Officials said the militias would answer1 for it.")
    ref = html.find("a", id="ref-note-1")
    assert ref["href"] == "#note-1" and ref.get_text() == "1"
    note = html.find("aside", id="note-1")
    assert note.find_previous_sibling("p") is mark.find_parent("p")
    assert note.find("a", class_="aa-note__number")["href"] == "#ref-note-1"
    assert "R. Karimi" in note.get_text() and "6 January 2020" in note.get_text()
    assert str(note.find(class_="aa-note__body")) == (
        '<div class="aa-note__body"><p dir="auto">Which <em>militias</em>?</p></div>'
    )


def test_notes_are_numbered_in_reading_order_whatever_the_file_order(render_site_markdown):
    article = make_article(blocks=BODY)
    later = make_placement(article, "closing paragraph", note="second", line=3)
    earlier = make_placement(article, "militias attacked", note="first", line=9)
    html = render_html(make_annotated(article, (later, earlier)), render_site_markdown)
    notes = html.find_all("aside", class_="aa-note")
    assert [(n["id"], n.find(class_="aa-note__body").get_text()) for n in notes] == [
        ("note-1", "first"),
        ("note-2", "second"),
    ]


def test_passage_crossing_a_paragraph_boundary_is_marked_in_both(render_site_markdown):
    article = make_article(blocks=BODY)
    start = article.text.index("on Friday.")
    end = article.text.index("Officials said") + len("Officials said")
    placement = make_placement(article, "on Friday.")
    placement = type(placement)(placement.note, AnchorStatus.EXACT, start, end)
    html = render_html(make_annotated(article, (placement,)), render_site_markdown)
    assert [m.get_text() for m in html.find_all("mark")] == ["on Friday.", "Officials said"]
    assert len(html.find_all("sup", class_="aa-ref")) == 1  # the marker follows the end of the passage
    assert html.find("aside", id="note-1").find_previous_sibling("p").get_text().startswith("Officials")


def test_overlapping_passages_are_both_marked(render_site_markdown):
    article = make_article(blocks=BODY)
    outer = make_placement(article, "militias attacked the base", note="outer")
    inner = make_placement(article, "attacked", note="inner")
    html = render_html(make_annotated(article, (outer, inner)), render_site_markdown)
    marks = [(m.get_text(), m["data-notes"]) for m in html.find_all("mark")]
    assert marks == [("militias ", "1"), ("attacked", "1 2"), (" the base", "1")]
    paragraph = html.find("mark").find_parent("p").get_text()
    assert paragraph.startswith("The militias attacked2 the base1 near Baghdad")


def test_notes_on_list_items_follow_the_whole_list(render_site_markdown):
    article = make_article(blocks=BODY)
    placement = make_placement(article, "first point", note="on the list")
    html = render_html(make_annotated(article, (placement,)), render_site_markdown)
    body_list = html.find("mark").find_parent("ul")
    assert [li.get_text() for li in body_list.find_all("li")] == ["first point1 about the strike", "second point"]
    assert body_list.find_next_sibling().get("id") == "note-1"


def test_unplaced_notes_are_listed_with_quote_status_and_source(render_site_markdown):
    article = make_article(blocks=BODY)
    placed = make_placement(article, "closing paragraph")
    orphan = make_placement(article, "closing", note="Was *here*", status=AnchorStatus.ORPHANED, line=12)
    orphan = type(orphan)(orphan.note, AnchorStatus.ORPHANED, detail="best match 41% at 120")
    ambiguous = make_placement(article, "militias", note="Which one?", line=20)
    ambiguous = type(ambiguous)(ambiguous.note, AnchorStatus.AMBIGUOUS, detail="2 equally good matches")
    html = render_html(make_annotated(article, (placed, orphan, ambiguous)), render_site_markdown)
    section = html.find("h2", id="notes-unmatched")
    assert section.get_text().replace("¶", "") == "Notes that no longer match the text"
    unplaced = html.find_all("aside", class_="aa-note--unplaced")
    assert [a.find("blockquote").get_text() for a in unplaced] == ["closing", "militias"]
    assert "the quote is no longer in the text: best match 41% at 120" in unplaced[0].get_text()
    assert f"annotations/{article.id}.md:12" in unplaced[0].get_text()
    assert "the quote matches several passages: 2 equally good matches" in unplaced[1].get_text()
    assert [m.get_text() for m in html.find_all("mark")] == ["closing paragraph"]


def test_note_anchors_use_the_stable_note_key(render_site_markdown):
    """`note-<key>` is the fragment of the note's id in annotations.jsonld: the link lands on the note."""
    html = render_html(annotated_sample(), render_site_markdown)
    assert html.find("aside", class_="aa-note")["id"] == "note-0f1e2d3c4b5a"
    assert html.find("sup", class_="aa-ref").a.attrs == {
        "id": "ref-note-0f1e2d3c4b5a", "href": "#note-0f1e2d3c4b5a", "aria-label": "Note 1"}  # fmt: skip
    assert html.find("a", class_="aa-note__number")["href"] == "#ref-note-0f1e2d3c4b5a"


def test_fuzzy_placement_says_it_is_approximate(render_site_markdown):
    article = make_article(blocks=BODY)
    fuzzy = make_placement(article, "the base near", status=AnchorStatus.FUZZY, score=91.4)
    html = render_html(make_annotated(article, (fuzzy,)), render_site_markdown)
    assert "approximate match (91%)" in html.find("aside", id="note-1").get_text()


# --- article page layout -------------------------------------------------------------------------


def annotated_sample():
    article = make_article(
        blocks=BODY,
        title="Militias & the base",
        subtitle="A sub <title>",
        date="2020-01-03",
        authors=("Jane Doe", "John Roe"),
        publisher="Left Voice",
        url="https://example.org/story",
        tags=("iraq",),
    )
    file = AnnotationFile(
        path=f"annotations/{article.id}.md",
        article=article.id,
        analyst="R. Karimi",
        date="2020-01-06",
        summary="Claims an **attack**.",
        tags=("militias", "iraq"),
        reliability="B",
        credibility=2,
        rationale="Named sources.",
        related=("other-article-def456", "missing-article-000000"),
        commentary="## Context\n\n<script>alert(1)</script>Background.",
    )
    placement = make_placement(article, "militias attacked", tags=("attacks",), key="0f1e2d3c4b5a")
    return make_annotated(article, (placement,), (file,))


def test_article_page_front_matter(render_site_markdown):
    item = annotated_sample()
    page = frontmatter.loads(render_article_page(item, SITE))
    expected = item.article.front_matter() | {
        "title": "Militias &amp; the base",
        "subtitle": "A sub &lt;title&gt;",
        "tags": ["iraq", "militias", "attacks"],
        "edit_url": f"https://github.com/example/annotated-archive/edit/main/annotations/{item.article.id}.md",
        "annotation_files": [f"annotations/{item.article.id}.md"],
    }
    assert page.metadata == expected
    keys = re.findall(r"^(\w+):", render_front_matter(item, SITE), re.MULTILINE)
    assert keys == sorted(keys)


def test_article_page_shows_metadata_assessment_and_related(render_site_markdown):
    item = annotated_sample()
    other = make_article("other-article-def456", title="The other one")
    site = SiteMap(articles={"other-article-def456": other}, source_pages={"Left Voice": "browse/sources/left-voice.md"},
                   repo_url=SITE.repo_url)  # fmt: skip
    html = render_html(item, render_site_markdown, site)
    facts = " ".join(html.find(class_="aa-facts").get_text().split())
    for expected in ("Published: 3 January 2020", "By: Jane Doe, John Roe", "Source: Left Voice",
                     "Length: 29 words", "Source file: raw/001_sample.txt, lines 2–7",
                     "Analysts: R. Karimi · 1 passage note", "Edit annotations"):  # fmt: skip
        assert expected in facts
    assert html.find("bdi", string="Left Voice").parent["href"] == "https://example.org/story"
    assert html.find("a", string="all articles from this source")["href"] == "../browse/sources/left-voice.md"
    assessment = html.find(class_="aa-assessment")
    assert assessment.find(class_="admonition-title").get_text() == "Analyst assessment — R. Karimi · 6 January 2020"
    assert assessment.find(class_="aa-rating").get_text() == "Admiralty rating: B2 — usually reliable, probably true"
    assert assessment.find("h5").get_text() == "Context"
    assert not html.find("script")
    related = html.find("strong", string="Related articles").find_next("ul")
    assert [li.get_text() for li in related.find_all("li")] == [
        "The other one",
        "missing-article-000000 (not in the archive)",
    ]
    assert related.find("a")["href"] == "other-article-def456.md"


def test_image_captions_are_listed_after_the_body(render_site_markdown):
    article = make_article(blocks=BODY, images=(Image("Smoke over *Baghdad*", "REUTERS/<x>", 4), Image("- A map")))
    html = render_html(make_annotated(article), render_site_markdown)
    listing = html.find("strong", string="Images on the original page").find_next("ul")
    assert [li.get_text() for li in listing.find_all("li")] == ["Smoke over *Baghdad* — REUTERS/<x>", "- A map"]


def test_edit_link_without_annotations_creates_a_new_file():
    article = make_article(blocks=BODY)
    page = render_article_page(make_annotated(article), SITE)
    url = f"https://github.com/example/annotated-archive/new/main/annotations?filename={article.id}.md"
    assert f"[Annotate this article]({url})" in page
    assert frontmatter.loads(page).metadata["edit_url"] == url


def test_edit_link_without_repository_explains_the_command():
    article = make_article(blocks=BODY)
    page = render_article_page(make_annotated(article), SiteMap())
    assert f"start one with `python build_archive.py new-annotation {article.id}`" in page
    assert "edit_url" not in frontmatter.loads(page).metadata


@pytest.mark.parametrize(
    ("reliability", "credibility", "expected"),
    [
        ("B", 2, "B2 — usually reliable, probably true"),
        ("F", 6, "F6 — reliability cannot be judged, truth cannot be judged"),
        ("C", 0, "C — fairly reliable, credibility not rated"),
        ("", 3, "3 — reliability not rated, possibly true"),
        ("", 0, ""),
    ],
)
def test_format_rating(reliability, credibility, expected):
    file = AnnotationFile(path="annotations/x.md", article="x", reliability=reliability, credibility=credibility)
    assert format_rating(file) == expected


# --- provenance ----------------------------------------------------------------------------------


def test_provenance_block_lists_removed_lines_with_reasons(render_site_markdown):
    long_line = "Subscribe | to our newsletter " + "x" * 200
    lines = (
        Line(1, "Home | World", Role.REMOVED, "navigation: menu words"),
        Line(2, "<b>Share</b> this", Role.REMOVED, "social: share prompt"),
        Line(3, long_line, Role.REMOVED, "navigation: newsletter"),
        Line(4, "A sample article", Role.TITLE),
        Line(5, "By Jane Doe", Role.BYLINE),
        Line(6, "", Role.BLANK),
        Line(7, "The militias attacked the base near Baghdad on Friday.", Role.BODY),
    )
    article = make_article(blocks=(Block(Role.BODY, lines[-1].text, 7),), lines=lines, source_lines=(4, 7))
    html = render_html(make_annotated(article), render_site_markdown)
    details = html.find("details")
    assert details.get("open") is None and "info" in details["class"]
    assert details.summary.get_text() == "Provenance"
    text = details.get_text(" ", strip=True)
    assert "raw/001_sample.txt, lines 1–7 (the article's territory)" in text
    assert "runs from line 4 to line 7" in text
    assert "Removed lines: 3 — 2 navigation, 1 social" in text
    tables = details.find_all("table")
    kept = [[td.get_text() for td in tr.find_all("td")] for tr in tables[-2].find_all("tr")[1:]]
    assert kept == [["4", "title", "A sample article"], ["5", "byline", "By Jane Doe"]]
    removed = [[td.get_text() for td in tr.find_all("td")] for tr in tables[-1].find_all("tr")[1:]]
    assert removed[:2] == [["1", "navigation: menu words", "Home | World"], ["2", "social: share prompt", "<b>Share</b> this"]]
    assert removed[2][2].startswith("Subscribe | to our newsletter xxx") and removed[2][2].endswith("…")
    assert len(removed[2][2]) == 120


# --- index pages ---------------------------------------------------------------------------------


def dated(article_id, date, title="T", publisher=""):
    return make_annotated(make_article(article_id, blocks=("Some text here.",), title=title, date=date,
                                       publisher=publisher))  # fmt: skip


def newest_first(items):
    """The items in the order render_site gives the listings."""
    by_id = {item.article.id: item for item in items}
    return [by_id[article.id] for article in sort_newest_first(item.article for item in items)]


def test_sort_newest_first_puts_undated_last():
    items = [dated("a", ""), dated("b", "2019-05-01"), dated("c", "2020-01-03", "B"), dated("d", "2020-01-03", "A"),
             dated("e", ""), dated("f", "2020")]  # fmt: skip
    ordered = [a.id for a in sort_newest_first(i.article for i in items)]
    assert ordered == ["d", "c", "f", "b", "a", "e"]


def test_by_date_pages_group_years_and_months_newest_first():
    items = [dated("old", "2019-05-01", "Old"), dated("new", "2020-02-10", "New"), dated("mid", "2020-01-03", "Mid"),
             dated("none", "", "Undated one")]  # fmt: skip
    pages = render_by_date(newest_first(items))
    assert sorted(pages) == ["browse/dates.md", "browse/dates/2019.md", "browse/dates/2020.md", "browse/dates/undated.md"]
    overview = pages["browse/dates.md"]
    assert overview.index("## 2020") < overview.index("## 2019") < overview.index("## Undated")
    assert "- [February 2020](dates/2020.md#m2020-02) — 1 article" in overview
    year = pages["browse/dates/2020.md"]
    assert year.index("## February 2020 { #m2020-02 }") < year.index("[<bdi>New</bdi>]") < year.index("## January 2020")
    assert "- [<bdi>Mid</bdi>](../../articles/mid.md) — 3 January 2020 · <bdi>Unknown source</bdi> · 3 words" in year
    assert "[<bdi>Undated one</bdi>](../../articles/none.md) — undated" in pages["browse/dates/undated.md"]


def test_by_source_lists_unknown_source_last():
    items = [dated("a", "2020-01-01", publisher="Zeta"), dated("b", "", publisher=""),
             dated("c", "2020-01-02", publisher="alpha")]  # fmt: skip
    articles = [i.article for i in items]
    pages = render_by_source(newest_first(items), SiteMap(source_pages=source_page_paths(articles)))
    overview = pages["browse/sources.md"]
    assert overview.index("[<bdi>alpha</bdi>]") < overview.index("[<bdi>Zeta</bdi>]") < overview.index("[Unknown source]")
    assert "- [Unknown source](sources/unknown.md) — 1 article" in overview


def test_long_listings_are_paginated(monkeypatch):
    monkeypatch.setattr(render_pages, "PAGE_SIZE", 2)
    items = [dated(f"a{n}", f"2020-01-0{n}", f"Title {n}") for n in range(1, 6)]
    pages = render_by_date(newest_first(items))
    assert [p for p in sorted(pages) if p.startswith("browse/dates/2020")] == [
        "browse/dates/2020-page-2.md", "browse/dates/2020-page-3.md", "browse/dates/2020.md"]  # fmt: skip
    first, second = pages["browse/dates/2020.md"], pages["browse/dates/2020-page-2.md"]
    assert first.startswith("# Articles of 2020 (page 1 of 3)")
    assert "[Next →](2020-page-2.md)" in first and "Previous" not in first
    assert "[← Previous](2020.md) · Page 2 of 3 · [Next →](2020-page-3.md)" in second
    assert "## January 2020 (continued)" in second
    assert [re.findall(r"\[<bdi>Title (\d)</bdi>\]", pages[p]) for p in ("browse/dates/2020.md", "browse/dates/2020-page-2.md",
            "browse/dates/2020-page-3.md")] == [["5", "4"], ["3", "2"], ["1"]]  # fmt: skip


def test_render_site_is_deterministic_and_complete():
    items = [annotated_sample(), dated("b-222222", "2019-05-01", "B", "Zeta"), dated("c-333333", "", "C")]
    settings = Settings(site_url="https://example.github.io/archive/", repo_url=SITE.repo_url)
    files = render_site(items, settings)
    assert files == render_site(list(reversed(items)), settings)
    assert list(files) == sorted(files)
    for path in ("index.md", "browse/tags.md", "corpus.jsonl", "annotations.jsonld", "articles/b-222222.md",
                 f"articles/{items[0].article.id}.md", "browse/dates.md", "browse/sources.md", "browse/ratings.md",
                 "browse/annotated.md", "browse/analysts.md"):  # fmt: skip
        assert path in files
    records = [json.loads(line) for line in files["corpus.jsonl"].splitlines()]
    assert [r["id"] for r in records] == sorted(i.article.id for i in items)  # one file, lines ascending
    for record, item in zip(records, sorted(items, key=lambda i: i.article.id)):
        assert record["text"] == item.article.text
        assert {k: v for k, v in record.items() if k not in ("text", "tags", "edit_url", "annotation_files")} == {
            k: v for k, v in item.article.front_matter().items() if k != "tags"}
    assert files["annotations.jsonld"] == render_annotations_jsonld(sorted(items, key=lambda i: i.article.id),
                                                                    settings.site_url)  # fmt: skip
    assert "- [<bdi>iraq</bdi>](tags/iraq.md) — 1 article" in files["browse/tags.md"]
    assert "[<bdi>" in files["browse/tags/iraq.md"] and "../../articles/" in files["browse/tags/iraq.md"]
    assert all(text.endswith("\n") and "\r" not in text for text in files.values())


def test_home_page_counts():
    items = [annotated_sample(), dated("b-222222", "2019-05-01", "B", "Zeta"), dated("c-333333", "", "C")]
    home = render_site(items, Settings())["index.md"]
    for fact in ("- 3 articles", "- 2 sources", "- 1 raw file", "- 1 annotated article", "- 1 passage note",
                 "- published 1 May 2019 to 3 January 2020", "- 1 undated"):  # fmt: skip
        assert fact in home
    assert "[corpus.jsonl.gz](corpus.jsonl.gz)" in home and "[annotations.jsonld](annotations.jsonld)" in home
    assert "?q=" in home


# --- golden page ---------------------------------------------------------------------------------


def test_golden_annotated_article_page():
    """The whole page of an annotated article; UPDATE_GOLDEN=1 rewrites the expected file for review."""
    rendered = render_article_page(annotated_sample(), SITE)
    expected_file = GOLDEN / "annotated-article.md"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(rendered, encoding="utf-8")
    assert rendered == expected_file.read_text(encoding="utf-8")


@settings(max_examples=200, deadline=None)
@given(title=st.text(min_size=1), author=st.text(), caption=st.text())
def test_front_matter_is_what_the_python_yaml_emitter_writes(title, author, caption):
    """libyaml writes the common front matter faster; any text gives the Python emitter's exact bytes."""
    import yaml

    from archive.render_article import page_metadata
    from archive.render_text import escape_html

    item = make_annotated(make_article(title=title, authors=(author,), images=(Image(caption, "AP", 4),)))
    data = page_metadata(item, SITE)
    data["title"] = escape_html(data["title"])
    data["tags"] = [escape_html(tag) for tag in data["tags"]]
    expected = yaml.safe_dump(data, sort_keys=True, allow_unicode=True, default_flow_style=False, width=1000)
    assert render_front_matter(item, SITE) == f"---\n{expected}---"


FOLDERS = st.lists(st.sampled_from(["articles", "browse", "dates", "tags", "a-b", "x.y"]), max_size=3)
FILE_PATHS = st.builds(
    lambda folders, name: "/".join([*folders, f"{name}.md"]), FOLDERS, st.sampled_from(["index", "p", "dates"])
)


@given(FILE_PATHS, FILE_PATHS)
def test_links_between_generated_pages_are_what_relpath_gives(page, target):
    assert link_from(page, target) == posixpath.relpath(target, posixpath.dirname(page) or ".")
