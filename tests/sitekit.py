"""Helpers for end-to-end tests of the built site: run MkDocs, serve a folder, wait, read records.

The `browser` and `page` fixtures live in conftest.py; mark browser test modules with `BROWSER_MARKS`.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
MKDOCS = [sys.executable, "-m", "mkdocs"]
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"),
]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def run(command: list[str], cwd: Path, **env) -> subprocess.CompletedProcess:
    """Run a command to completion; fail the test with its output when it fails."""
    result = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    )
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
    return result


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve `directory` over HTTP on a free 127.0.0.1 port; yields the base URL (ending in /)."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def article_records(project: Path) -> list[dict]:
    """The records of `<project>/docs/corpus.jsonl`."""
    text = (project / "docs" / "corpus.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, what: str, process: subprocess.Popen, timeout: float = 90) -> None:
    """Poll `check()` until it is true; fail if `process` exits or the time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{' '.join(map(str, process.args))} exited while waiting for {what}:\n{process.stderr.read()}")
        try:
            if check():
                return
        except Exception:
            pass
        time.sleep(0.5)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")


@contextlib.contextmanager
def mkdocs_serve(project: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """`mkdocs serve` of `project` on a free port: yields the site's base URL (with site_url's path) and the
    process (for `wait_for`), once the server answers; stops it afterwards."""
    from urllib.request import urlopen

    from archive.siteconfig import read_site_config

    port = free_port()
    process = subprocess.Popen(
        MKDOCS + ["serve", "-a", f"127.0.0.1:{port}", *options],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}{urlsplit(read_site_config(project / 'mkdocs.yml').site_url).path or '/'}"
        wait_for(lambda: urlopen(base, timeout=5).status == 200, "mkdocs serve to answer", process)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
