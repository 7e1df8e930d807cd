"""`python -m generator check-links` as the link tests run it (tests/running.py starts it): short
waits, no proxy from the environment, and the loopback proxy when a test gives one."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.running import ROOT, proxy_env, run_generator

FAST = (
    "--timeout",
    "5",
    "--retries",
    "1",
    "--backoff",
    "0.01",
    "--retry-after-cap",
    "0.05",
    "--interval",
    "0",
    "--per-host",
    "4",
    "--code-interval",
    "0",
)
"""check-links' options for small waits: every run against the loopback server ends in seconds."""


def check_links(
    *args: str, proxy_url: str | None = None, cwd: Path = ROOT, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return run_generator(
        "check-links", *FAST, *args, env=proxy_env(proxy_url) if proxy_url else None, cwd=cwd, timeout=timeout
    )


def write_urls(tmp_path: Path, *lines: str) -> Path:
    """A --urls file holding `lines`."""
    path = tmp_path / "urls.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
