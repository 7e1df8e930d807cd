"""Progress on stderr: a redrawn bar on a terminal, one plain line per URL elsewhere (CI logs)."""

from __future__ import annotations

import sys
from collections import Counter
from typing import TextIO

from .model import LinkResult

BAR_WIDTH = 30


class Progress:
    """Call with each finished result; `close()` ends the bar. Never writes to stdout."""

    def __init__(self, total: int, stream: TextIO | None = None, *, tty: bool | None = None):
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.done = 0
        self.counts: Counter[str] = Counter()

    def __call__(self, result: LinkResult) -> None:
        self.done += 1
        self.counts[result.verdict.value] += 1
        if self.tty:
            filled = BAR_WIDTH * self.done // max(self.total, 1)
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            tallies = " ".join(f"{k} {self.counts[k]}" for k in ("ok", "dead", "unsure"))
            self.stream.write(f"\r[{bar}] {self.done}/{self.total}  {tallies} ")
        else:
            width = len(str(self.total))
            self.stream.write(
                f"[{self.done:>{width}}/{self.total}] {result.verdict.value:<6} "
                f"{result.reason.code:<22} {result.url}\n"
            )
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self.done:
            self.stream.write("\n")
            self.stream.flush()
