"""`gh` and whatever it starts end when link-issue stops waiting for it: at the deadline, on
Ctrl-C, on SIGTERM (a cancelled CI job). The fake gh hangs and starts a helper of its own that
holds its stdout, as gh's git or credential helper would (generator/children.py)."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from tests.links.issue.conftest import GhWorld, record
from tests.processes import ended
from tests.waiting import wait_until

DEAD = "https://pan.baidu.com/s/1dead"


def hanging(world: GhWorld) -> GhWorld:
    world.write_state({DEAD: record("dead", 2)})
    (world.root / "gh" / "hang").write_text("")
    return world


def pids(world: GhWorld) -> list[int]:
    """The hanging gh's pid and its helper's, once gh has written both."""
    path = world.root / "gh" / "pids"
    wait_until(path.exists, 60, "the fake gh to start its helper and write their pids")
    return [int(pid) for pid in path.read_text().split()]


def test_gh_past_its_deadline_is_stopped_with_everything_it_started(gh_world):
    result = hanging(gh_world).run("--gh-timeout", "1")
    assert result.returncode == 5, result.stderr
    assert "gave no answer within 1 s" in result.stderr and "Traceback" not in result.stderr
    gh, helper = pids(gh_world)
    assert ended(gh) and ended(helper)


@pytest.mark.parametrize("interrupt", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_link_issue_stops_gh_and_everything_it_started(gh_world, interrupt):
    hanging(gh_world)
    argv = [sys.executable, "-m", "generator", "link-issue", "--state", str(gh_world.state),
            "--report", str(gh_world.report)]
    command = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=gh_world.env)
    try:
        gh, helper = pids(gh_world)
        command.send_signal(interrupt)
        _, err = command.communicate(timeout=60)
    finally:
        command.kill()
        command.wait()
    assert command.returncode == 130, err
    assert err.endswith("error: interrupted; the link-rot issue was not updated\n") and "Traceback" not in err
    wait_until(lambda: ended(gh) and ended(helper), 60, "gh and its helper to end")
