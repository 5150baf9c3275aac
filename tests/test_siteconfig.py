"""Reading site settings from mkdocs.yml, tags and all."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.model import InputError
from archive.siteconfig import SiteConfig, read_site_config

PROJECT = Path(__file__).resolve().parent.parent


def test_missing_file_gives_defaults(tmp_path):
    assert read_site_config(tmp_path / "mkdocs.yml") == SiteConfig(site_url="", repo_url="", edit_branch="main")


def test_unknown_tags_are_tolerated(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_text(
        "site_url: https://example.github.io/archive/\n"
        "repo_url: https://github.com/example/archive/\n"
        "edit_uri: edit/trunk/docs/\n"
        "plugins:\n"
        "  - offline:\n"
        "      enabled: !ENV [OFFLINE, false]\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/object/apply:builtins.print [x]\n"
        "extra:\n"
        "  tagged_map: !custom {a: 1}\n",
        encoding="utf-8",
    )
    assert read_site_config(path) == SiteConfig(
        site_url="https://example.github.io/archive/",
        repo_url="https://github.com/example/archive",
        edit_branch="trunk",
    )


@pytest.mark.parametrize(
    ("edit_uri", "branch"),
    [("edit/main/docs/", "main"), ("blob/dev/docs/", "dev"), ("/edit/release-1/docs", "release-1"), ("", "main"),
     ("docs/", "main")],  # fmt: skip
)
def test_edit_branch_comes_from_edit_uri(tmp_path, edit_uri, branch):
    path = tmp_path / "mkdocs.yml"
    path.write_text(f"edit_uri: '{edit_uri}'\n", encoding="utf-8")
    assert read_site_config(path).edit_branch == branch


def test_invalid_yaml_names_file_and_line(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: x\nnav: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{path}:3: invalid YAML"):
        read_site_config(path)


def test_project_mkdocs_yml():
    """The shipped mkdocs.yml: placeholder addresses, documented in its header comment."""
    config = read_site_config(PROJECT / "mkdocs.yml")
    assert config == SiteConfig(
        site_url="https://example.github.io/annotated-archive/",
        repo_url="https://github.com/example/annotated-archive",
        edit_branch="main",
    )
    assert "PLACEHOLDERS" in (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
