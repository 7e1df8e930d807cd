"""The repository's GitHub workflows, parsed, and the tools that check them."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
GITHUB = ROOT / ".github"
WORKFLOW_FILES = sorted((GITHUB / "workflows").glob("*.yml"))
EXPECTED_WORKFLOWS = ["ci.yml", "link-check.yml", "pages.yml"]


def tool(name: str) -> str:
    """A dev dependency's executable: beside the running Python (.venv/bin), else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is not installed: run `make test` (it installs the dev extra)"
    return found


def load_workflow(path: Path) -> dict:
    """The workflow as data, with `on:` under "on" (YAML 1.1 reads a bare `on` as True)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def step_named(job: dict, name: str) -> dict:
    matches = [step for step in job["steps"] if step.get("name") == name]
    assert len(matches) == 1, f"expected one step named {name!r}"
    return matches[0]


@pytest.fixture(scope="session")
def workflows() -> dict[str, dict]:
    return {path.name: load_workflow(path) for path in WORKFLOW_FILES}
