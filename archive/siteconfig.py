"""Read the few `mkdocs.yml` settings the build needs: site URL, repository URL and edit branch."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .model import InputError

DEFAULT_BRANCH = "main"

EDIT_URI_BRANCH = re.compile(r"^/?(?:edit|blob|tree)/(?P<branch>[^/]+)/")
"""`edit_uri: edit/main/docs/` names the branch contributors edit (GitHub and GitLab style)."""


@dataclass(frozen=True)
class SiteConfig:
    """Where the site is published and where contributors edit it."""

    site_url: str = ""
    repo_url: str = ""
    edit_branch: str = DEFAULT_BRANCH


class _TolerantLoader(yaml.SafeLoader):
    """A safe loader that reads unknown tags (`!ENV`, `!!python/name:`) as plain values."""


def _construct_unknown(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)


_TolerantLoader.add_multi_constructor("!", _construct_unknown)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_unknown)


def read_site_config(path: Path) -> SiteConfig:
    """Read `site_url`, `repo_url` and the branch in `edit_uri`; a missing file gives the defaults."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return SiteConfig()
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from error
    try:
        data = yaml.load(text, Loader=_TolerantLoader)  # a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise InputError(f"{where}: invalid YAML ({getattr(error, 'problem', None) or error})") from error
    return site_config_from_mapping(data if isinstance(data, dict) else {})


def site_config_from_mapping(data: dict) -> SiteConfig:
    """The SiteConfig of an already parsed `mkdocs.yml` (a dict or MkDocs' config object)."""
    return SiteConfig(
        site_url=_text(data.get("site_url")),
        repo_url=_text(data.get("repo_url")).rstrip("/"),
        edit_branch=read_edit_branch(_text(data.get("edit_uri"))),
    )


def read_edit_branch(edit_uri: str) -> str:
    """`edit/<branch>/docs/` -> `<branch>`; anything else -> the default branch."""
    match = EDIT_URI_BRANCH.match(edit_uri)
    return match.group("branch") if match else DEFAULT_BRANCH


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


SITE_FRAME = ("archive", "overrides", "mkdocs.yml", "build_archive.py")
"""What a project needs beside its inputs to build the site: code, theme overrides, configuration."""


def copy_site_frame(source: Path, target: Path) -> None:
    """Copy the site frame of the project at `source` and its hand-written pages (docs/ minus generated files)."""
    import shutil

    from .write import MANIFEST_NAME, read_manifest

    for name in SITE_FRAME:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif path.is_file():
            shutil.copy(path, target / name)
    generated = {MANIFEST_NAME, *read_manifest(source / "docs")}
    for path in sorted((source / "docs").rglob("*")):
        relative = path.relative_to(source / "docs").as_posix()
        if path.is_file() and relative not in generated:
            (target / "docs" / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target / "docs" / relative)
