"""The link-check job's two shell steps, run by bash as GitHub runs them, on real git repositories.

`check-links` is replaced by a stand-in that exits with a chosen code (its own tests live with
the link checker); the push goes to a local bare repository instead of github.com.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.workflows.conftest import GITHUB, load_workflow, step_named

JOB = load_workflow(GITHUB / "workflows" / "link-check.yml")["jobs"]["check"]
CHECK_SCRIPT = step_named(JOB, "Check every link")["run"]
COMMIT_SCRIPT = step_named(JOB, "Commit catalog/link-state.json if it changed")["run"]
STATE = "catalog/link-state.json"
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
}


def run_step(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """As GitHub runs a `run:` step on Linux: `bash --noprofile --norc -eo pipefail FILE`."""
    file = cwd.parent / f"step-{abs(hash(script))}.sh"
    file.write_text(script)
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(file)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
    )


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, **GIT_IDENTITY},
    ).stdout.strip()


@pytest.mark.parametrize(("check_exit", "step_exit"), [(0, 0), (1, 0), (3, 3), (4, 4), (2, 2)])
def test_check_step_passes_only_0_and_1(tmp_path, check_exit, step_exit):
    work, runner_temp = tmp_path / "work", tmp_path / "runner-temp"
    (work / ".venv" / "bin").mkdir(parents=True)
    runner_temp.mkdir()
    fake = work / ".venv" / "bin" / "python"
    fake.write_text(f'#!/bin/sh\necho "args: $*"\necho "# Link report"\nexit {check_exit}\n')
    fake.chmod(0o755)
    summary = tmp_path / "summary.md"
    result = run_step(
        CHECK_SCRIPT, work, {"RUNNER_TEMP": str(runner_temp), "GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert result.returncode == step_exit, result.stdout + result.stderr
    report = (runner_temp / "link-report.md").read_text()
    assert report.startswith("args: -m generator check-links --state catalog/link-state.json --format markdown")
    assert summary.read_text() == report
    assert ("::error::check-links verified nothing (exit 4)" in result.stdout) == (check_exit == 4)


@pytest.fixture
def repos(tmp_path):
    """A bare 'origin' with main holding a state file, and a clone of it as the runner's checkout."""
    origin, seed, work = tmp_path / "origin.git", tmp_path / "seed", tmp_path / "work"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(origin))
    git(tmp_path, "init", "--quiet", "--initial-branch=main", str(seed))
    (seed / "catalog").mkdir()
    (seed / STATE).write_text('{"run": 1}\n')
    (seed / "README.md").write_text("readme\n")
    git(seed, "add", ".")
    git(seed, "commit", "--quiet", "-m", "seed")
    git(seed, "push", "--quiet", str(origin), "main")
    git(tmp_path, "clone", "--quiet", "--depth", "1", f"file://{origin}", str(work))
    return origin, seed, work


def commit_step(work: Path, origin: Path, tmp_path: Path) -> tuple[subprocess.CompletedProcess, str]:
    output = tmp_path / "github-output"
    output.write_text("")
    result = run_step(
        COMMIT_SCRIPT,
        work,
        {"GH_TOKEN": "not-a-token", "PUSH_URL": f"file://{origin}", "GITHUB_OUTPUT": str(output)},
    )
    return result, output.read_text()


def test_a_changed_state_is_committed_alone_and_pushed(repos, tmp_path):
    origin, _, work = repos
    (work / STATE).write_text('{"run": 2}\n')
    (work / "README.md").write_text("a stray change the job must not commit\n")
    result, output = commit_step(work, origin, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    head = git(origin, "rev-parse", "main")
    assert output == f"sha={head}\n"
    assert git(origin, "show", "--name-only", "--format=%s|%an", "main").splitlines() == [
        f"Link check: update {STATE}|github-actions[bot]",
        "",
        STATE,
    ]
    assert git(origin, "show", f"main:{STATE}") == '{"run": 2}'


def test_an_unchanged_state_commits_nothing(repos, tmp_path):
    origin, _, work = repos
    before = git(origin, "rev-parse", "main")
    result, output = commit_step(work, origin, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "unchanged: nothing to commit" in result.stdout
    assert output == "" and git(origin, "rev-parse", "main") == before


def test_a_push_to_main_during_the_check_is_kept(repos, tmp_path):
    origin, seed, work = repos
    (seed / "README.md").write_text("edited by a maintainer meanwhile\n")
    git(seed, "commit", "--quiet", "-am", "meanwhile")
    git(seed, "push", "--quiet", str(origin), "main")
    (work / STATE).write_text('{"run": 2}\n')
    result, output = commit_step(work, origin, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert git(origin, "log", "--format=%s", "main").splitlines() == [
        f"Link check: update {STATE}",
        "meanwhile",
        "seed",
    ]
    assert output == f"sha={git(origin, 'rev-parse', 'main')}\n"
