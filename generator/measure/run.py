"""Measure models: one fresh child process per model and kind, a progress bar, one file.

    measure_models(catalog, models, policy) --> Measurements   (then load.check_document)

The children come from a multiprocessing fork server that imported torch and transformers
once (set_forkserver_preload): each child is a fresh process whose heap no forward pass has
touched, which the memory figures need, without paying the 3-second import 48 times.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, TextIO

from ..catalog import Catalog, Model
from .errors import MeasureFailed
from .machine import cpu_model, describe_os, load_average, machine_id, memory_bytes, versions
from .plausibility import contradictions
from .record import Machine, Measurements, ModelMeasurement, Timing
from .settings import SHAPES, RepeatPolicy, cores_available

PRELOAD = ["torch", "transformers.models.bert.modeling_bert", "generator.measure.worker"]
BAR_WIDTH = 24
RETRIES = 2
"""Times the models of contradicting pairs are measured again before the file is refused."""


class Progress:
    """A redrawn bar naming the model and step on a terminal; one line per model elsewhere."""

    def __init__(self, total: int, stream: TextIO | None = None):
        self.total, self.done = total, 0
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty()
        self.model = ""

    def start(self, model: Model) -> None:
        self.model = model.name or model.id
        if not self.tty:
            self.stream.write(f"[{self.done + 1:>{len(str(self.total))}}/{self.total}] {model.id}\n")
            self.stream.flush()

    def step(self, text: str) -> None:
        if self.tty:
            filled = BAR_WIDTH * self.done // max(self.total, 1)
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            line = f"[{bar}] {self.done}/{self.total} {self.model}: {text}"
            self.stream.write(f"\r{line:<78.78}")
            self.stream.flush()

    def finish(self) -> None:
        self.done += 1

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _context() -> Any:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def _child(context: Any, args: tuple, model: Model, on_step: Callable[[str], None]) -> dict:
    from .worker import child_main

    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=child_main, args=(*args, send), daemon=True)
    process.start()
    send.close()
    try:
        while True:
            try:
                what, payload = receive.recv()
            except EOFError:
                process.join()
                raise MeasureFailed([f"{model.id}: the measuring process ended (exit code "
                                     f"{process.exitcode}) before reporting a result"]) from None
            if what == "step":
                on_step(payload)
            elif what == "result":
                return payload
            else:
                raise MeasureFailed([f"{model.id}: cannot measure it: {payload}"])
    finally:
        receive.close()
        process.join()


def measure_one(context: Any, model: Model, threads: dict[str, int], policy: RepeatPolicy,
                on_step: Callable[[str], None]) -> tuple[ModelMeasurement, dict]:
    found = _child(context, (model.hf_config, SHAPES, threads, policy), model, on_step)
    measured = ModelMeasurement(
        model_id=model.id,
        latency={t: {s: Timing(**cell) for s, cell in cells.items()} for t, cells in found["latency"].items()},
        runtime_rss_bytes=found["runtime_rss_bytes"], weights_bytes=found["weights_bytes"],
        weights_rss_bytes=found["weights_rss_bytes"],
        forward_peak_bytes=found["forward_peak_bytes"])
    return measured, found


def _measure_all(context: Any, models: tuple[Model, ...], threads: dict[str, int], policy: RepeatPolicy,
                 progress: Progress) -> tuple[list[ModelMeasurement], dict]:
    results: list[ModelMeasurement] = []
    details: dict[str, Any] = {}
    try:
        for model in models:
            progress.start(model)
            measured, details = measure_one(context, model, threads, policy, progress.step)
            results.append(measured)
            progress.finish()
    finally:
        progress.close()
    return results, details


def measure_models(catalog: Catalog, models: tuple[Model, ...], policy: RepeatPolicy, command: str,
                   stream: TextIO | None = None, note: str | None = None) -> Measurements:
    """Measure `models` (catalogue order) and describe the machine. Raises MeasureFailed.

    Models whose figures contradict each other (plausibility.py) are measured again, up to
    RETRIES times: a burst of other work during one model's run should cost a re-run of
    that model, not of the whole file. Each re-run is a new process, and its figures are pooled
    with the earlier ones (`pooled`), so a re-measured cell's spread also covers the
    process-to-process variation that one process's quartiles cannot see. What still
    contradicts is left for the caller's check.
    """
    stream = stream if stream is not None else sys.stderr
    start_load, started = load_average(), time.monotonic()
    date = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    cores = cores_available()
    threads = {"1": 1, "all": cores}
    context = _context()
    results, details = _measure_all(context, models, threads, policy, Progress(len(models), stream))
    shapes_of = {m.id: (m.layers, m.hidden) for m in catalog.models}
    for _attempt in range(RETRIES):
        found = contradictions(Measurements(_placeholder_machine(policy), tuple(results)), shapes_of)
        if not found:
            break
        involved = {c.smaller for c in found} | {c.bigger for c in found}
        again = tuple(m for m in models if m.id in involved)
        stream.write(f"{len(found)} contradiction(s) (the machine was busy?), e.g. {found[0].message}; "
                     f"measuring {len(again)} model(s) again\n")
        redone, _details = _measure_all(context, again, threads, policy, Progress(len(again), stream))
        by_id = {m.model_id: m for m in redone}
        results = [pooled(m, by_id[m.model_id]) if m.model_id in by_id else m for m in results]
    software = versions()
    cpu = cpu_model()
    suffix = "-quick" if policy.name == "quick" else "" if len(models) == len(catalog.models) else "-partial"
    machine = Machine(
        id=machine_id(cpu, cores, software["torch"]) + suffix, cpu=cpu, cores=cores,
        logical_cpus=multiprocessing.cpu_count(), memory_bytes=memory_bytes(), os=describe_os(),
        python=sys.version.split()[0], torch=software["torch"], transformers=software["transformers"],
        threads=threads, interop_threads=details["interop_threads"],
        attn_implementation=details["attn_implementation"], date=date,
        duration_seconds=round(time.monotonic() - started, 1), policy=policy.name,
        load_average={"start": start_load, "end": load_average()}, command=command, note=note)
    return Measurements(machine=machine, models=tuple(results))


def pooled(earlier: ModelMeasurement, again: ModelMeasurement) -> ModelMeasurement:
    """One model measured in separate processes, as one record.

    On a quiet machine the quartiles of one process are tight (about 2 %), yet two processes
    running the same model can differ by 10-15 % (memory placement, frequency): a spread
    taken from one process understates the noise. The pooled cell spans both processes'
    quartiles, its median is the mean of the two medians, its runs add up. Memory figures are
    the later process's.
    """
    latency = {threads: {key: _pool(cell, again.latency[threads][key]) for key, cell in cells.items()}
               for threads, cells in earlier.latency.items()}
    return replace(again, latency=latency)


def _pool(a: Timing, b: Timing) -> Timing:
    return Timing(median_ms=round((a.median_ms + b.median_ms) / 2, 4), q1_ms=min(a.q1_ms, b.q1_ms),
                  q3_ms=max(a.q3_ms, b.q3_ms), min_ms=min(a.min_ms, b.min_ms), runs=a.runs + b.runs,
                  warmup_runs=a.warmup_runs + b.warmup_runs)


def _placeholder_machine(policy: RepeatPolicy) -> Machine:
    """The plausibility check reads only the policy of the machine record."""
    return Machine(id="-", cpu="-", cores=1, logical_cpus=1, memory_bytes=1, os="-", python="-", torch="-",
                   transformers="-", threads={}, interop_threads=1, attn_implementation="-", date="-",
                   duration_seconds=0, policy=policy.name, load_average={}, command="-")
