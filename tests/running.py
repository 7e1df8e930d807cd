"""The command line as a user runs it: `python -m generator ...` in a real subprocess.

Every test that runs the CLI uses `run_generator` (through the `cli` fixture of tests/conftest.py
where it can), so the way a command is started is written once: text output captured, a
deadline, the repository as working folder, and no proxy from the environment (tests never
reach the internet; a link test that wants its loopback proxy passes HTTP_PROXY in `env`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
"""Removed from a command's environment, in either case."""


def run_generator(
    *args: str, env: Mapping[str, str] | None = None, cwd: Path = ROOT, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS`; `env` adds to (or replaces entries of) this environment."""
    environment = {k: v for k, v in os.environ.items() if k.upper() not in PROXY_VARIABLES}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=cwd,
        timeout=timeout,
    )


def proxy_env(proxy_url: str) -> dict[str, str]:
    """The environment that sends a command's plain-http requests through a loopback proxy."""
    return {"HTTP_PROXY": proxy_url, "http_proxy": proxy_url, "NO_PROXY": "", "no_proxy": ""}


Cli = Callable[..., subprocess.CompletedProcess[str]]
"""The `cli` fixture's type: run_generator."""
