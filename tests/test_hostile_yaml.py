"""Contributor YAML (annotation front matter and raw/*.yml sidecars) is parsed safely, with `file:line: message`.

No anchors or aliases (no exponential expansion), no tags (no object construction), limited nesting
and size, UTF-8 only, no symbolic links, duplicate keys rejected, text kept as written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.annotations import load_annotations, parse_annotation
from archive.load import load_raw_pages
from archive.yamlcheck import MAX_CONTRIBUTOR_FILE_BYTES

ARTICLE = "article: a-step-away-from-war-adef55"
SKIPPED = "(the file was skipped)"
BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + n)}: &{chr(98 + n)} [{','.join(['*' + chr(97 + n)] * 9)}]" for n in range(8)]
)

UNSAFE = {
    "alias expansion (billion laughs)": (
        BILLION_LAUGHS,
        f"annotations/a.md:2: anchor '&a' is not allowed; write each value out, without '&' {SKIPPED}",
    ),
    "python object tag": (
        f'{ARTICLE}\nsummary: !!python/object/apply:os.system ["touch pwned"]',
        f"annotations/a.md:3: tag '!!python/object/apply:os.system' is not allowed; remove it and write plain values {SKIPPED}",
    ),
    "custom tag": (
        f"{ARTICLE}\nanalyst: !include /etc/passwd",
        f"annotations/a.md:3: tag '!include' is not allowed; remove it and write plain values {SKIPPED}",
    ),
    "explicit string tag": (
        f"{ARTICLE}\nanalyst: !!str Mallory",
        f"annotations/a.md:3: tag '!!str' is not allowed; remove it and write plain values {SKIPPED}",
    ),
    "deep nesting": (
        f"{ARTICLE}\ntags: [[[[[[[deep]]]]]]]",
        f"annotations/a.md:3: nested more than 6 levels deep; the format needs at most 4 {SKIPPED}",
    ),
    "control character": (
        f'{ARTICLE}\nsummary: "bell \x07"',
        f"annotations/a.md:3: invalid YAML: control character U+0007; remove it {SKIPPED}",
    ),
    "duplicate key": (
        f"{ARTICLE}\nanalyst: A\nanalyst: B",
        "annotations/a.md:4: duplicate field 'analyst' (first on line 3); keep only one",
    ),
}


@pytest.mark.parametrize("case", UNSAFE)
def test_unsafe_front_matter_is_refused_with_file_and_line(case):
    front_matter, expected = UNSAFE[case]
    _record, problems = parse_annotation(f"---\n{front_matter}\n---\n", "annotations/a.md")
    assert [str(p) for p in problems] == [expected]


def test_unquoted_values_are_kept_as_written():
    text = f"---\n{ARTICLE}\nanalyst: no\nsummary: 2003\ntags: [2020, yes, 1.50, on]\ndate: 2020-01-05\n---\n"
    record, problems = parse_annotation(text, "annotations/a.md")
    assert problems == []
    assert (record.analyst, record.summary, record.tags, record.date) == (
        "no",
        "2003",
        ("2020", "yes", "1.50", "on"),
        "2020-01-05",
    )


def test_dates_are_still_validated():
    _record, problems = parse_annotation(f"---\n{ARTICLE}\ndate: 2020-02-30\n---\n", "annotations/a.md")
    assert [str(p) for p in problems] == [
        "annotations/a.md:3: 'date': expected a date as YYYY-MM-DD, got '2020-02-30' (no such day)"
    ]


def test_oversized_and_symlinked_annotation_files_are_skipped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = Path("annotations")
    folder.mkdir()
    big = f"---\n{ARTICLE}\n---\n" + "x" * MAX_CONTRIBUTOR_FILE_BYTES
    (folder / "big.md").write_text(big, encoding="utf-8")
    (tmp_path / "secret.md").write_text(f"---\n{ARTICLE}\n---\n", encoding="utf-8")
    (folder / "link.md").symlink_to(tmp_path / "secret.md")
    files, problems = load_annotations(folder)
    assert files == []
    assert [str(p) for p in problems] == [
        f"annotations/big.md: is {len(big):,} bytes, over the limit of {MAX_CONTRIBUTOR_FILE_BYTES:,}; split it {SKIPPED}",
        f"annotations/link.md: is a symbolic link; replace it with the file itself {SKIPPED}",
    ]


SIDECARS = {
    "anchor": (
        "source: &s Left Voice\nurl: *s\n",
        ["{yml}:1: anchor '&s' is not allowed; write each value out, without '&' (the sidecar was ignored)"],
    ),
    "tag": (
        "source: !!python/name:os.system\n",
        [
            "{yml}:1: tag '!!python/name:os.system' is not allowed; remove it and write plain values (the sidecar was ignored)"
        ],
    ),
    "duplicate": ("source: A\nsource: B\n", ["{yml}:2: duplicate field 'source' (first on line 1); keep only one"]),
    "bad date": (
        "date: 2020-13-01\n",
        ["{yml}:1: 'date': expected a date as YYYY-MM-DD, got '2020-13-01' (no such day)"],
    ),
    "unknown field": ("sorce: typo\n", ["{yml}:1: warning: unknown field 'sorce' (ignored); did you mean 'source'?"]),
    "not UTF-8": (
        "source: Caf\xe9\n".encode("latin-1"),
        ["{yml}:1: not UTF-8 (byte 0xe9); save the file as UTF-8 (the sidecar was ignored)"],
    ),
}


@pytest.mark.parametrize("case", SIDECARS)
def test_sidecars_are_checked_like_annotation_files(tmp_path, case):
    content, expected = SIDECARS[case]
    (tmp_path / "a.txt").write_text("x\n", encoding="utf-8")
    sidecar = tmp_path / "a.yml"
    sidecar.write_bytes(content) if isinstance(content, bytes) else sidecar.write_text(content, encoding="utf-8")
    _pages, problems = load_raw_pages(tmp_path)
    assert [str(p) for p in problems] == [line.format(yml=sidecar) for line in expected]


def test_sidecar_values_are_kept_as_written(tmp_path):
    (tmp_path / "a.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / "a.yml").write_text(
        "language: no\nsource: 1984\nauthors: [yes, Jane Doe]\ndate: 2020-01-03\n", encoding="utf-8"
    )
    (page,), problems = load_raw_pages(tmp_path)
    assert problems == []
    assert page.sidecar == {"language": "no", "source": "1984", "authors": "yes\nJane Doe", "date": "2020-01-03"}
