"""The forward passes, run in child processes: one per model for memory, one for latency.

This is the only module of the stage that imports torch. The parent (run.py) starts each
child from a fork server that has already imported torch and transformers, so a child costs
milliseconds, not a 3-second import, and starts with a heap no forward pass has touched.

Memory (`memory_main`, a fresh child per model), as the resident set size (RSS) the kernel
reports in /proc/self/status:
  * the child sets glibc's mmap threshold to 64 KiB (mallopt), so every tensor buffer above
    that is its own mapping, and freeing it returns its pages to the kernel at once;
  * the weights' resident size is VmRSS after building the model minus VmRSS before;
  * before each shape, writing 5 to /proc/self/clear_refs resets the high-water mark
    (VmHWM), then one forward pass runs (1 thread); its peak is VmHWM minus VmRSS just before.
This sees every byte torch's CPU allocator takes (it allocates through malloc), unlike
tracemalloc, which sees only Python objects.

Latency (`latency_main`, one child for all models), interleaved: every model is built in the
same process, and for each thread setting and shape the models take turns, round after round,
each turn timing a few runs. On the 2-core build machine two processes timing the same model
differed by up to 1.7x (2 threads, batch 1 / 32 tokens: 1.8 ms in one process, 3.0 ms in
the next), and the speed drifted within a process too, while models compared in one process,
turn by turn, kept their order every time. A model timed in its own process therefore
carries that process's luck; interleaved, every model meets the same machine. glibc's
thresholds are those its own dynamic tuning ends at (mmap above 32 MiB, trim above 64 MiB),
so freed buffers are reused as in a long-running server.
"""

from __future__ import annotations

import ctypes
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from statistics import median, quantiles
from typing import Any

from .settings import RepeatPolicy, Shape

Say = Callable[[str], None]
"""What a child tells its parent: a progress step's text, or the unit that starts."""
Work = Callable[[Say, Say], dict[str, Any]]
"""A child's measurement, given `step` and `start`, returning its result."""

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
SMALL_MMAP_THRESHOLD = 64 * 1024
SERVER_MMAP_THRESHOLD, SERVER_TRIM_THRESHOLD = 32 * 1024 * 1024, 64 * 1024 * 1024


def _status_kb(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field}")


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w", encoding="ascii") as clear_refs:
        clear_refs.write("5")


def _build(hf_config: dict[str, Any]) -> tuple[Any, Any]:
    """(torch, BertModel in eval mode) with random weights from a fixed seed."""
    import torch
    from transformers.models.bert.configuration_bert import BertConfig
    from transformers.models.bert.modeling_bert import BertModel

    torch.manual_seed(0)
    model = BertModel(BertConfig(**hf_config))
    model.eval()  # type: ignore[no-untyped-call]  # transformers' BertModel leaves eval() unannotated
    return torch, model


def _inputs(torch: Any, shape: Shape, vocab_size: int) -> dict[str, Any]:
    generator = torch.Generator().manual_seed(shape.batch * 1000 + shape.seq)
    ids = torch.randint(1000, vocab_size, (shape.batch, shape.seq), generator=generator)
    return {"input_ids": ids, "attention_mask": torch.ones_like(ids)}


def measure_memory(
    libc: Any, hf_config: dict[str, Any], shapes: tuple[Shape, ...], send: Say
) -> dict[str, Any]:
    """The weights' size and resident size, and the peak RSS growth of one forward pass per
    shape."""
    libc.mallopt(M_MMAP_THRESHOLD, SMALL_MMAP_THRESHOLD)
    libc.mallopt(M_TRIM_THRESHOLD, SMALL_MMAP_THRESHOLD)
    import torch

    torch.set_num_threads(1)
    runtime_kb = _status_kb("VmRSS")
    torch, model = _build(hf_config)
    weights_kb = _status_kb("VmRSS") - runtime_kb
    weights_bytes = sum(t.numel() * t.element_size() for t in (*model.parameters(), *model.buffers()))
    peaks = {}
    with torch.inference_mode():
        model(**_inputs(torch, shapes[0], hf_config["vocab_size"]))  # one-time lazy set-up, not a peak
        for shape in shapes:
            send(f"memory {shape.label}")
            inputs = _inputs(torch, shape, hf_config["vocab_size"])
            before = _status_kb("VmRSS")
            _reset_peak()
            output = model(**inputs)
            peaks[shape.key] = max(0, _status_kb("VmHWM") - before) * 1024
            del output
    return {
        "runtime_rss_bytes": runtime_kb * 1024,
        "weights_bytes": weights_bytes,
        "weights_rss_bytes": weights_kb * 1024,
        "forward_peak_bytes": peaks,
    }


class Refused(Exception):
    """A forward pass or a build failed; the message names the model (and the cell)."""


def _ms(seconds: float) -> float:
    return round(seconds * 1e3, 4)  # 0.1 microsecond: finer than perf_counter's jitter


def _summary(times: list[float], warmups: int) -> dict[str, Any]:
    q1, _q2, q3 = quantiles(times, n=4, method="inclusive")
    return {
        "median_ms": _ms(median(times)),
        "q1_ms": _ms(q1),
        "q3_ms": _ms(q3),
        "min_ms": _ms(min(times)),
        "runs": len(times),
        "warmup_runs": warmups,
    }


def _timed(model: Any, inputs: dict[str, Any]) -> float:
    begin = time.perf_counter()
    model(**inputs)
    return time.perf_counter() - begin


def time_cell(
    models: dict[str, Any],
    inputs: dict[str, dict[str, Any]],
    policy: RepeatPolicy,
    on_turn: Callable[[int, str], None],
) -> dict[str, dict[str, Any]]:
    """{model id: timing} for one shape and thread count, the models taking turns.

    Warm-up first, per model (`on_turn(-1, model)`), whose median run time a turn is budgeted by. Then
    `policy.rounds` rounds; even rounds go through the models in order, odd ones in reverse,
    so no model always follows the same neighbour. Quartiles are over all of a model's runs,
    so drift between rounds widens the spread instead of hiding in one process's luck."""
    warmups: dict[str, int] = {}
    estimate: dict[str, float] = {}
    for model_id, model in models.items():
        on_turn(-1, model_id)
        started = time.perf_counter()
        seen: list[float] = []
        while len(seen) < policy.warmup_runs or time.perf_counter() - started < policy.warmup_seconds:
            seen.append(_timed(model, inputs[model_id]))
        warmups[model_id], estimate[model_id] = len(seen), median(seen)  # one preempted pass cannot rule
    per_turn = policy.target_seconds / policy.rounds
    runs_per_turn = {
        m: max(1, min(policy.max_runs // policy.rounds, round(per_turn / max(estimate[m], 1e-6))))
        for m in models
    }
    times: dict[str, list[float]] = {m: [] for m in models}
    ids = list(models)
    for turn in range(policy.rounds):
        for model_id in ids if turn % 2 == 0 else reversed(ids):
            on_turn(turn, model_id)
            model, model_inputs = models[model_id], inputs[model_id]
            if estimate[model_id] < policy.rewarm_below_seconds:
                model(**model_inputs)
                warmups[model_id] += 1
            times[model_id].extend(_timed(model, model_inputs) for _ in range(runs_per_turn[model_id]))
    return {m: _summary(times[m], warmups[m]) for m in models}


def _ort_runner(session: Any) -> Any:
    def run(**feeds: Any) -> Any:
        return session.run(None, feeds)

    return run


def measure_latency(
    libc: Any,
    hf_configs: dict[str, dict[str, Any]],
    threads: dict[str, int],
    policy: RepeatPolicy,
    cells: dict[str, dict[str, tuple[str, ...]]],
    files: dict[str, dict[str, str]],
    send: Say,
    start: Say,
) -> dict[str, Any]:
    """Every model's latency in every runtime, the runtimes taking turns with the models.

    `cells`: runtime -> thread setting -> shape keys to time; `files`: model id -> ORT runtime ->
    the .onnx file that passed its check. Returns {'latency': {model: {runtime: {threads: {shape:
    timing}}}}, 'failed': {model: {runtime: error}}, 'peak': {threads: GFLOP/s}, 'peak_int8':
    {threads: GOP/s} (empty unless ort-int8 is measured), ...}. A PyTorch
    failure ends the run (Refused); an ONNX Runtime session that cannot open or run fails that
    runtime for that model only."""
    from . import ort
    from .peaks import gemm_gflops, int8_gemm_gops
    from .settings import SHAPES

    libc.mallopt(M_MMAP_THRESHOLD, SERVER_MMAP_THRESHOLD)
    libc.mallopt(M_TRIM_THRESHOLD, SERVER_TRIM_THRESHOLD)
    if files:
        ort._quiet()
    doing = ""  # what a failure names: the model being built or timed, and the cell

    def step(text: str) -> None:
        nonlocal doing
        doing = text
        send(text)

    models: dict[str, Any] = {}
    out: dict[str, Any] = {m: {} for m in hf_configs}
    failed: dict[str, dict[str, str]] = {m: {} for m in hf_configs}
    peak: dict[str, float] = {}
    peak_int8: dict[str, float] = {}
    int8 = "ort-int8" in cells  # its cells' share is of the int8 peak (peaks.py)

    def probe_peaks(setting: str, count: int) -> None:
        """The matrix-multiply peaks at this thread setting, before and after its cells: the
        best of the probes counts."""
        step("float32 matrix-multiply peak")
        peak[setting] = max(peak.get(setting, 0.0), gemm_gflops(torch, repeats=policy.peak_repeats))
        if int8:
            step("int8 matrix-multiply peak")
            peak_int8[setting] = max(
                peak_int8.get(setting, 0.0), int8_gemm_gops(count, repeats=policy.peak_repeats)
            )

    try:
        for model_id, hf_config in hf_configs.items():
            step(f"building {model_id}")
            torch, models[model_id] = _build(hf_config)
        with torch.inference_mode():
            for setting, count in threads.items():
                torch.set_num_threads(count)
                sessions = {}
                for model_id, by_runtime in files.items():
                    for runtime, path in by_runtime.items():
                        step(f"opening {runtime} of {model_id} ({count} thread{'s' if count > 1 else ''})")
                        try:
                            sessions[model_id, runtime] = ort.session(path, count)
                        except Exception as exc:
                            failed[model_id][runtime] = f"session: {type(exc).__name__}: {exc}"
                probe_peaks(setting, count)
                for shape in SHAPES:
                    cell = f"{shape.label}, {count} thread{'s' if count > 1 else ''}"
                    runners, inputs = _contestants(torch, models, sessions, failed, cells, setting, shape)
                    if not runners:
                        continue
                    start(f"latency: {cell}")

                    def on_turn(turn: int, key: str, cell: str = cell) -> None:  # bound now: B023
                        step(f"{cell}, {'warm-up' if turn < 0 else f'round {turn + 1}/{policy.rounds}'}: {key}")

                    timed = time_cell(runners, inputs, policy, on_turn)
                    for (model_id, runtime), timing in ((_split(k), t) for k, t in timed.items()):
                        out[model_id].setdefault(runtime, {}).setdefault(setting, {})[shape.key] = timing
                probe_peaks(setting, count)
                del sessions
    except Exception as exc:
        raise Refused(f"{doing}: {type(exc).__name__}: {exc}") from exc
    any_model = next(iter(models.values()))
    return {
        "latency": out,
        "failed": failed,
        "peak": peak,
        "peak_int8": peak_int8,
        "attn_implementation": any_model.config._attn_implementation,
        "interop_threads": torch.get_num_interop_threads(),
    }


def _split(key: str) -> tuple[str, str]:
    model_id, _, runtime = key.partition(" ")
    return model_id, runtime or "torch"


def _contestants(
    torch: Any,
    models: dict[str, Any],
    sessions: dict[tuple[str, str], Any],
    failed: dict[str, dict[str, str]],
    cells: dict[str, dict[str, tuple[str, ...]]],
    setting: str,
    shape: Shape,
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The runners and inputs of one cell, keyed 'model id' (PyTorch) or 'model id runtime':
    a model's runtimes side by side, so each round visits them one after the other. An ONNX
    Runtime session is run once first; if that raises, the runtime fails for that model."""
    runners: dict[str, Any] = {}
    inputs: dict[str, dict[str, Any]] = {}
    for model_id, model in models.items():
        feeds = _inputs(torch, shape, model.config.vocab_size)
        if shape.key in cells.get("torch", {}).get(setting, ()):
            runners[model_id], inputs[model_id] = model, feeds
        arrays = {name: tensor.numpy() for name, tensor in feeds.items()}
        arrays["token_type_ids"] = torch.zeros_like(feeds["input_ids"]).numpy()
        for (owner, runtime), session in sessions.items():
            if owner != model_id or runtime in failed[model_id] or shape.key not in cells[runtime][setting]:
                continue
            runner = _ort_runner(session)
            try:
                runner(**arrays)
            except Exception as exc:
                failed[model_id][runtime] = f"run at {shape.label}: {type(exc).__name__}: {exc}"
                continue
            runners[f"{model_id} {runtime}"], inputs[f"{model_id} {runtime}"] = runner, arrays
    return runners, inputs


def _serve(conn: Connection, work: Work) -> None:
    """Run `work(step, start)` and report: ('start', unit) when a unit of the progress bar
    begins and ('step', text) within it, then ('result', data) or ('error', text), which the
    parent turns into a MeasureFailed."""

    def step(text: str) -> None:
        conn.send(("step", text))

    def start(unit: str) -> None:
        conn.send(("start", unit))

    try:
        conn.send(("result", work(step, start)))
    except Refused as refused:
        conn.send(("error", str(refused)))
    except Exception as exc:  # reported by the parent as this measurement's failure
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _die_with_parent() -> None:
    """Be killed when the fork server that started this child ends, as it does when `measure`
    ends in any way, SIGKILL included (Linux prctl PR_SET_PDEATHSIG): no orphan keeps
    computing. run.py ends its children itself on any other way out."""
    import signal
    from contextlib import suppress

    with suppress(AttributeError, OSError):  # not Linux: run.py's own clean-up remains
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1


def memory_main(hf_config: dict[str, Any], shapes: tuple[Shape, ...], conn: Connection) -> None:
    """Entry point of a memory child: one model, a fresh process."""
    _die_with_parent()
    _serve(conn, lambda step, _start: measure_memory(ctypes.CDLL(None), hf_config, shapes, step))


def prepare_main(
    hf_config: dict[str, Any], runtimes: tuple[str, ...], shapes: tuple[str, ...], folder: str, conn: Connection
) -> None:
    """Entry point of a preparing child: one model's files and checks (ort.py)."""
    from . import ort

    _die_with_parent()
    _serve(conn, lambda step, _start: ort.prepare(hf_config, runtimes, shapes, folder, step))


def latency_main(
    hf_configs: dict[str, dict[str, Any]],
    threads: dict[str, int],
    policy: RepeatPolicy,
    cells: dict[str, dict[str, tuple[str, ...]]],
    files: dict[str, dict[str, str]],
    conn: Connection,
) -> None:
    """Entry point of the latency child: every model and runtime, interleaved."""
    _die_with_parent()
    _serve(
        conn,
        lambda step, start: measure_latency(
            ctypes.CDLL(None), hf_configs, threads, policy, cells, files, step, start
        ),
    )
