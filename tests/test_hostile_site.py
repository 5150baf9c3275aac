"""No foreign markup reaches a page: the sample site plus tests/hostile/, built with `mkdocs build --strict`.

tests/hostile/raw/ holds raw text and a sidecar full of XSS vectors (script tags, `<img onerror>`,
`<svg onload>`, javascript: and entity-encoded `&#106;avascript:` links, `<base href>`, refresh meta
tags, forms, styles, `{: onerror=...}` attribute lists, `--8<--` snippet lines, a `__config` id) and a
file whose payload must reach the search index; tests/hostile/annotations/ holds an annotation file with
the same vectors in every field. Every HTML file of the online and the offline build, and the search
index, are scanned for live markup (tests/hostilekit.py); browser tests are in test_hostile_browser.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hostilekit import (
    PAYLOAD_ARTICLE,
    SEARCH_ARTICLE_WORD,
    csp_of,
    find_live_markup,
    find_live_markup_in_search,
    make_hostile_project,
)
from sitekit import MKDOCS, run

BUILDS = {"online": {}, "offline": {"OFFLINE": "true"}}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The hostile project built twice with --strict: `site/` (served) and `site-offline/` (file://)."""
    root = make_hostile_project(tmp_path_factory.mktemp("hostile"))
    for name, env in BUILDS.items():
        run(MKDOCS + ["build", "--strict", "-d", f"site-{name}"], cwd=root, **env)
    return root


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def read(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def payload_record(project: Path) -> dict:
    records = [
        json.loads(line) for line in (project / "docs" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    return next(r for r in records if r["id"] == PAYLOAD_ARTICLE)


@pytest.mark.parametrize("build", BUILDS)
def test_no_page_has_live_markup_from_content(project, build):
    site = project / f"site-{build}"
    pages = html_files(site)
    assert len(pages) > 30
    found = [problem for path in pages for problem in find_live_markup(path.read_text(encoding="utf-8"), str(path))]
    assert found == []


@pytest.mark.parametrize("build", BUILDS)
def test_search_index_has_no_live_markup_and_holds_the_payload_text(project, build):
    site = project / f"site-{build}"
    assert find_live_markup_in_search(site) == []
    split_index = "".join(path.read_text(encoding="utf-8") for path in (site / "assets" / "search").rglob("*.js"))
    assert f"Title With a Payload in the Search Index <img src=x onerror=window.__pwned=17> {SEARCH_ARTICLE_WORD}" in split_index


def test_payloads_are_shown_as_the_text_they_are(project):
    record = payload_record(project)
    page = read(project / "site-online" / "articles" / PAYLOAD_ARTICLE / "index.html")
    assert page.title.string == f"{record['title']} - Annotated Archive"
    assert page.find("h1").get_text().rstrip("¶") == record["title"]
    tags = next(item for item in page.select(".aa-facts li") if item.get_text().startswith("Tags:"))
    assert "<script>window.__pwned=15</script>" in [link.get_text().strip() for link in tags.find_all("a")]
    article = page.find("article").get_text()
    for shown in ('<base href="https://evil.example/">', "{: onerror=", '--8<-- "/etc/passwd"', "&#106;avascript:"):
        assert shown in article
    assessment = page.select_one(".aa-assessment").get_text()
    assert "Mallory <img src=x onerror=window.__pwned=20>" in assessment
    assert '{: #__config onclick="window.__pwned=38" }' in assessment  # no attribute lists for contributors
    assert '--8<-- "/etc/passwd"' in assessment  # no snippets either
    assert page.select_one("aside.aa-note strong").get_text() == "Bold"  # contributor Markdown still renders


def test_the_sidecar_url_never_becomes_a_link(project):
    page = read(project / "site-online" / "articles" / PAYLOAD_ARTICLE / "index.html")
    facts = page.select_one(".aa-facts")
    assert "Evil <img src=x onerror=window.__pwned=11> Press" in facts.get_text()
    assert not [a for a in facts.find_all("a") if "javascript" in a.get("href", "").lower()]
    assert not facts.find("a", string=re.compile("Evil"))


@pytest.mark.parametrize("build", BUILDS)
def test_every_page_carries_a_policy_without_inline_script(project, build):
    for path in html_files(project / f"site-{build}"):
        soup = read(path)
        policy = csp_of(soup)
        first = soup.head.find(True)
        assert first.get("http-equiv") == "Content-Security-Policy", f"{path}: the policy must come first"
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
        assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
        assert re.fullmatch(r"'self'( 'sha256-[A-Za-z0-9+/=]+')+", directives["script-src"]), path


SCANNER_CASES = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)></svg>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href=" java\tscript:alert(1)">x</a>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<form action="https://evil.example"></form>',
    "<style>body{display:none}</style>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object>',
    '<div id="__config"></div>',
    '<img src="data:image/svg+xml,x">',
]


@pytest.mark.parametrize("snippet", SCANNER_CASES)
def test_the_scanner_finds_each_vector(snippet):
    """The scan above can fail: each vector, on a page or in a search entry, is reported."""
    page = f"<html><head><meta http-equiv='Content-Security-Policy' content=\"script-src 'self'\"></head><body><article>{snippet}</article></body></html>"
    assert find_live_markup(page, "page")
    assert find_live_markup(snippet, "search entry", theme_page=False)


def test_entity_fields_are_shown_as_text(project):
    page = read(project / "site-online" / "entities" / "pwned-brigades" / "index.html")
    name = "Pwned <img src=x onerror=window.__pwned=41> Brigades </title><script>window.__pwned=42</script>"
    assert page.title.string == f"{name} - Annotated Archive"
    assert page.find("h1").get_text().rstrip("¶") == name
    text = page.find("article").get_text()
    assert "<script>window.__pwned=43</script>" in text and "Pwned <svg onload=window.__pwned=45> Militia" in text
    assert page.find(id="__config").name == "script"  # the theme's, not the description's
    listed = read(project / "site-online" / "articles" / PAYLOAD_ARTICLE / "index.html").find("article").get_text()
    assert name in listed  # the article's Mentions line names the entity as text
