"""Child processes: every program the project starts has a deadline, and it and whatever it
started end with it.

`subprocess.run(..., timeout=...)` kills only the child on its deadline or on Ctrl-C: a program
that started its own helpers (gh runs git and a credential helper; a shell script runs anything)
leaves them running, holding our pipes. A SIGTERM (a cancelled CI job) killed the parent outright
and left the child behind. Here the child starts in its own session, so it and everything it
starts share one process group, and any exception while we wait (the deadline, KeyboardInterrupt,
generator.cli's SIGTERM turned into an exception) kills that whole group and reaps the child
before it propagates.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path


def run(
    argv: Sequence[str],
    *,
    timeout: float,
    stdin: str | None = None,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `argv` to the end within `timeout` seconds; return its exit code, stdout and stderr
    (text). Raises subprocess.TimeoutExpired after the deadline and FileNotFoundError for a
    missing program, as subprocess.run does; either way, and on any interruption, no process it
    started is left running."""
    process = subprocess.Popen(
        list(argv),
        stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env=None if env is None else dict(env),
        start_new_session=True,
    )
    try:
        out, err = process.communicate(stdin, timeout=timeout)
    except BaseException:  # the deadline, Ctrl-C, SIGTERM: nothing it started may outlive us
        stop(process)
        raise
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def stop(process: subprocess.Popen[str]) -> None:
    """Kill the process group `process` leads (it was started with start_new_session=True) and
    reap `process`. The group is killed before the leader is reaped, so its id cannot yet name
    another process's group."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:  # it and all it started have ended already
        pass
    except PermissionError:  # a member changed its user (setuid): kill what we may
        process.kill()
    process.wait()
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()
