"""Content-Security-Policy for every page of the site: the browser's own guard against foreign script.

Content is already escaped or sanitized (render_text); the policy is the second line of defence. It
allows scripts from the site's own files and, inline, exactly the theme's own scripts, each by its
SHA-256 hash. Hashes are taken from the rendered page with the page content cut out, so a script that
somehow slipped into the content is never allowed. The offline build (OFFLINE=true, read from file://)
runs search in an iframe that the vendored iframe-worker shim fills with one inline bootstrap script;
its hash is computed here from the shim itself and the page's search worker address.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re

INLINE_SCRIPT = re.compile(r"<script\b(?P<attributes>[^>]*)>(?P<body>.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
TYPE_ATTRIBUTE = re.compile(r"""\btype\s*=\s*["']?(?P<type>[^"'\s>]*)""", re.IGNORECASE)
SCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript", "application/ecmascript"}
"""Script types a browser runs; other types (the theme's `application/json` config) are data."""
SOURCE_ATTRIBUTE = re.compile(r"\bsrc\s*=", re.IGNORECASE)
HEAD_START = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
THEME_CONFIG = re.compile(r'<script id="__config" type="application/json">(?P<json>.*?)</script>', re.DOTALL)
SHIM_FUNCTIONS = re.compile(r"function c\(s,n\)\{.*?\}(?=function d)|function d\(\.\.\.s\)\{.*?\}(?=var o=)", re.DOTALL)
SHIM_BOOTSTRAP = (
    'postMessage={c};importScripts={d};addEventListener("error",({{error}})=>'
    '{{parent.dispatchEvent(new ErrorEvent("error",{{filename:"{url}",error}}))}})'
)
"""The inline script iframe-worker 1.0.4 writes into its iframe (shim.js, `document.write`)."""

POLICY = (
    "default-src 'self'",
    "script-src 'self'{hashes}",
    "style-src 'self' 'unsafe-inline'",  # the theme sets style attributes from script
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",  # no repository stats from the GitHub API: overrides/partials/source.html
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
)


def script_hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def theme_inline_scripts(page_html: str, content: str) -> list[str]:
    """The bodies of the inline scripts of the page outside its content (JSON data blocks excluded)."""
    template = page_html.replace(content, "", 1) if content else page_html
    bodies = []
    for match in INLINE_SCRIPT.finditer(template):
        attributes = match.group("attributes")
        script_type = TYPE_ATTRIBUTE.search(attributes)
        if SOURCE_ATTRIBUTE.search(attributes) or (script_type and script_type["type"].lower() not in SCRIPT_TYPES):
            continue
        bodies.append(match.group("body"))
    return bodies


def shim_bootstrap_script(page_html: str, shim_source: str) -> str:
    """The inline script the iframe-worker shim writes for this page's search worker ('' if not found)."""
    config = THEME_CONFIG.search(page_html)
    functions = SHIM_FUNCTIONS.findall(shim_source)
    if not config or len(functions) != 2:
        return ""
    worker = json.loads(config.group("json")).get("search", "")
    return SHIM_BOOTSTRAP.format(c=functions[0], d=functions[1], url=worker) if worker else ""


def render_policy(
    page_html: str, content: str, shim_source: str = "", live_reload: bool = False
) -> str:
    """The policy for one rendered page (see the module docstring).

    `live_reload` (only for `mkdocs serve`, a local preview): the server adds an inline script that
    changes with every response, so inline scripts are allowed there; a built site never has this.
    """
    bodies = theme_inline_scripts(page_html, content)
    if shim_source:
        bodies.append(shim_bootstrap_script(page_html, shim_source))
    hashes = "".join(f" {script_hash(body)}" for body in sorted(set(bodies)) if body)
    if live_reload:
        hashes = " 'unsafe-inline'"  # with any hash listed, browsers would ignore 'unsafe-inline'
    return "; ".join(POLICY).format(hashes=hashes)


def add_content_security_policy(
    page_html: str, content: str, shim_source: str = "", live_reload: bool = False
) -> str:
    """The page with its policy as the first element of <head>, before any script can run."""
    policy = render_policy(page_html, content, shim_source, live_reload)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    head = HEAD_START.search(page_html)
    if not head:
        return page_html
    return f"{page_html[: head.end()]}\n    {meta}{page_html[head.end() :]}"
