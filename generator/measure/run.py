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
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from ..catalog import Catalog, Model
from .errors import MeasureFailed
from .machine import cpu_model, describe_os, load_average, machine_id, memory_bytes, versions
from .ort import FILES, check_text
from .ort import steps as ort_steps
from .ort import versions as ort_versions
from .record import (
    STATUS_FAILED,
    STATUS_OK,
    Check,
    Machine,
    Measurements,
    ModelMeasurement,
    Peak,
    RuntimeInfo,
    RuntimeResult,
    Timing,
    torch_steps,
)
from .settings import (
    AT_ONCE,
    DEADLINES,
    RUNTIMES,
    SHAPES,
    RepeatPolicy,
    cores_available,
    runtime_cells,
    runtimes_measured,
)

PRELOAD = ["torch", "transformers.models.bert.modeling_bert", "generator.measure.worker"]
BAR_WIDTH = 24
EXIT_GRACE_SECONDS = 30.0
"""How long a child that has answered may take to exit before it is killed."""
STOP_POLL_SECONDS = 0.2
"""How often a thread waiting on a child looks whether the run was interrupted."""


class Progress:
    """A redrawn bar naming the unit (a model's memory, a latency cell) and its step on a
    terminal; one line per unit elsewhere (CI logs)."""

    def __init__(self, total: int, stream: TextIO | None = None):
        self.total, self.done, self.unit = total, -1, ""
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty()
        # _each_model's threads start units at once: a unit's number and its line are one step,
        # or a line numbered 3 may be written after the one numbered 4.
        self._lock = threading.Lock()

    def start(self, unit: str) -> None:
        with self._lock:
            self.done += 1
            self.unit = unit
            if not self.tty:
                self.stream.write(f"[{self.done + 1:>{len(str(self.total))}}/{self.total}] {unit}\n")
                self.stream.flush()

    def step(self, text: str) -> None:
        with self._lock:
            if self.tty:
                filled = BAR_WIDTH * self.done // max(self.total, 1)
                bar = "#" * filled + "." * (BAR_WIDTH - filled)
                line = f"[{bar}] {self.done + 1}/{self.total} {text}"
                self.stream.write(f"\r{line:<100.100}")
                self.stream.flush()

    def close(self) -> None:
        with self._lock:
            if self.tty:
                self.stream.write("\n")
                self.stream.flush()


def _context() -> Any:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


class ChildTimeout(MeasureFailed):
    """A child passed its deadline and was killed."""


def _end(process: Any) -> None:
    """Stop a child for good: SIGTERM, then SIGKILL if it has not ended within a second."""
    if process.is_alive():
        process.terminate()
        process.join(1.0)
    if process.is_alive():
        process.kill()
    process.join()


def _child(
    context: Any,
    target: Callable[..., None],
    args: tuple[Any, ...],
    what: str,
    progress: Progress,
    deadline_seconds: float,
    stop: threading.Event | None = None,
) -> dict[str, Any]:
    """Run `target(*args, conn)` in a fresh child and return its result; `what` names it in
    a failure. The child is killed when it passes its deadline (ChildTimeout), when `stop` is
    set (the main thread was interrupted: KeyboardInterrupt here too) and on any other way out
    of here, so none outlives this call."""
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(*args, send), daemon=True)
    deadline = time.monotonic() + deadline_seconds
    answered = False
    try:
        process.start()
        send.close()
        while True:
            left = deadline - time.monotonic()
            if not receive.poll(max(0.0, min(left, STOP_POLL_SECONDS) if stop is not None else left)):
                if stop is not None and stop.is_set():
                    raise KeyboardInterrupt
                if time.monotonic() < deadline:
                    continue
                raise ChildTimeout(
                    [
                        f"{what}: no result within its deadline of {deadline_seconds:.0f} s; "
                        f"the process was stopped"
                    ]
                )
            try:
                kind, payload = receive.recv()
            except EOFError:
                process.join()
                raise MeasureFailed(
                    [
                        f"{what}: the measuring process ended (exit code "
                        f"{process.exitcode}) before reporting a result"
                    ]
                ) from None
            if kind == "start":
                progress.start(payload)
            elif kind == "step":
                progress.step(payload)
            elif kind == "result":
                answered = True
                result: dict[str, Any] = payload  # what worker._serve sent: the work's dict
                return result
            else:
                answered = True
                raise MeasureFailed([f"{what}: cannot measure it: {payload}"])
    finally:
        receive.close()
        if process.pid is not None:
            if answered:  # it is returning: let it end by itself (a kill then would leak its locks)
                process.join(EXIT_GRACE_SECONDS)
            _end(process)


def _prepare(
    model: Model,
    context: Any,
    runtimes: tuple[str, ...],
    folder: Path,
    progress: Progress,
    stop: threading.Event,
) -> dict[str, Any]:
    """One model's runtime files and checks (ort.prepare); a failure of the child fails that
    model's ONNX Runtime runtimes, naming why, and the run goes on."""
    from .worker import prepare_main

    progress.start(f"files and checks: {model.id}")
    shapes = tuple(
        sorted(
            {k for r in runtimes for keys in runtime_cells(r).values() for k in keys},
            key=[s.key for s in SHAPES].index,
        )
    )
    try:
        return _child(
            context,
            prepare_main,
            (model.hf_config, runtimes, shapes, str(folder / model.id)),
            f"{model.id}: preparing {', '.join(runtimes) or 'its file'}",
            progress,
            DEADLINES["prepare"],
            stop,
        )
    except MeasureFailed as failed:
        if not runtimes:
            raise
        reason = " ".join(str(failed.problems[0]).split())[:480]
        return {"torch": {"status": "ok"}, **{r: {"status": "failed", "error": reason} for r in runtimes}}


def _memory(model: Model, context: Any, progress: Progress, stop: threading.Event) -> dict[str, Any]:
    from .worker import memory_main

    progress.start(f"memory: {model.id}")
    return _child(
        context, memory_main, (model.hf_config, SHAPES), model.id, progress, DEADLINES["memory"], stop
    )


def _each_model(
    work: Callable[..., dict[str, Any]], models: tuple[Model, ...], *args: Any
) -> dict[str, dict[str, Any]]:
    """{model id: work(model, *args, stop)}, AT_ONCE models at a time. Nothing is timed in these
    children (memory is per process; exporting, optimising and quantizing is mostly one-threaded
    Python), so the cores may share them. An interrupt, or a failure, stops the waiting
    threads, which end their children."""
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        futures = {m.id: pool.submit(work, m, *args, stop) for m in models}
        try:
            return {model_id: future.result() for model_id, future in futures.items()}
        except BaseException:
            stop.set()
            for future in futures.values():
                future.cancel()
            raise


def measure_models(
    catalog: Catalog,
    models: tuple[Model, ...],
    policy: RepeatPolicy,
    command: str,
    stream: TextIO | None = None,
    note: str | None = None,
    runtimes: tuple[str, ...] = RUNTIMES,
) -> Measurements:
    """Measure `models` (catalogue order) in `runtimes` (torch always) and describe the machine.
    Raises MeasureFailed. Ctrl-C (KeyboardInterrupt) or SIGTERM (cli.Terminated, from cli.main)
    ends every child on its way out.

    Whether the figures contradict each other (plausibility.py) is the caller's check, as
    for any file that is read."""
    from .peaks import int8_peak_method, peak_method
    from .worker import latency_main

    runtimes = runtimes_measured(runtimes)
    others = tuple(r for r in runtimes if r != "torch")
    start_load, started = load_average(), time.monotonic()
    date = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    cores = cores_available()
    threads = {"1": 1, "all": cores}
    cells = {r: runtime_cells(r) for r in runtimes}
    context = _context()
    progress = Progress(2 * len(models) + len(threads) * len(SHAPES), stream)
    folder = Path(tempfile.mkdtemp(prefix="little-berts-measure-"))
    try:
        memory = _each_model(_memory, models, context, progress)
        prepared = _each_model(_prepare, models, context, others, folder, progress)
        files = {
            m: {r: res["path"] for r, res in by.items() if r != "torch" and res["status"] == "ok"}
            for m, by in prepared.items()
        }
        found = _child(
            context,
            latency_main,
            ({m.id: m.hf_config for m in models}, threads, policy, cells, files),
            "latency",
            progress,
            DEADLINES[f"latency_{policy.name}"],
        )
    finally:
        progress.close()
        shutil.rmtree(folder, ignore_errors=True)
    results = tuple(
        ModelMeasurement(
            model_id=m.id, runtimes=_results(m.id, runtimes, prepared[m.id], found), **memory[m.id]
        )
        for m in models
    )
    software = versions()
    cpu = cpu_model()
    partial = len(models) != len(catalog.models) or runtimes != RUNTIMES
    suffix = "-quick" if policy.name == "quick" else "-partial" if partial else ""
    infos = {
        r: RuntimeInfo(
            versions=software if r == "torch" else ort_versions(),
            steps=torch_steps(found["attn_implementation"]) if r == "torch" else ort_steps(r),
            file=FILES[r],
            check=None if r == "torch" else check_text(r, cells[r]["1"]),
            cells=cells[r],
        )
        for r in runtimes
    }
    machine = Machine(
        id=machine_id(cpu, cores, software["torch"]) + suffix,
        cpu=cpu,
        cores=cores,
        logical_cpus=multiprocessing.cpu_count(),
        memory_bytes=memory_bytes(),
        os=describe_os(),
        python=sys.version.split()[0],
        torch=software["torch"],
        transformers=software["transformers"],
        threads=threads,
        interop_threads=found["interop_threads"],
        attn_implementation=found["attn_implementation"],
        date=date,
        duration_seconds=round(time.monotonic() - started, 1),
        policy=policy.name,
        load_average={"start": start_load, "end": load_average()},
        command=command,
        note=note,
        partial=partial,
        peak=_peak(found["peak"], peak_method(policy.peak_repeats)),
        peak_int8=_peak(found["peak_int8"], int8_peak_method(policy.peak_repeats))
        if found["peak_int8"]
        else None,
        runtimes=infos,
    )
    return Measurements(machine=machine, models=results)


def _peak(rates: dict[str, float], method: str) -> Peak:
    return Peak(round(rates["1"], 2), round(rates["all"], 2), method)


def _results(
    model_id: str, runtimes: tuple[str, ...], prepared: dict[str, Any], found: dict[str, Any]
) -> dict[str, RuntimeResult]:
    """Each runtime's result for one model: the preparing child's status, check and file size,
    and the latency child's timings (or the error that failed the runtime there)."""
    out = {}
    for runtime in runtimes:
        made = prepared.get(runtime, {"status": "failed", "error": "not prepared"})
        error = found["failed"][model_id].get(runtime) or made.get("error")
        timings = found["latency"][model_id].get(runtime)
        status = STATUS_FAILED if error else made["status"]
        check = made.get("check")
        out[runtime] = RuntimeResult(
            status=status,
            file_bytes=made.get("file_bytes"),
            check=Check(**{k: round(v, 9) for k, v in check.items()}) if check else None,
            error=error[:480] if error else None,
            latency={t: {s: Timing(**c) for s, c in cells.items()} for t, cells in timings.items()}
            if status == STATUS_OK and timings
            else None,
        )
    return out
