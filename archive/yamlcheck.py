"""Check YAML front matter against the field table, keeping the line number of every value.

PyYAML's `compose` gives nodes that know their line; validating nodes (not loaded dicts) lets every
problem name its line and lets us see duplicate keys, which `yaml.safe_load` silently merges.
Each check returns only valid values plus the problems found, so one file reports all its problems.

Contributor YAML is untrusted, so before composing, `find_unsafe_yaml` refuses what a data file
never needs: anchors and aliases (no "billion laughs" expansion), explicit tags (`!!python/...`,
`!custom`) and deep nesting. Text values are kept as written: an unquoted `no` stays the text "no"
and `2003` the text "2003" (YAML 1.1 would read them as false and a number).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .annotation_schema import DATE_PATTERN, NOTE_FIELDS, Field, Kind, describe_choices
from .model import InputError, Problem, Severity
from .suggest import format_did_you_mean, suggest_closest

STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
IMPLICIT_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("bool", "int", "float", "timestamp")}
"""Types YAML guesses for unquoted values; a text field keeps such a value as written."""
MAX_YAML_DEPTH = 6
"""Nesting limit: the annotation format needs 4 levels (file, notes list, note, tags list)."""
MAX_CONTRIBUTOR_FILE_BYTES = 1_000_000
"""Size limit of an annotation file or a raw/*.yml sidecar (the sample files are a few kilobytes)."""
YAML_TYPE_NAMES = {"int": "a number", "float": "a number", "bool": "true/false", "timestamp": "a date"}


@dataclass
class Checked:
    """The valid values of one mapping, with the line of each key (and of each kept list item)."""

    line: int  # line where the mapping starts
    number: int = 0  # position in its list (notes, entities), for messages such as "note 2: ..."
    values: dict[str, object] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    item_lines: dict[str, tuple[int, ...]] = field(default_factory=dict)


def line_of(node: Node) -> int:
    """1-based line of a node (front matter is composed with its file's line numbering)."""
    return node.start_mark.line + 1


def read_contributor_file(path: Path, display: str, skipped: str) -> tuple[str | None, list[Problem]]:
    """The text of an annotation file or sidecar, or None and the problem: a symlink, too large, not UTF-8."""
    if path.is_symlink():
        return None, [Problem(display, 0, f"is a symbolic link; replace it with the file itself ({skipped})")]
    try:
        size = path.stat().st_size
        if size > MAX_CONTRIBUTOR_FILE_BYTES:
            limit = f"{MAX_CONTRIBUTOR_FILE_BYTES:,}"
            return None, [Problem(display, 0, f"is {size:,} bytes, over the limit of {limit}; split it ({skipped})")]
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from error
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [
            Problem(display, line, f"not UTF-8 (byte {data[error.start]:#04x}); save the file as UTF-8 ({skipped})")
        ]


def compose_yaml(text: str, path: str, skipped: str = "the file was skipped") -> tuple[Node | None, list[Problem]]:
    """The node tree of `text`, or None and a problem naming the line of the syntax error or unsafe construct."""
    try:
        unsafe = find_unsafe_yaml(text, path, skipped)
        return (None, unsafe) if unsafe else (yaml.compose(text, Loader=yaml.SafeLoader), [])
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        code = error.character if isinstance(error.character, int) else ord(error.character)
        return None, [Problem(path, line, f"invalid YAML: control character U+{code:04X}; remove it ({skipped})")]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        message = (
            f"invalid YAML: {reason}; check the indentation and put values that contain ': ' or ' #' "
            f"in double quotes ({skipped})"
        )
        return None, [Problem(path, mark.line + 1 if mark else 1, message)]


def find_unsafe_yaml(text: str, path: str, skipped: str) -> list[Problem]:
    """The first anchor, alias, explicit tag or too-deep nesting in `text` (the parser's events, nothing built)."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            return [Problem(path, line, f"alias '*{event.anchor}' is not allowed; write the value out ({skipped})")]
        if getattr(event, "anchor", None):
            message = f"anchor '&{event.anchor}' is not allowed; write each value out, without '&' ({skipped})"
            return [Problem(path, line, message)]
        if getattr(event, "tag", None):
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            message = f"tag '{tag}' is not allowed; remove it and write plain values ({skipped})"
            return [Problem(path, line, message)]
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                message = f"nested more than {MAX_YAML_DEPTH} levels deep; the format needs at most 4 ({skipped})"
                return [Problem(path, line, message)]
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return []


def describe(node: Node) -> str:
    """How a wrong value is shown in a message: `'G'`, `2003 (YAML reads it as a number)`, `a list`."""
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "fields (a mapping)"
    if node.tag == STR_TAG:
        return f"'{node.value}'"
    if node.tag == NULL_TAG:
        return "nothing"
    kind = YAML_TYPE_NAMES.get(node.tag.rsplit(":", 1)[-1], "a value that is not text")
    return f"{node.value} (YAML reads it as {kind})"


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == NULL_TAG


def is_text(node: Node) -> bool:
    """A string, or an unquoted value YAML would guess to be a number, true/false or a date (kept as written)."""
    if not isinstance(node, ScalarNode):
        return False
    return node.tag == STR_TAG or (node.style is None and node.tag in IMPLICIT_TAGS)


def type_fix(node: Node) -> str:
    """The fix for a value of the wrong type: quoting for scalars YAML typed, text for collections."""
    return "put the value in double quotes" if isinstance(node, ScalarNode) else "write it as text"


def check_mapping_list(
    node: SequenceNode, fields: tuple[Field, ...], path: str, label: str, expected: str
) -> tuple[list[Checked], list[Problem]]:
    """Each item of a YAML list checked as a mapping of `fields`, numbered from 1 (`Checked.number`;
    messages start "`label` N: "); items that are not mappings are reported and left out."""
    checked, problems = [], []
    for number, item in enumerate(node.value, 1):
        where = f"{label} {number}: "
        if not isinstance(item, MappingNode):
            problems.append(Problem(path, line_of(item), f"{where}expected {expected}, got {describe(item)}"))
            continue
        mapping, found = check_mapping(item, fields, path, where)
        mapping.number = number
        problems.extend(found)
        checked.append(mapping)
    return checked, problems


def check_mapping(node: Node, fields: tuple[Field, ...], path: str, where: str = "") -> tuple[Checked, list[Problem]]:
    """Validate a mapping node field by field; `where` prefixes messages (e.g. "note 2: ")."""
    checked, problems = Checked(line_of(node)), []
    known = {f.name: f for f in fields}
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        name, line = str(key_node.value) if isinstance(key_node, ScalarNode) else "?", line_of(key_node)
        if name in seen:
            message = f"{where}duplicate field '{name}' (first on line {seen[name]}); keep only one"
            problems.append(Problem(path, line, message))
            continue
        seen[name] = line
        if name not in known:
            problems.append(unknown_field_problem(name, fields, path, line, where))
            continue
        checked.lines[name] = line
        if is_null(value_node) and not known[name].required:
            continue  # `summary:` left empty counts as absent
        problems.extend(check_value(known[name], value_node, checked, path, where))
    for f in fields:
        if f.required and f.name not in seen:
            message = f"{where}missing required field '{f.name}'; {f.hint}"
            problems.append(Problem(path, checked.line, message))
    return checked, problems


def unknown_field_problem(name: str, fields: tuple[Field, ...], path: str, line: int, where: str) -> Problem:
    """A warning: the field is ignored; suggest the closest known name, or list them all."""
    names = [f.name for f in fields]
    suggestion = format_did_you_mean(suggest_closest(name, names, limit=1))
    hint = suggestion or f"known fields: {', '.join(names)}"
    return Problem(path, line, f"{where}unknown field '{name}' (ignored); {hint}", Severity.WARNING)


def check_value(f: Field, node: Node, checked: Checked, path: str, where: str) -> list[Problem]:
    """Check one value against its field's kind; store it in `checked` when valid."""
    if f.kind is Kind.STRINGS:
        return check_strings(f, node, checked, path, where)
    if f.kind is Kind.NOTES:
        return check_notes(f, node, checked, path)
    label, line = f"{where}'{f.name}'", line_of(node)
    if f.kind is Kind.CHOICE:
        problem = choice_problem(f, node)
        if problem:
            return [Problem(path, line, f"{label}: {problem}")]
        checked.values[f.name] = int(node.value) if isinstance(f.choices[0], int) else node.value
        return []
    if f.kind is Kind.DATE:
        problem = date_problem(node)
        if problem:
            return [Problem(path, line, f"{label}: {problem}")]
        checked.values[f.name] = node.value
        return []
    if not is_text(node):
        if is_null(node):
            return [Problem(path, line, f"{label} is empty; {f.hint}")]
        return [Problem(path, line, f"{label}: expected text, got {describe(node)}; {type_fix(node)}")]
    if f.kind is Kind.REQUIRED_TEXT and not node.value.strip():
        return [Problem(path, line, f"{label} is empty; {f.hint}")]
    checked.values[f.name] = node.value
    return []


def choice_problem(f: Field, node: Node) -> str:
    """'' when the node is one of the field's choices, else what is wrong and how to fix it."""
    expected = f"expected one of {describe_choices(f)}, got {describe(node)}"
    if not isinstance(node, ScalarNode):
        return expected
    numeric = isinstance(f.choices[0], int)
    if numeric and node.tag == "tag:yaml.org,2002:int" and node.value.isdigit() and int(node.value) in f.choices:
        return ""
    if not numeric and is_text(node) and node.value in f.choices:
        return ""
    if numeric and is_text(node) and node.value.strip().isdecimal() and int(node.value) in f.choices:
        return f"{expected} (text); remove the quotes"
    if not numeric and is_text(node) and node.value.upper() in f.choices:
        return f"{expected}; write the capital letter"
    return expected


def date_problem(node: Node) -> str:
    """'' for a YYYY-MM-DD date (quoted or not), else the message."""
    if not isinstance(node, ScalarNode) or node.tag not in (STR_TAG, "tag:yaml.org,2002:timestamp"):
        return f"expected a date as YYYY-MM-DD, got {describe(node)}"
    if not re.fullmatch(DATE_PATTERN, node.value):
        return f"expected a date as YYYY-MM-DD, got '{node.value}'"
    try:
        datetime.date.fromisoformat(node.value)
    except ValueError:
        return f"expected a date as YYYY-MM-DD, got '{node.value}' (no such day)"
    return ""


def check_strings(f: Field, node: Node, checked: Checked, path: str, where: str) -> list[Problem]:
    """A list of non-empty strings; bad items are reported and left out."""
    label = f"{where}'{f.name}'"
    if not isinstance(node, SequenceNode):
        fix = "write [a, b] or one '- item' per line"
        return [Problem(path, line_of(node), f"{label}: expected a list of strings, got {describe(node)}; {fix}")]
    items, lines, problems = [], [], []
    for number, item in enumerate(node.value, 1):
        if not is_text(item):
            got = f"expected a string, got {describe(item)}; {type_fix(item)}"
            problems.append(Problem(path, line_of(item), f"{label} item {number}: {got}"))
        elif not item.value.strip():
            problems.append(Problem(path, line_of(item), f"{label} item {number} is empty; remove it"))
        else:
            items.append(item.value.strip())
            lines.append(line_of(item))
    checked.values[f.name] = tuple(items)
    checked.item_lines[f.name] = tuple(lines)
    return problems


def check_notes(f: Field, node: Node, checked: Checked, path: str) -> list[Problem]:
    """A list of note mappings; notes without a valid quote and note are reported and left out."""
    if not isinstance(node, SequenceNode):
        message = f"'{f.name}': expected a list of notes (each starting with '- quote:'), got {describe(node)}"
        return [Problem(path, line_of(node), message)]
    required = [n.name for n in NOTE_FIELDS if n.required]
    notes, problems = check_mapping_list(node, NOTE_FIELDS, path, "note", "fields 'quote:' and 'note:'")
    checked.values[f.name] = tuple(note for note in notes if all(name in note.values for name in required))
    return problems
