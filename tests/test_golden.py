"""Golden tests: raw input -> expected articles and line verdicts, one folder per behaviour.

Each folder of tests/golden/pipeline/ holds `input.txt`, the articles the pipeline must produce
(`articles.yml`: front matter and body text) and every line's verdict (`verdicts.txt`). Run with
UPDATE_GOLDEN=1 to rewrite the expectations after an intended change, then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from archive.clean import clean_page
from archive.explain import format_line
from archive.load import load_raw_pages
from archive.metadata import extract_articles
from archive.repeats import count_repeats
from archive.settings import Thresholds
from archive.split import split_page

GOLDEN = Path(__file__).parent / "golden" / "pipeline"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "input.txt").exists())
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


class LiteralDumper(yaml.SafeDumper):
    """Multi-line strings as YAML literal blocks, so body text diffs line by line."""


LiteralDumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None),
)


def run_case(case: str) -> tuple[str, str]:
    thresholds = Thresholds()
    folder = GOLDEN / case
    pages, problems = load_raw_pages(folder, [folder / "input.txt"])
    assert not problems
    clean = split_page(clean_page(pages[0], count_repeats(pages, thresholds), thresholds), thresholds)
    articles = [{**a.front_matter(), "text": a.text} for a in extract_articles(clean)]
    articles_yml = yaml.dump(articles, Dumper=LiteralDumper, allow_unicode=True, sort_keys=True, width=1000)
    verdicts = "".join(
        format_line(line.number, line.role.value, line.reason, line.text.strip(), 0).rstrip() + "\n"
        for line in clean.lines
    )
    return articles_yml, verdicts


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str) -> None:
    articles_yml, verdicts = run_case(case)
    expected_articles, expected_verdicts = GOLDEN / case / "articles.yml", GOLDEN / case / "verdicts.txt"
    if UPDATE:
        expected_articles.write_text(articles_yml, encoding="utf-8")
        expected_verdicts.write_text(verdicts, encoding="utf-8")
    assert articles_yml == expected_articles.read_text(encoding="utf-8")
    assert verdicts == expected_verdicts.read_text(encoding="utf-8")


def test_golden_cases_exist() -> None:
    assert len(CASES) >= 8
