"""Every problem `check` reports about annotation files, asserted as the exact line the contributor sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.annotations import TEMPLATE_NOTE, load_annotations
from archive.merge import merge_annotations
from archive.model import Article, Block, Role

STEP_AWAY = "a-step-away-from-war-adef55"
TEXT = (
    "The most recent round of escalations began last weekend when U.S. forces bombed five positions of a "
    "pro-Iranian militia in Iraq and Syria. This brutal response not only threatens a further escalation of "
    "the conflict, but risks igniting a hot war between The United States and Iran. Indeed, in a show of "
    "further escalation and aggression, officials announced on Friday that an additional 3,000 troops were "
    "being deployed to Iraq."
)
ARTICLES = (
    Article(STEP_AWAY, "003_93dc586b88fa6e06.txt", (3, 9), "A Step Away From War?", (Block(Role.BODY, TEXT, 5),), ()),
    Article("breaking-u-s-airstrike-reportedly-kills-irans-top-military-754fae", "002.txt", (1, 3), "Breaking", (), ()),
)
FIX_YAML = "check the indentation and put values that contain ': ' or ' #' in double quotes (the file was skipped)"
ARTICLE_HINT = "add 'article: <article id>' (the id is on the article page and in corpus.jsonl)"
QUOTE_HINT = "copy the exact passage of the article the note is about"
NOTE_HINT = "write your comment on the passage (Markdown)"
LIST_FIX = "write [a, b] or one '- item' per line"
KNOWN = "article, analyst, date, summary, tags, reliability, credibility, rationale, related, notes"


def run_check(tmp_path: Path, monkeypatch, content: str | bytes, name: str = "case.md", previous=None) -> list[str]:
    """Write one file into annotations/, load and merge it as `check` does; the printed problem lines."""
    monkeypatch.chdir(tmp_path)
    folder = Path("annotations")
    folder.mkdir(exist_ok=True)
    target = folder / name
    target.write_bytes(content) if isinstance(content, bytes) else target.write_text(content, encoding="utf-8")
    files, problems = load_annotations(folder)
    _annotated, anchor_problems = merge_annotations(ARTICLES, files, previous or {})
    return [str(problem) for problem in problems + anchor_problems]


def front(*lines: str) -> str:
    """A file whose front matter starts on line 2 (line 2 is the first field)."""
    return "\n".join(["---", *lines, "---", "", "Commentary."]) + "\n"


FILE_CASES = {
    "invalid YAML": (front(f"article: {STEP_AWAY}", "summary: a: b"), [
        f"annotations/case.md:3: invalid YAML: mapping values are not allowed here; {FIX_YAML}",
    ]),
    "unterminated quote": (front(f"article: {STEP_AWAY}", 'summary: "open'), [
        f"annotations/case.md:3: invalid YAML: found unexpected end of stream; {FIX_YAML}",
    ]),
    "tab indentation": (front(f"article: {STEP_AWAY}", "notes:", "\t- quote: x"), [
        f"annotations/case.md:4: invalid YAML: found character '\\t' that cannot start any token; {FIX_YAML}",
    ]),
    "no front matter": ("article: x\n", [
        "annotations/case.md:1: no front matter; start the file with a '---' line, then 'article: <article id>', "
        "then a closing '---' line",
    ]),
    "front matter not closed": ("---\narticle: x\n", [
        "annotations/case.md:1: front matter is not closed; add a '---' line after the last field",
    ]),
    "front matter is a list": (front("- article", "- notes"), [
        "annotations/case.md:2: the front matter must be fields such as 'article: <article id>', got a list",
    ]),
    "empty front matter": (front(), [f"annotations/case.md:1: missing required field 'article'; {ARTICLE_HINT}"]),
    "missing article": (front("analyst: Jane"), [
        f"annotations/case.md:2: missing required field 'article'; {ARTICLE_HINT}",
    ]),
    "empty article": (front("article:"), [f"annotations/case.md:2: 'article' is empty; {ARTICLE_HINT}"]),
    "duplicate key": (front(f"article: {STEP_AWAY}", "summary: one", "summary: two"), [
        "annotations/case.md:4: duplicate field 'summary' (first on line 3); keep only one",
    ]),
    "bad reliability": (front(f"article: {STEP_AWAY}", "reliability: G"), [
        "annotations/case.md:3: 'reliability': expected one of A-F, got 'G'",
    ]),
    "lower-case reliability": (front(f"article: {STEP_AWAY}", "reliability: b"), [
        "annotations/case.md:3: 'reliability': expected one of A-F, got 'b'; write the capital letter",
    ]),
    "reliability as a list": (front(f"article: {STEP_AWAY}", "reliability: [A, B]"), [
        "annotations/case.md:3: 'reliability': expected one of A-F, got a list",
    ]),
    "bad credibility": (front(f"article: {STEP_AWAY}", "credibility: 7"), [
        "annotations/case.md:3: 'credibility': expected one of 1-6, got 7 (YAML reads it as a number)",
    ]),
    "quoted credibility": (front(f"article: {STEP_AWAY}", 'credibility: "3"'), [
        "annotations/case.md:3: 'credibility': expected one of 1-6, got '3' (text); remove the quotes",
    ]),
    "credibility as a letter": (front(f"article: {STEP_AWAY}", "credibility: B"), [
        "annotations/case.md:3: 'credibility': expected one of 1-6, got 'B'",
    ]),
    "boolean credibility": (front(f"article: {STEP_AWAY}", "credibility: yes"), [
        "annotations/case.md:3: 'credibility': expected one of 1-6, got yes (YAML reads it as true/false)",
    ]),
    "unknown field with a suggestion": (front(f"article: {STEP_AWAY}", "sumary: One line."), [
        "annotations/case.md:3: warning: unknown field 'sumary' (ignored); did you mean 'summary'?",
    ]),
    "unknown field without a suggestion": (front(f"article: {STEP_AWAY}", "colour: red"), [
        f"annotations/case.md:3: warning: unknown field 'colour' (ignored); known fields: {KNOWN}",
    ]),
    "tags item a mapping": (front(f"article: {STEP_AWAY}", "tags:", "  - iran", "  - {a: b}"), [
        "annotations/case.md:5: 'tags' item 2: expected a string, got fields (a mapping); write it as text",
    ]),
    "tags as a string": (front(f"article: {STEP_AWAY}", "tags: iran, iraq"), [
        f"annotations/case.md:3: 'tags': expected a list of strings, got 'iran, iraq'; {LIST_FIX}",
    ]),
    "empty tags item": (front(f"article: {STEP_AWAY}", 'tags: [iran, ""]'), [
        "annotations/case.md:3: 'tags' item 2 is empty; remove it",
    ]),
    "related as a mapping": (front(f"article: {STEP_AWAY}", "related:", "  id: x"), [
        f"annotations/case.md:4: 'related': expected a list of strings, got fields (a mapping); {LIST_FIX}",
    ]),
    "summary as a list": (front(f"article: {STEP_AWAY}", "summary:", "  - one", "  - two"), [
        "annotations/case.md:4: 'summary': expected text, got a list; write it as text",
    ]),
    "bad date format": (front(f"article: {STEP_AWAY}", "date: 03/01/2020"), [
        "annotations/case.md:3: 'date': expected a date as YYYY-MM-DD, got '03/01/2020'",
    ]),
    "no such day": (front(f"article: {STEP_AWAY}", "date: 2020-02-30"), [
        "annotations/case.md:3: 'date': expected a date as YYYY-MM-DD, got '2020-02-30' (no such day)",
    ]),
    "date as a number": (front(f"article: {STEP_AWAY}", "date: 2020"), [
        "annotations/case.md:3: 'date': expected a date as YYYY-MM-DD, got 2020 (YAML reads it as a number)",
    ]),
    "notes as a mapping": (front(f"article: {STEP_AWAY}", "notes:", "  quote: x"), [
        "annotations/case.md:4: 'notes': expected a list of notes (each starting with '- quote:'), "
        "got fields (a mapping)",
    ]),
    "note that is not a mapping": (front(f"article: {STEP_AWAY}", "notes:", "  - just a remark"), [
        "annotations/case.md:4: note 1: expected fields 'quote:' and 'note:', got 'just a remark'",
    ]),
    "note without quote": (front(f"article: {STEP_AWAY}", "notes:", "  - note: Why?"), [
        f"annotations/case.md:4: note 1: missing required field 'quote'; {QUOTE_HINT}",
    ]),
    "note without note": (front(f"article: {STEP_AWAY}", "notes:", "  - quote: five positions"), [
        f"annotations/case.md:4: note 1: missing required field 'note'; {NOTE_HINT}",
    ]),
    "empty quote": (front(f"article: {STEP_AWAY}", "notes:", '  - quote: "  "', "    note: Why?"), [
        f"annotations/case.md:4: note 1: 'quote' is empty; {QUOTE_HINT}",
    ]),
    "null note": (front(f"article: {STEP_AWAY}", "notes:", "  - quote: five positions", "    note:"), [
        f"annotations/case.md:5: note 1: 'note' is empty; {NOTE_HINT}",
    ]),
    "misspelt note field": (front(f"article: {STEP_AWAY}", "notes:", "  - qoute: five positions", "    note: n"), [
        "annotations/case.md:4: warning: note 1: unknown field 'qoute' (ignored); did you mean 'quote'?",
        f"annotations/case.md:4: note 1: missing required field 'quote'; {QUOTE_HINT}",
    ]),
    "duplicate note field": (
        front(f"article: {STEP_AWAY}", "notes:", "  - quote: five positions", "    note: a", "    note: b"),
        ["annotations/case.md:6: note 1: duplicate field 'note' (first on line 5); keep only one"],
    ),
    "bad note date and tags": (
        front(f"article: {STEP_AWAY}", "notes:", "  - quote: five positions", "    note: n", "    date: 8 Jan",
              "    tags: correction"),
        [
            "annotations/case.md:6: note 1: 'date': expected a date as YYYY-MM-DD, got '8 Jan'",
            f"annotations/case.md:7: note 1: 'tags': expected a list of strings, got 'correction'; {LIST_FIX}",
        ],
    ),
    "template sample note left in": (
        front(f"article: {STEP_AWAY}", "notes:", "  - quote: five positions", f'    note: "{TEMPLATE_NOTE}"'),
        [
            "annotations/case.md:5: warning: note 1: 'note' is still the template's sample text; "
            "write your comment on the quoted passage, or delete the note",
        ],
    ),
}


@pytest.mark.parametrize("content, expected", FILE_CASES.values(), ids=FILE_CASES.keys())
def test_file_problem_messages(tmp_path, monkeypatch, content, expected):
    assert run_check(tmp_path, monkeypatch, content) == expected


def test_all_problems_of_a_file_are_collected_in_line_order(tmp_path, monkeypatch):
    content = front("article:", "date: 2020-13-01", "reliability: Z", "credibility: 0", "tags: x", "colour: red")
    assert [line.split(":")[1] for line in run_check(tmp_path, monkeypatch, content)] == ["2", "3", "4", "5", "6", "7"]


def test_valid_file_has_no_problems(tmp_path, monkeypatch):
    content = front(
        f"article: {STEP_AWAY}", "analyst: Jane", "date: 2020-01-06", "summary:", "reliability: C", "credibility: 2",
        "tags: [iran]", "related: [breaking-u-s-airstrike-reportedly-kills-irans-top-military-754fae]", "notes:",
        "  - quote: an additional 3,000 troops", "    note: To Kuwait.",
    )
    assert run_check(tmp_path, monkeypatch, content) == []


# --- problems found while merging ---------------------------------------------------------------------


def test_unknown_article_id_suggests_the_closest(tmp_path, monkeypatch):
    assert run_check(tmp_path, monkeypatch, front("analyst: Jane", "article: a-step-away-from-wat-adef55")) == [
        "annotations/case.md:3: unknown article id 'a-step-away-from-wat-adef55'; did you mean "
        "'a-step-away-from-war-adef55'? (the file's notes were not applied)",
    ]


def test_unknown_article_id_without_close_ids(tmp_path, monkeypatch):
    assert run_check(tmp_path, monkeypatch, front("article: gaza-ceasefire-talks-000000")) == [
        "annotations/case.md:2: unknown article id 'gaza-ceasefire-talks-000000'; copy the id from the article "
        "page or corpus.jsonl (the file's notes were not applied)",
    ]


def test_unknown_related_id(tmp_path, monkeypatch):
    content = front(f"article: {STEP_AWAY}", "related:", "  - breaking-u-s-airstrike-reportedly-kills-irans-top-military")
    assert run_check(tmp_path, monkeypatch, content) == [
        "annotations/case.md:4: 'related': unknown article id 'breaking-u-s-airstrike-reportedly-kills-irans-top-military'; "
        "did you mean 'breaking-u-s-airstrike-reportedly-kills-irans-top-military-754fae'?",
    ]


def test_quote_not_found_in_a_new_note_is_an_error(tmp_path, monkeypatch):
    content = front(f"article: {STEP_AWAY}", "notes:", "  - quote: officials announced on Monday", "    note: n")
    assert run_check(tmp_path, monkeypatch, content) == [
        f"annotations/case.md:4: quote not found in article '{STEP_AWAY}': \"officials announced on Monday\"; the "
        "closest passage, 90% similar, changes a name or number ('Monday' became 'Friday'): \"…escalation and "
        'aggression, [officials announced on Friday] that an additional 3,000…"; copy the exact passage from the article',
    ]


def test_quote_that_no_longer_matches_a_placed_note_is_a_warning(tmp_path, monkeypatch):
    content = front(f"article: {STEP_AWAY}", "notes:", "  - quote: officials announced on Monday", "    note: n")
    run_check(tmp_path, monkeypatch, content)
    files, _ = load_annotations(Path("annotations"))
    from archive.merge import assign_note_keys

    key = next(iter(assign_note_keys(STEP_AWAY, files[0].notes).values()))
    assert run_check(tmp_path, monkeypatch, content, previous={key: (300, 328)}) == [
        f"annotations/case.md:4: warning: quote no longer matches article '{STEP_AWAY}': \"officials announced on "
        "Monday\"; the closest passage, 90% similar, changes a name or number ('Monday' became 'Friday'): "
        '"…escalation and aggression, [officials announced on Friday] that an additional 3,000…"; the page lists '
        "the note as no longer matching: copy the passage's new text into 'quote', or delete the note",
    ]


def test_ambiguous_quote_lists_the_occurrences(tmp_path, monkeypatch):
    content = front(f"article: {STEP_AWAY}", "notes:", "  - quote: further escalation", "    note: n")
    assert run_check(tmp_path, monkeypatch, content) == [
        f"annotations/case.md:4: ambiguous quote in article '{STEP_AWAY}': \"further escalation\"; 2 equally good "
        'matches: at 181 "…not only threatens a [further escalation] of the conflict, but risks…"; at 303 '
        '"…Iran. Indeed, in a show of [further escalation] and aggression, officials…"; add a \'prefix\' or '
        "'suffix' of a few words to pick one",
    ]


def test_fuzzy_match_is_a_warning_showing_the_current_text(tmp_path, monkeypatch):
    quote = "forces bombed five bases of a pro-Iranian militia in Iraq and Syria"
    content = front(f"article: {STEP_AWAY}", "notes:", f"  - quote: {quote}", "    note: n")
    assert run_check(tmp_path, monkeypatch, content) == [
        f"annotations/case.md:4: warning: quote matches article '{STEP_AWAY}' only approximately (93% similar); the "
        'passage now reads "forces bombed five positions of a pro-Iranian militia in Iraq and Syria": check that the '
        "note still applies, then copy that text into 'quote'",
    ]


# --- files that cannot be read --------------------------------------------------------------------------


def test_yaml_file_in_annotations_is_flagged(tmp_path, monkeypatch):
    assert run_check(tmp_path, monkeypatch, f"article: {STEP_AWAY}\n", name="notes.yml") == [
        "annotations/notes.yml: warning: annotation files are Markdown; rename it to notes.md and put its fields "
        "between two '---' lines (the file was ignored)",
    ]


def test_file_that_is_not_utf8(tmp_path, monkeypatch):
    content = front(f"article: {STEP_AWAY}", "analyst: Jos\xe9").encode("latin-1")
    assert run_check(tmp_path, monkeypatch, content) == [
        "annotations/case.md:3: not UTF-8 (byte 0xe9); save the file as UTF-8 (the file was skipped)",
    ]
