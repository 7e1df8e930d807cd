"""What the repository must never hold: generated output and caches. `.gitignore` keeps them
out of an ordinary `git add`; this keeps out a forced one (`git add -f`), which a pull request
could use to plant a cache that the checks would then trust (generator/catalog/schema_check.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

NEVER_COMMITTED = (".cache/", "site/", ".venv/", "docs/.generated.")
"""Prefixes of paths that are derived or private; docs/generated/ keeps only its .gitignore."""


def tracked_files() -> list[str]:
    if shutil.which("git") is None or not (REPO_ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    result = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO_ROOT, capture_output=True, timeout=60, check=True
    )
    return [p for p in result.stdout.decode().split("\0") if p]


def test_no_cache_or_generated_output_is_tracked():
    files = tracked_files()
    assert files, "git ls-files listed nothing"
    assert [f for f in files if f.startswith(NEVER_COMMITTED)] == []
    assert [f for f in files if f.startswith("docs/generated/")] == ["docs/generated/.gitignore"]


def test_the_licence_file_is_the_licence_pyproject_declares():
    import tomllib

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "Apache-2.0" and project["license-files"] == ["LICENSE"]
    text = (REPO_ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.split()[:4] == ["Apache", "License", "Version", "2.0,"]
    assert "END OF TERMS AND CONDITIONS" in text


def test_ruff_checks_every_tracked_python_file():
    """The lint covers the whole tree: an exclude that matches too much (a bare "site" once
    matched generator/site/ and tests/site/) would leave a folder unchecked."""
    tracked = {f for f in tracked_files() if f.endswith(".py")}
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--show-files", "."],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    checked = {
        Path(line).relative_to(REPO_ROOT).as_posix()
        for line in result.stdout.splitlines()
        if line.endswith(".py")
    }
    assert tracked and sorted(tracked - checked) == []
