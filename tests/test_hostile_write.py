"""Nothing is lost: a build that fails half-way leaves the previous output exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive import write
from archive.model import InputError
from archive.write import write_site

OLD = {
    "index.md": "# Home\n",
    "articles/a-111111.md": "# A\n",
    "articles/b-222222.md": "# B\n",
    "browse/sources/gone.md": "stale after the next build\n",
}
NEW = {
    "index.md": "# Home, changed\n",
    "articles/a-111111.md": "# A\n",  # unchanged
    "articles/b-222222.md": "# B, changed\n",
    "articles/c-333333.md": "# C, new\n",
    "tags/new-folder.md": "new folder\n",
}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int] | None]:
    """Every file under `folder` with its content and modification time; every folder (as None)."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) if p.is_file() else None
        for p in folder.rglob("*")
    }


@pytest.fixture
def out(tmp_path) -> Path:
    """An output folder with a previous build and a hand-written page."""
    folder = tmp_path / "docs"
    write_site(OLD, folder)
    (folder / "about.md").write_text("hand-written\n", encoding="utf-8")
    return folder


def fail_on_call(monkeypatch, target, name: str, failing_call: int) -> list[int]:
    """Make `target.name` raise OSError on its `failing_call`-th call (1-based); returns the call counter."""
    original, calls = getattr(target, name), [0]

    def failing(*args, **kwargs):
        calls[0] += 1
        if calls[0] == failing_call:
            raise OSError(28, "No space left on device")
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, failing)
    return calls


def test_a_failure_while_staging_leaves_the_previous_output(out, monkeypatch):
    before = snapshot(out)
    fail_on_call(monkeypatch, Path, "write_bytes", failing_call=3)
    with pytest.raises(InputError, match="No space left on device.*nothing was changed"):
        write_site(NEW, out)
    assert snapshot(out) == before


def test_a_failure_at_any_rename_of_the_swap_leaves_the_previous_output(tmp_path, monkeypatch):
    """Inject the failure at every rename in turn: each time, the output is restored byte for byte."""
    probe = tmp_path / "probe"
    write_site(OLD, probe)
    with monkeypatch.context() as patch:
        renames = fail_on_call(patch, write.os, "replace", failing_call=0)
        write_site(NEW, probe)
    assert renames[0] > len(NEW)
    for failing_call in range(1, renames[0] + 1):
        folder = tmp_path / f"run-{failing_call}"
        write_site(OLD, folder)
        before = snapshot(folder)
        with monkeypatch.context() as patch, pytest.raises(InputError, match="previous output was restored"):
            fail_on_call(patch, write.os, "replace", failing_call)
            write_site(NEW, folder)
        assert snapshot(folder) == before, f"rename {failing_call} left a partial output"


def test_a_successful_build_leaves_no_staging_folder(out):
    write_site(NEW, out)
    assert [p.name for p in out.iterdir() if p.name.startswith(write.STAGING_PREFIX)] == []
    assert not (out / "browse").exists()  # the stale page and its empty folders are gone
    assert (out / "about.md").read_text(encoding="utf-8") == "hand-written\n"
    assert {p: (out / p).read_text(encoding="utf-8") for p in NEW} == NEW


def test_an_exception_in_a_later_stage_never_touches_the_output(tmp_path):
    """Rendering happens before writing: an error there (here: an unsafe path) changes nothing."""
    folder = tmp_path / "docs"
    write_site(OLD, folder)
    before = snapshot(folder)
    with pytest.raises(InputError, match="relative POSIX paths"):
        write_site({**NEW, "../escape.md": "x"}, folder)
    assert snapshot(folder) == before
    assert not (tmp_path / "escape.md").exists()


def test_renames_are_the_only_operations_of_the_swap(out, monkeypatch):
    """The swap moves files; it never rewrites one in place (which a crash could leave half-written)."""
    staged = []
    original = Path.write_bytes

    def record(self, data):
        staged.append(self)
        return original(self, data)

    monkeypatch.setattr(Path, "write_bytes", record)
    write_site(NEW, out)
    in_place = [p for p in staged if write.STAGING_PREFIX not in str(p) and not p.name.endswith(".tmp")]
    assert in_place == []
