"""A fake `gh` first on PATH, a link state file in the contract's format, and a runner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.running import run_generator

FAKE_GH_SOURCE = Path(__file__).with_name("fake_gh.py")
REPORT = "# Link check\n\n## Dead\n\n- https://pan.baidu.com/s/1dead (share cancelled)\n"


@dataclass
class GhWorld:
    """The fake GitHub: its call log, its issues, and the command run against it."""

    root: Path
    env: dict[str, str]

    @property
    def state(self) -> Path:
        return self.root / "link-state.json"

    @property
    def report(self) -> Path:
        return self.root / "report.md"

    def calls(self) -> list[dict]:
        log = self.root / "gh" / "calls.jsonl"
        return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []

    def commands(self) -> list[list[str]]:
        """Each call's first two words (e.g. ["issue", "create"])."""
        return [call["argv"][:2] for call in self.calls()]

    def issues(self) -> list[dict]:
        path = self.root / "gh" / "issues.json"
        return json.loads(path.read_text()) if path.exists() else []

    def add_issue(self, number: int, title: str, labels=("link-rot",), state="open") -> None:
        issues = [
            *self.issues(),
            {"number": number, "title": title, "body": "old body", "labels": list(labels), "state": state},
        ]
        (self.root / "gh" / "issues.json").write_text(json.dumps(issues))

    def fail_on(self, prefix: str) -> None:
        (self.root / "gh" / "fail").write_text(prefix)

    def write_state(self, links: dict[str, dict]) -> None:
        write_state(self.state, links)

    def run(self, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """`link-issue` on this world's state and report, with the fake gh first on PATH."""
        return run_generator(
            "link-issue",
            "--state",
            str(self.state),
            "--report",
            str(self.report),
            *extra,
            env=env or self.env,
            timeout=60,
        )


@pytest.fixture
def gh_world(tmp_path: Path) -> GhWorld:
    bin_dir, gh_dir = tmp_path / "bin", tmp_path / "gh"
    bin_dir.mkdir()
    gh_dir.mkdir()
    fake = bin_dir / "gh"
    fake.write_text(f"#!{sys.executable}\n{FAKE_GH_SOURCE.read_text()}")
    fake.chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "FAKE_GH_DIR": str(gh_dir),
    }
    world = GhWorld(tmp_path, env)
    world.report.write_text(REPORT, encoding="utf-8")
    return world


def record(verdict: str = "ok", consecutive_dead: int = 0, dead_after_runs: int = 2, **extra) -> dict:
    """One link's record as check-links writes it (the format generator/links/state/file.py documents)."""
    dead = verdict == "dead"
    base = {
        "verdict": verdict,
        "reason": "baidu_share_cancelled" if dead else "baidu_needs_code",
        "detail": "啊哦，你来晚了，分享的文件已经被取消了" if dead else "share asks for its extraction code",
        "http_status": 200,
        "since": "2026-11-17T06:00:00Z",
        "last_checked": "2026-11-24T06:00:00Z",
        "last_ok": "2026-11-10T06:00:00Z" if dead else "2026-11-24T06:00:00Z",
        "consecutive_dead": consecutive_dead,
        "confirmed_dead": consecutive_dead >= dead_after_runs,
    }
    return {**base, **extra}


def write_state(path: Path, links: dict[str, dict], dead_after_runs: int = 2) -> None:
    document = {
        "format_version": 1,
        "updated_at": "2026-11-24T06:00:00Z",
        "dead_after_runs": dead_after_runs,
        "links": dict(sorted(links.items())),
    }
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
