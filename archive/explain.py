"""`explain FILE`: every line of a raw file with its verdict and the reason, article by article."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .load import find_raw_files, load_raw_pages
from .model import InputError, Role
from .parallel import clean_file
from .repeats import count_repeats
from .settings import Thresholds

ROLE_WIDTH = 9
REASON_WIDTH = 44


def explain_file(
    path: Path, raw_dir: Path | None = None, only_removed: bool = False, width: int = 110
) -> Iterator[str]:
    """Yield a report of every line of `path`; repeats are counted over `raw_dir` (default: its folder)."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    corpus_dir = raw_dir or path.parent
    corpus_files = find_raw_files(corpus_dir) if corpus_dir.is_dir() else []
    if path.resolve() not in {p.resolve() for p in corpus_files}:
        corpus_files.append(path)
    thresholds = Thresholds()
    pages, problems = load_raw_pages(corpus_dir, corpus_files)
    page = next((p for p in pages if (corpus_dir / p.name).resolve() == path.resolve() or p.name == path.name), None)
    if page is None:  # the load stage skipped it (binary, too big, a symlink): its problem says why
        reasons = "; ".join(problem.message for problem in problems if Path(problem.path).name == path.name)
        raise InputError(f"{path}: {reasons or 'not readable as raw text'}")
    cleaned = clean_file([page], count_repeats(pages, thresholds), thresholds, [])  # clean, split, metadata
    clean, articles = cleaned.page, cleaned.articles
    removed = sum(1 for line in clean.lines if line.role is Role.REMOVED)
    yield f"{path}: {len(clean.lines)} lines, {len(articles)} article(s), {removed} lines removed"
    yield f"(repeats counted over {len(pages)} file(s) in {corpus_dir})"
    for problem in problems:
        yield f"  {problem}"
    starts = {a.territory[0]: (n, a) for n, a in enumerate(articles, 1)}
    for line in clean.lines:
        if line.number in starts:
            n, article = starts[line.number]
            first, last = article.source_lines
            yield f"── article {n}: {article.title} ── id {article.id}, lines {first}-{last}"
        if only_removed and line.role is not Role.REMOVED:
            continue
        if line.role is Role.BLANK and not only_removed:
            yield f"{line.number:5}"
            continue
        yield format_line(line.number, line.role.value, line.reason, line.text.strip(), width)


def format_line(number: int, role: str, reason: str, text: str, width: int) -> str:
    """`  12 removed   navigation: share bar               │ Facebook Twitter Share`"""
    if width and len(text) > width:
        text = text[: width - 1] + "…"
    return f"{number:5} {role:<{ROLE_WIDTH}} {reason[:REASON_WIDTH]:<{REASON_WIDTH}} │ {text}"
