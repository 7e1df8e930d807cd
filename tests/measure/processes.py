"""`python -m generator measure` as a process the tests can watch and kill: its stderr lines as
they come, and its descendants (the fork server, the resource tracker and the measuring
children) read from /proc."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from contextlib import suppress
from pathlib import Path

from tests.running import PROXY_VARIABLES, ROOT

OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
"""The measure command's environment: the Hub is never asked."""


def _interruptible() -> None:
    """Ctrl-C reaches `measure` as it does from a terminal. A suite started in the background
    (`make test &`, nohup, some CI runners) inherits SIGINT ignored, and Python keeps an
    inherited SIG_IGN: the SIGINT test then watched a measure that could not be interrupted."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Watched:
    """A running `measure`, its stderr collected line by line in a thread. Use it in a `with`
    block: on the way out, whatever of it still runs is killed (its whole session: it starts
    one) and its pipes are closed, so a failing test leaves nothing behind."""

    def __init__(self, *args: str):
        # started as tests/running.py starts commands (environment without proxies, the
        # repository as working folder), but not waited for: the tests watch it run
        environment = {k: v for k, v in os.environ.items() if k.upper() not in PROXY_VARIABLES}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "measure", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**environment, **OFFLINE},
            cwd=ROOT,
            start_new_session=True,
            preexec_fn=_interruptible,
        )
        self.lines: list[str] = []
        self.stdout = ""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def saw(self, text: str) -> bool:
        return any(text in line for line in list(self.lines))

    def __enter__(self) -> Watched:
        return self

    def __exit__(self, *_exc: object) -> None:
        with suppress(ProcessLookupError):  # it and everything it started have ended already
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._reader.join()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()

    def finish(self, timeout: float = 900) -> int:
        assert self.process.stdout is not None
        self.stdout = self.process.stdout.read()
        code = self.process.wait(timeout)
        self._reader.join(timeout)
        return code

    def stderr(self) -> str:
        return "\n".join(self.lines)


def parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])  # the field after the state; the name may hold spaces


def descendants(pid: int) -> set[int]:
    """Every live process below `pid`, at any depth."""
    parents = {int(p.name): parent_of(int(p.name)) for p in Path("/proc").iterdir() if p.name.isdigit()}
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def working_in(pid: int, folder_name: str) -> bool:
    """True if the process's working folder is named `folder_name` (a preparing child works in
    its model's folder)."""
    try:
        return Path(os.readlink(f"/proc/{pid}/cwd")).name == folder_name
    except OSError:
        return False


def alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
