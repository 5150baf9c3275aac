"""Bad raw files never crash the build: each gets a correct result or a warning naming it; the rest still builds.

The broken files are made here (a 50 MB file and symlinks do not belong in the repository): empty and
blank files, binary data, NUL bytes, invalid UTF-8, UTF-16 with BOM, Windows-1252, CRLF and lone CR,
a 200 KB line, a 50 MB file, bidi controls and zero-width characters, boilerplate only, thousands of
tiny articles, symbolic links, and file names that are reserved, dotted, Arabic or markup.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from archive.model import Role, Severity
from archive.pipeline import build
from archive.settings import Settings

PROSE = (
    "Armed groups in Baghdad answered the latest strikes with a statement on Friday, according to two officials "
    "who spoke to reporters on condition of anonymity about the talks in the capital."
)


def title_of(tag: str) -> str:
    return f"Militias Answer the Strikes on Baghdad Airport in Report {tag.title()}"


def article(tag: str, title: str = "") -> str:
    """A plain article whose lines are unique to `tag` (lines repeated across files are removed as boilerplate)."""
    return f"{title or title_of(tag)}\n\n" + "\n".join(f"{PROSE} Report {tag}, part {n}." for n in range(3)) + "\n"


SAFE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{6}$")
BIDI_TITLE = "Militias \u202eAnswer\u202c the \u200bStrikes\u200d on Baghdad \u2066Airport\u2069 Today"


def tiny_articles(count: int) -> str:
    posts = [
        f"Headline Number {n} About the Talks in Baghdad Today\n\n{PROSE} Item {n}.\n{PROSE} Item {n}, again.\n"
        for n in range(count)
    ]
    return "* * *\n".join(posts)


BROKEN: dict[str, bytes] = {
    "empty.txt": b"",
    "blank.txt": b"   \n\t\n \r\n",
    "binary.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64,
    "nul.txt": article("nul").replace("Friday,", "Fri\x00day,", 1).encode("utf-8"),
    "invalid-utf8.txt": article("invalid").replace("Friday", "Friday \xff\xfe", 1).encode("latin-1"),
    "utf16.txt": article("utf16").encode("utf-16"),
    "cp1252.txt": article("cp1252").replace("statement", "\u201cstatement\u201d \u2014 caf\u00e9").encode("cp1252"),
    "crlf.txt": article("crlf").replace("\n", "\r\n").encode("utf-8"),
    "cr.txt": article("cr").replace("\n", "\r").encode("utf-8"),
    "long-line.txt": (article("long") + " ".join(f"{PROSE} ({n})" for n in range(1200)) + "\n").encode("utf-8"),
    "bidi.txt": article("bidi", BIDI_TITLE).encode("utf-8"),
    "boilerplate.txt": "Home | News | World | Contact\nShare on Facebook\n\u00a9 2020 Example Media. All rights reserved.\n".encode(),
    "many.txt": tiny_articles(2000).encode("utf-8"),
    "CON.txt": article("con", "CON NUL Answer the Strikes on Baghdad Airport Today").encode("utf-8"),
    "..dots.txt": article("dots", "../../etc/passwd Answer the Strikes on Baghdad Airport").encode("utf-8"),
    "\u0639\u0631\u0628\u064a.txt": article(
        "arabic",
        "\u0627\u0644\u0645\u064a\u0644\u064a\u0634\u064a\u0627\u062a \u062a\u0631\u062f \u0639\u0644\u0649 \u0627\u0644\u0636\u0631\u0628\u0627\u062a \u0641\u064a \u0628\u063a\u062f\u0627\u062f",
    ).encode("utf-8"),
    "<img src=x onerror=alert(1)>.txt": article("markup").encode("utf-8"),
}
WARNED = {
    "binary.txt": "binary data, not text",
    "invalid-utf8.txt": "not UTF-8; decoded as",
    "utf16.txt": "not UTF-8; decoded as utf_16",
    "cp1252.txt": "not UTF-8; decoded as",
    "huge.txt": "over the limit",
    "link.txt": "is a symbolic link",
    "empty.txt": "no article found",
    "blank.txt": "no article found",
    "boilerplate.txt": "no article found",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("broken")
    raw = root / "raw"
    raw.mkdir()
    for name, data in BROKEN.items():
        (raw / name).write_bytes(data)
    with open(raw / "huge.txt", "wb") as huge:
        huge.truncate(50_000_000)  # sparse: 50 MB on paper, nothing on disk
    (root / "outside.txt").write_text(article("outside"), encoding="utf-8")
    os.symlink(root / "outside.txt", raw / "link.txt")
    (raw / "crlf.yml").symlink_to(root / "outside.txt")
    return root


def run_build(root: Path, out: str = "docs"):
    return build(
        Settings(raw_dir=root / "raw", annotations_dir=root / "annotations", out_dir=root / out, progress=False)
    )


@pytest.fixture(scope="module")
def report(corpus):
    return run_build(corpus)


def test_each_broken_file_gets_a_warning_naming_it(report, corpus):
    for name, message in WARNED.items():
        named = [str(p) for p in report.problems if Path(p.path).name == name]
        assert any(message in text for text in named), (name, named)
    assert all(p.severity is Severity.WARNING for p in report.problems if Path(p.path).suffix == ".txt")


def test_the_sidecar_symlink_is_refused(report):
    (problem,) = [p for p in report.problems if p.path.endswith("crlf.yml")]
    assert "is a symbolic link" in problem.message and "the sidecar was ignored" in problem.message


def test_readable_files_give_their_articles(report):
    by_file: dict[str, list] = {}
    for item in report.annotated:
        by_file.setdefault(item.article.source_file, []).append(item.article)
    for name in (
        "nul.txt",
        "invalid-utf8.txt",
        "utf16.txt",
        "cp1252.txt",
        "crlf.txt",
        "cr.txt",
        "bidi.txt",
        "CON.txt",
        "..dots.txt",
    ):
        assert len(by_file.get(name, [])) == 1, name
        assert PROSE.split(",")[0].split()[-1] in by_file[name][0].text, name
    for tag in ("utf16", "crlf", "cr"):
        expected = "\n\n".join(article(tag).splitlines()[2:])
        assert by_file[f"{tag}.txt"][0].text == expected and by_file[f"{tag}.txt"][0].title == title_of(tag)
    assert "\u201cstatement\u201d \u2014 caf\u00e9" in by_file["cp1252.txt"][0].text
    assert by_file["bidi.txt"][0].title == BIDI_TITLE  # shown as written; the id is plain ASCII
    assert len(by_file["many.txt"]) == 2000
    assert "long-line.txt" in by_file


def test_ids_are_safe_file_names_whatever_the_title(report):
    ids = [item.article.id for item in report.annotated]
    assert len(ids) == len(set(ids))
    for article_id in ids:
        assert SAFE_ID.match(article_id) and len(article_id) <= 67, article_id
    arabic = next(i.article for i in report.annotated if i.article.source_file.startswith("\u0639"))
    assert arabic.id.startswith("article-")


def test_every_written_file_is_inside_the_output(report, corpus):
    out = (corpus / "docs").resolve()
    for path in report.written.written:
        assert (out / path).resolve().is_relative_to(out)
    assert not (corpus / "etc").exists()


def test_every_input_line_is_an_article_line_or_a_removal(report, corpus):
    from archive.pipeline import build_corpus

    pages = build_corpus(Settings(raw_dir=corpus / "raw", progress=False)).pages
    assert len(pages) == len(BROKEN) - 1  # binary.txt skipped; huge.txt and link.txt were never read
    for page in pages:
        assert [line.number for line in page.lines] == list(range(1, len(page.page.lines) + 1)), page.page.name
        covered = [n for first, last in page.spans for n in range(first, last + 1)]
        if not covered:
            assert all(line.role in (Role.REMOVED, Role.BLANK) for line in page.lines), page.page.name
        else:
            assert covered == list(range(1, len(page.lines) + 1)), page.page.name


def test_raw_files_are_never_modified(corpus):
    raw = corpus / "raw"
    before = {p.name: (p.read_bytes(), p.lstat().st_mtime_ns) for p in raw.iterdir() if p.name != "huge.txt"}
    run_build(corpus, "docs-again")
    after = {p.name: (p.read_bytes(), p.lstat().st_mtime_ns) for p in raw.iterdir() if p.name != "huge.txt"}
    assert after == before


def test_two_builds_are_byte_identical(report, corpus):
    run_build(corpus, "docs-twin")
    first, twin = corpus / "docs", corpus / "docs-twin"
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(twin).as_posix() for p in twin.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (twin / f).read_bytes() for f in files)
