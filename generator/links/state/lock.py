"""One check-links run at a time per state file: an flock on a lock file beside it.

Apart from the file's reader and writer (file.py) because only the command that does a
whole read-modify-write needs it; the site and link-issue only read.
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .file import LinkStateInvalid


class LinkStateBusy(LinkStateInvalid):
    """Another run holds the state file's lock: the message names the file and what to do.
    A LinkStateInvalid, so it leaves with the same exit code as any other state-file problem."""

    summary = "another check-links run is using the link state file"


def lock_path(path: Path | str) -> Path:
    """The lock file beside the state file. The state file itself cannot carry the lock: it
    is replaced by a rename on every save, and a lock on the old file guards nothing."""
    path = Path(path)
    return path.with_name(f".{path.name}.lock")


@contextmanager
def state_lock(path: Path | str) -> Iterator[None]:
    """Hold the state file for one read-modify-write; LinkStateBusy at once if another run does.

    Two runs on one file would both read the old history and the later save would drop the
    other's results. The second run is refused at start, before it checks any link, rather
    than made to wait: a catalogue run can take an hour. The lock (flock) is released by the
    kernel when the process ends, however it ends, so a killed run never leaves it stuck.
    """
    lock = lock_path(path)
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
            raise LinkStateBusy(
                f"{path}: another check-links run{f' (process {holder})' if holder else ''} is "
                f"updating this state file; wait for it to finish, or give this run another --state "
                f"(lock: {lock})"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the flock
