"""How close a latency is to the machine's limit: achieved GFLOP/s and the share of the
measured float32 matrix-multiply peak. The one place these figures are computed (the pages,
bench/measure.py and catalog.json readers use it; the files do not store them).

The FLOPs of a forward pass are the params stage's (generator/params/formula.py:
matrix products only, a multiply-add counted as 2, as torch's FlopCounterMode counts them;
generator/params/check.py holds FlopCounterMode's figure at 128 tokens equal to the formula),
times the batch. The peak is the run's own, of the arithmetic the runtime does (peaks.py,
record.Machine.peak_for): float32 (torch.matmul of square float32 matrices) for PyTorch and ONNX
Runtime fp32; int8 (ONNX Runtime's MatMulInteger) for ONNX Runtime int8, whose GFLOP/s count its
integer operations like float32 ones. A file without an int8 peak (measured before it was) gives
int8 cells no share: against the float32 peak it would pass 100 % and mean nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import Model
from ..params.formula import formula_flops
from .record import Measurements
from .settings import HEADLINE, SHAPE_BY_KEY, Shape

OVERHEAD_BOUND_BELOW_PERCENT = 40.0
"""Below this share of the peak of its runtime's own arithmetic (1 thread; the float32 peak for
PyTorch and ONNX Runtime fp32, the int8 one for ONNX Runtime int8) a model spends most of its
time outside matrix arithmetic: per-operator overhead (dispatch, small kernels, memory traffic)
bounds it, and a faster CPU helps it less than the FLOPs suggest."""


@dataclass(frozen=True)
class Efficiency:
    flops: int
    """Forward FLOPs of the cell's whole batch."""
    gflops: float
    """Achieved: flops / median latency, 10^9 per second."""
    percent_of_peak: float | None
    """gflops / the machine's peak of the runtime's arithmetic at the same thread setting, in
    percent; None when the file has no such peak (format version 1; int8 before its peak was
    measured)."""

    @property
    def overhead_bound(self) -> bool | None:
        if self.percent_of_peak is None:
            return None
        return self.percent_of_peak < OVERHEAD_BOUND_BELOW_PERCENT


def cell_flops(model: Model, shape: Shape) -> int:
    """FLOPs of one forward pass of `shape` (batch x one sequence's FLOPs)."""
    return shape.batch * formula_flops(model, shape.seq)


def efficiency(
    measurements: Measurements,
    model: Model,
    runtime: str = "torch",
    threads: str = "1",
    shape_key: str = HEADLINE.key,
) -> Efficiency | None:
    """The cell's efficiency, or None when `model` has no timing there in `runtime` (not
    measured, failed, its check failed, or not timed at that cell)."""
    measured = measurements.get(model.id)
    timing = measured.runtime_timing(runtime, threads, shape_key) if measured is not None else None
    if timing is None:
        return None
    flops = cell_flops(model, SHAPE_BY_KEY[shape_key])
    gflops = flops / (timing.median_ms * 1e-3) / 1e9
    peak = measurements.machine.peak_for(runtime)
    return Efficiency(
        flops=flops, gflops=gflops, percent_of_peak=None if peak is None else 100 * gflops / peak.of(threads)
    )
