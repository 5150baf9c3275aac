#!/usr/bin/env python3
"""Search latency: what a visitor downloads, and how long it takes, until the first search result shows.

    python bench/search_first_result.py SITE_DIR WORD           # site served on 127.0.0.1
    python bench/search_first_result.py SITE_DIR WORD --file    # OFFLINE=true build, from file://

Opens `SITE_DIR/index.html?q=WORD` in headless Chromium (Debian's /usr/bin/chromium) and prints JSON:
  search_bytes      bytes of search data requested before the first result showed (the worker, Material's
                    index of hand-written pages, assets/search/ parts), as files on disk (uncompressed)
  all_bytes         bytes of every request before the first result (pages, styles, scripts, search data)
  ms_after_index    ms from the last search data part loaded to the first result shown
  ms_to_result      ms from navigation start to the first result shown
  results_shown     results Material rendered at once (it renders the first 10, then more on scrolling)
Sizes are the files' sizes on disk; times come from Chromium's request timing (served) or from when
Playwright reported a request finished (file://, where Chromium gives no timing), so they are
noisy on a busy machine. `measure()` is importable (bench/search_scale.py uses it).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import sys
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SEARCH_DATA = ("assets/search/", "search/search_index.", "javascripts/search-worker.js", "assets/javascripts/workers/")
RESULT = ".md-search-result__item"
FIRST_RESULT_CLOCK = """
new MutationObserver((_, observer) => {
  if (document.querySelector(".md-search-result__item")) { window.__firstResult = Date.now(); observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # the base class's signature
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on a free 127.0.0.1 port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def measure(site_dir: Path, query: str, offline: bool = False, timeout_ms: int = 60_000) -> dict:
    """Open `?q=query` on the site (served, or from file:// when `offline`) and report bytes and times."""
    from playwright.sync_api import sync_playwright

    site_dir = site_dir.resolve()
    with sync_playwright() as playwright, contextlib.ExitStack() as stack:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        base = (site_dir / "index.html").as_uri() if offline else stack.enter_context(serve(site_dir))
        page = browser.new_context().new_page()
        page.add_init_script(FIRST_RESULT_CLOCK)
        page.route("https://api.github.com/**", lambda route: route.fulfill(status=200, body="{}"))  # repo facts
        finished: dict[str, float] = {}
        page.on("requestfinished", lambda request: finished.setdefault(request.url, finish_time(request)))
        start = time.time() * 1000
        page.goto(f"{base}?q={quote(query)}")
        page.locator(RESULT).first.wait_for(timeout=timeout_ms)
        shown = page.evaluate("window.__firstResult")
        shown_results = page.locator(RESULT).count()
        first_href = page.locator(f"{RESULT} a").first.get_attribute("href")
    before = {url: at for url, at in finished.items() if at <= shown}
    search_parts = {url: at for url, at in before.items() if is_search_data(url, base)}
    return {
        "query": query,
        "offline": offline,
        "search_bytes": sum(size_on_disk(url, base, site_dir) for url in search_parts),
        "all_bytes": sum(size_on_disk(url, base, site_dir) for url in before),
        "requests": len(before),
        "search_files": sorted(relative(url, base) for url in search_parts),
        "ms_after_index": round(shown - max(search_parts.values()), 1) if search_parts else None,
        "ms_to_result": round(shown - start, 1),
        "results_shown": shown_results,
        "first_result": first_href,
    }


def finish_time(request) -> float:
    """When a request finished, in epoch ms: Chromium's timing, or now when it has none (file://)."""
    timing = request.timing
    if timing.get("startTime", -1) > 0 and timing.get("responseEnd", -1) >= 0:
        return timing["startTime"] + timing["responseEnd"]
    return time.time() * 1000


def relative(url: str, base: str) -> str:
    path = unquote(urlsplit(url).path)
    root = unquote(urlsplit(base).path).rsplit("/", 1)[0] + "/"
    return path.removeprefix(root)


def is_search_data(url: str, base: str) -> bool:
    return relative(url, base).startswith(SEARCH_DATA)


def size_on_disk(url: str, base: str, site_dir: Path) -> int:
    """The size of the file a local URL names (`x/` -> `x/index.html`); 0 for anything else."""
    if not url.startswith(("file:", "http://127.0.0.1")):
        return 0
    path = site_dir / relative(url, base)
    if path.is_dir():
        path = path / "index.html"
    return path.stat().st_size if path.is_file() else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site directory (mkdocs build -d SITE)")
    parser.add_argument("query", help="the word to search for")
    parser.add_argument("--file", action="store_true", help="open the site from file:// (an OFFLINE=true build)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: no index.html; build the site first (mkdocs build -d {args.site})", file=sys.stderr)
        return 2
    print(json.dumps(measure(args.site, args.query, offline=args.file), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
