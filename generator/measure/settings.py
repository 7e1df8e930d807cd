"""What a measurement measures: the input shapes, the thread settings and how many repeats.

Everything here is plain data, shared by the worker (which times), the validation (which
checks the files) and the site (which labels the figures).
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Shape:
    """One input: `batch` sequences of `seq` tokens."""

    batch: int
    seq: int

    @property
    def key(self) -> str:
        """'b1_s128': the key of this shape in a measurement file."""
        return f"b{self.batch}_s{self.seq}"

    @property
    def label(self) -> str:
        return f"b{self.batch}/s{self.seq}"


SHAPES: tuple[Shape, ...] = (Shape(1, 32), Shape(1, 128), Shape(1, 512), Shape(32, 128))
"""Short and long single requests, and a batch: what the figures on the site are for."""
HEADLINE = Shape(1, 128)
"""The shape the site compares models at (relative speed, the size chooser)."""
SHAPE_BY_KEY = {s.key: s for s in SHAPES}

ONE_THREAD = "1"
"""torch.set_num_threads(1): the setting the site compares models at."""
ALL_CORES = "all"
"""One thread per core the process may run on."""
THREAD_SETTINGS = (ONE_THREAD, ALL_CORES)
RUNTIMES = ("torch", "ort-fp32", "ort-int8")
"""Every runtime a file may hold, in the order pages show them:
  torch     PyTorch eager (transformers' BertModel), the reference every other runtime is checked against;
  ort-fp32  ONNX Runtime: the same weights exported to ONNX, graph-optimised for BERT by
            onnxruntime.transformers.optimizer;
  ort-int8  that graph with ONNX Runtime's dynamic int8 quantization (QInt8 weights, activations
            quantized at run time): the file people ship.
torch.compile is not among them (docs/design/measure.md says why)."""


def runtimes_measured(asked: tuple[str, ...]) -> tuple[str, ...]:
    """The runtimes a run measures when `asked` for these: in RUNTIMES' order, and torch always,
    the reference every other runtime is checked against."""
    return tuple(r for r in RUNTIMES if r in asked or r == "torch")


ARITHMETIC = {"torch": "float32", "ort-fp32": "float32", "ort-int8": "int8"}
"""The arithmetic each runtime's matrix products do, and so the peak its share is of
(record.Machine.peak_for): int8 products have their own, several times higher, peak."""
ORT_SHAPES = ("b1_s32", "b1_s128", "b1_s512")
"""The shapes the ONNX Runtime runtimes are timed at (both thread settings). Batch 32 is PyTorch's
only: it is most of a full run's time, and the 25-minute budget of a full run on 2 cores does
not fit it three times (docs/design/measure.md)."""


def runtime_cells(runtime: str) -> dict[str, tuple[str, ...]]:
    """Thread setting -> the shape keys a runtime is timed at in a run."""
    keys = tuple(s.key for s in SHAPES) if runtime == "torch" else ORT_SHAPES
    return {t: keys for t in THREAD_SETTINGS}


REFERENCE_MODEL = "uncased_L-12_H-768_A-12"
"""BERT-Base: relative speeds are its latency divided by a model's (2.0 = twice as fast)."""


def cores_available() -> int:
    """Cores this process may run on (its CPU affinity), which is what 'all cores' uses."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class RepeatPolicy:
    """How each (shape, threads) cell is timed. All models take turns in `rounds` rounds (see
    worker.py: interleaved), and each model's runs in a round are budgeted by time, so a 0.3 ms
    model gets dozens of runs per round and BERT-Base at batch 32 one long run."""

    name: str
    rounds: int
    """Turns each model takes per cell; every turn has at least one timed run."""
    warmup_runs: int
    """Untimed forward passes per model before the first round (allocator, oneDNN kernels)..."""
    warmup_seconds: float
    """...and more untimed passes until this much time was spent warming that model up."""
    target_seconds: float
    """Timed time per model and cell, spread over the rounds (at least one run per round)."""
    max_runs: int
    """Timed runs per model and cell at most."""
    rewarm_below_seconds: float
    """A model whose run is shorter than this gets one untimed pass at the start of each turn:
    the model before it evicted its weights from the caches, and a fast model's first pass
    would time the cache refill rather than the model."""
    peak_repeats: int
    """Timed runs of each product that measures the machine's matrix-multiply peaks (peaks.py)."""

    def __post_init__(self) -> None:
        # Quartiles need two runs at least; and a turn always times one run, so max_runs
        # below the number of rounds would be exceeded.
        if self.rounds < 2 or self.max_runs < self.rounds:
            raise ValueError(f"policy {self.name!r}: rounds must be >= 2 and max_runs >= rounds")
        if self.peak_repeats < 1:  # no timed run would give an infinite time and a peak of 0
            raise ValueError(f"policy {self.name!r}: peak_repeats must be >= 1")


FULL = RepeatPolicy(
    "full",
    rounds=3,
    warmup_runs=1,
    warmup_seconds=0.1,
    target_seconds=0.6,
    max_runs=201,
    rewarm_below_seconds=0.05,
    peak_repeats=5,
)
QUICK = RepeatPolicy(
    "quick",
    rounds=3,
    warmup_runs=1,
    warmup_seconds=0.0,
    target_seconds=0.0,
    max_runs=3,
    rewarm_below_seconds=0.0,
    peak_repeats=1,
)
"""For tests and trying the command: three timed runs per cell (one per round), whatever the
spread, and one run of each peak product (its file says so)."""


AT_ONCE = 2
"""Models whose memory, or whose files and checks, are measured or made at the same time
(run.py): two on 2 cores. Nothing is timed then (memory is each process's own); making
BERT-Base's files alone takes about 3.5 GB and a few minutes on a busy machine."""

DEADLINES = {"memory": 600.0, "prepare": 1200.0, "latency_full": 3600.0, "latency_quick": 900.0}
"""Seconds each child may take before it is killed (run.py): a model's memory child, a model's
preparing child (export, optimisation, quantization, checks: BERT-Base takes about a minute on
2 quiet cores), and the one latency child of a full or a quick run. Generous, because the
build machine is shared and at times runs 8x slower than when quiet; what they bound is a hang."""
