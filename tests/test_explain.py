"""`explain FILE`: every line with its verdict."""

from pathlib import Path

import pytest

from archive.explain import explain_file
from archive.model import InputError

RAW = Path(__file__).parent.parent / "raw"


def test_every_line_is_listed_with_a_verdict() -> None:
    path = RAW / "003_93dc586b88fa6e06.txt"
    output = list(explain_file(path, width=0))
    n_lines = len(path.read_text(encoding="utf-8").splitlines())
    numbered = [line for line in output if line[:5].strip().isdigit()]
    assert [int(line[:5]) for line in numbered] == list(range(1, n_lines + 1))
    assert output[0] == f"{path}: 106 lines, 1 article(s), 44 lines removed"
    assert "    1 removed   navigation: share or follow bar              │ Facebook Instagram Twitter YouTube" in output
    assert any(line.startswith("── article 1: A Step Away From War? ── id a-step-away-from-war-adef55") for line in output)


def test_only_removed_lines() -> None:
    output = list(explain_file(RAW / "000_fa78fa365cf72e72.txt", only_removed=True, width=60))
    body = [line for line in output if line[:5].strip().isdigit()]
    assert [line.split()[1] for line in body] == ["removed", "removed"]
    assert "repeated paragraph: same as line 3" in body[1]
    assert body[1].endswith("…")


def test_missing_file() -> None:
    with pytest.raises(InputError, match="no such file"):
        list(explain_file(RAW / "nope.txt"))


def test_a_file_the_load_stage_skips_is_an_input_error_with_its_reason(tmp_path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(bytes(range(32)) * 100)
    with pytest.raises(InputError, match=r"binary\.txt: binary data, not text"):
        list(explain_file(path))
