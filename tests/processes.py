"""What a test may ask of a process it started: whether it has ended (nothing a command started
outlives it), and which port it listens on."""

from __future__ import annotations

import os
from pathlib import Path


def ended(pid: int) -> bool:
    """True once `pid` has exited: gone from /proc, or a zombie its new parent has not reaped
    yet (it runs nothing and holds no pipe)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except (FileNotFoundError, ProcessLookupError):
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


def listening_port(pid: int) -> int | None:
    """The TCP port process `pid` listens on (IPv4), once it does. A server started on port 0
    takes a port the kernel guarantees free: no window between choosing a port and binding it
    in which another process (a second test run beside this one) can take it."""
    try:
        inodes = {
            os.readlink(fd)[len("socket:[") : -1] for fd in Path(f"/proc/{pid}/fd").iterdir() if _is_socket(fd)
        }
        table = Path(f"/proc/{pid}/net/tcp").read_text(encoding="ascii").splitlines()[1:]
    except (FileNotFoundError, ProcessLookupError):
        return None
    for line in table:
        fields = line.split()
        if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
            return int(fields[1].rsplit(":", 1)[1], 16)
    return None


def _is_socket(fd: Path) -> bool:
    try:
        return os.readlink(fd).startswith("socket:[")
    except OSError:  # the descriptor closed while we looked
        return False
