"""`gh` and whatever it starts end when link-issue stops waiting for it: at the deadline, on
Ctrl-C, on SIGTERM (a cancelled CI job). The fake gh hangs and starts a helper of its own that
holds its stdout, as gh's git or credential helper would (generator/children.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.links.issue.conftest import GhWorld, record
from tests.processes import ended
from tests.waiting import wait_until

DEAD = "https://pan.baidu.com/s/1dead"


# A command started from a non-interactive shell's background job (`make test &`, nohup)
# inherits SIGINT (and SIGHUP) ignored, and Python then installs no KeyboardInterrupt handler:
# the command under test gets them as a terminal gives them.
AS_FROM_A_TERMINAL = (
    "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "signal.signal(signal.SIGHUP, signal.SIG_DFL); "
    "sys.argv[0] = 'generator'; runpy.run_module('generator', run_name='__main__')"
)


@pytest.fixture
def hanging(gh_world: GhWorld) -> Iterator[GhWorld]:
    """gh_world whose gh hangs; whatever it left running is killed after the test, pass or fail."""
    gh_world.write_state({DEAD: record("dead", 2)})
    (gh_world.root / "gh" / "hang").write_text("")
    yield gh_world
    path = gh_world.root / "gh" / "pids"
    for pid in (int(pid) for pid in path.read_text().split()) if path.exists() else ():
        if not ended(pid):
            os.kill(pid, signal.SIGKILL)


def pids(world: GhWorld) -> list[int]:
    """The hanging gh's pid and its helper's, once gh has written both."""
    path = world.root / "gh" / "pids"
    wait_until(path.exists, 60, "the fake gh to start its helper and write their pids")
    return [int(pid) for pid in path.read_text().split()]


def test_gh_past_its_deadline_is_stopped_with_everything_it_started(hanging):
    gh_world = hanging
    # 5 s: the fake gh (a Python script) must have started its helper and written both pids
    # before the deadline, on a loaded machine too.
    result = gh_world.run("--gh-timeout", "5")
    assert result.returncode == 5, result.stderr
    assert "gave no answer within 5 s" in result.stderr and "Traceback" not in result.stderr
    gh, helper = pids(gh_world)
    wait_until(lambda: ended(gh) and ended(helper), 60, "gh and its helper to end")  # SIGKILL lands


@pytest.mark.parametrize(
    "interrupt", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["ctrl-c", "sigterm", "hangup"]
)
def test_an_interrupted_link_issue_stops_gh_and_everything_it_started(hanging, interrupt):
    gh_world = hanging
    argv = [
        sys.executable,
        "-c",
        AS_FROM_A_TERMINAL,
        "link-issue",
        "--state",
        str(gh_world.state),
        "--report",
        str(gh_world.report),
    ]
    # `with` closes the pipes whatever happens: an unclosed pipe's ResourceWarning would fail
    # whichever later test the garbage collector runs in.
    with subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=gh_world.env
    ) as command:
        try:
            gh, helper = pids(gh_world)
            command.send_signal(interrupt)
            _, err = command.communicate(timeout=60)
        finally:
            command.kill()
    assert command.returncode == 130, err
    assert err.endswith("error: interrupted; the link-rot issue was not updated\n") and "Traceback" not in err
    wait_until(lambda: ended(gh) and ended(helper), 60, "gh and its helper to end")
