"""Every action keeps its version in a comment beside its pin, and one action has one pin.

That actions are pinned to a full commit SHA at all is zizmor's `unpinned-uses` audit
(test_validators.py). These are this project's own rules: Dependabot reads the version comment
to propose updates, and the same action pinned twice would drift.
"""

from __future__ import annotations

import re

import pytest

from tests.workflows.conftest import WORKFLOW_FILES, load_workflow

PINNED = re.compile(
    r"^\s*(?:-\s+)?uses:\s+(?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40})"
    r"\s+#\s+(?P<version>v\d+(?:\.\d+){0,2})\s*$"
)
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s")


def every_uses(workflow: dict) -> list[str]:
    """Each `uses:` value, of steps and of jobs calling reusable workflows."""
    found = []
    for job in workflow["jobs"].values():
        found += [job["uses"]] if "uses" in job else []
        found += [step["uses"] for step in job.get("steps", []) if "uses" in step]
    return found


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_every_remote_action_carries_its_version_beside_its_pin(path):
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if USES_LINE.match(line)]
    remote = [line for line in lines if "uses: ./" not in line]
    unpinned = [line.strip() for line in remote if not PINNED.match(line)]
    assert unpinned == []
    # The line scan saw every `uses:` the YAML holds (none hides in a flow mapping or a quote).
    assert len(lines) == len(every_uses(load_workflow(path)))


def test_one_action_has_one_pin_across_workflows():
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in WORKFLOW_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if match := PINNED.match(line):
                pins.setdefault(match["action"], set()).add((match["sha"], match["version"]))
    assert {action: len(versions) for action, versions in pins.items() if len(versions) > 1} == {}
    assert {
        "actions/checkout",
        "actions/setup-python",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    } <= set(pins)


@pytest.mark.parametrize(
    "line",
    [
        "      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8",
        "      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # latest",
    ],
)
def test_the_rule_rejects_a_pin_without_its_version(line):
    assert not PINNED.match(line)
