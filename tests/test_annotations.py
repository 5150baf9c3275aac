"""Loading annotation files into records, the new-annotation template, and the sample annotations."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from archive import annotations as annotations_module
from archive.annotations import (
    TEMPLATE_NOTE,
    load_annotations,
    parse_annotation,
    pick_sample_quote,
    render_annotation_template,
    write_new_annotation,
)
from archive.merge import merge_annotations
from archive.model import AnchorStatus, AnnotationFile, ArchiveError, Article, Block, InputError, Note, Role, Severity
from archive.pipeline import build_corpus, check
from archive.settings import Settings

PROJECT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((PROJECT / "annotations").glob("*.md"))
SAMPLES = [path for path in SAMPLES if path.name != "README.md"]

FULL = """---
# yaml-language-server: $schema=schema.json
article: a-step-away-from-war-adef55  # A Step Away From War?
analyst: S. Brandt
date: 2020-01-06
summary: >-
  Opinion piece written
  on the day of the strike.
tags: [iran, soleimani]
reliability: C
credibility: 2
rationale: "Partisan outlet: facts match wire reports."
related:
  - breaking-u-s-airstrike-reportedly-kills-irans-top-military-754fae
notes:
  - quote: an additional 3,000 troops were being deployed to Iraq
    note: |
      They went to **Kuwait**.
    tags: [correction]
  - quote: further escalation
    prefix: not only threatens a
    suffix: of the conflict
    analyst: R. Karimi
    date: "2020-01-08"
    note: Careful.
---

Read this piece as a record of how the left reacted. <!-- not shown -->
"""


def make_article(article_id: str, *paragraphs: str, title: str = "A Title") -> Article:
    blocks = tuple(Block(Role.BODY, text, 3 + i) for i, text in enumerate(paragraphs))
    return Article(article_id, "003.txt", (1, 9), title, blocks, ())


def test_every_field_becomes_part_of_the_record():
    record, problems = parse_annotation(FULL, "annotations/step.md")
    assert problems == []
    assert record == AnnotationFile(
        path="annotations/step.md",
        article="a-step-away-from-war-adef55",
        analyst="S. Brandt",
        date="2020-01-06",
        summary="Opinion piece written on the day of the strike.",
        tags=("iran", "soleimani"),
        reliability="C",
        credibility=2,
        rationale="Partisan outlet: facts match wire reports.",
        related=("breaking-u-s-airstrike-reportedly-kills-irans-top-military-754fae",),
        notes=(
            Note(
                quote="an additional 3,000 troops were being deployed to Iraq",
                note="They went to **Kuwait**.",
                source="annotations/step.md",
                line=16,
                analyst="S. Brandt",
                date="2020-01-06",
                tags=("correction",),
            ),
            Note(
                quote="further escalation",
                note="Careful.",
                source="annotations/step.md",
                line=20,
                prefix="not only threatens a",
                suffix="of the conflict",
                analyst="R. Karimi",
                date="2020-01-08",
            ),
        ),
        commentary="Read this piece as a record of how the left reacted.",
        article_line=3,
        related_lines=(14,),
    )


def test_invalid_note_is_reported_and_left_out_but_the_file_is_kept():
    record, problems = parse_annotation(FULL.replace("    note: Careful.\n", ""), "annotations/step.md")
    assert [(p.line, p.message.split(";")[0]) for p in problems] == [(20, "note 2: missing required field 'note'")]
    assert [n.quote for n in record.notes] == ["an additional 3,000 troops were being deployed to Iraq"]


def test_windows_line_endings_and_byte_order_mark_keep_line_numbers(tmp_path):
    folder = tmp_path / "annotations"
    folder.mkdir()
    text = "\ufeff---\r\narticle: x-1\r\nreliability: Q\r\n---\r\n"
    (folder / "x.md").write_bytes(text.encode("utf-8"))
    files, problems = load_annotations(folder)
    assert [f.article for f in files] == ["x-1"]
    assert [(p.line, p.message) for p in problems] == [(3, "'reliability': expected one of A-F, got 'Q'")]


def test_files_are_read_in_name_order_and_readme_is_skipped(tmp_path):
    folder = tmp_path / "annotations"
    folder.mkdir()
    for name in ("b.md", "a.md", "README.md", "c.txt"):
        (folder / name).write_text("---\narticle: id-" + name[0] + "\n---\n", encoding="utf-8")
    files, problems = load_annotations(folder)
    assert [Path(f.path).name for f in files] == ["a.md", "b.md"]
    assert problems == []


def test_missing_folder_has_no_annotations_and_a_file_is_an_input_error(tmp_path):
    assert load_annotations(tmp_path / "annotations") == ([], [])
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="not a directory"):
        load_annotations(tmp_path / "file")


def test_optional_fields_left_empty_count_as_absent():
    record, problems = parse_annotation("---\narticle: x\nsummary:\ntags:\nreliability:\n---\n", "annotations/x.md")
    assert problems == [] and (record.summary, record.tags, record.reliability) == ("", (), "")


# --- the new-annotation template ---------------------------------------------------------------------------

STEP = make_article(
    "a-step-away-from-war-adef55",
    "In a move that threatens to further destabilise the region, U.S. forces assassinated top Iranian military "
    "officer, General Qasem Soleimani in Iraq on Friday. Soleimani had played an active role.",
    "The most recent round of escalations began last weekend.",
    title="A Step Away From War?",
)

EXPECTED_TEMPLATE = """---
# yaml-language-server: $schema=schema.json
# Every field is explained in annotations/README.md. Check this file: python build_archive.py check
article: a-step-away-from-war-adef55  # A Step Away From War?
analyst: "Jane \\"JD\\" Doe"
date: 2025-04-09
summary: ""  # one or two sentences: what the article says and why it matters
tags: []
# Admiralty rating of the source and the information: uncomment, pick one value each, explain why.
# reliability of the source: A completely reliable, B usually reliable, C fairly reliable,
#   D not usually reliable, E unreliable, F reliability cannot be judged
# reliability: C
# credibility of the information: 1 confirmed by other sources, 2 probably true, 3 possibly true,
#   4 doubtful, 5 improbable, 6 truth cannot be judged
# credibility: 3
# rationale: ""
# related: []  # ids of related articles
notes:  # each note: the exact passage ('quote') and your comment ('note')
  - quote: "In a move that threatens to further destabilise the region, U.S. forces assassinated top Iranian military officer, General Qasem Soleimani in Iraq on Friday."
    note: "Replace this sample note with your comment on the quoted passage, or delete the note."
---

<!-- Your commentary on the whole article (Markdown) goes below; this comment is not shown. -->
"""


def test_template_content():
    rendered = render_annotation_template(STEP, 'Jane "JD" Doe', datetime.date(2025, 4, 9))
    assert rendered == EXPECTED_TEMPLATE


def test_untouched_template_passes_with_only_the_sample_note_warning():
    record, problems = parse_annotation(render_annotation_template(STEP, "", datetime.date(2025, 4, 9)), "annotations/t.md")
    assert [(p.severity, p.line) for p in problems] == [(Severity.WARNING, 20)]
    annotated, anchor_problems = merge_annotations([STEP], [record], {})
    assert anchor_problems == []
    assert [p.status for p in annotated[0].annotations.placements] == [AnchorStatus.EXACT]
    assert annotated[0].annotations.placements[0].note.note == TEMPLATE_NOTE


LONG_SENTENCE = (
    "Several powerful Iranian-backed militia groups in Iraq are prepared to disarm for the first time to avert "
    "the threat of an escalating conflict with the US Trump administration, 10 senior commanders said."
)


@pytest.mark.parametrize(
    "text, quote",
    [
        ("The U.S. embassy was attacked. Then more.", "The U.S. embassy was attacked."),
        ("Iran said “we will respond.” Officials agreed.", "Iran said “we will respond.”"),
        ("No full stop here", "No full stop here"),
        ("Same sentence. Other.\n\nSame sentence. Again.", "Same sentence. Other."),
        (LONG_SENTENCE, LONG_SENTENCE[: LONG_SENTENCE.index(" Trump administration")]),
        ("Again and again. Again and again.", "Again and again. Again and again."),
    ],
)
def test_sample_quote_is_the_first_sentence(text, quote):
    assert pick_sample_quote(text) == quote


def test_write_new_annotation_writes_refuses_to_overwrite_and_forces(tmp_path, monkeypatch):
    monkeypatch.setattr(annotations_module, "load_articles", lambda settings: (STEP,))
    settings = Settings(annotations_dir=tmp_path / "annotations")
    path = write_new_annotation(settings, STEP.id, analyst="Jane")
    assert path == tmp_path / "annotations" / f"{STEP.id}.md"
    assert 'analyst: "Jane"' in path.read_text(encoding="utf-8")
    path.write_text("edited", encoding="utf-8")
    with pytest.raises(ArchiveError) as refused:
        write_new_annotation(settings, STEP.id)
    assert str(refused.value) == (
        f"{path.as_posix()} already exists; edit it, or run again with --force to replace it with a new template"
    )
    assert path.read_text(encoding="utf-8") == "edited"
    write_new_annotation(settings, STEP.id, force=True)
    assert path.read_text(encoding="utf-8").startswith("---\n")


def test_write_new_annotation_suggests_close_ids(tmp_path, monkeypatch):
    monkeypatch.setattr(annotations_module, "load_articles", lambda settings: (STEP,))
    with pytest.raises(ArchiveError) as unknown:
        write_new_annotation(Settings(annotations_dir=tmp_path), "a-step-away-from-war")
    assert str(unknown.value) == (
        "unknown article id 'a-step-away-from-war'; did you mean 'a-step-away-from-war-adef55'? "
        "(article ids are listed in corpus.jsonl and on each article page)"
    )
    monkeypatch.setattr(annotations_module, "load_articles", lambda settings: ())
    with pytest.raises(ArchiveError) as empty:
        write_new_annotation(Settings(raw_dir=Path("raw"), annotations_dir=tmp_path), "x")
    assert str(empty.value) == "unknown article id 'x': no articles found in raw (use --raw DIR)"


# --- the real corpus ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus():
    return build_corpus(Settings(raw_dir=PROJECT / "raw"))


def test_templates_for_every_article_of_the_corpus_pass_check(tmp_path, corpus, monkeypatch):
    monkeypatch.setattr(annotations_module, "load_articles", lambda settings: corpus.articles)
    settings = Settings(raw_dir=PROJECT / "raw", annotations_dir=tmp_path / "annotations", out_dir=tmp_path / "out")
    for article in corpus.articles:
        write_new_annotation(settings, article.id)
    report = check(settings)
    annotation_problems = [p for p in report.problems if p.path.startswith(str(tmp_path))]
    assert report.errors == []
    assert len(annotation_problems) == len(corpus.articles)
    assert all("still the template's sample text" in p.message for p in annotation_problems)


def test_sample_annotations_load_without_problems_and_anchor_exactly(corpus):
    files, problems = load_annotations(PROJECT / "annotations")
    assert problems == []
    annotated, anchor_problems = merge_annotations(corpus.articles, files, {})
    assert anchor_problems == []
    placements = [p for a in annotated for p in a.annotations.placements]
    assert len(placements) == sum(len(f.notes) for f in files)
    assert {p.status for p in placements} == {AnchorStatus.EXACT}


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_each_sample_has_a_rating_a_summary_and_several_notes(path):
    record, problems = parse_annotation(path.read_text(encoding="utf-8"), path.name)
    assert problems == []
    assert record.credibility and record.reliability and record.rationale and record.summary and record.commentary
    assert len(record.notes) >= 2
    assert path.name == f"{record.article}.md"


def test_samples_include_a_note_on_a_passage_that_occurs_twice(corpus):
    files, _ = load_annotations(PROJECT / "annotations")
    texts = {a.id: a.text for a in corpus.articles}
    repeated = [n for f in files for n in f.notes if texts[f.article].count(n.quote) > 1]
    assert repeated and all(n.prefix or n.suffix for n in repeated)
    assert len(SAMPLES) >= 3


def test_new_annotation_command(tmp_path, capsys):
    from archive.cli import main

    options = ["--raw", str(PROJECT / "raw"), "--mkdocs", str(PROJECT / "mkdocs.yml"), "--annotations", str(tmp_path)]
    assert main(["new-annotation", "a-step-away-from-war-adef55", "--analyst", "Jane", *options]) == 0
    written = tmp_path / "a-step-away-from-war-adef55.md"
    assert capsys.readouterr().out == (
        f"wrote {written}: fill in the notes, then run `python build_archive.py check`\n"
    )
    assert main(["new-annotation", "a-step-away-from-war-adef55", *options]) == 2
    assert capsys.readouterr().err == (
        f"error: {written.as_posix()} already exists; edit it, or run again with --force to replace it with a new "
        "template\n"
    )
    assert main(["new-annotation", "a-step-away-from-war-adef55", "--force", *options]) == 0
