"""The Content-Security-Policy of a page: the theme's inline scripts by hash, never the content's."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from archive.csp import add_content_security_policy, render_policy, shim_bootstrap_script

SHIM = (Path(__file__).resolve().parent.parent / "docs" / "javascripts" / "iframe-worker" / "shim.js").read_text(
    encoding="utf-8"
)
THEME_SCRIPT = "__md_scope=new URL('.',location)"
CONTENT = '<p>Text</p><script>window.__pwned=1</script><script type="text/javascript">window.__pwned=2</script>'
PAGE = (
    "<!doctype html><html><head><meta charset='utf-8'>"
    f"<script>{THEME_SCRIPT}</script><script src='assets/javascripts/bundle.js'></script></head>"
    f"<body><article>{CONTENT}</article>"
    '<script id="__config" type="application/json">{"search": "../assets/javascripts/workers/search.js"}</script>'
    "</body></html>"
)


def sha256(text: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode('utf-8')).digest()).decode('ascii')}'"


def script_sources(policy: str) -> list[str]:
    return next(part for part in policy.split("; ") if part.startswith("script-src")).split()[1:]


def test_only_the_theme_inline_scripts_are_allowed():
    sources = script_sources(render_policy(PAGE, CONTENT))
    assert sources == ["'self'", sha256(THEME_SCRIPT)]


def test_the_same_script_outside_the_content_would_be_allowed():
    """The cut is what keeps content scripts out: the very same text in the template gets its hash."""
    sources = script_sources(render_policy(PAGE, ""))
    assert sha256("window.__pwned=1") in sources and sha256("window.__pwned=2") in sources


def test_the_offline_shim_bootstrap_is_allowed_for_the_page_worker():
    script = shim_bootstrap_script(PAGE, SHIM)
    assert (
        script.startswith("postMessage=function c(s,n){")
        and 'filename:"../assets/javascripts/workers/search.js"' in script
    )
    assert sha256(script) in script_sources(render_policy(PAGE, CONTENT, shim_source=SHIM))


def test_the_policy_is_the_first_element_of_the_head():
    page = add_content_security_policy(PAGE, CONTENT)
    assert re.search(r"<head>\s*<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; ", page)
    assert "connect-src 'self';" in page  # the theme's repository link asks no API (overrides/partials/source.html)
