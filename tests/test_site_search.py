"""Search in the built site, served on 127.0.0.1 and opened from file:// (OFFLINE=true build).

The sample project gets two raw files: one whose words occur nowhere else (title, body, author,
source, an Arabic spelling, the "Qassem Suleimani" spelling) and one whose title is an HTML payload.
The project's entities.yml is replaced by hand-made alias groups, which the build turns into search aliases.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import frontmatter
import pytest
from conftest import copy_sample_project
from playwright.sync_api import expect
from sitekit import BROWSER_MARKS, MKDOCS, PROJECT, article_records, run, serve_directory

pytestmark = BROWSER_MARKS

SEARCH_RAW = """Crowds Mourn Qassem Suleimani in Kerman Zephyrine Square

Home | News | World | Contact

Thousands of mourners gathered in Kerman on Tuesday to remember Qassem Suleimani, the commander killed in a drone strike near Baghdad airport, and many carried marzipanic banners reading قاسِم سُلَيْمانى in large green letters, witnesses said.
The procession moved slowly through the city centre while speakers praised the fallen commander, and local officials said the crowd was one of the largest the province had seen in decades of public gatherings.
Reporters counted hundreds of buses from neighbouring towns, and the organisers said that the ceremony would continue for several days as more visitors arrived from across the region.
"""
SEARCH_SIDECAR = "source: Harbinger Gazette\nauthors: [Ottoline Quaintance]\ndate: 2020-01-07\n"
PAYLOAD_RAW = """<img src=x onerror=window.__pwned=1> Quokka Statement Issued After Talks in the Capital

Officials released a short statement after the talks, which lasted most of the day, saying that both sides had agreed to meet again next month and that the details of the agreement would be published soon.
The statement was read aloud to reporters outside the ministry, and several diplomats said they were cautiously hopeful that the meeting marked a real change in the relationship between the two governments.
"""
ALIASES = (
    ("Qasem Soleimani", "Qassem Suleimani", "Soleimani", "Suleimani", "قاسم سليماني"),
    ("Abu Mahdi al-Muhandis", "Abu Mahdi al-Mohandes", "al-Mohandes"),
)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The sample project with the two raw files, built as a site and as an offline copy."""
    root = copy_sample_project(tmp_path_factory.mktemp("search"))
    (root / "raw" / "990_search.txt").write_text(SEARCH_RAW, encoding="utf-8")
    (root / "raw" / "990_search.yml").write_text(SEARCH_SIDECAR, encoding="utf-8")
    (root / "raw" / "991_payload.txt").write_text(PAYLOAD_RAW, encoding="utf-8")
    (root / "entities.yml").write_text(
        "".join(f"- name: {group[0]}\n  aliases: {json.dumps(list(group[1:]), ensure_ascii=False)}\n" for group in ALIASES),
        encoding="utf-8",
    )  # the spellings search must treat as one name (JSON lists are YAML flow sequences)
    run(MKDOCS + ["build", "--strict", "-d", "site"], cwd=root)
    run(MKDOCS + ["build", "--strict", "-d", "site-offline"], cwd=root, OFFLINE="true")
    return root


@pytest.fixture(params=["served", "file"])
def site(request, project):
    """Base URL of the site: served on 127.0.0.1, or the offline copy's index.html from file://."""
    if request.param == "file":
        yield (project / "site-offline" / "index.html").as_uri()
    else:
        with serve_directory(project / "site") as base:
            yield base


@pytest.fixture
def watched(page):
    """The page, with every request and console error recorded; requests off this machine are answered
    locally with an empty JSON object, never sent, and recorded as `remote` (there must be none)."""
    page.requests, page.errors, page.remote = [], [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))

    def answer_locally(route):
        page.remote.append(route.request.url)
        route.fulfill(status=200, content_type="application/json", body="{}")

    page.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]|file:|data:|blob:|about:)"), answer_locally)
    return page


def search(page, site: str, query: str) -> list[tuple[str, str]]:
    """Open `?q=query` and return each result's (link, text)."""
    page.goto(f"{site}?q={quote(query)}")
    items = page.locator(".md-search-result__item")
    items.first.wait_for(timeout=20_000)
    assert page.locator("input.md-search__input").input_value() == query
    links = items.locator("a.md-search-result__link")
    return [(links.nth(i).get_attribute("href"), links.nth(i).inner_text()) for i in range(links.count())]


def record(project: Path, source_file: str) -> dict:
    return next(r for r in article_records(project) if r["source_file"] == source_file)


def hrefs_of(results: list[tuple[str, str]]) -> str:
    return " ".join(href for href, _ in results)


@pytest.mark.parametrize(
    "query",
    ["marzipanic", "Zephyrine", "Quaintance", "Harbinger", "Kerman zephyr"],
    ids=["body", "title", "author", "source", "typing"],
)
def test_article_is_found_by_any_field(watched, site, project, query):
    article = record(project, "990_search.txt")
    results = search(watched, site, query)
    assert article["id"] in results[0][0], results
    assert "Harbinger Gazette" in results[0][1] and "7 January 2020" in results[0][1]  # source and date shown
    assert "h=" in results[0][0]  # search.highlight
    assert watched.errors == []
    requested = [url for url in watched.requests if url not in watched.remote]
    assert all(url.startswith(("http://127.0.0.1", "file://")) for url in requested)
    assert watched.remote == []


def test_annotation_tag_finds_its_article(watched, site, project):
    path = PROJECT / "annotations" / "iran-backed-militias-in-iraq-ready-to-disarm-to-avert-trump-e889e7.md"
    tag = frontmatter.load(path)["tags"][-2]  # "disarmament"
    assert path.stem in hrefs_of(search(watched, site, tag))


@pytest.mark.parametrize(
    ("query", "source_file", "spelled"),
    [
        ("Soleimani", "990_search.txt", "Suleimani"),
        ("سليماني", "990_search.txt", "سُلَيْمانى"),
        ("Abu Mahdi al-Mohandes", "000_fa78fa365cf72e72.txt", "al-Muhandis"),
    ],
    ids=["alias", "arabic", "multi-word-alias"],
)
def test_other_spellings_find_the_article(watched, site, project, query, source_file, spelled):
    article = record(project, source_file)
    assert spelled in article["text"] and query not in article["text"]
    results = search(watched, site, query)
    assert article["id"] in hrefs_of(results)
    shown = next(text for href, text in results if article["id"] in href)
    assert "Missing" not in shown  # every word of the query matched (Material lists missing words)
    assert watched.errors == []


def test_payload_title_is_shown_as_text(watched, site, project):
    results = search(watched, site, "quokka")
    assert "<img src=x onerror=window.__pwned=1>" in results[0][1]
    assert watched.locator(".md-search-result img").count() == 0
    assert watched.locator(".md-search-result mark").first.inner_text().lower() == "quokka"
    assert watched.evaluate("window.__pwned") == 0


def test_hand_written_pages_stay_findable(watched, site):
    results = search(watched, site, "contributing")
    assert "contributing" in results[0][0]


def test_typing_in_the_box_searches_as_you_type(watched, site, project):
    article = record(project, "990_search.txt")
    watched.goto(site)
    watched.locator("input.md-search__input").click()
    watched.keyboard.type("marzip")
    first = watched.locator(".md-search-result__item a").first  # results of "m", "ma", ... show on the way
    expect(first).to_have_attribute("href", re.compile(re.escape(article["id"])), timeout=20_000)
    watched.keyboard.type("a")  # Material shows the suggestion once the query changes again
    expect(watched.locator(".md-search__suggest")).to_have_text("marzipanic")  # search.suggest


def test_enter_opens_the_first_result(watched, site, project):
    article = record(project, "990_search.txt")
    results = search(watched, site, "Kerman Quaintance")
    assert article["id"] in results[0][0]
    watched.locator("input.md-search__input").press("Enter")
    watched.wait_for_url(lambda url: article["id"] in url)
    assert watched.locator("h1").first.inner_text().startswith("Crowds Mourn")


def test_words_named_like_javascript_properties_are_plain_words(watched, site):
    watched.goto(f"{site}?q={quote('constructor __proto__ hasOwnProperty')}")
    meta = watched.locator(".md-search-result__meta")
    expect(meta).to_have_text(re.compile(r"No matching documents|\d+ matching documents?"), timeout=20_000)
    assert watched.errors == []
