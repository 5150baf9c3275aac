"""Merging annotation files into articles: order, several files per article, keys, and the last build's memory."""

from __future__ import annotations

import dataclasses
import json

from archive.jsonld import render_annotations_jsonld
from archive.merge import (
    ANNOTATIONS_JSONLD,
    assign_note_keys,
    merge_annotations,
    note_key,
    read_previous_positions,
)
from archive.model import AnchorStatus, AnnotationFile, Article, Block, Note, Role, Severity

TEXT = (
    "Several powerful Iranian-backed militia groups in Iraq are prepared to disarm for the first time.",
    "The move to defuse tensions follows repeated warnings issued privately by US officials.",
    "Some groups have already largely evacuated their headquarters in Mosul and Anbar.",
)


def make_article(article_id: str, *paragraphs: str) -> Article:
    blocks = tuple(Block(Role.BODY, text, 3 + 2 * i) for i, text in enumerate(paragraphs))
    return Article(article_id, "001.txt", (1, 9), article_id.title(), blocks, ())


def make_note(quote: str, source: str, line: int, **fields) -> Note:
    return Note(quote=quote, note=f"On {quote[:10]}.", source=source, line=line, **fields)


def make_file(path: str, article: str, *notes: Note, **fields) -> AnnotationFile:
    return AnnotationFile(path=path, article=article, notes=notes, article_line=2, **fields)


MILITIAS = make_article("militias-abc123", *TEXT)
OTHER = make_article("other-def456", "A different article about Gaza City and its evacuation orders.")


def test_every_article_gets_an_entry_in_article_order():
    annotated, problems = merge_annotations([OTHER, MILITIAS], [], {})
    assert [a.article.id for a in annotated] == ["other-def456", "militias-abc123"]
    assert all(a.annotations.files == () and a.annotations.placements == () for a in annotated)
    assert [a.annotations.article_id for a in annotated] == ["other-def456", "militias-abc123"]
    assert problems == []


def test_two_files_on_one_article_are_merged_by_path_then_position():
    second = make_file(
        "annotations/militias-b.md", MILITIAS.id,
        make_note("evacuated their headquarters", "annotations/militias-b.md", 6, tags=("mosul",)),
        make_note("repeated warnings", "annotations/militias-b.md", 9),
        tags=("iraq", "disarmament"),
    )
    first = make_file(
        "annotations/militias-a.md", MILITIAS.id,
        make_note("prepared to disarm", "annotations/militias-a.md", 5),
        make_note("not in the text at all, not even close", "annotations/militias-a.md", 8),
        make_note("repeated warnings", "annotations/militias-a.md", 11),
        tags=("iraq", "militias"),
    )
    annotated, problems = merge_annotations([MILITIAS, OTHER], [second, first], {})
    merged = annotated[0].annotations
    assert [f.path for f in merged.files] == ["annotations/militias-a.md", "annotations/militias-b.md"]
    order = [(p.note.quote, p.note.source, p.status) for p in merged.placements]
    assert order == [
        ("prepared to disarm", "annotations/militias-a.md", AnchorStatus.EXACT),
        ("repeated warnings", "annotations/militias-a.md", AnchorStatus.EXACT),
        ("repeated warnings", "annotations/militias-b.md", AnchorStatus.EXACT),
        ("evacuated their headquarters", "annotations/militias-b.md", AnchorStatus.EXACT),
        ("not in the text at all, not even close", "annotations/militias-a.md", AnchorStatus.ORPHANED),
    ]
    assert merged.tags == ("iraq", "militias", "disarmament", "mosul")
    assert [(p.path, p.line, p.severity) for p in problems] == [("annotations/militias-a.md", 8, Severity.ERROR)]
    assert annotated[1].annotations.placements == ()


def test_placements_carry_their_keys():
    note = make_note("prepared to disarm", "annotations/m.md", 5)
    annotated, _ = merge_annotations([MILITIAS], [make_file("annotations/m.md", MILITIAS.id, note)], {})
    assert annotated[0].annotations.placements[0].key == note_key(MILITIAS.id, note)


def test_file_for_an_unknown_article_is_reported_and_not_applied():
    lost = make_file("annotations/lost.md", "militias-abc124", make_note("prepared to disarm", "annotations/lost.md", 5))
    annotated, problems = merge_annotations([MILITIAS], [lost], {})
    assert annotated[0].annotations.files == ()
    assert [str(p) for p in problems] == [
        "annotations/lost.md:2: unknown article id 'militias-abc124'; did you mean 'militias-abc123'? "
        "(the file's notes were not applied)"
    ]


def test_related_ids_are_checked_at_their_lines():
    annotation = dataclasses.replace(
        make_file("annotations/m.md", MILITIAS.id), related=("other-def456", "other-def457"), related_lines=(6, 7)
    )
    _, problems = merge_annotations([MILITIAS, OTHER], [annotation], {})
    assert [str(p) for p in problems] == [
        "annotations/m.md:7: 'related': unknown article id 'other-def457'; did you mean 'other-def456'?"
    ]


def test_note_key_ignores_line_and_whitespace_but_not_context():
    note = make_note("repeated   warnings", "annotations/m.md", 5)
    assert note_key("a", note) == note_key("a", dataclasses.replace(note, line=40, quote="repeated warnings"))
    assert note_key("a", note) != note_key("a", dataclasses.replace(note, prefix="follows"))
    assert note_key("a", note) != note_key("b", note)
    assert note_key("a", note) != note_key("a", dataclasses.replace(note, source="annotations/n.md"))
    assert len(note_key("a", note)) == 12


def test_identical_notes_get_distinct_keys_in_line_order():
    first, second = make_note("x", "annotations/m.md", 5), make_note("x", "annotations/m.md", 9)
    keys = assign_note_keys("a", [second, first])
    assert keys[first] == note_key("a", first) and keys[second] == note_key("a", second, 1)
    assert keys[first] != keys[second]


# --- the last build's positions --------------------------------------------------------------------------


def test_missing_output_directory_has_no_previous_positions(tmp_path):
    assert read_previous_positions(tmp_path / "nowhere") == {}


def test_corrupt_or_foreign_export_is_ignored(tmp_path):
    export = tmp_path / ANNOTATIONS_JSONLD
    for content in ("{not json", "[1, 2]", '"text"', '{"first": {"items": "no"}}', "\x00\x01", '{"items": [null]}'):
        export.write_text(content, encoding="utf-8")
        assert read_previous_positions(tmp_path) == {}, content
    export.write_bytes(b"\xff\xfe\x00broken")
    assert read_previous_positions(tmp_path) == {}


def test_malformed_annotations_are_skipped_and_good_ones_kept(tmp_path):
    def item(identifier, start, end, kind="TextPositionSelector"):
        return {"id": identifier, "target": {"selector": [{"type": kind, "start": start, "end": end}]}}

    items = [
        item("https://x.org/articles/a/#note-aaaaaaaaaaaa", 5, 12),
        item("https://x.org/articles/a/#note-bbbbbbbbbbbb", 12, 5),  # end before start
        item("https://x.org/articles/a/#note-cccccccccccc", "5", 12),  # not an integer
        item("https://x.org/articles/a/#note-dddddddddddd", 5, 12, kind="TextQuoteSelector"),
        item("https://x.org/other#anno-1", 1, 2),  # not one of ours
        {"id": "https://x.org/articles/a/#note-eeeeeeeeeeee", "target": "https://x.org/articles/a/"},
    ]
    (tmp_path / ANNOTATIONS_JSONLD).write_text(json.dumps({"first": {"items": items}}), encoding="utf-8")
    assert read_previous_positions(tmp_path) == {"aaaaaaaaaaaa": (5, 12)}


def test_exported_positions_make_the_next_build_tell_moved_notes(tmp_path):
    notes = (make_note("repeated warnings", "annotations/m.md", 5), make_note("prepared to disarm", "annotations/m.md", 7))
    files = [make_file("annotations/m.md", MILITIAS.id, *notes)]
    first_build, _ = merge_annotations([MILITIAS], files, {})
    (tmp_path / ANNOTATIONS_JSONLD).write_text(render_annotations_jsonld(first_build, ""), encoding="utf-8")
    previous = read_previous_positions(tmp_path)
    assert sorted(previous.values()) == sorted((p.start, p.end) for p in first_build[0].annotations.placements)

    unchanged, _ = merge_annotations([MILITIAS], files, previous)
    assert [p.status for p in unchanged[0].annotations.placements] == [AnchorStatus.EXACT, AnchorStatus.EXACT]

    edited = make_article(MILITIAS.id, TEXT[0], "Reuters reported on Monday.", TEXT[1], TEXT[2])
    second_build, problems = merge_annotations([edited], files, previous)
    statuses = {p.note.quote: (p.status, p.detail) for p in second_build[0].annotations.placements}
    moved_to = edited.text.index("repeated warnings")
    old = len(TEXT[0]) + 2 + TEXT[1].index("repeated warnings")
    assert statuses == {
        "prepared to disarm": (AnchorStatus.EXACT, ""),
        "repeated warnings": (AnchorStatus.MOVED, f"moved from character {old} to {moved_to}"),
    }
    assert problems == []


def test_note_that_was_placed_before_is_only_a_warning_when_the_text_changes():
    note = make_note("evacuated their headquarters in Mosul and Anbar", "annotations/m.md", 5)
    files = [make_file("annotations/m.md", MILITIAS.id, note)]
    changed = make_article(MILITIAS.id, TEXT[0], TEXT[1])
    _, new_problems = merge_annotations([changed], files, {})
    _, old_problems = merge_annotations([changed], files, {note_key(MILITIAS.id, note): (190, 238)})
    assert [p.severity for p in new_problems] == [Severity.ERROR]
    assert [p.severity for p in old_problems] == [Severity.WARNING]
    assert old_problems[0].message.startswith("quote no longer matches article 'militias-abc123'")
