"""Politeness: how many requests run at once, per host and overall, and how often.

Each host gets `per_host` slots; a slot starts a request at most once per `interval`
seconds, so one host sees at most per_host / interval requests a second however many URLs
it serves. The defaults suit Baidu Netdisk, which throttles bursts with captchas and
refusals: one request at a time, one a second. A host that answers 429/5xx is
paused as a whole (`defer`), not just the one URL that got the answer.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar

from ..defaults import DEFAULT_CONCURRENCY, DEFAULT_HOST_INTERVAL, DEFAULT_PER_HOST_CONCURRENCY


@dataclass(frozen=True)
class Politeness:
    """The scheduling knobs; every one is a command-line option of check-links."""

    concurrency: int = DEFAULT_CONCURRENCY
    """URLs checked at once over all hosts (worker threads)."""
    per_host: int = DEFAULT_PER_HOST_CONCURRENCY
    """Requests in flight to one host at once."""
    interval: float = DEFAULT_HOST_INTERVAL
    """Seconds between two request starts on one host slot."""


@dataclass
class _Slot:
    busy: bool = False
    ready_at: float = 0.0


@dataclass
class _Host:
    slots: list[_Slot]
    paused_until: float = 0.0


@dataclass
class HostGate:
    """Hands out per-host request slots; thread-safe. Use `with gate.slot(host): request`."""

    per_host: int = DEFAULT_PER_HOST_CONCURRENCY
    interval: float = DEFAULT_HOST_INTERVAL
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _hosts: dict[str, _Host] = field(default_factory=dict, init=False)
    _cond: threading.Condition = field(default_factory=threading.Condition, init=False)

    def __post_init__(self) -> None:
        if self.per_host < 1 or self.interval < 0:
            raise ValueError("per_host must be >= 1 and interval >= 0")

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._cond:
            state = self._hosts.setdefault(host, _Host([_Slot() for _ in range(self.per_host)]))
            while not any(not s.busy for s in state.slots):
                self._cond.wait()
            chosen = min((s for s in state.slots if not s.busy), key=lambda s: s.ready_at)
            chosen.busy = True
            start = max(self.clock(), chosen.ready_at, state.paused_until)
            # Reserve the next start now, so a slot's pace holds even when requests overlap.
            chosen.ready_at = start + self.interval
        wait = start - self.clock()
        if wait > 0:
            self.sleep(wait)
        try:
            yield
        finally:
            with self._cond:
                chosen.busy = False
                self._cond.notify_all()

    def defer(self, host: str, seconds: float) -> None:
        """Start no new request to `host` for `seconds` (it asked us to slow down)."""
        with self._cond:
            state = self._hosts.setdefault(host, _Host([_Slot() for _ in range(self.per_host)]))
            state.paused_until = max(state.paused_until, self.clock() + seconds)


def interleave_by_host(items: Sequence[str], host: Callable[[str], str]) -> list[int]:
    """Indexes of `items` taken round-robin over hosts, so workers spread over hosts
    instead of all queueing on the first host's slots."""
    groups: dict[str, list[int]] = {}
    for index, item in enumerate(items):
        groups.setdefault(host(item), []).append(index)
    order: list[int] = []
    queues = list(groups.values())
    depth = 0
    while len(order) < len(items):
        order += [queue[depth] for queue in queues if depth < len(queue)]
        depth += 1
    return order


T = TypeVar("T")


def run_all(
    items: Sequence[str],
    work: Callable[[str], T],
    *,
    concurrency: int,
    host: Callable[[str], str],
    on_done: Callable[[T], None] | None = None,
) -> list[T]:
    """`work(item)` for every item on `concurrency` threads; results in input order."""
    if concurrency < 1:
        raise ValueError("concurrency must be >= 1")
    results: list[T | None] = [None] * len(items)
    lock = threading.Lock()

    def one(index: int) -> None:
        result = work(items[index])
        results[index] = result
        if on_done is not None:
            with lock:  # progress output from one thread at a time
                on_done(result)

    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="linkcheck")
    try:
        futures = [pool.submit(one, i) for i in interleave_by_host(items, host)]
        for future in futures:
            future.result()
    except BaseException:
        # Ctrl-C or a bug: drop the queued URLs instead of checking them all first.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return results  # type: ignore[return-value]
