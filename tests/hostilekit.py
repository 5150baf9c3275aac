"""The hostile sample project (tests/hostile/ on top of the sample corpus) and a scanner for live markup.

`find_live_markup` lists everything in an HTML document that could run script, load foreign content
or clobber the theme: script elements other than the theme's (each inline one must be allowed by the
page's Content-Security-Policy hash), on* attributes, javascript:/vbscript:/data: URLs, iframe, object,
embed, base, forms other than the theme's search, style elements, refresh meta tags, and theme ids
(`__config`, ...) defined by anything but the theme.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import warnings
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
from conftest import copy_sample_project

HOSTILE = Path(__file__).resolve().parent / "hostile"
PAYLOAD_ARTICLE = "militias-script-window-pwned-1-script-answer-img-src-x-8ced68"
SEARCH_ARTICLE_WORD = "pwnedsearch"

FORBIDDEN_ELEMENTS = ("iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "portal")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "ping")
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
THEME_COMPONENTS = {"palette", "search-share"}
"""Theme elements outside the article that legitimately hold a form (palette switch) or a javascript:void(0) link."""
THEME_SCRIPT_PATHS = re.compile(r"^(?:\.\./)*(?:assets/javascripts/|javascripts/iframe-worker/shim\.js$|/)")
CSP_HASH = re.compile(r"'(sha256-[A-Za-z0-9+/=]+)'")


def make_hostile_project(target: Path) -> Path:
    """The sample project plus every file of tests/hostile/raw and tests/hostile/annotations, and the
    payload entity of tests/hostile/entities.yml added to the sample entities.yml."""
    project = copy_sample_project(target)
    for folder in ("raw", "annotations"):
        for path in sorted((HOSTILE / folder).iterdir()):
            shutil.copy(path, project / folder / path.name)
    entities = (project / "entities.yml").read_text(encoding="utf-8")
    (project / "entities.yml").write_text(entities + "\n" + (HOSTILE / "entities.yml").read_text(encoding="utf-8"), encoding="utf-8")
    return project


def csp_of(soup: BeautifulSoup) -> str:
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    return meta["content"] if meta else ""


def script_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def find_live_markup(html: str, where: str, theme_page: bool = True) -> list[str]:
    """Everything in `html` that is live markup from content (see the module docstring); [] when clean.

    `theme_page` is False for HTML fragments (search index entries), where even the theme's elements
    have no business.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)  # search entries are often short texts
        soup = BeautifulSoup(html, "html.parser")
    allowed_hashes = set(CSP_HASH.findall(csp_of(soup))) if theme_page else set()
    found = []
    for tag in soup.find_all(True):
        found.extend(
            f"{where}: {problem}: {str(tag)[:160]}" for problem in tag_problems(tag, allowed_hashes, theme_page)
        )
    ids = Counter(tag.get("id") for tag in soup.find_all(id=re.compile(r"^__")))
    found.extend(f"{where}: id {name!r} defined {count} times" for name, count in ids.items() if count > 1)
    return found


def is_theme_component(tag, theme_page: bool) -> bool:
    """A theme element the theme itself marks (content never carries data-* attributes or sits outside <article>)."""
    return theme_page and tag.get("data-md-component") in THEME_COMPONENTS and tag.find_parent("article") is None


def tag_problems(tag, allowed_hashes: set[str], theme_page: bool) -> list[str]:
    problems = [f"event handler attribute {name}" for name in tag.attrs if name.lower().startswith("on")]
    for name in URL_ATTRIBUTES:
        value = re.sub(r"[\x00-\x20]", "", str(tag.get(name, ""))).lower()
        if value.startswith(BAD_SCHEMES) and not (
            value == "javascript:void(0)" and is_theme_component(tag, theme_page)
        ):
            problems.append(f"{name} with a {value.split(':')[0]}: URL")
    if tag.name in FORBIDDEN_ELEMENTS or tag.name == "srcdoc" or tag.has_attr("srcdoc"):
        problems.append(f"<{tag.name}> element")
    if tag.name == "form" and not (is_theme_component(tag, theme_page) or is_theme_search(tag, theme_page)):
        problems.append("a form that is not the theme's")
    if tag.name == "meta" and tag.get("http-equiv", "").lower() not in (
        "",
        "content-security-policy",
        "x-ua-compatible",
    ):
        problems.append("meta http-equiv")
    if tag.name == "script":
        problems.extend(script_problems(tag, allowed_hashes, theme_page))
    if tag.get("id") == "__config" and not (theme_page and tag.name == "script"):
        problems.append("an element other than the theme's config script with id __config")
    if not theme_page and (str(tag.get("id", "")).startswith("__") or str(tag.get("name", "")).startswith("__")):
        problems.append("a theme id or name")
    return problems


def is_theme_search(tag, theme_page: bool) -> bool:
    return theme_page and "md-search__form" in tag.get("class", []) and tag.find_parent("article") is None


def script_problems(tag, allowed_hashes: set[str], theme_page: bool) -> list[str]:
    if not theme_page:
        return ["a script element"]
    if tag.get("src"):
        return [] if THEME_SCRIPT_PATHS.match(tag["src"]) else [f"a script from {tag['src']}"]
    if tag.get("type") == "application/json":
        return [] if tag.get("id") == "__config" else ["a JSON script block that is not the theme's config"]
    return [] if script_hash(tag.string or "") in allowed_hashes else ["an inline script the policy does not allow"]


def search_index_files(site: Path) -> list[Path]:
    """Material's search index (its entries are inserted as HTML).

    The archive's split index (assets/search/) holds plain text that its worker escapes before the theme
    sees it; test_hostile_browser.py proves that by searching for the payloads.
    """
    return [path for path in [site / "search" / "search_index.json"] if path.is_file()]


def json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in json_strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in json_strings(item)]
    return []


def find_live_markup_in_search(site: Path) -> list[str]:
    """Every string of the search index files, read as the HTML the theme inserts it as."""
    found = []
    for path in search_index_files(site):
        text = path.read_text(encoding="utf-8")
        strings = json_strings(json.loads(text)) if path.suffix == ".json" else [text]
        for string in strings:
            found.extend(find_live_markup(string, path.relative_to(site).as_posix(), theme_page=False))
    return found
