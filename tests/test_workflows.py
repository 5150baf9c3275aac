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
    entities = pattern.match("entities.yml:12: 'Soleimani' of 'B' is also a spelling of 'A' (line 1); keep it in one")
    assert entities.group(1, 2) == ("entities.yml", "12")
    workflow = (ROOT / ".github" / "workflows" / "check-annotations.yml").read_text(encoding="utf-8")
    assert "::add-matcher::.github/matchers/annotations-check.json" in workflow
    assert '- "entities.yml"' in workflow


def test_pages_workflow_builds_pull_requests_and_deploys_main_only() -> None:
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "pull_request" in triggers
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    commands = [step.get("run", "") for step in build["steps"]]
    site = next(i for i, c in enumerate(commands) if "mkdocs build --strict -d site" in c and "offline" not in c)
    offline = next(i for i, c in enumerate(commands) if "mkdocs build --strict -d site-offline" in c)
    zipped = next(i for i, c in enumerate(commands) if "build_archive.py offline-zip" in c)
    assert build["steps"][offline]["env"]["OFFLINE"] == "true"
    assert site < offline < zipped and "--out site/downloads/annotated-archive-offline.zip" in commands[zipped]
    upload = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    assert deploy["needs"] == "build" and deploy["if"] == "github.event_name != 'pull_request'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["permissions"] == {"contents": "read"}  # pull requests never get a token that can deploy


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
