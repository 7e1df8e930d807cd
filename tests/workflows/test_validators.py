"""Every workflow passes GitHub's workflow schema and zizmor's offline audits (medium and up).

Each validator is also run on a deliberately broken workflow, so a tool that silently checks
nothing (wrong option, nothing collected) fails these tests instead of passing them.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.workflows.conftest import EXPECTED_WORKFLOWS, GITHUB, ROOT, WORKFLOW_FILES, tool

BROKEN_WORKFLOW = """\
name: broken
on: pull_request_target
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
"""


def check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess:
    # --builtin-schema uses the schema vendored in the package: nothing is downloaded.
    return subprocess.run(
        [tool("check-jsonschema"), "--no-cache", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def zizmor_findings(target: Path) -> tuple[int, list[dict]]:
    done = subprocess.run(
        [
            tool("zizmor"),
            "--offline",
            "--no-progress",
            "--format",
            "json",
            "--min-severity",
            "medium",
            str(target),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, json.loads(done.stdout)


def test_the_three_workflows_exist():
    assert [path.name for path in WORKFLOW_FILES] == EXPECTED_WORKFLOWS


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_workflow_matches_github_workflow_schema(path):
    result = check_jsonschema("vendor.github-workflows", path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dependabot_config_matches_its_schema():
    result = check_jsonschema("vendor.dependabot", GITHUB / "dependabot.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_checks_reject_broken_files(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(BROKEN_WORKFLOW.replace("runs-on", "runs_on"))
    assert check_jsonschema("vendor.github-workflows", broken).returncode == 1
    dependabot = tmp_path / "dependabot.yml"
    dependabot.write_text((GITHUB / "dependabot.yml").read_text().replace("default-days", "default-dayz"))
    assert check_jsonschema("vendor.dependabot", dependabot).returncode == 1


def test_zizmor_finds_nothing_at_medium_severity_or_above():
    code, findings = zizmor_findings(ROOT)
    summary = [
        (
            f["ident"],
            f["determinations"]["severity"],
            f["locations"][0]["symbolic"]["key"]["Local"]["verbatim_path"],
        )
        for f in findings
    ]
    assert summary == [] and code == 0


def test_zizmor_reports_a_broken_workflow(tmp_path):
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "broken.yml").write_text(BROKEN_WORKFLOW)
    code, findings = zizmor_findings(tmp_path)
    assert code != 0
    # The general rules this project relies on zizmor for (test_policy.py does not restate them).
    assert {"unpinned-uses", "template-injection", "dangerous-triggers", "artipacked"} <= {
        f["ident"] for f in findings
    }
