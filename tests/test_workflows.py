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


WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PULL_REQUEST_CODE_EVENTS = {"pull_request_target", "workflow_run"}
"""Events that run with the base repository's credentials while acting on a pull request's code."""


def load_workflow(path: Path) -> dict:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_no_workflow_gives_pull_request_code_the_repository_credentials() -> None:
    assert WORKFLOWS
    for path in WORKFLOWS:
        events = set(load_workflow(path)["on"])
        assert not events & PULL_REQUEST_CODE_EVENTS, f"{path.name}: {events & PULL_REQUEST_CODE_EVENTS}"


def test_the_pull_request_check_runs_without_credentials() -> None:
    path = ROOT / ".github" / "workflows" / "check-annotations.yml"
    workflow = load_workflow(path)
    assert set(workflow["on"]) == {"pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    text = path.read_text(encoding="utf-8")
    assert "secrets" not in re.sub(r"#.*", "", text) and "github.token" not in text
    assert "${{ github.event" not in text  # no pull request title or branch name pasted into a shell
    for job in workflow["jobs"].values():
        assert "permissions" not in job
        checkouts = [step for step in job["steps"] if str(step.get("uses", "")).startswith("actions/checkout")]
        assert checkouts and all(step.get("with", {}).get("persist-credentials") is False for step in checkouts)
