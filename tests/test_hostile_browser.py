"""No payload runs in a browser: the hostile site (tests/hostile/) in headless Chromium, served and from file://.

Every page is opened; the payload article's notes are followed; search is run for the payload words.
A test fails if `window.__pwned` changes, a dialog opens, the Content-Security-Policy reports a
violation (so the policy also never breaks the theme), or a request leaves 127.0.0.1 / file:// (such
requests are answered locally with a 404, never sent).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from hostilekit import PAYLOAD_ARTICLE, SEARCH_ARTICLE_WORD, make_hostile_project
from sitekit import BROWSER_MARKS, MKDOCS, mkdocs_serve, run, serve_directory, wait_for

pytestmark = BROWSER_MARKS

CRAFTED = quote('militias <img src=x onerror="window.__pwned=99"><svg onload=window.__pwned=98>')
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", e => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = make_hostile_project(tmp_path_factory.mktemp("hostile-browser"))
    run(MKDOCS + ["build", "--strict", "-d", "site"], cwd=root)
    run(MKDOCS + ["build", "--strict", "-d", "site-offline"], cwd=root, OFFLINE="true")
    return root


@pytest.fixture
def guarded(page):
    """The conftest `page`, also recording CSP violations, console errors about the policy and foreign requests."""
    page.context.add_init_script(WATCH)
    page.foreign, page.policy_messages = [], []

    def route(request_route):
        url = request_route.request.url
        scheme, host = urlsplit(url).scheme, urlsplit(url).hostname
        if scheme in ("file", "data", "blob", "about") or host == "127.0.0.1":
            return request_route.continue_()
        page.foreign.append(url)
        return request_route.fulfill(status=404, body="")

    page.context.route("**/*", route)
    page.on("console", lambda m: "Content Security Policy" in m.text and page.policy_messages.append(m.text))
    return page


def assert_nothing_ran(page, where: str) -> None:
    assert page.evaluate("window.__pwned") == 0, f"a payload ran on {where}"
    assert page.dialogs == [], where
    assert page.evaluate("window.__violations") == [], f"policy violations on {where}"
    assert page.policy_messages == [], where
    assert page.foreign == [], f"requests left the site on {where}"


def test_no_page_runs_a_payload_or_breaks_the_policy(guarded, project):
    site = project / "site"
    with serve_directory(site) as base:
        for path in sorted(site.rglob("index.html")):
            url = base + path.parent.relative_to(site).as_posix() + "/"
            guarded.goto(url.replace("/./", "/"))
            guarded.wait_for_timeout(150)
            assert_nothing_ran(guarded, url)


def test_following_the_payload_notes_runs_nothing(guarded, project):
    with serve_directory(project / "site") as base:
        guarded.goto(f"{base}articles/{PAYLOAD_ARTICLE}/")
        markers = guarded.locator(".aa-ref a")
        assert markers.count() == 3
        for index in range(markers.count()):
            markers.nth(index).click()
            guarded.locator(".aa-note:target .aa-note__number").click()
            guarded.locator("mark.aa-passage").nth(index).hover()
        for link in guarded.locator("article a[href^='http']").all():
            link.hover()
        assert_nothing_ran(guarded, "the payload article")


def test_search_for_the_payload_lists_it_as_text(guarded, project):
    with serve_directory(project / "site") as base:
        for query in (SEARCH_ARTICLE_WORD, "pwned", "script", "onerror"):
            guarded.goto(f"{base}?q={query}")
            results = guarded.locator(".md-search-result__item")
            results.first.wait_for(timeout=20_000)
            guarded.wait_for_timeout(300)
            assert_nothing_ran(guarded, f"search for {query!r}")
        for crafted in (f"?q={CRAFTED}", f"articles/{PAYLOAD_ARTICLE}/?h={CRAFTED}"):  # a link a reader was sent
            guarded.goto(base + crafted)
            guarded.wait_for_timeout(1500)
            assert_nothing_ran(guarded, crafted)
        guarded.goto(f"{base}?q={SEARCH_ARTICLE_WORD}")
        guarded.locator(".md-search-result__item").first.wait_for(timeout=20_000)
        titles = guarded.locator(".md-search-result__article h1").all_inner_texts()
        assert any("<img src=x onerror=window.__pwned=17>" in title for title in titles), titles


def test_no_offline_page_runs_a_payload_or_breaks_the_policy(guarded, project):
    for path in sorted((project / "site-offline").rglob("*.html")):
        guarded.goto(path.as_uri())
        guarded.wait_for_timeout(100)
        assert_nothing_ran(guarded, path.as_uri())


def test_offline_site_from_file_runs_nothing_and_still_searches(guarded, project):
    article = project / "site-offline" / "articles" / f"{PAYLOAD_ARTICLE}.html"
    guarded.goto(article.as_uri())
    guarded.locator("input.md-search__input").click()
    guarded.keyboard.type(SEARCH_ARTICLE_WORD)
    result = guarded.locator(".md-search-result__item a").first
    result.wait_for(timeout=20_000)
    assert_nothing_ran(guarded, "the offline search")
    result.click()
    guarded.wait_for_load_state()
    assert guarded.url.startswith("file://")
    assert_nothing_ran(guarded, "the offline search result")
    guarded.goto(article.as_uri())
    guarded.locator(".aa-ref a").first.click()
    guarded.locator(".aa-note:target").wait_for()
    assert_nothing_ran(guarded, "the offline payload article")


def test_the_policy_blocks_script_that_got_into_a_page(guarded, project):
    """Defence in depth: were the sanitizer ever bypassed, the policy still stops inline script and handlers."""
    site = project / "site"
    page_file = site / "about" / "index.html"
    original = page_file.read_text(encoding="utf-8")
    injected = original.replace(
        "<article", '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><article', 1
    )
    page_file.write_text(injected, encoding="utf-8")
    try:
        with serve_directory(site) as base:
            guarded.goto(f"{base}about/")
            guarded.wait_for_timeout(300)
            assert guarded.evaluate("window.__pwned") == 0
            violations = sorted(guarded.evaluate("window.__violations"))
            assert violations == ["script-src-attr inline", "script-src-elem inline"]
    finally:
        page_file.write_text(original, encoding="utf-8")


def test_live_reload_of_mkdocs_serve_still_works_under_the_policy(guarded, tmp_path):
    """`mkdocs serve` adds its own inline live-reload script: the preview must still reload by itself."""
    project = make_hostile_project(tmp_path)
    with mkdocs_serve(project) as (base, process):
        guarded.goto(f"{base}articles/{PAYLOAD_ARTICLE}/")
        annotation = project / "annotations" / f"{PAYLOAD_ARTICLE}.md"
        marker = "Edited while serving, reloaded by the live-reload script"
        annotation.write_text(annotation.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
        wait_for(lambda: marker in guarded.locator(".aa-commentary").inner_text(), "the page to reload itself", process)
        assert_nothing_ran(guarded, "mkdocs serve")
