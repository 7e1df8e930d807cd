"""Measure models: a fresh child process per model for memory, one child for latency, a
progress bar, one record.

    measure_models(catalog, models, policy) --> Measurements   (then load.check_document)

The children come from a multiprocessing fork server that imported torch and transformers
once (set_forkserver_preload): each child is a fresh process whose heap no forward pass has
touched, which the memory figures need, without paying the 3-second import 25 times. Why
latency is one child with every model, taking turns, is in worker.py.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TextIO

from ..catalog import Catalog, Model
from .errors import MeasureFailed
from .machine import cpu_model, describe_os, load_average, machine_id, memory_bytes, versions
from .record import (
    STATUS_OK,
    TORCH_FILE,
    Machine,
    Measurements,
    ModelMeasurement,
    RuntimeInfo,
    RuntimeResult,
    Timing,
    torch_steps,
)
from .settings import SHAPES, RepeatPolicy, cores_available, runtime_cells

PRELOAD = ["torch", "transformers.models.bert.modeling_bert", "generator.measure.worker"]
BAR_WIDTH = 24


class Progress:
    """A redrawn bar naming the unit (a model's memory, a latency cell) and its step on a
    terminal; one line per unit elsewhere (CI logs)."""

    def __init__(self, total: int, stream: TextIO | None = None):
        self.total, self.done, self.unit = total, -1, ""
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty()

    def start(self, unit: str) -> None:
        self.done += 1
        self.unit = unit
        if not self.tty:
            self.stream.write(f"[{self.done + 1:>{len(str(self.total))}}/{self.total}] {unit}\n")
            self.stream.flush()

    def step(self, text: str) -> None:
        if self.tty:
            filled = BAR_WIDTH * self.done // max(self.total, 1)
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            line = f"[{bar}] {self.done + 1}/{self.total} {text}"
            self.stream.write(f"\r{line:<100.100}")
            self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _context() -> Any:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def _child(context: Any, target: Callable[..., None], args: tuple[Any, ...], what: str,
           progress: Progress) -> dict[str, Any]:
    """Run `target(*args, conn)` in a fresh child and return its result; `what` names it in
    a failure."""
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(*args, send), daemon=True)
    process.start()
    send.close()
    try:
        while True:
            try:
                kind, payload = receive.recv()
            except EOFError:
                process.join()
                raise MeasureFailed([f"{what}: the measuring process ended (exit code "
                                     f"{process.exitcode}) before reporting a result"]) from None
            if kind == "start":
                progress.start(payload)
            elif kind == "step":
                progress.step(payload)
            elif kind == "result":
                result: dict[str, Any] = payload  # what worker._serve sent: the work's dict
                return result
            else:
                raise MeasureFailed([f"{what}: cannot measure it: {payload}"])
    finally:
        receive.close()
        process.join()


def measure_models(catalog: Catalog, models: tuple[Model, ...], policy: RepeatPolicy, command: str,
                   stream: TextIO | None = None, note: str | None = None) -> Measurements:
    """Measure `models` (catalogue order) and describe the machine. Raises MeasureFailed.

    Whether the figures contradict each other (plausibility.py) is the caller's check, as
    for any file that is read."""
    from .worker import latency_main, memory_main

    start_load, started = load_average(), time.monotonic()
    date = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    cores = cores_available()
    threads = {"1": 1, "all": cores}
    context = _context()
    progress = Progress(len(models) + len(threads) * len(SHAPES), stream)
    try:
        memory = {}
        for model in models:
            progress.start(f"memory: {model.id}")
            memory[model.id] = _child(context, memory_main, (model.hf_config, SHAPES), model.id, progress)
        found = _child(context, latency_main, ({m.id: m.hf_config for m in models}, SHAPES, threads, policy),
                       "latency", progress)
    finally:
        progress.close()
    results = tuple(ModelMeasurement(model_id=m.id, runtimes={"torch": RuntimeResult(status=STATUS_OK, latency={
        t: {s: Timing(**cell) for s, cell in cells.items()} for t, cells in found["latency"][m.id].items()
    })}, **memory[m.id]) for m in models)
    software = versions()
    cpu = cpu_model()
    partial = len(models) != len(catalog.models)
    suffix = "-quick" if policy.name == "quick" else "-partial" if partial else ""
    machine = Machine(
        id=machine_id(cpu, cores, software["torch"]) + suffix, cpu=cpu, cores=cores,
        logical_cpus=multiprocessing.cpu_count(), memory_bytes=memory_bytes(), os=describe_os(),
        python=sys.version.split()[0], torch=software["torch"], transformers=software["transformers"],
        threads=threads, interop_threads=found["interop_threads"],
        attn_implementation=found["attn_implementation"], date=date,
        duration_seconds=round(time.monotonic() - started, 1), policy=policy.name,
        load_average={"start": start_load, "end": load_average()}, command=command, note=note, partial=partial,
        runtimes={"torch": RuntimeInfo(versions=software, steps=torch_steps(found["attn_implementation"]),
                                       file=TORCH_FILE, cells=runtime_cells("torch"))})
    return Measurements(machine=machine, models=results)
