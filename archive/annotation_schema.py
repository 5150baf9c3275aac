"""The annotation front matter, declared once.

FRONT_MATTER_FIELDS and NOTE_FIELDS are the single source of truth: `archive.annotations` validates
files with them, `render_annotation_schema()` turns them into annotations/schema.json (JSON Schema
2020-12, for editors), and the docs test checks that annotations/README.md documents every field.
Regenerate the schema after changing a field: `python -m archive.annotation_schema > annotations/schema.json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    """The value types a field can have; each maps to one JSON Schema fragment and one check."""

    TEXT = "text"  # a string, may be empty
    REQUIRED_TEXT = "required text"  # a string with at least one non-space character
    DATE = "date"  # YYYY-MM-DD, a real calendar day
    CHOICE = "choice"  # one of `choices`
    STRINGS = "strings"  # a list of non-empty strings
    NOTES = "notes"  # a list of note mappings (NOTE_FIELDS)


@dataclass(frozen=True)
class Field:
    """One front-matter or note field: its type, its documentation and how to fix a missing value."""

    name: str
    kind: Kind
    description: str
    example: object
    required: bool = False
    choices: tuple = ()  # allowed values, for Kind.CHOICE
    labels: tuple[str, ...] = ()  # meaning of each choice, same order
    hint: str = ""  # what to write when the value is missing or empty


RELIABILITY_LABELS = (
    "completely reliable",
    "usually reliable",
    "fairly reliable",
    "not usually reliable",
    "unreliable",
    "reliability cannot be judged",
)
CREDIBILITY_LABELS = (
    "confirmed by other sources",
    "probably true",
    "possibly true",
    "doubtful",
    "improbable",
    "truth cannot be judged",
)

NOTE_FIELDS: tuple[Field, ...] = (
    Field(
        "quote",
        Kind.REQUIRED_TEXT,
        "The exact passage of the article the note is about, copied from the article page.",
        "an additional 3,000 troops were being deployed to Iraq",
        required=True,
        hint="copy the exact passage of the article the note is about",
    ),
    Field(
        "prefix",
        Kind.TEXT,
        "A few words just before the quote, to pick one occurrence when the quote appears several times.",
        "said a commander of",
    ),
    Field(
        "suffix",
        Kind.TEXT,
        "A few words just after the quote, to pick one occurrence when the quote appears several times.",
        ", the most powerful",
    ),
    Field(
        "note",
        Kind.REQUIRED_TEXT,
        "Your comment on the passage (Markdown).",
        "The Pentagon announcement said 3,500 troops; see the AP report of 3 January.",
        required=True,
        hint="write your comment on the passage (Markdown)",
    ),
    Field("analyst", Kind.TEXT, "Author of this note, when not the file's analyst.", "R. Karimi"),
    Field("date", Kind.DATE, "When this note was written (YYYY-MM-DD), when not the file's date.", "2020-01-06"),
    Field("tags", Kind.STRINGS, "Tags for this passage.", ["troop-deployments"]),
)

FRONT_MATTER_FIELDS: tuple[Field, ...] = (
    Field(
        "article",
        Kind.REQUIRED_TEXT,
        "Id of the annotated article, as shown on its page and in corpus.jsonl.",
        "a-step-away-from-war-adef55",
        required=True,
        hint="add 'article: <article id>' (the id is on the article page and in corpus.jsonl)",
    ),
    Field("analyst", Kind.TEXT, "Who wrote the annotations (name or handle).", "R. Karimi"),
    Field("date", Kind.DATE, "When the annotations were written (YYYY-MM-DD).", "2020-01-06"),
    Field(
        "summary",
        Kind.TEXT,
        "One or two sentences on what the article says and why it matters (Markdown).",
        "Opinion piece written on the day of the strike; its facts are mostly accurate.",
    ),
    Field("tags", Kind.STRINGS, "Topics, shown on the article page.", ["iran", "soleimani"]),
    Field(
        "reliability",
        Kind.CHOICE,
        "Admiralty scale: reliability of the source, A (completely reliable) to F (cannot be judged).",
        "C",
        choices=("A", "B", "C", "D", "E", "F"),
        labels=RELIABILITY_LABELS,
    ),
    Field(
        "credibility",
        Kind.CHOICE,
        "Admiralty scale: credibility of the information, 1 (confirmed) to 6 (cannot be judged).",
        3,
        choices=(1, 2, 3, 4, 5, 6),
        labels=CREDIBILITY_LABELS,
    ),
    Field(
        "rationale",
        Kind.TEXT,
        "Why you gave this rating: sourcing, track record, corroboration.",
        "Partisan outlet, no original reporting; the facts it cites match wire reports.",
    ),
    Field(
        "related",
        Kind.STRINGS,
        "Ids of related articles in the archive.",
        ["breaking-u-s-airstrike-reportedly-kills-irans-top-military-754fae"],
    ),
    Field(
        "notes",
        Kind.NOTES,
        "Passage notes: comments attached to exact passages of the article.",
        [{"quote": "an additional 3,000 troops were being deployed to Iraq", "note": "They went to Kuwait."}],
    ),
)

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
NON_BLANK_PATTERN = r"\S"


TEXT_TYPES = ("string", "number", "boolean")
"""Text fields keep unquoted values as written (`analyst: no` is the text "no"), so editors accept them too."""


def describe_choices(field: Field) -> str:
    """`A-F` or `1-6` for scales of one-character codes, else the choices listed: `person, place`."""
    if all(len(str(choice)) == 1 for choice in field.choices):
        return f"{field.choices[0]}-{field.choices[-1]}"
    return ", ".join(str(choice) for choice in field.choices)


def render_field_schema(field: Field) -> dict:
    """The JSON Schema of one field. Optional fields also accept null: `summary:` left empty is allowed."""
    nullable = not field.required
    if field.kind is Kind.CHOICE:
        scale = "; ".join(f"{choice} {label}" for choice, label in zip(field.choices, field.labels))
        schema: dict = {"enum": [*field.choices, None], "description": f"{field.description} {scale}."}
    elif field.kind is Kind.STRINGS:
        items = {"type": list(TEXT_TYPES), "pattern": NON_BLANK_PATTERN}
        schema = {"type": ["array", "null"], "items": items, "description": field.description}
    elif field.kind is Kind.NOTES:
        schema = {"type": ["array", "null"], "items": {"$ref": "#/$defs/note"}, "description": field.description}
    elif field.kind is Kind.DATE:
        schema = {"type": ["string", "null"] if nullable else "string", "description": field.description}
        schema.update(pattern=DATE_PATTERN, format="date")
    else:
        schema = {"type": [*TEXT_TYPES, "null"] if nullable else list(TEXT_TYPES), "description": field.description}
        if field.kind is Kind.REQUIRED_TEXT:
            schema["pattern"] = NON_BLANK_PATTERN
    schema["examples"] = [field.example]
    return schema


def render_object_schema(fields: tuple[Field, ...]) -> dict:
    """A mapping of `fields`; unknown keys are flagged (the loader reports them as warnings)."""
    return {
        "type": "object",
        "properties": {field.name: render_field_schema(field) for field in fields},
        "required": [field.name for field in fields if field.required],
        "additionalProperties": False,
    }


def render_annotation_schema() -> str:
    """annotations/schema.json: the front matter of an annotation file as JSON Schema 2020-12."""
    schema = {
        "$schema": SCHEMA_DIALECT,
        "title": "Annotation file front matter",
        "description": "Front matter of annotations/<article id>.md, documented in annotations/README.md.",
        **render_object_schema(FRONT_MATTER_FIELDS),
        "$defs": {"note": {"description": "A note on one passage of an article.", **render_object_schema(NOTE_FIELDS)}},
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(render_annotation_schema(), end="")
