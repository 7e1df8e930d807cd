"""The progress lines of `measure` (generator/measure/run.py Progress) when several threads start
units at once, as _each_model's threads do: every line has its own number, in order.

A fresh-clone `make test` failed once on this (tests/measure/test_command.py saw `[ 4/12]`
twice): two threads incremented the count before either wrote its line."""

from __future__ import annotations

import io
import os
import sys
import threading

from generator.measure.run import Progress

THREADS, STARTS = 8, 300


class YieldingStream(io.StringIO):
    """Lets another thread run between a line being numbered and written, as a write to a pipe
    that releases the GIL may."""

    def write(self, text: str) -> int:
        os.sched_yield()  # releases the GIL: another thread may run here
        return super().write(text)


def test_threads_starting_units_at_once_get_one_number_each_in_order():
    # Switch threads as often as CPython allows, so that an unguarded count would be read by a
    # second thread between one thread's increment and its write.
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        stream = YieldingStream()
        progress = Progress(THREADS * STARTS, stream)
        go = threading.Barrier(THREADS)

        def start_many(n: int) -> None:
            go.wait()
            for i in range(STARTS):
                progress.start(f"unit {n}.{i}")

        threads = [threading.Thread(target=start_many, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(previous)
    numbers = [int(line[1:].split("/")[0]) for line in stream.getvalue().splitlines()]
    assert numbers == list(range(1, THREADS * STARTS + 1))
