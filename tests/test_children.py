"""generator/children.py with real processes: a deadline stops the child and all it started."""

from __future__ import annotations

import subprocess
import sys

import pytest

from generator import children
from tests.processes import ended
from tests.waiting import wait_until

# The child starts a helper that inherits its stdout, prints the helper's pid and exits at once:
# the pipe stays open as long as the helper lives, so only stopping the helper ends the wait.
LEAVES_A_HELPER = """
import subprocess, sys
helper = subprocess.Popen([sys.executable, "-c", "import signal; signal.pause()"])
print(helper.pid, flush=True)
"""
DEADLINE = 5
"""Seconds: far more than the child needs to start its helper and print its pid on a loaded
machine (the test needs that pid), and the test's length."""


def test_a_helper_left_holding_the_pipe_is_stopped_at_the_deadline(tmp_path):
    with pytest.raises(subprocess.TimeoutExpired) as expired:
        children.run([sys.executable, "-c", LEAVES_A_HELPER], timeout=DEADLINE)
    output = expired.value.output or b""
    helper = int(output.decode() if isinstance(output, bytes) else output)
    wait_until(lambda: ended(helper), 60, "the helper to end")


def test_a_quick_child_gives_its_code_output_and_errors():
    done = children.run(
        [
            sys.executable,
            "-c",
            "import sys; print(sys.stdin.read().upper());print('e', file=sys.stderr); sys.exit(3)",
        ],
        stdin="abc",
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (3, "ABC\n", "e\n")
