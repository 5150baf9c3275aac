"""Stage annotations: read the analysts' files from annotations/, validate them, collect every problem.

An annotation file is Markdown with YAML front matter (fields: archive/annotation_schema.py, format:
annotations/README.md). The front matter is validated node by node so that each problem names its line;
the Markdown body is the analyst's commentary on the whole article. `write_new_annotation` writes a
ready-to-fill file for one article (the `new-annotation` command).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from pathlib import Path

from yaml.nodes import MappingNode

from .annotation_schema import CREDIBILITY_LABELS, FRONT_MATTER_FIELDS, RELIABILITY_LABELS
from .model import AnnotationFile, Article, InputError, Note, Problem, Severity, UsageError
from .settings import Settings
from .suggest import format_did_you_mean, suggest_closest
from .yamlcheck import Checked, check_mapping, compose_yaml, describe, line_of, read_contributor_file

TEMPLATE_NOTE = "Replace this sample note with your comment on the quoted passage, or delete the note."
"""The sample note of `new-annotation` files; `check` warns while it is still there (so --strict CI fails)."""

TEMPLATE_QUOTE_MAX_CHARS = 160
"""The template's sample quote is the article's first sentence, cut at a word boundary if longer than this."""

TEMPLATE_COMMENT_WIDTH = 100
"""Comment lines of the template are wrapped at this width."""

FRONT_MATTER_MARKERS = ("---", "...")
NO_FRONT_MATTER = (
    "no front matter; start the file with a '---' line, then 'article: <article id>', then a closing '---' line"
)
NOT_CLOSED = "front matter is not closed; add a '---' line after the last field"
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
SENTENCE_END = re.compile(r"(?:(?<!\b[A-Z])[.!?]|…)[\"”’)\]]*(?=\s+[\"“‘'(]?[A-Z])")


# --- loading -------------------------------------------------------------------------------------


def load_annotations(
    annotations_dir: Path, parse: AnnotationParser | None = None
) -> tuple[list[AnnotationFile], list[Problem]]:
    """Parse every `*.md` of the directory except README.md, in name order; a missing directory has none.

    `parse` replaces `parse_annotation` (archive.cache remembers its results between `mkdocs serve` builds).
    """
    parse = parse or parse_annotation
    if not annotations_dir.exists():
        return [], []
    if not annotations_dir.is_dir():
        raise InputError(f"{annotations_dir}: not a directory (expected the annotation files; use --annotations DIR)")
    files, problems = [], []
    for path in find_annotation_files(annotations_dir):
        text, unreadable = read_contributor_file(path, path.as_posix(), "the file was skipped")
        if text is None:
            problems.extend(unreadable)
            continue
        record, found = parse(text, path.as_posix())
        problems.extend(found)
        if record is not None:
            files.append(record)
    return files, problems + find_misnamed_files(annotations_dir)


AnnotationParser = Callable[[str, str], tuple[AnnotationFile | None, list[Problem]]]
"""parse_annotation, or a function giving the same results."""


def find_annotation_files(annotations_dir: Path) -> list[Path]:
    """The annotation files: `*.md` directly in the directory, README.md excluded, sorted by name."""
    found = [
        p for p in annotations_dir.glob("*.md") if (p.is_file() or p.is_symlink()) and p.name.lower() != "readme.md"
    ]
    return sorted(found, key=lambda p: p.name)


def find_misnamed_files(annotations_dir: Path) -> list[Problem]:
    """Warn about YAML files, which the loader would otherwise ignore without a word."""
    problems = []
    for path in sorted(annotations_dir.glob("*.y*ml"), key=lambda p: p.name):
        if path.suffix in (".yml", ".yaml"):
            fix = f"rename it to {path.stem}.md and put its fields between two '---' lines (the file was ignored)"
            problems.append(Problem(path.as_posix(), 0, f"annotation files are Markdown; {fix}", Severity.WARNING))
    return problems


def parse_annotation(text: str, path: str) -> tuple[AnnotationFile | None, list[Problem]]:
    """One file's record (None when it cannot be used) and all the problems found in it."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[0].strip() != "---":
        return None, [Problem(path, 1, NO_FRONT_MATTER)]
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in FRONT_MATTER_MARKERS), 0)
    if not end:
        return None, [Problem(path, 1, NOT_CLOSED)]
    # a blank first line stands in for the opening '---', so YAML line numbers are file line numbers
    node, problems = compose_yaml("\n".join(["", *lines[1:end]]), path)
    if problems:
        return None, problems
    if node is None:
        hint = "add 'article: <article id>' (the id is on the article page and in corpus.jsonl)"
        return None, [Problem(path, 1, f"missing required field 'article'; {hint}")]
    if not isinstance(node, MappingNode):
        message = f"the front matter must be fields such as 'article: <article id>', got {describe(node)}"
        return None, [Problem(path, line_of(node), message)]
    checked, problems = check_mapping(node, FRONT_MATTER_FIELDS, path)
    problems = sorted(problems + find_template_leftovers(checked, path), key=lambda p: p.line)
    if "article" not in checked.values:
        return None, problems
    return build_annotation_file(checked, "\n".join(lines[end + 1 :]), path), problems


def find_template_leftovers(checked: Checked, path: str) -> list[Problem]:
    """Warn about sample notes of `new-annotation` that were never replaced."""
    problems = []
    for note in checked.values.get("notes", ()):
        if str(note.values["note"]).strip() == TEMPLATE_NOTE:
            message = (
                f"note {note.number}: 'note' is still the template's sample text; "
                "write your comment on the quoted passage, or delete the note"
            )
            problems.append(Problem(path, note.lines["note"], message, Severity.WARNING))
    return problems


def build_annotation_file(checked: Checked, body: str, path: str) -> AnnotationFile:
    """The record of a validated file; notes inherit the file's analyst and date."""
    values = checked.values
    analyst, date = str(values.get("analyst", "")).strip(), str(values.get("date", ""))
    return AnnotationFile(
        path=path,
        article=str(values["article"]).strip(),
        analyst=analyst,
        date=date,
        summary=str(values.get("summary", "")).strip(),
        tags=values.get("tags", ()),
        reliability=str(values.get("reliability", "")),
        credibility=int(values.get("credibility", 0)),
        rationale=str(values.get("rationale", "")).strip(),
        related=values.get("related", ()),
        notes=tuple(build_note(note, path, analyst, date) for note in values.get("notes", ())),
        commentary=HTML_COMMENT.sub("", body).strip(),
        article_line=checked.lines["article"],
        related_lines=checked.item_lines.get("related", ()),
    )


def build_note(checked: Checked, path: str, analyst: str, date: str) -> Note:
    values = checked.values
    return Note(
        quote=str(values["quote"]).strip(),
        note=str(values["note"]).strip(),
        source=path,
        line=checked.lines["quote"],
        prefix=str(values.get("prefix", "")).strip(),
        suffix=str(values.get("suffix", "")).strip(),
        analyst=str(values.get("analyst", "")).strip() or analyst,
        date=str(values.get("date", "")) or date,
        tags=values.get("tags", ()),
    )


# --- the new-annotation template -----------------------------------------------------------------


def write_new_annotation(settings: Settings, article_id: str, analyst: str = "", force: bool = False) -> Path:
    """Write annotations/<id>.md, ready to fill in; refuse to overwrite unless `force`."""
    article = find_article(load_articles(settings), article_id, settings.raw_dir)
    path = settings.annotations_dir / f"{article.id}.md"
    if path.exists() and not force:
        raise UsageError(
            f"{path.as_posix()} already exists; edit it, or run again with --force to replace it with a new template"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_annotation_template(article, analyst, datetime.date.today()), encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: cannot write ({error.strerror})") from error
    return path


def load_articles(settings: Settings) -> tuple[Article, ...]:
    """The corpus's articles (imported lazily: the template needs the whole pipeline, loading does not)."""
    from .pipeline import build_corpus

    return build_corpus(settings).articles


def find_article(articles: tuple[Article, ...] | list[Article], article_id: str, raw_dir: Path) -> Article:
    """The article with this id, or a UsageError suggesting the closest ids."""
    for article in articles:
        if article.id == article_id:
            return article
    if not articles:
        raise UsageError(f"unknown article id '{article_id}': no articles found in {raw_dir} (use --raw DIR)")
    suggestion = format_did_you_mean(suggest_closest(article_id, [a.id for a in articles]))
    where = "article ids are listed in corpus.jsonl and on each article page"
    separator = f"; {suggestion} " if suggestion else " "
    raise UsageError(f"unknown article id '{article_id}'{separator}({where})")


def render_annotation_template(article: Article, analyst: str, today: datetime.date) -> str:
    """A file that passes `check` untouched (its sample quote is the first sentence) but says what to fill in."""
    quote = pick_sample_quote(article.text)
    notes = [f"  - quote: {yaml_text(quote)}", f"    note: {yaml_text(TEMPLATE_NOTE)}"] if quote else []
    lines = [
        "---",
        "# yaml-language-server: $schema=schema.json",
        "# Every field is explained in annotations/README.md. Check this file: python build_archive.py check",
        f"article: {article.id}  # {' '.join(article.title.split())}",
        f"analyst: {yaml_text(analyst)}",
        f"date: {today.isoformat()}",
        'summary: ""  # one or two sentences: what the article says and why it matters',
        "tags: []",
        "# Admiralty rating of the source and the information: uncomment, pick one value each, explain why.",
        *comment_scale("reliability of the source", "ABCDEF", RELIABILITY_LABELS),
        "# reliability: C",
        *comment_scale("credibility of the information", "123456", CREDIBILITY_LABELS),
        "# credibility: 3",
        '# rationale: ""',
        "# related: []  # ids of related articles",
        "notes:  # each note: the exact passage ('quote') and your comment ('note')" if notes else "notes: []",
        *notes,
        "---",
        "",
        "<!-- Your commentary on the whole article (Markdown) goes below; this comment is not shown. -->",
        "",
    ]
    return "\n".join(lines)


def comment_scale(title: str, values: str, labels: tuple[str, ...]) -> list[str]:
    """The Admiralty scale as YAML comment lines, wrapped between items (never inside one)."""
    lines, line = [], f"# {title}:"
    for value, label in zip(values, labels):
        item = f" {value} {label}"
        if len(line) + len(item) + 1 > TEMPLATE_COMMENT_WIDTH:
            lines.append(line + ",")
            line = "#  " + item
        else:
            line += ("," if not line.endswith(":") else "") + item
    return [*lines, line]


def pick_sample_quote(text: str) -> str:
    """The first sentence of the text (shortened at a word if long), or the first paragraph if that repeats."""
    first = text.split("\n\n", 1)[0].strip()
    match = SENTENCE_END.search(first)
    sentence = first[: match.end()] if match else first
    cut = sentence.rfind(" ", 0, TEMPLATE_QUOTE_MAX_CHARS)
    if len(sentence) > TEMPLATE_QUOTE_MAX_CHARS and cut > 0:
        sentence = sentence[:cut].rstrip(" ,;:")
    occurs_again = text.find(sentence, text.find(sentence) + 1) != -1  # overlapping repeats count too
    return first if occurs_again else sentence


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML; line separators escaped)."""
    return json.dumps(value, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
