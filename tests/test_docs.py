"""Docs are tested: every threshold is explained in docs/algorithm.md, every command in the README."""

import dataclasses
import re
from pathlib import Path

from archive.cli import COMMANDS, make_parser
from archive.settings import Thresholds

ROOT = Path(__file__).parent.parent


def test_every_threshold_is_documented_with_its_default() -> None:
    text = (ROOT / "docs" / "algorithm.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \| ([\d.]+) \|", text, re.M))
    defaults = {f.name: f.default for f in dataclasses.fields(Thresholds)}
    assert rows.keys() == defaults.keys()
    assert {name: float(value) for name, value in rows.items()} == {k: float(v) for k, v in defaults.items()}


def test_every_command_and_option_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = make_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command").choices
    for command in COMMANDS:
        assert f"build_archive.py {command}" in readme or f"build_archive.py [{command}]" in readme
        for action in subparsers[command]._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert option in readme, f"{command} {option} is not documented in README.md"
