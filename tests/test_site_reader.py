"""The archive as readers use it, in headless Chromium: served over HTTP and unzipped from the offline zip.

The sample project is built once with `mkdocs build --strict` (served on 127.0.0.1) and once with
`OFFLINE=true` (zipped by `build_archive.py offline-zip`, unzipped, opened from file://). Every test runs
against both, records every request and fails on any that leaves the machine.
"""

from __future__ import annotations

import os
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import copy_sample_project
from sitekit import BROWSER_MARKS, MKDOCS, PROJECT, article_records, run, serve_directory

pytestmark = BROWSER_MARKS

OFFLINE_ZIP = "downloads/annotated-archive-offline.zip"
ARABIC_RAW = """مقتل قاسم سليماني في غارة أمريكية قرب مطار بغداد الدولي

قتل قائد فيلق القدس في الحرس الثوري الإيراني قاسم سليماني في غارة جوية أمريكية استهدفت موكبه قرب مطار بغداد الدولي فجر الجمعة، بحسب ما أعلنت وزارة الدفاع الأمريكية في بيان رسمي.
وقتل في الغارة أيضا أبو مهدي المهندس نائب رئيس هيئة الحشد الشعبي العراقية، إلى جانب عدد من المرافقين، وفق ما ذكرت مصادر أمنية عراقية لوكالات الأنباء في العاصمة بغداد.
وتوعد المرشد الأعلى الإيراني علي خامنئي بانتقام قاس من المسؤولين عن الهجوم، فيما دعت دول عدة إلى ضبط النفس وتجنب التصعيد في المنطقة التي تشهد توترا متزايدا منذ أسابيع.
"""
PHONE = {"width": 375, "height": 800}
SCREENSHOTS = PROJECT / "docs" / "assets"


@dataclass
class Site:
    """One build of the site and how to address its pages ("" for home, "browse/dates" for a page)."""

    base: str
    offline: bool
    project: Path
    requests: list[str] = field(default_factory=list)

    def url(self, page: str) -> str:
        if self.offline:
            return self.base + (f"{page}.html" if page else "index.html")
        return self.base + (f"{page}/" if page else "")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The sample project built twice: the site in site/ (with the offline zip in it) and site-offline/."""
    root = copy_sample_project(tmp_path_factory.mktemp("reader"))
    run(MKDOCS + ["build", "--strict", "-d", "site"], cwd=root)
    run(MKDOCS + ["build", "--strict", "-d", "site-offline"], cwd=root, OFFLINE="true")
    command = [sys.executable, str(PROJECT / "build_archive.py"), "offline-zip", "--site", "site-offline"]
    run(command + ["--out", f"site/{OFFLINE_ZIP}"], cwd=root)
    return root


@pytest.fixture(scope="module", params=["http", "file"])
def site(request, project, tmp_path_factory):
    """The served site (http://127.0.0.1) or the offline zip unzipped and opened from disk (file://)."""
    if request.param == "http":
        with serve_directory(project / "site") as url:
            yield Site(url, offline=False, project=project)
        return
    unzipped = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(project / "site" / OFFLINE_ZIP) as archive:
        archive.extractall(unzipped)
    yield Site((unzipped / "annotated-archive").as_uri() + "/", offline=True, project=project)


@pytest.fixture
def reader(page, site):
    """A page that records every request and console error; fails the test if anything left the machine."""
    site.requests = []
    page.errors = []
    page.on("request", lambda request: site.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    foreign = [url for url in site.requests if not is_local(url)]
    assert not foreign, f"requests to other hosts: {foreign}"


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("file", "data", "blob", "about") or (
        parts.scheme == "http" and parts.hostname == "127.0.0.1"
    )


def records(site: Site) -> list[dict]:
    return article_records(site.project)


def test_home_page_loads_without_console_errors(reader, site):
    reader.goto(site.url(""))
    reader.wait_for_load_state("networkidle")
    assert reader.locator("h1").first.inner_text().startswith("Annotated news archive")
    for label in ("By date", "By source", "By author", "By entity", "By tag"):
        assert reader.locator(".md-content a", has_text=label).count() >= 1, label
    assert reader.locator(f"a[href='{OFFLINE_ZIP}']").count() == 1
    assert reader.errors == []


def test_offline_zip_download_is_served(reader, site):
    if site.offline:
        pytest.skip("the zip is part of the published site, not of itself")
    response = reader.request.get(site.base + OFFLINE_ZIP)
    assert response.ok and response.body()[:2] == b"PK"


def test_entity_page_lists_articles_under_every_spelling(reader, site):
    reader.goto(site.url("browse/entities"))
    reader.locator("a", has_text="Qassem Soleimani").first.click()
    reader.wait_for_load_state()
    assert reader.locator("h1").first.inner_text().rstrip("¶") == "Qassem Soleimani"
    entries = reader.locator("article li", has=reader.locator("a[href*='articles/']"))
    texts = [entries.nth(i).inner_text() for i in range(entries.count())]
    mentioning = [r for r in records(site) if "qassem-soleimani" in r.get("entities", [])]
    assert len(texts) == len(mentioning) >= 2
    assert any("“Suleimani”" in text for text in texts)
    assert any("“Soleimani”" in text and "Suleimani" not in text for text in texts)
    entries.first.locator("a").first.click()
    reader.wait_for_load_state()
    back = reader.locator(".aa-facts a", has_text="Qassem Soleimani")
    assert back.count() == 1 and "entities/qassem-soleimani" in back.get_attribute("href")
    assert reader.errors == []


def test_persian_quote_in_a_note_reads_right_to_left_in_an_ltr_page(reader, site):
    record = next(r for r in records(site) if r["id"].startswith("a-step-away-from-war"))
    reader.goto(site.url(f"articles/{record['id']}"))
    quote = reader.locator("aside.aa-note blockquote p", has_text="انتقام")
    assert quote.count() == 1
    assert quote.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert quote.evaluate("el => getComputedStyle(el.parentElement).borderRightWidth") != "0px"  # rule on the right
    assert reader.evaluate("getComputedStyle(document.documentElement).direction") == "ltr"
    english = reader.locator("article p", has_text="Iranian officials have made it clear").first
    assert english.evaluate("el => getComputedStyle(el).direction") == "ltr"
    note_meta = quote.locator("xpath=ancestor::aside").locator(".aa-note__meta")
    assert note_meta.evaluate("el => getComputedStyle(el).direction") == "ltr"


def test_previous_and_next_link_articles_of_the_same_source(reader, site):
    by_source = Counter(r["publisher"] for r in records(site) if r.get("publisher"))
    publisher = next(name for name, count in sorted(by_source.items()) if count >= 2)
    same = sorted((r for r in records(site) if r.get("publisher") == publisher),
                  key=lambda r: (not r.get("date"), r.get("date", ""), r["id"]))  # fmt: skip
    reader.goto(site.url(f"articles/{same[0]['id']}"))
    assert reader.locator(".aa-source-nav a", has_text=same[0]["title"]).count() == 0
    reader.locator(".aa-source-nav a").filter(has_text=same[1]["title"]).click()
    reader.wait_for_load_state()
    assert reader.locator("h1").first.inner_text().rstrip("¶") == same[1]["title"]
    assert publisher in reader.locator(".aa-facts").inner_text()
    reader.locator(".aa-source-nav a").filter(has_text=same[0]["title"]).click()
    reader.wait_for_load_state()
    assert reader.locator("h1").first.inner_text().rstrip("¶") == same[0]["title"]


def test_timeline_lists_months_and_undated_articles(reader, site):
    dated = [r for r in records(site) if r.get("date")]
    undated = [r for r in records(site) if not r.get("date")]
    reader.goto(site.url("browse/dates"))
    timeline = reader.locator("article").inner_text()
    assert "January 2020" in timeline and "Undated" in timeline
    reader.locator("article a", has_text="January 2020").click()
    reader.wait_for_load_state()
    assert reader.locator("article a[href*='articles/']").count() == sum(r["date"].startswith("2020-01") for r in dated)
    reader.goto(site.url("browse/dates"))
    reader.locator("article a", has_text="Undated articles").click()
    reader.wait_for_load_state()
    listed = reader.locator("article a[href*='articles/']")
    assert listed.count() == len(undated)
    assert reader.locator("article").inner_text().count("undated") == len(undated)


def test_pages_fit_a_phone_screen(reader, site):
    reader.set_viewport_size(PHONE)
    record = next(r for r in records(site) if r["id"].startswith("a-step-away-from-war"))
    for page in ("", f"articles/{record['id']}", "entities/qassem-soleimani", "browse/dates", "browse/entities"):
        reader.goto(site.url(page))
        reader.wait_for_load_state("networkidle")
        width = reader.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"/{page} scrolls sideways on a phone ({width}px)"
    provenance = reader.locator("details", has=reader.locator("summary", has_text="Provenance"))
    reader.goto(site.url(f"articles/{record['id']}"))
    provenance.locator("summary").click()
    table = provenance.locator("table").last
    assert table.is_visible()
    assert table.evaluate("el => getComputedStyle(el.closest('.md-typeset__scrollwrap') || el).overflowX") == "auto"
    assert reader.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_print_shows_text_and_notes_without_navigation(reader, site):
    record = next(r for r in records(site) if r["id"].startswith("a-step-away-from-war"))
    reader.goto(site.url(f"articles/{record['id']}"))
    reader.emulate_media(media="print")
    for hidden in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-search", ".md-content__button",
                   ".aa-source-nav", "a.aa-edit", ".md-footer"):  # fmt: skip
        elements = reader.locator(hidden)
        for index in range(elements.count()):
            assert not elements.nth(index).is_visible(), f"{hidden} is printed"
    assert reader.locator("article p", has_text="Iranian officials have made it clear").first.is_visible()
    notes = reader.locator("aside.aa-note")
    assert notes.count() >= 1 and all(notes.nth(i).is_visible() for i in range(notes.count()))


def test_no_request_leaves_the_machine_while_reading_and_searching(reader, site):
    record = next(r for r in records(site) if r["id"].startswith("a-step-away-from-war"))
    for page in ("", "browse/sources", "browse/authors", "browse/entities", f"articles/{record['id']}", "browse/tags"):
        reader.goto(site.url(page))
        reader.wait_for_load_state("networkidle")
    reader.locator("input.md-search__input").click()
    reader.keyboard.type("Soleimani")
    reader.locator(".md-search-result__item a").first.wait_for(timeout=20_000)
    assert len(site.requests) >= 6
    assert all(url.startswith("file://" if site.offline else site.base) for url in site.requests if "://" in url)
    assert reader.errors == []


@pytest.mark.skipif(not os.environ.get("UPDATE_SCREENSHOT"), reason="set UPDATE_SCREENSHOT=1 to refresh the README screenshots")
def test_update_readme_screenshots(reader, site):
    if site.offline:
        pytest.skip("taken once, from the served site")
    reader.set_viewport_size({"width": 1280, "height": 1000})
    reader.goto(site.url(""))
    reader.wait_for_load_state("networkidle")
    reader.screenshot(path=str(SCREENSHOTS / "home.png"))
    record = next(r for r in records(site) if r["id"].startswith("a-step-away-from-war"))
    reader.goto(site.url(f"articles/{record['id']}"))
    quote = "document.querySelector('aside.aa-note blockquote').closest('aside').previousElementSibling"
    reader.evaluate(f"window.scrollTo(0, {quote}.getBoundingClientRect().top + scrollY - 420)")
    reader.wait_for_timeout(1000)  # the header's title transition
    reader.screenshot(path=str(SCREENSHOTS / "screenshot.png"))
    assert all((SCREENSHOTS / name).stat().st_size > 10_000 for name in ("home.png", "screenshot.png"))


def test_arabic_article_reads_right_to_left_inside_english_pages(page, tmp_path):
    """A raw article in Arabic: its title, paragraphs and provenance cells are rtl; English lines around stay ltr."""
    root = copy_sample_project(tmp_path)
    (root / "raw" / "900_arabic.txt").write_text(ARABIC_RAW, encoding="utf-8")
    run(MKDOCS + ["build", "--strict", "-d", "site"], cwd=root)
    (record,) = [r for r in article_records(root) if r["source_file"] == "900_arabic.txt"]
    assert {"qassem-soleimani", "abu-mahdi-al-muhandis", "ali-khamenei"} <= set(record["entities"])
    direction = "el => getComputedStyle(el).direction"
    with serve_directory(root / "site") as url:
        page.goto(f"{url}articles/{record['id']}/")
        assert page.locator("h1").first.evaluate(direction) == "rtl"
        assert page.locator("article p", has_text="قتل قائد فيلق القدس").evaluate(direction) == "rtl"
        assert page.locator(".aa-facts li", has_text="Source file").evaluate(direction) == "ltr"
        assert page.evaluate("getComputedStyle(document.documentElement).direction") == "ltr"
        page.locator("details summary", has_text="Provenance").click()
        row = page.locator("details tr", has=page.locator("td", has_text="مقتل قاسم سليماني")).first
        assert row.locator("td", has_text="مقتل قاسم سليماني").evaluate(direction) == "rtl"
        assert row.locator("td").first.evaluate(direction) == "ltr"  # the field name, in English
        page.goto(f"{url}entities/qassem-soleimani/")
        entry = page.locator("article li", has=page.locator(f"a[href*='{record['id']}']"))
        assert "“قاسم سليماني”" in entry.inner_text()
        assert entry.evaluate(direction) == "ltr"  # the English details lead; the title is isolated
        assert entry.locator("a bdi").evaluate(direction) == "rtl"
