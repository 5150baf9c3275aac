"""Stage 1, load: read raw text files and their optional sidecars from disk."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from charset_normalizer import from_bytes
from yaml.nodes import MappingNode

from .annotation_schema import Field, Kind
from .model import InputError, Problem, RawPage, Severity
from .yamlcheck import check_mapping, compose_yaml, line_of, read_contributor_file

SIDECAR_FIELDS: tuple[Field, ...] = (
    Field("source", Kind.TEXT, "publisher or site name", "Left Voice"),
    Field("url", Kind.TEXT, "address the text was copied from", "https://www.leftvoice.org/a-step-away-from-war/"),
    Field("retrieved", Kind.DATE, "date the page was fetched (YYYY-MM-DD)", "2020-01-04"),
    Field("language", Kind.TEXT, "language code", "en"),
    Field("date", Kind.DATE, "publication date when the text does not state it (YYYY-MM-DD)", "2020-01-03"),
    Field("authors", Kind.STRINGS, "list of author names", ["Phillipe Alcoy"]),
    Field("tags", Kind.STRINGS, "list of tags for every article of the file", ["iran"]),
)
"""The fields of a sidecar `raw/<name>.yml`, all optional, checked like annotation front matter."""

MAX_RAW_FILE_BYTES = 20_000_000
"""Raw files larger than this are skipped with a warning (a scraped page is rarely over 1 MB)."""

BINARY_CONTROL_SHARE = 0.05
"""A file whose text is more than this share of NUL and other control characters is binary, not text."""
BINARY_SAMPLE_CHARS = 65_536
"""The share is measured on the start of the file (as `git` does), so a large file costs no more."""
BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
SIDECAR_IGNORED = "the sidecar was ignored"


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
        return str(best).removeprefix("\ufeff"), best.encoding  # a UTF-16/32 byte order mark is not text


def split_lines(text: str) -> tuple[str, ...]:
    """Split on line breaks only (CRLF, CR or LF), as editors number lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    return tuple(text.split("\n")) if text else ()


def load_sidecar(path: Path, display: str) -> tuple[dict[str, str], list[Problem]]:
    """Read `raw/<name>.yml`: a mapping of the SIDECAR_FIELDS, all optional; lists become one item per line."""
    if not (path.exists() or path.is_symlink()):
        return {}, []
    text, problems = read_contributor_file(path, display, SIDECAR_IGNORED)
    if text is None:
        return {}, problems
    node, problems = compose_yaml(text, display, SIDECAR_IGNORED)
    if node is None:
        return {}, problems
    if not isinstance(node, MappingNode):
        return {}, [Problem(display, line_of(node), "expected a mapping of fields such as 'source: Left Voice'")]
    checked, problems = check_mapping(node, SIDECAR_FIELDS, display)
    sidecar = {
        key: "\n".join(value) if isinstance(value, tuple) else str(value).strip()
        for key, value in checked.values.items()
    }
    return {key: value for key, value in sidecar.items() if value}, problems


def read_raw_text(path: Path, name: str) -> tuple[str | None, str, list[Problem]]:
    """A raw file's text and encoding, or None and the warning why it was skipped (symlink, size, binary)."""
    if path.is_symlink():
        message = "is a symbolic link; copy the file itself into raw/ (skipped)"
        return None, "", [Problem(name, 0, message, Severity.WARNING)]
    try:
        size = path.stat().st_size
        if size > MAX_RAW_FILE_BYTES:
            message = (
                f"is {size:,} bytes, over the limit of {MAX_RAW_FILE_BYTES:,}; split it into smaller files (skipped)"
            )
            return None, "", [Problem(name, 0, message, Severity.WARNING)]
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from error
    text, encoding = decode(data)
    sample = text[:BINARY_SAMPLE_CHARS]
    if sample and len(BINARY_CONTROLS.findall(sample)) > BINARY_CONTROL_SHARE * len(sample):
        return None, "", [Problem(name, 0, "binary data, not text; remove it from raw/ (skipped)", Severity.WARNING)]
    problems = []
    if encoding != "utf-8":
        problems.append(Problem(name, 0, f"not UTF-8; decoded as {encoding}", Severity.WARNING))
    return text, encoding, problems


def load_raw_pages(raw_dir: Path, files: Iterable[Path] | None = None) -> tuple[list[RawPage], list[Problem]]:
    """Read raw files (all of `raw_dir` by default) into RawPages; never modifies them."""
    pages, problems = [], []
    for path in files if files is not None else find_raw_files(raw_dir):
        try:
            name = path.relative_to(raw_dir).as_posix()
        except ValueError:
            name = path.name
        text, encoding, found = read_raw_text(path, str(path))
        problems.extend(found)
        if text is None:
            continue
        sidecar_path = path.with_suffix(".yml")
        sidecar, sidecar_problems = load_sidecar(sidecar_path, str(sidecar_path))
        problems.extend(sidecar_problems)
        pages.append(RawPage(name=name, lines=split_lines(text), sidecar=sidecar, encoding=encoding))
    return pages, problems
