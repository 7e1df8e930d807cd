"""The forward passes, run in a fresh child process per model.

This is the only module of the stage that imports torch. The parent (run.py) starts each
child from a fork server that has already imported torch and transformers, so a child costs
milliseconds, not a 3-second import, and starts with a heap no forward pass has touched.

Memory comes first, as the resident set size (RSS) the kernel reports in /proc/self/status:
  * the child sets glibc's mmap threshold to 64 KiB (mallopt), so every tensor buffer above
    that is its own mapping, and freeing it returns its pages to the kernel at once;
  * the weights' resident size is VmRSS after building the model minus VmRSS before;
  * before each shape, writing 5 to /proc/self/clear_refs resets the high-water mark
    (VmHWM), then one forward pass runs (1 thread); its peak is VmHWM minus VmRSS just before.
This sees every byte torch's CPU allocator takes (it allocates through malloc), unlike
tracemalloc, which sees only Python objects.

Latency follows in the same process, with the thresholds glibc's own dynamic tuning ends at
(mmap above 32 MiB, trim above 64 MiB), so freed buffers are reused as in a long-running
server. The memory pass of a shape is the 1-thread warm-up of that shape; the 'all cores'
setting warms up on its own.
"""

from __future__ import annotations

import ctypes
import time
from statistics import median, quantiles
from typing import Any

from .settings import RepeatPolicy, Shape

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
    model = BertModel(BertConfig(**hf_config)).eval()
    return torch, model


def _inputs(torch: Any, shape: Shape, vocab_size: int) -> dict[str, Any]:
    generator = torch.Generator().manual_seed(shape.batch * 1000 + shape.seq)
    ids = torch.randint(1000, vocab_size, (shape.batch, shape.seq), generator=generator)
    return {"input_ids": ids, "attention_mask": torch.ones_like(ids)}


def measure_memory(libc: Any, hf_config: dict[str, Any], shapes: tuple[Shape, ...],
                   send) -> tuple[Any, Any, dict[str, Any]]:
    """(torch, model, figures): the weights' size and resident size, and the peak RSS growth
    of one forward pass per shape."""
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
    return torch, model, {"runtime_rss_bytes": runtime_kb * 1024, "weights_bytes": weights_bytes,
                          "weights_rss_bytes": weights_kb * 1024, "forward_peak_bytes": peaks}


def _time_cell(model: Any, inputs: dict[str, Any], policy: RepeatPolicy, warm: bool) -> dict[str, Any]:
    """`warm`: a forward pass of this shape and thread count just ran (the memory pass)."""
    started = time.perf_counter()
    warmups = 0
    while (warmups < (0 if warm else policy.warmup_runs)
           or time.perf_counter() - started < policy.warmup_seconds):
        model(**inputs)
        warmups += 1
    times: list[float] = []
    started = time.perf_counter()
    while len(times) < policy.max_runs and (
            len(times) < policy.min_runs or time.perf_counter() - started < policy.target_seconds):
        begin = time.perf_counter()
        model(**inputs)
        times.append(time.perf_counter() - begin)
    q1, _q2, q3 = quantiles(times, n=4, method="inclusive")

    def ms(seconds: float) -> float:
        return round(seconds * 1e3, 4)  # 0.1 microsecond: finer than perf_counter's jitter

    return {"median_ms": ms(median(times)), "q1_ms": ms(q1), "q3_ms": ms(q3), "min_ms": ms(min(times)),
            "runs": len(times), "warmup_runs": warmups + int(warm)}


def measure_latency(libc: Any, torch: Any, model: Any, shapes: tuple[Shape, ...], threads: dict[str, int],
                    policy: RepeatPolicy, send) -> dict[str, Any]:
    """{thread setting: {shape key: timing}} for every thread setting and shape."""
    libc.mallopt(M_MMAP_THRESHOLD, SERVER_MMAP_THRESHOLD)
    libc.mallopt(M_TRIM_THRESHOLD, SERVER_TRIM_THRESHOLD)
    vocab_size = model.config.vocab_size
    out: dict[str, Any] = {}
    with torch.inference_mode():
        for setting, count in threads.items():
            torch.set_num_threads(count)
            out[setting] = {}
            for shape in shapes:
                send(f"{shape.label} {count} thread{'s' if count > 1 else ''}")
                out[setting][shape.key] = _time_cell(model, _inputs(torch, shape, vocab_size), policy,
                                                     warm=count == 1)
    return {"latency": out, "attn_implementation": model.config._attn_implementation,
            "threads": {k: v for k, v in threads.items()}, "interop_threads": torch.get_num_interop_threads()}


def child_main(hf_config: dict[str, Any], shapes: tuple[Shape, ...], threads: dict[str, int],
               policy: RepeatPolicy, conn) -> None:
    """Entry point of a child: measure one model, send ('result', data) or ('error', text)."""
    def send(step: str) -> None:
        conn.send(("step", step))

    try:
        libc = ctypes.CDLL(None)
        torch, model, memory = measure_memory(libc, hf_config, shapes, send)
        latency = measure_latency(libc, torch, model, shapes, threads, policy, send)
        conn.send(("result", {**memory, **latency}))
    except Exception as exc:  # reported by the parent as this model's failure
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()
