"""The one way tests wait: poll a condition until it holds, never sleep for a guessed period."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(ready: Callable[[], T], timeout: float = 60, what: str = "", interval: float = 0.01) -> T | None:
    """Poll `ready` every `interval` seconds until it returns something true, and return that.
    After `timeout` seconds fail naming `what`; without `what` return None instead (a loopback
    route that holds its reply must end, not judge the test)."""
    deadline = time.monotonic() + timeout
    while True:
        value = ready()
        if value:
            return value
        if time.monotonic() > deadline:
            if what:
                raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
            return None
        time.sleep(interval)
