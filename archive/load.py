"""Stage 1, load: read raw text files and their optional sidecars from disk."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml
from charset_normalizer import from_bytes

from .model import InputError, Problem, RawPage, Severity

SIDECAR_FIELDS = {
    "source": "publisher or site name, e.g. Left Voice",
    "url": "address the text was copied from",
    "retrieved": "date the page was fetched (YYYY-MM-DD)",
    "language": "language code, e.g. en",
    "date": "publication date when the text does not state it (YYYY-MM-DD)",
    "authors": "list of author names",
    "tags": "list of tags for every article of the file",
}


def find_raw_files(raw_dir: Path) -> list[Path]:
    """Every `*.txt` under `raw_dir`, in a stable (sorted) order."""
    if not raw_dir.is_dir():
        raise InputError(f"{raw_dir}: no such directory (the raw text files go here; create it or use another folder)")
    return sorted(raw_dir.rglob("*.txt"), key=lambda p: p.relative_to(raw_dir).as_posix())


def decode(data: bytes) -> tuple[str, str]:
    """Decode raw bytes: UTF-8 (with or without BOM), else the detected encoding."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            return data.decode("utf-8", errors="replace"), "utf-8 (invalid bytes replaced)"
        return str(best), best.encoding


def split_lines(text: str) -> tuple[str, ...]:
    """Split on line breaks only (CRLF, CR or LF), as editors number lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    return tuple(text.split("\n")) if text else ()


def load_sidecar(path: Path, display: str) -> tuple[dict[str, str], list[Problem]]:
    """Read `raw/<name>.yml`: a mapping of the SIDECAR_FIELDS, all optional."""
    if not path.exists():
        return {}, []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        problem = getattr(error, "problem", None) or str(error)
        return {}, [Problem(display, line, f"invalid YAML: {problem}; the sidecar was ignored")]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [Problem(display, 1, "expected a mapping of fields such as 'source: Left Voice'")]
    sidecar: dict[str, str] = {}
    problems = []
    for key, value in data.items():
        if key not in SIDECAR_FIELDS:
            known = ", ".join(SIDECAR_FIELDS)
            problems.append(Problem(display, 0, f"unknown field {key!r} (known: {known})", Severity.WARNING))
            continue
        if isinstance(value, list):
            sidecar[key] = "\n".join(str(item) for item in value)
        elif value is not None:
            sidecar[key] = str(value)
    return sidecar, problems


def load_raw_pages(raw_dir: Path, files: Iterable[Path] | None = None) -> tuple[list[RawPage], list[Problem]]:
    """Read raw files (all of `raw_dir` by default) into RawPages; never modifies them."""
    pages, problems = [], []
    for path in files if files is not None else find_raw_files(raw_dir):
        try:
            name = path.relative_to(raw_dir).as_posix()
        except ValueError:
            name = path.name
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InputError(f"{path}: cannot read ({error.strerror})") from error
        text, encoding = decode(data)
        if encoding != "utf-8":
            problems.append(Problem(str(path), 0, f"not UTF-8; decoded as {encoding}", Severity.WARNING))
        sidecar_path = path.with_suffix(".yml")
        sidecar, sidecar_problems = load_sidecar(sidecar_path, str(sidecar_path))
        problems.extend(sidecar_problems)
        pages.append(RawPage(name=name, lines=split_lines(text), sidecar=sidecar, encoding=encoding))
    return pages, problems
