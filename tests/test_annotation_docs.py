"""The annotation docs and schema are tested: every field documented, schema.json generated, examples real."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.annotation_schema import (
    CREDIBILITY_LABELS,
    FRONT_MATTER_FIELDS,
    NOTE_FIELDS,
    RELIABILITY_LABELS,
    render_annotation_schema,
)
from archive.annotations import parse_annotation
from archive.model import AnchorStatus
from archive.pipeline import check
from archive.settings import Settings

PROJECT = Path(__file__).resolve().parent.parent
README = (PROJECT / "annotations" / "README.md").read_text(encoding="utf-8")
SCHEMA_PATH = PROJECT / "annotations" / "schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
REGENERATE = "annotations/schema.json is stale: run `python -m archive.annotation_schema > annotations/schema.json`"


def section(title: str) -> str:
    """The README text under a `## title` heading, up to the next `## ` heading."""
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def table_fields(text: str) -> list[str]:
    """Field names in the first column of the Markdown tables of `text`."""
    return re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.MULTILINE)


def fenced_blocks(text: str) -> list[str]:
    return re.findall(r"^```[a-z]*\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def test_schema_file_is_generated_from_the_field_table():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render_annotation_schema(), REGENERATE


def test_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_schema_field_has_a_description_and_an_example():
    for properties in (SCHEMA["properties"], SCHEMA["$defs"]["note"]["properties"]):
        for name, field in properties.items():
            assert field["description"] and field["examples"], name


def test_readme_documents_exactly_the_front_matter_fields():
    documented = table_fields(section("Front-matter fields"))
    assert documented == list(SCHEMA["properties"]) == [f.name for f in FRONT_MATTER_FIELDS]


def test_readme_documents_exactly_the_note_fields():
    documented = table_fields(section("Note fields"))
    assert documented == list(SCHEMA["$defs"]["note"]["properties"]) == [f.name for f in NOTE_FIELDS]


def test_readme_explains_the_admiralty_scale():
    scale = section("The Admiralty scale")
    for letter, label in zip("ABCDEF", RELIABILITY_LABELS):
        assert f"| `{letter}` | {label} |" in scale
    for number, label in zip("123456", CREDIBILITY_LABELS):
        assert f"| `{number}` | {label} |" in scale


def test_readme_explains_every_anchor_status():
    statuses = re.findall(r"^\| `([a-z]+)` \|", section("How notes find their passage (anchoring)"), flags=re.MULTILINE)
    assert statuses == [status.value for status in AnchorStatus]


def test_readme_complete_example_is_a_real_sample_file():
    block = fenced_blocks(section("A complete example"))[0]
    assert block == (PROJECT / "annotations" / "a-step-away-from-war-adef55.md").read_text(encoding="utf-8")


def test_readme_check_example_prints_what_check_prints(tmp_path, monkeypatch):
    draft, expected = fenced_blocks(section("What `check` reports"))[:2]
    monkeypatch.chdir(tmp_path)
    Path("annotations").mkdir()
    Path("annotations/a-step-away-from-war-draft.md").write_text(draft, encoding="utf-8")
    report = check(Settings(raw_dir=PROJECT / "raw", annotations_dir=Path("annotations"), out_dir=Path("out")))
    printed = [str(p) for p in report.problems if p.path.startswith("annotations/")]
    assert printed == expected.splitlines()


def test_readme_shows_the_commands_that_exist():
    assert "python build_archive.py new-annotation a-step-away-from-war-adef55 --analyst" in README
    assert "python build_archive.py check" in README and "--strict" in README and "--force" in README


def test_ci_workflow_runs_strict_check_on_annotation_pull_requests():
    workflow = yaml.safe_load((PROJECT / ".github" / "workflows" / "check-annotations.yml").read_text(encoding="utf-8"))
    trigger = workflow[True]["pull_request"]["paths"]  # YAML 1.1 reads the key `on` as true
    assert "annotations/**" in trigger and "raw/**" in trigger
    commands = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert "python -m pip install ." in commands
    assert any(c.startswith("python build_archive.py check --strict") for c in commands)


# --- the loader and the schema agree ----------------------------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
SCALARS = st.one_of(TEXT, st.integers(-3, 9), st.booleans(), st.none())  # floats left out: JSON has 1.0 == 1
DATES = st.one_of(st.dates().map(str), st.sampled_from(["2020-02-30", "03/01/2020", "2020-1-5"]), SCALARS)
STRINGS = st.one_of(st.lists(st.one_of(TEXT, SCALARS), max_size=3), SCALARS)
NOTE = st.fixed_dictionaries(
    {},
    optional={
        "quote": SCALARS, "note": SCALARS, "prefix": SCALARS, "suffix": SCALARS, "analyst": SCALARS,
        "date": DATES, "tags": STRINGS, "qoute": SCALARS,
    },
)
FRONT_MATTER = st.fixed_dictionaries(
    {},
    optional={
        "article": st.one_of(st.just("a-step-away-from-war-adef55"), SCALARS),
        "analyst": SCALARS, "date": DATES, "summary": SCALARS, "tags": STRINGS,
        "reliability": st.one_of(st.sampled_from("ABCDEFGb"), SCALARS),
        "credibility": st.one_of(st.integers(0, 7), st.sampled_from(["3", "B"]), SCALARS),
        "rationale": SCALARS, "related": STRINGS, "notes": st.one_of(st.lists(st.one_of(NOTE, SCALARS), max_size=3), SCALARS),
        "sumary": SCALARS,
    },
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@settings(max_examples=400, deadline=None)
@given(FRONT_MATTER)
def test_check_flags_exactly_what_the_schema_rejects(data):
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n"
    _record, problems = parse_annotation(text, "annotations/x.md")
    assert bool(problems) == (not VALIDATOR.is_valid(data)), (problems, list(VALIDATOR.iter_errors(data)))
