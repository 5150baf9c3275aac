"""Stage 1, load: decoding, line splitting and sidecars."""

from pathlib import Path

import pytest

from archive.load import decode, find_raw_files, load_raw_pages, split_lines
from archive.model import InputError, Severity


def test_bom_and_crlf_are_tolerated(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("\ufeffTitle line\r\nBody line\r\n".encode("utf-8"))
    pages, problems = load_raw_pages(tmp_path)
    assert pages[0].lines == ("Title line", "Body line")
    assert problems == []


def test_lone_carriage_returns_split_lines() -> None:
    assert split_lines("a\rb\r\nc\n") == ("a", "b", "c")


def test_unicode_line_separators_do_not_split_lines() -> None:
    # editors number lines by \n only; \x0c or \u2028 inside a line must not shift line numbers
    assert split_lines("a\x0cb\u2028c\nd") == ("a\x0cb\u2028c", "d")


def test_empty_file_has_no_lines(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    pages, _ = load_raw_pages(tmp_path)
    assert pages[0].lines == ()


def test_non_utf8_is_decoded_and_reported(tmp_path: Path) -> None:
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 au lait pour tout le monde, s'il vous pla\xeet.\n".encode("latin-1"))
    pages, problems = load_raw_pages(tmp_path)
    assert "Caf" in pages[0].lines[0]
    assert problems and problems[0].severity is Severity.WARNING
    assert "not UTF-8" in problems[0].message


def test_decode_prefers_utf8() -> None:
    assert decode("Ünïcode".encode()) == ("Ünïcode", "utf-8")


def test_files_are_found_recursively_in_stable_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", "sub/c.txt", "notes.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x\n", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in find_raw_files(tmp_path)] == ["a.txt", "b.txt", "sub/c.txt"]


def test_missing_raw_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such directory"):
        find_raw_files(tmp_path / "nope")


def test_sidecar_fills_metadata(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / "a.yml").write_text(
        "source: Left Voice\nurl: https://example.org/a\nretrieved: 2020-01-04\nlanguage: en\nauthors: [A, B]\n",
        encoding="utf-8",
    )
    pages, problems = load_raw_pages(tmp_path)
    assert pages[0].sidecar == {
        "source": "Left Voice",
        "url": "https://example.org/a",
        "retrieved": "2020-01-04",
        "language": "en",
        "authors": "A\nB",
    }
    assert problems == []


def test_bad_sidecar_yaml_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / "a.yml").write_text("source: ok\nurl: [unclosed\n", encoding="utf-8")
    pages, problems = load_raw_pages(tmp_path)
    assert pages[0].sidecar == {}
    assert str(problems[0]).startswith(f"{tmp_path / 'a.yml'}:3: invalid YAML:")
    assert str(problems[0]).endswith("(the sidecar was ignored)")


def test_unknown_sidecar_field_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / "a.yml").write_text("sorce: typo\n", encoding="utf-8")
    _, problems = load_raw_pages(tmp_path)
    assert problems[0].severity is Severity.WARNING
    assert "unknown field 'sorce'" in problems[0].message


def test_sidecar_must_be_a_mapping(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / "a.yml").write_text("- just\n- a list\n", encoding="utf-8")
    _, problems = load_raw_pages(tmp_path)
    assert problems[0].message == "expected a mapping of fields such as 'source: Left Voice'"


def test_loading_never_modifies_raw_files(tmp_path: Path) -> None:
    raw = tmp_path / "a.txt"
    raw.write_bytes(b"\xef\xbb\xbfTitle\r\nBody\r\n")
    before = raw.read_bytes(), raw.stat().st_mtime_ns
    load_raw_pages(tmp_path)
    assert (raw.read_bytes(), raw.stat().st_mtime_ns) == before
