"""MkDocs hooks (mkdocs.yml `hooks:`): keep the generated pages current while MkDocs runs.

* on_pre_build: run the archive build (raw/ and annotations/ beside mkdocs.yml -> docs_dir),
  so `mkdocs build` and every `mkdocs serve` rebuild show the current text and notes.
  Annotation errors are logged as errors and warnings as warnings, so `mkdocs build --strict`
  fails on them; a build that cannot run stops with one clear message, never a traceback.
  In `mkdocs serve`, a rebuild after an annotation edit reuses the corpus and the unchanged
  article pages of the last build (archive.cache), and writes only the pages that changed.
* on_serve: also watch raw/ and annotations/, so editing a note reloads the page.
* on_post_page: drop the indentation and blank lines of the theme's templates outside <pre> and
  <textarea> (a sixth of an article page; 10,000 pages must fit GitHub Pages' 1 GB with room).
* on_page_context: an article page's edit button opens its annotation file (or a new one) on
  GitHub; other generated pages get no edit button (editing them by hand would be overwritten).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

try:
    import archive  # noqa: F401 - installed (pip install -e .) or run from a checkout
except ImportError:  # pragma: no cover - a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.cache import CorpusCache, PageCache  # noqa: E402
from archive.model import ArchiveError, Severity  # noqa: E402
from archive.settings import Settings  # noqa: E402
from archive.siteconfig import read_site_config  # noqa: E402
from archive.write import read_manifest  # noqa: E402

log = get_plugin_logger("archive")

_generated: set[str] = set()
"""Paths (relative to docs_dir, POSIX) the last archive build generated."""

_corpus = CorpusCache()
_pages = PageCache()
"""What `mkdocs serve` rebuilds reuse: the corpus while raw/ is unchanged, pages whose inputs are the same."""

_serving = False
"""True under `mkdocs serve`; a one-off `mkdocs build` keeps no cache (its memory is freed before rendering)."""


def on_startup(command, dirty, **kwargs) -> None:
    global _serving
    _serving = command == "serve"


def settings_for(config) -> Settings:
    """Build settings from the location of mkdocs.yml: raw/ and annotations/ beside it, pages in docs_dir."""
    config_file = Path(config.config_file_path)
    root = shorten(config_file.parent)
    site = read_site_config(config_file)  # the file's site_url, not `mkdocs serve`'s local address
    return Settings(
        raw_dir=root / "raw",
        annotations_dir=root / "annotations",
        out_dir=shorten(Path(config.docs_dir)),
        strict=bool(config.strict),
        verbosity=0,
        progress=False,
        site_url=site.site_url,
        repo_url=site.repo_url,
        edit_branch=site.edit_branch,
    )


def shorten(path: Path) -> Path:
    """The path relative to the working directory when it is inside it (for short messages)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def on_pre_build(config, **kwargs) -> None:
    """Run the archive build before MkDocs reads docs_dir."""
    settings = settings_for(config)
    try:
        from archive.pipeline import build

        if _serving:
            report = build(settings, corpus=_corpus.corpus_for(settings), pages=_pages)
        else:
            report = build(settings)
    except ArchiveError as error:
        raise PluginError(f"archive build failed: {error}") from None
    except Exception as error:  # a bug: say where to see the traceback instead of dumping it here
        raise PluginError(
            f"archive build failed: {type(error).__name__}: {error}\n"
            "Run `python build_archive.py build` for the full traceback and report it."
        ) from None
    for problem in report.problems:
        (log.error if problem.severity is Severity.ERROR else log.warning)(str(problem))
    written = report.written
    _generated.clear()
    if written is not None:
        _generated.update(written.written + written.unchanged)
        log.info(
            f"{report.articles} articles from {report.files} raw files; "
            f"{len(written.written)} pages written, {len(written.removed)} removed"
        )


def on_serve(server, config, builder, **kwargs):
    """Rebuild when raw text or annotation files change, not only docs/."""
    settings = settings_for(config)
    for folder in (settings.raw_dir, settings.annotations_dir):
        if folder.is_dir():
            server.watch(str(folder))
    return server


def on_page_context(context, page, config, nav, **kwargs):
    """Point the edit button of generated pages at what a contributor should edit."""
    path = page.file.src_uri
    if not _generated:
        _generated.update(read_generated(config))
    if path in _generated:
        page.edit_url = page.meta.get("edit_url") or None
    return context


PREFORMATTED = re.compile(r"(<pre[\s>].*?</pre>|<textarea[\s>].*?</textarea>)", re.DOTALL | re.IGNORECASE)
LINE_BREAK_AND_INDENT = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")


def on_post_page(output: str, page, config) -> str:
    return squeeze_html(output)


def squeeze_html(html: str) -> str:
    """One line break where the template left blank lines and indentation; preformatted text kept.

    A line break still separates what it separated, so the page renders exactly as before.
    """
    parts = PREFORMATTED.split(html)
    return "".join(part if i % 2 else LINE_BREAK_AND_INDENT.sub("\n", part) for i, part in enumerate(parts))


def read_generated(config) -> set[str]:
    try:
        return read_manifest(Path(config.docs_dir))
    except ArchiveError:
        return set()

