"""The downloadable offline copy: the site built with `OFFLINE=true mkdocs build`, as one zip file.

The zip is deterministic: entries in sorted order under one top folder, every timestamp set to
ZIP_EPOCH and the same permissions, so the same site gives a byte-identical file. Readers unzip it
and open `annotated-archive/index.html` in a browser, with no network.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from .model import InputError

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can carry: no build time leaks into the file."""
TOP_FOLDER = "annotated-archive"
FILE_MODE = 0o644
COMPRESSION_LEVEL = 9


def site_files(site_dir: Path) -> list[Path]:
    """Every file of the built site, sorted by relative POSIX path (symbolic links are not followed)."""
    files = [path for path in site_dir.rglob("*") if path.is_file() and not path.is_symlink()]
    return sorted(files, key=lambda path: path.relative_to(site_dir).as_posix())


def write_offline_zip(site_dir: Path, out: Path) -> int:
    """Zip the built offline site into `out` (a file inside site_dir is left out); returns the entry count."""
    if not (site_dir / "index.html").is_file():
        raise InputError(
            f"{site_dir}: no index.html; build the offline site first: OFFLINE=true mkdocs build -d {site_dir}"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    files = [path for path in site_files(site_dir) if path.resolve() not in (out.resolve(), partial.resolve())]
    try:
        with zipfile.ZipFile(
            partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION_LEVEL
        ) as archive:
            for path in files:
                entry = zipfile.ZipInfo(f"{TOP_FOLDER}/{path.relative_to(site_dir).as_posix()}", ZIP_EPOCH)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = FILE_MODE << 16
                archive.writestr(entry, path.read_bytes(), compresslevel=COMPRESSION_LEVEL)
        os.replace(partial, out)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InputError(f"{out}: cannot write the zip ({error.strerror or error})") from error
    return len(files)
