"""The pull-request workflow's problem matcher reads check's messages as file, line, severity, message."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_problem_matcher_reads_check_messages() -> None:
    matcher = json.loads((ROOT / ".github" / "matchers" / "annotations-check.json").read_text(encoding="utf-8"))
    pattern = re.compile(matcher["problemMatcher"][0]["pattern"][0]["regexp"])
    error = pattern.match("annotations/a.md:7: 'reliability': expected one of A-F, got 'G'")
    assert error.groups() == ("annotations/a.md", "7", None, "'reliability': expected one of A-F, got 'G'")
    warning = pattern.match("annotations/a.md:5: warning: unknown field 'sumary' (ignored); did you mean 'summary'?")
    assert warning.group(3) == "warning"
    workflow = (ROOT / ".github" / "workflows" / "check-annotations.yml").read_text(encoding="utf-8")
    assert "::add-matcher::.github/matchers/annotations-check.json" in workflow
