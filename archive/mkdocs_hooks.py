"""MkDocs hooks (mkdocs.yml `hooks:`): keep the generated pages current while MkDocs runs.

* on_config: under `mkdocs serve`, no sitemap (a preview is not crawled).
* on_pre_build: run the archive build (raw/, annotations/ and entities.yml beside mkdocs.yml -> docs_dir),
  so `mkdocs build` and every `mkdocs serve` rebuild show the current text and notes.
  `mkdocs build` skips it when the last build's stamp (archive.stamp) shows the same inputs and
  untouched output, as after `python build_archive.py`; the problems it recorded are reported again.
  Annotation errors are logged as errors and warnings as warnings, so `mkdocs build --strict`
  fails on them; a build that cannot run stops with one clear message, never a traceback.
  In `mkdocs serve`, a rebuild after an annotation edit reuses the corpus and the unchanged
  article pages of the last build (archive.cache), and writes only the pages that changed.
* on_files: the site publishes corpus.jsonl gzip-compressed, as corpus.jsonl.gz (a quarter of the
  size: 47 MB would be a fifth of a 10,000-article site); docs/corpus.jsonl stays as it is for tools.
* on_serve: also watch raw/, annotations/ and entities.yml, so editing a note reloads the page; of docs/,
  watch only hand-written files, not the generated pages the build writes itself.
* on_pre_build, on_post_build: a `mkdocs serve --dirty` rebuild runs without garbage collection,
  which runs once the rebuild is over and the server idle (IdleCollector).
* on_env: under `mkdocs serve`, the theme's templates are compiled once, not at every rebuild.
* on_page_markdown: generated pages stay out of Material's search index (articles are searched
  through the split index of archive/render_search.py; the home page and listings would only repeat
  their titles), so Material's index holds the hand-written pages, small at any number of articles.
* on_page_content: the page title (h1) gets no permalink: a link to the top of the page is the
  page's own address (a hundred bytes on each of 10,000 pages; headings below keep theirs).
* on_page_context: an article page's edit button opens its annotation file (or a new one) on
  GitHub; other generated pages get no edit button (editing them by hand would be overwritten).
* on_post_page: Material's search worker is replaced by docs/javascripts/search-worker.js, which
  reads that split index (and Material's small index of the hand-written pages).
* on_post_page, on_post_template: every HTML page gets a Content-Security-Policy (archive/csp.py)
  that allows only the site's own scripts and the theme's inline ones (under `mkdocs serve`, any
  inline script, for the live-reload script the server adds).
* on_post_page, last: drop the indentation and blank lines of the theme's templates outside <pre>,
  <textarea> and <script> (a sixth of an article page; 10,000 pages must fit GitHub Pages' 1 GB with
  room; script bodies are kept byte for byte, so the policy's hashes still match).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import gzip
import os
import re
import sys
import threading
from pathlib import Path

import jinja2
import jinja2.bccache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

try:
    import archive  # noqa: F401 - installed (pip install -e .) or run from a checkout
except ImportError:  # pragma: no cover - a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.cache import CorpusCache, PageCache
from archive.csp import add_content_security_policy
from archive.model import ArchiveError, Severity
from archive.render import CORPUS_FILE, SITE_CORPUS_FILE
from archive.settings import Settings
from archive.siteconfig import read_site_config
from archive.stamp import current_stamp
from archive.write import read_manifest

log = get_plugin_logger("archive")

SEARCH_WORKER = "javascripts/search-worker.js"
"""The search worker, relative to docs_dir; it finds the index at ../assets/search/ from there."""
MATERIAL_WORKER = re.compile(r'("search":\s*")([^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')
"""Where Material's configuration (`<script id="__config">`) names its own search worker."""

_generated: set[str] = set()
"""Paths (relative to docs_dir, POSIX) the last archive build generated."""

_corpus = CorpusCache()
_pages = PageCache()
"""What `mkdocs serve` rebuilds reuse: the corpus while raw/ is unchanged, pages whose inputs are the same."""

_serving = False
"""True under `mkdocs serve`: rebuilds reuse caches (a one-off `mkdocs build` keeps none, its memory is freed
before rendering), and the policy allows the server's inline live-reload script, different in every response."""


class IdleCollector:
    """No garbage collection during a rebuild; one full collection a moment after it, while the server is idle.

    Each `mkdocs serve --dirty` rebuild makes MkDocs's objects for every page (9,000 at 10,000
    articles) and drops the last rebuild's, whose cycles only a collection frees: the collections
    they set off took 0.3-0.6 s of a 2.4 s rebuild, between an edit and its page. The first build
    keeps collecting as usual (it renders every page, and would grow without).
    """

    def __init__(self, delay: float = 1.0) -> None:
        self.delay = delay
        self.lock = threading.Lock()
        self.building = False
        self.timer: threading.Timer | None = None  # set when the first build ended: later ones are rebuilds

    def build_started(self) -> None:
        with self.lock:
            self.building = True
            if self.timer is not None:
                self.timer.cancel()
                gc.disable()

    def build_ended(self) -> None:
        with self.lock:
            self.building = False
            self.timer = threading.Timer(self.delay, self.collect)
            self.timer.daemon = True
            self.timer.start()

    def collect(self) -> None:
        with self.lock:
            if self.building:  # a rebuild began meanwhile: its end schedules the collection again
                return
            gc.enable()
        gc.collect()


_collector: IdleCollector | None = None
"""Set under `mkdocs serve --dirty` (without --dirty, each rebuild renders every page, as the first build)."""


def on_startup(command, dirty, **kwargs) -> None:
    global _serving, _collector
    _serving = command == "serve"
    _collector = IdleCollector() if _serving and dirty else None


SITEMAP = "sitemap.xml"


def on_config(config, **kwargs):
    """Under `mkdocs serve`, no sitemap.xml: a preview is not crawled (0.1 s of each rebuild at 10,000 articles)."""
    if _serving:
        config.theme.static_templates.discard(SITEMAP)  # not rendered (on_files: nor copied as a theme file)
    return config


def settings_for(config) -> Settings:
    """Build settings from the location of mkdocs.yml: raw/, annotations/, entities.yml beside it, pages in docs_dir."""
    config_file = Path(config.config_file_path)
    root = shorten(config_file.parent)
    site = read_site_config(config_file)  # the file's site_url, not `mkdocs serve`'s local address
    return Settings(
        raw_dir=root / "raw",
        annotations_dir=root / "annotations",
        entities_file=root / "entities.yml",
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
    if _collector is not None:
        _collector.build_started()
    settings = settings_for(config)
    try:
        from archive.pipeline import build

        if _serving:
            report = build(settings, corpus=_corpus.corpus_for(settings), pages=_pages, stamp=False)
        elif stamp := current_stamp(settings, read_manifest(settings.out_dir)):
            report_problems(stamp.problems)
            log.info(f"{stamp.articles} articles from {stamp.files} raw files; unchanged since the last build")
            return
        else:
            report = build(settings)
    except ArchiveError as error:
        raise PluginError(f"archive build failed: {error}") from None
    except Exception as error:  # a bug: say where to see the traceback instead of dumping it here
        raise PluginError(
            f"archive build failed: {type(error).__name__}: {error}\n"
            "Run `python build_archive.py build` for the full traceback and report it."
        ) from None
    report_problems(report.problems)
    written = report.written
    _generated.clear()
    if written is not None:
        _generated.update(written.written + written.unchanged)
        log.info(
            f"{report.articles} articles from {report.files} raw files; "
            f"{len(written.written)} pages written, {len(written.removed)} removed"
        )


def on_post_build(config, **kwargs) -> None:
    if _collector is not None:
        _collector.build_ended()


def on_build_error(error, **kwargs) -> None:
    if _collector is not None:
        _collector.build_ended()


def report_problems(problems) -> None:
    """Log errors as errors and warnings as warnings (`mkdocs build --strict` fails on either)."""
    for problem in problems:
        (log.error if problem.severity is Severity.ERROR else log.warning)(str(problem))


def on_files(files, config, **kwargs):
    """Replace corpus.jsonl by corpus.jsonl.gz (the link on the home page points there); under `mkdocs serve`,
    leave out the theme's sitemap template (on_config)."""
    if _serving and (sitemap := files.get_file_from_path(SITEMAP)) is not None:
        files.remove(sitemap)
    corpus = files.get_file_from_path(CORPUS_FILE)
    if corpus is not None:
        files.remove(corpus)
        level = 1 if _serving else 6  # a preview need not wait for the smallest file
        stat = os.stat(corpus.abs_src_path)
        content = gzip_file(corpus.abs_src_path, level, (stat.st_mtime_ns, stat.st_size))
        files.append(File.generated(config, SITE_CORPUS_FILE, content=content))
    return files


@functools.lru_cache(maxsize=1)
def gzip_file(path: str, level: int, version: tuple[int, int]) -> bytes:
    """The file gzip-compressed, the same for the same bytes (no name, no time in the header).

    `version` (modification time, size) keys the cache: `mkdocs serve` compresses it again only when it changed.
    """
    return gzip.compress(Path(path).read_bytes(), compresslevel=level, mtime=0)


def on_serve(server, config, builder, **kwargs):
    """Rebuild when raw text or annotation files change, not only docs/; watch only docs/'s hand-written files."""
    settings = settings_for(config)
    for path in (settings.raw_dir, settings.annotations_dir, settings.entities_file):
        if path.exists():
            server.watch(str(path))
    docs = Path(config.docs_dir)
    server.unwatch(config.docs_dir)
    for path in hand_written_paths(docs, generated_pages(config)):
        server.watch(str(path), recursive=False)
    return server


FILES_WATCHED_ONE_BY_ONE = 20
"""Up to this many hand-written files beside generated ones are watched one by one (the server polls each
watched path in a thread of its own); a folder holding more is watched whole."""


def hand_written_paths(docs: Path, generated: set[str]) -> list[Path]:
    """What to watch of docs_dir: every folder on the way to a hand-written file, or, where the folder
    also holds files the archive build generated, its hand-written files one by one.

    The server polls what it watches (a scan of docs/ takes a quarter of a second at 10,000 articles,
    twice a second) and rebuilds when a watched file changes: the generated pages are written by the
    build itself, so watching them costs a scan, and a second rebuild after every edit. A file added
    to a new folder, or beside generated files, shows at the next rebuild (what is watched is the
    folder's list of files, or the files themselves).
    """
    folders, hand_written, holding_generated = {docs}, [], set()
    for path in docs.rglob("*"):
        relative = path.relative_to(docs)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue  # MkDocs leaves out dot-files (the build's manifest and stamp among them)
        if relative.as_posix() in generated:
            holding_generated.add(path.parent)
        else:
            hand_written.append(path)
            folders.update(parent for parent in path.parents if parent.is_relative_to(docs))
    beside_generated: dict[Path, list[Path]] = {folder: [] for folder in holding_generated}
    for file in hand_written:
        if file.parent in beside_generated:
            beside_generated[file.parent].append(file)
    one_by_one = {folder for folder, found in beside_generated.items() if len(found) <= FILES_WATCHED_ONE_BY_ONE}
    watched_files = {file for folder in one_by_one for file in beside_generated[folder]}
    return sorted((folders - one_by_one) | watched_files)


class TemplateCache(jinja2.BytecodeCache):
    """The theme's compiled templates, kept in memory between `mkdocs serve` rebuilds (each makes a new
    environment and would compile them again); jinja2 compiles a template again when its source changed."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_templates = TemplateCache()


def on_env(env, config, files, **kwargs):
    """Under `mkdocs serve`, reuse the templates compiled by the last rebuild."""
    if _serving:
        env.bytecode_cache = _templates
    return env


def on_page_markdown(markdown, page, config, files, **kwargs):
    """Keep generated pages out of Material's search index."""
    if page.file.src_uri in generated_pages(config):
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return markdown


TITLE_PERMALINK = re.compile(
    r'(<h1\b[^>]*>(?:(?!</h1>).)*?)<a class="headerlink" href="#[^"]*" title="[^"]*">(?:&para;|¶)</a>(</h1>)', re.DOTALL
)
"""The `toc` extension's permalink (`permalink: true`) inside the page's h1."""


def on_page_content(html, page, config, files, **kwargs):
    """Drop the permalink of the page title."""
    return TITLE_PERMALINK.sub(r"\1\2", html, count=1)


def point_search_at_archive_worker(output: str, page, config) -> str:
    """Point Material's search at the archive's worker (`#urls=html` when pages are `x.html` files)."""
    if not any(name.split("/")[-1] == "search" for name in config.plugins):
        return output
    style = "" if config.use_directory_urls else "#urls=html"
    rewritten, count = MATERIAL_WORKER.subn(lambda m: f'{m[1]}{m[2]}{SEARCH_WORKER}{style}"', output, count=1)
    if count != 1:
        raise PluginError(
            f"{page.file.src_uri}: Material's search worker is not named in the page's configuration; "
            "the theme changed: update MATERIAL_WORKER in archive/mkdocs_hooks.py"
        )
    return rewritten


def on_page_context(context, page, config, nav, **kwargs):
    """Point the edit button of generated pages at what a contributor should edit; keep <title> escaped."""
    if page.title and not page.meta.get("title"):
        # a title taken from the page's heading is escaped HTML, but the theme prints it with `striptags`,
        # which unescapes it again ("&lt;/title&gt;" would close <title>); as page.meta.title it prints as is
        page.meta["title"] = page.title
    if page.file.src_uri in generated_pages(config):
        page.edit_url = page.meta.get("edit_url") or None
    return context


PREFORMATTED = re.compile(
    r"(<pre[\s>].*?</pre>|<textarea[\s>].*?</textarea>|<script[\s>].*?</script>)", re.DOTALL | re.IGNORECASE
)
"""Elements whose text is kept byte for byte: preformatted text, and scripts (their hashes are in the policy)."""
LINE_BREAK_AND_INDENT = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")


def squeeze_html(html: str) -> str:
    """One line break where the template left blank lines and indentation; preformatted text and scripts kept.

    A line break still separates what it separated, so the page renders exactly as before.
    """
    parts = PREFORMATTED.split(html)
    return "".join(part if i % 2 else LINE_BREAK_AND_INDENT.sub("\n", part) for i, part in enumerate(parts))


def generated_pages(config) -> set[str]:
    """Paths the last archive build generated: recorded by on_pre_build, else read from its manifest."""
    if not _generated:
        with contextlib.suppress(ArchiveError):  # no manifest yet: nothing generated
            _generated.update(read_manifest(Path(config.docs_dir)))
    return _generated


SHIM_PATH = "javascripts/iframe-worker/shim.js"
"""The vendored Worker shim of the offline build (mkdocs.yml `extra.polyfills`)."""


def on_post_page(output, page, config, **kwargs):
    """Use the archive's search worker; add the Content-Security-Policy (content's own scripts get no hash);
    then drop the template's indentation (the content must still be found verbatim when the policy is made)."""
    output = point_search_at_archive_worker(output, page, config)
    output = add_content_security_policy(output, page.content or "", read_shim(config), _serving)
    return squeeze_html(output)


def on_post_template(output_content, template_name, config, **kwargs):
    """The same policy for pages made from theme templates alone (404.html)."""
    if not template_name.endswith(".html"):
        return output_content
    return add_content_security_policy(output_content, "", read_shim(config), _serving)


def read_shim(config) -> str:
    """The shim's source when the site loads it (its iframe's inline script needs a hash), else ''."""
    if SHIM_PATH not in config.extra.get("polyfills", []):
        return ""
    return read_file_once(str(Path(config.docs_dir) / SHIM_PATH))


@functools.lru_cache(maxsize=4)
def read_file_once(path: str) -> str:
    """A vendored file's text, read once per process rather than once per page ('' if missing)."""
    file = Path(path)
    return file.read_text(encoding="utf-8") if file.is_file() else ""
