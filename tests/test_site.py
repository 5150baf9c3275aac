"""End to end: build the sample site with MkDocs and use it in headless Chromium.

The sample corpus (raw/, annotations/, docs/, mkdocs.yml) is copied to a temporary project, with
one extra raw file full of HTML and script payloads. (The README screenshots are taken by
tests/test_site_reader.py, from the sample project alone.)
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import frontmatter
import pytest
from conftest import copy_sample_project
from sitekit import BROWSER_MARKS, MKDOCS, PROJECT, article_records, mkdocs_serve, run, serve_directory, wait_for

pytestmark = BROWSER_MARKS

NASTY_RAW = """Militias <script>window.__pwned = 1</script> Respond to Strikes Near Baghdad Airport Today

Home | News | World | Contact

Armed groups in Baghdad answered the latest strikes with a statement that read <script>window.__pwned = 2</script> and nothing more, according to two officials who spoke to reporters on condition of anonymity on Friday.
The statement also carried an image tag <img src=x onerror="window.__pwned = 3"> that the groups said was a mistake, and a link [click here](javascript:window.__pwned=4) that pointed nowhere, the officials said in the capital.
Analysts in the region said that the wording of the statement, which was shared widely on social media, suggested that the militias wanted to lower tensions while keeping their options open for the coming weeks.
"""
NASTY_SIDECAR = 'source: "Evil <img src=x onerror=window.__pwned=5> Press"\ntags: ["<script>window.__pwned=6</script>", "baghdad"]\n'
NASTY_ANNOTATION = """---
article: {id}
analyst: "Mallory <img src=x onerror=window.__pwned=7>"
summary: "A summary with <script>window.__pwned=8</script> and [a link](javascript:window.__pwned=9)"
tags: [payloads]
notes:
  - quote: lower tensions
    note: "<img src=x onerror=window.__pwned=10> **Bold** note with [a bad link](javascript:window.__pwned=11)"
---

Commentary <script>window.__pwned=12</script> <iframe src="javascript:window.parent.__pwned=13"></iframe>
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """Sample project plus a raw file, sidecar and annotation file full of payloads, built once."""
    root = copy_sample_project(tmp_path_factory.mktemp("project"))
    (root / "raw" / "999_payloads.txt").write_text(NASTY_RAW, encoding="utf-8")
    (root / "raw" / "999_payloads.yml").write_text(NASTY_SIDECAR, encoding="utf-8")
    run([sys.executable, str(PROJECT / "build_archive.py"), "build", "-q"], cwd=root)
    nasty = [r for r in article_records(root) if r["source_file"] == "999_payloads.txt"]
    assert len(nasty) == 1, "the payload file must make exactly one article"
    (root / "annotations" / f"{nasty[0]['id']}.md").write_text(NASTY_ANNOTATION.format(id=nasty[0]["id"]))
    return root


@pytest.fixture(scope="module")
def site_url(project):
    """`mkdocs build --strict` (which runs the archive build), served over HTTP on a free local port."""
    run(MKDOCS + ["build", "--strict", "-d", "site"], cwd=project)
    with serve_directory(project / "site") as url:
        yield url


def annotated_record(project: Path) -> tuple[dict, frontmatter.Post]:
    """The first sample article with passage notes (never the payload article) and its annotation file."""
    records = {r["id"]: r for r in article_records(project) if r["source_file"] != "999_payloads.txt"}
    for path in sorted((project / "annotations").glob("*.md")):
        post = frontmatter.load(path)
        if post.get("notes") and post.get("article") in records:
            return records[post["article"]], post
    pytest.fail("the sample annotations must annotate at least one article with notes")


def test_home_page_shows_counts(page, site_url, project):
    page.goto(site_url)
    counts = page.locator(".aa-counts").inner_text()
    records = article_records(project)
    assert f"{len(records)} articles" in counts
    assert "annotated article" in counts and "passage note" in counts
    assert page.locator("a[href='corpus.jsonl.gz']").count() == 1
    corpus = gzip.decompress(page.request.get(site_url + "corpus.jsonl.gz").body()).decode("utf-8")
    assert [json.loads(line)["id"] for line in corpus.splitlines()] == [record["id"] for record in records]
    assert page.request.get(site_url + "annotations.jsonld").ok


def test_article_page_metadata_and_collapsed_provenance(page, site_url, project):
    record, annotation = annotated_record(project)
    page.goto(f"{site_url}articles/{record['id']}/")
    assert page.locator("h1").inner_text().rstrip("¶") == record["title"]
    facts = page.locator(".aa-facts").inner_text()
    assert f"raw/{record['source_file']}" in facts and f"{record['word_count']:,} words" in facts
    edit = page.locator("a.md-content__button[href*='/annotations/']")
    assert edit.get_attribute("href").endswith(f"/edit/main/annotations/{record['id']}.md")
    provenance = page.locator("details", has=page.locator("summary", has_text="Provenance"))
    assert provenance.get_attribute("open") is None
    assert not provenance.locator("table").first.is_visible()
    provenance.locator("summary").click()
    assert provenance.get_attribute("open") is not None
    assert provenance.locator("table").first.is_visible()
    assert "Removed lines" in provenance.inner_text()


def test_notes_are_reachable_by_keyboard(page, site_url, project):
    record, annotation = annotated_record(project)
    page.goto(f"{site_url}articles/{record['id']}/")
    assert page.locator("mark.aa-passage").count() >= 1
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.aa-ref') !== null"):
            break
    else:
        pytest.fail("Tab never reached a note marker")
    target = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_function(f"location.hash === '{target}'")
    note = page.locator(target)
    assert note.is_visible() and note.evaluate("el => el.matches(':target')")
    assert note.locator(".aa-note__body").inner_text().strip()
    note.locator(".aa-note__number").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"location.hash === '#ref-{target[1:]}'")


def test_notes_are_printed_next_to_their_passages(page, site_url, project):
    record, annotation = annotated_record(project)
    page.goto(f"{site_url}articles/{record['id']}/")
    page.emulate_media(media="print")
    notes = page.locator("aside.aa-note:not(.aa-note--unplaced)")
    assert notes.count() >= 1
    for index in range(notes.count()):
        assert notes.nth(index).is_visible()
        assert "·" in notes.nth(index).locator(".aa-note__meta").inner_text()  # number · analyst · date
    assert page.locator("mark.aa-passage").first.evaluate("el => getComputedStyle(el).textDecorationLine") == "underline"
    assert not page.locator("a.aa-edit").is_visible()


def test_search_query_parameter_opens_results(page, site_url, project):
    page.goto(f"{site_url}?q=militias")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=20_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    matching = [r["id"] for r in article_records(project) if "militias" in (r["title"] + r["text"]).lower()]
    assert any(article_id in href for href in hrefs for article_id in matching)
    assert page.locator("input.md-search__input").input_value() == "militias"


def test_no_script_from_raw_text_or_annotations_runs(page, site_url, project):
    nasty = next(r for r in article_records(project) if r["source_file"] == "999_payloads.txt")
    for path in (f"articles/{nasty['id']}/", "", "browse/tags/", "browse/sources/", "browse/analysts/", "browse/annotated/"):
        page.goto(site_url + path)
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned") == 0, f"a payload ran on /{path}"
        assert page.locator("img[src='x'], iframe").count() == 0
        assert not page.evaluate("[...document.scripts].some(s => s.textContent.includes('__pwned'))")
    page.goto(f"{site_url}articles/{nasty['id']}/")
    assert page.title() == f"{nasty['title']} - Annotated Archive"  # escaped once: shown as written
    assert "Tags: <script>window.__pwned=6</script>, baghdad" in page.locator(".aa-facts").inner_text()
    body = page.locator("article").inner_text()
    assert '<img src=x onerror="window.__pwned = 3">' in body  # shown as text
    assert "[click here](javascript:window.__pwned=4)" in body
    assert "Bold" in page.locator("aside.aa-note").first.inner_text()
    assert not [h for h in page.eval_on_selector_all("a", "els => els.map(a => a.href)") if h.startswith("javascript")]
    assert page.dialogs == []


def test_tags_page_lists_tags(page, site_url, project):
    _, annotation = annotated_record(project)
    page.goto(f"{site_url}browse/tags/")
    text = page.locator("article").inner_text()
    for tag in annotation["tags"]:
        assert tag in text
    page.locator("article a", has_text=annotation["tags"][0]).first.click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().rstrip("¶") == f"Tag: {annotation['tags'][0]}"
    tag_link = page.locator(f"a[href*='articles/{annotation['article']}/']").first
    tag_link.click()
    page.wait_for_load_state()
    assert page.locator(".aa-facts").get_by_role("link", name=annotation["tags"][0], exact=True).count() == 1


def test_offline_build_searches_from_file(page, project):
    run(MKDOCS + ["build", "--strict", "-d", "site-offline"], cwd=project, OFFLINE="true")
    index = project / "site-offline" / "index.html"
    page.goto(index.as_uri())
    assert page.locator("a[href$='dates.html']").count() >= 1  # file-system links, no directory URLs
    page.locator("input.md-search__input").click()
    page.keyboard.type("militias")
    page.locator(".md-search-result__item a").first.wait_for(timeout=20_000)
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith("file://") and urlsplit(page.url).path.endswith(".html")
    assert page.locator("h1").inner_text()


@pytest.mark.parametrize("options", [(), ("--dirty",)], ids=["serve", "serve-dirty"])
def test_annotation_edits_show_up_while_serving(page, tmp_path, options):
    project = copy_sample_project(tmp_path)
    with mkdocs_serve(project, *options) as (base, process):
        record, annotation = annotated_record(project)  # the first build has written corpus.jsonl
        url = f"{base}articles/{record['id']}/"
        path = project / "annotations" / f"{record['id']}.md"
        for edit in range(2):  # the second rebuild reuses what the first kept
            marker = f"Edited while serving {time.monotonic_ns()}"
            annotation["notes"][0]["note"] = f"{marker}. {annotation['notes'][0]['note']}"
            path.write_text(frontmatter.dumps(annotation) + "\n", encoding="utf-8")
            wait_for(lambda marker=marker: marker in page.goto(url).text(), f"edit {edit + 1} on the reloaded page", process)
            assert marker in page.locator("aside.aa-note").first.inner_text()
        assert page.goto(f"{base}sitemap.xml").status == 404  # a preview is not crawled


def test_hand_written_page_edit_shows_up_while_serving(page, tmp_path):
    project = copy_sample_project(tmp_path)
    with mkdocs_serve(project) as (base, process):
        about = project / "docs" / "about.md"
        marker = f"Edited by hand while serving {time.monotonic_ns()}"
        about.write_text(about.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
        wait_for(lambda: marker in page.goto(f"{base}about/").text(), "the edited page on the reloaded site", process)
