"""Write stage: only changed files written, stale ones removed, hand-written files never touched."""

from __future__ import annotations

import json
import os

import pytest

from archive.model import InputError
from archive.write import MANIFEST_NAME, WriteResult, write_site

FILES = {
    "index.md": "# Home\n",
    "articles/a-111111.md": "# A\n",
    "articles/b-222222.md": "# B — ünïcode\n",
    "corpus.jsonl": '{"id": "a"}\n',
}


def snapshot(folder) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder`: content and modification time (ns)."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()
    }


def test_first_build_writes_everything_and_a_sorted_manifest(tmp_path):
    result = write_site(FILES, tmp_path / "docs")
    assert result == WriteResult(written=tuple(sorted(FILES)), unchanged=(), removed=())
    manifest = json.loads((tmp_path / "docs" / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["files"] == sorted(FILES)
    assert (tmp_path / "docs" / "articles" / "b-222222.md").read_bytes() == "# B — ünïcode\n".encode()


def test_rebuild_with_same_content_writes_nothing(tmp_path):
    out = tmp_path / "docs"
    write_site(FILES, out)
    before = snapshot(out)
    result = write_site(dict(reversed(FILES.items())), out)
    assert result == WriteResult(written=(), unchanged=tuple(sorted(FILES)), removed=())
    assert snapshot(out) == before  # byte-identical, mtimes untouched


def test_only_changed_files_are_written(tmp_path):
    out = tmp_path / "docs"
    write_site(FILES, out)
    before = snapshot(out)
    result = write_site({**FILES, "index.md": "# Home, changed\n"}, out)
    assert result.written == ("index.md",)
    after = snapshot(out)
    assert after["index.md"][0] == b"# Home, changed\n"
    assert {k: v for k, v in after.items() if k != "index.md"} == {k: v for k, v in before.items() if k != "index.md"}


def test_stale_generated_files_are_removed_with_their_empty_folders(tmp_path):
    out = tmp_path / "docs"
    write_site({**FILES, "browse/sources/x.md": "x\n"}, out)
    result = write_site(FILES, out)
    assert result.removed == ("browse/sources/x.md",)
    assert not (out / "browse").exists()
    assert json.loads((out / MANIFEST_NAME).read_text())["files"] == sorted(FILES)


def test_hand_written_files_are_never_touched(tmp_path):
    out = tmp_path / "docs"
    (out / "stylesheets").mkdir(parents=True)
    (out / "about.md").write_text("hand-written\n")
    (out / "stylesheets" / "extra.css").write_text("body {}\n")
    write_site({**FILES, "articles/gone.md": "x\n"}, out)
    write_site(FILES, out)
    write_site({}, out)
    assert sorted(snapshot(out)) == [MANIFEST_NAME, "about.md", "stylesheets/extra.css"]
    assert (out / "about.md").read_text() == "hand-written\n"


def test_refuses_to_overwrite_a_hand_written_file(tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "index.md").write_text("My own home page\n")
    with pytest.raises(InputError) as caught:
        write_site(FILES, out)
    assert str(caught.value) == (
        "refusing to overwrite 1 file(s) that the build did not generate:\n"
        f"  {out / 'index.md'}\n"
        "These look hand-written: move or rename them (generated pages live in the same folder)."
    )
    assert (out / "index.md").read_text() == "My own home page\n"
    assert sorted(p.name for p in out.iterdir()) == ["index.md"]  # nothing written at all


def test_identical_file_without_manifest_is_adopted(tmp_path):
    """A lost manifest is recovered from: files with exactly the generated content are taken over."""
    out = tmp_path / "docs"
    write_site(FILES, out)
    (out / MANIFEST_NAME).unlink()
    result = write_site(FILES, out)
    assert result.unchanged == tuple(sorted(FILES))
    assert json.loads((out / MANIFEST_NAME).read_text())["files"] == sorted(FILES)


def test_corrupt_manifest_is_reported(tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / MANIFEST_NAME).write_text("{not json")
    with pytest.raises(InputError, match=r"unreadable manifest of generated files .*delete it"):
        write_site(FILES, out)


@pytest.mark.parametrize("path", ["/etc/passwd", "../outside.md", "a/../../b.md", "a\\b.md", "", MANIFEST_NAME])
def test_paths_outside_the_output_directory_are_refused(tmp_path, path):
    with pytest.raises(InputError, match="generated paths must be relative POSIX paths"):
        write_site({path: "x"}, tmp_path / "docs")
    assert not (tmp_path / "outside.md").exists()


def test_output_path_that_is_a_file_is_reported(tmp_path):
    (tmp_path / "docs").write_text("")
    with pytest.raises(InputError, match="is a file; expected the output directory"):
        write_site(FILES, tmp_path / "docs")


def test_newlines_are_written_as_given(tmp_path):
    out = tmp_path / "docs"
    write_site({"a.md": "one\ntwo\n"}, out)
    assert (out / "a.md").read_bytes() == b"one\ntwo\n"
    assert not [p for p in os.listdir(out) if p.endswith(".tmp")]
