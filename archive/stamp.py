"""Build stamp: what the last build read and wrote, so a repeat build with the same inputs can be skipped.

The build is deterministic: the same code and inputs give byte-identical output. After writing,
the build records in `<out>/.archive-stamp.json` a digest of everything it read (the archive's
code and the libraries that shape its output, its settings, every file under raw/ and annotations/,
entities.yml) and a digest of every file it generated, with the problems it reported. When both
digests still match, the generated files are exactly what a new build would write, so
`mkdocs build` after `python build_archive.py` reports the recorded problems instead of building
the archive a second time. The stamp is local (not committed): it is only ever a shortcut.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from importlib import metadata
from pathlib import Path

from .model import Problem, Severity
from .settings import Settings

STAMP_NAME = ".archive-stamp.json"
OUTPUT_LIBRARIES = ("charset-normalizer", "markdown", "nh3", "pyyaml", "rapidfuzz")
"""Libraries whose version can change the generated files."""
CODE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Stamp:
    """The digests of a build's inputs and outputs, and what it reported."""

    inputs: str
    outputs: str
    files: int
    articles: int
    problems: tuple[Problem, ...]


def input_digest(settings: Settings) -> str:
    """One digest of everything a build's output depends on."""
    digest = hashlib.sha256()
    for path in sorted(CODE_DIR.glob("*.py")):
        add_file(digest, path.name, path)
    for name in OUTPUT_LIBRARIES:
        add_text(digest, f"{name}=={library_version(name)}")
    add_text(digest, sys.version)
    add_text(digest, repr((settings.thresholds, settings.site_url, settings.repo_url, settings.edit_branch)))
    for label, folder in (("raw", settings.raw_dir), ("annotations", settings.annotations_dir)):
        for path in tree_files(folder):
            add_file(digest, f"{label}/{path.relative_to(folder).as_posix()}", path)
    add_file(digest, "entities.yml", settings.entities_file)
    return digest.hexdigest()


def output_digest(contents: Iterable[tuple[str, bytes]]) -> str:
    """One digest of the generated files, given as (relative path, bytes) in path order."""
    digest = hashlib.sha256()
    for path, data in contents:
        add_text(digest, path)
        add_text(digest, hashlib.sha256(data).hexdigest())
    return digest.hexdigest()


def tree_files(folder: Path) -> list[Path]:
    """Every file and symbolic link under `folder`, in a stable order ([] when it does not exist)."""
    found = []
    for root, directories, names in os.walk(folder):
        directories.sort()
        found.extend(Path(root) / name for name in sorted(names))
    return found


def add_file(digest, label: str, path: Path) -> None:
    """Add a file's name and content (a link's target, a missing file's absence) to `digest`."""
    add_text(digest, label)
    if path.is_symlink():
        add_text(digest, f"link -> {os.readlink(path)}")
    elif path.is_file():
        add_text(digest, hashlib.sha256(path.read_bytes()).hexdigest())
    else:
        add_text(digest, "missing")


def add_text(digest, text: str) -> None:
    digest.update(text.encode("utf-8", "surrogateescape") + b"\0")


def library_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def write_stamp(out_dir: Path, stamp: Stamp) -> None:
    """Record `stamp` for the next build (replacing the last one in one rename)."""
    data = {
        "inputs": stamp.inputs,
        "outputs": stamp.outputs,
        "files": stamp.files,
        "articles": stamp.articles,
        "problems": [[*astuple(p)[:3], p.severity.name] for p in stamp.problems],
    }
    target = out_dir / STAMP_NAME
    partial = target.with_name(STAMP_NAME + ".partial")
    partial.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    partial.replace(target)


def read_stamp(out_dir: Path) -> Stamp | None:
    """The last build's stamp; None when there is none or it cannot be read (then the build just runs)."""
    try:
        data = json.loads((out_dir / STAMP_NAME).read_text(encoding="utf-8"))
        problems = tuple(
            Problem(path, line, message, Severity[severity]) for path, line, message, severity in data["problems"]
        )
        return Stamp(str(data["inputs"]), str(data["outputs"]), int(data["files"]), int(data["articles"]), problems)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def current_stamp(settings: Settings, generated: set[str]) -> Stamp | None:
    """The last build's stamp when its inputs and its generated files (`generated`: the manifest) are unchanged."""
    stamp = read_stamp(settings.out_dir)
    if stamp is None or stamp.inputs != input_digest(settings):
        return None
    try:
        outputs = output_digest((path, (settings.out_dir / path).read_bytes()) for path in sorted(generated))
    except OSError:
        return None
    return stamp if outputs == stamp.outputs else None
