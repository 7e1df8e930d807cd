"""Every runtime beside PyTorch, as the pages show it. Pure.

For one model, runtime and cell: the latency, the speed-up against PyTorch in the same cell, the
check against PyTorch, the size of the file shipped, and how close the latency comes to the
machine's measured matrix-multiply peak of the runtime's own arithmetic (float32, or int8 for
ONNX Runtime int8; generator/measure/efficiency.py computes that share, this module only reads
it). Also the two facts the pages state in words and the chooser starts from: which runtime is
the fastest that passed its checks, and which models spend their time on per-operator overhead
rather than arithmetic. Each is computed here, once, from the file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..measure import HEADLINE, ONE_THREAD, Measurements
from ..measure.efficiency import OVERHEAD_BOUND_BELOW_PERCENT, Efficiency, efficiency
from ..measure.record import STATUS_CHECK_FAILED, STATUS_FAILED, RuntimeResult, Timing
from ..measure.settings import ARITHMETIC
from .measure_view import MachineView, MeasureRow

REFERENCE_RUNTIME = "torch"
"""What every other runtime is checked against and compared with."""


@dataclass(frozen=True)
class RuntimeCell:
    """One model in one runtime at one cell (thread setting and shape)."""

    runtime: str
    result: RuntimeResult | None
    """None when the file has no result of this runtime for the model."""
    timing: Timing | None
    """None unless the runtime passed its check and was timed at this cell."""
    speedup: float | None
    """PyTorch's median divided by this runtime's, same cell (2.0 = twice as fast)."""
    efficiency: Efficiency | None

    @property
    def state(self) -> str:
        """'ok' (timed here), 'not_timed' (checked ok, this cell not timed), 'check_failed',
        'failed' or 'missing'."""
        if self.result is None:
            return "missing"
        if self.result.status in (STATUS_FAILED, STATUS_CHECK_FAILED):
            return self.result.status
        return "ok" if self.timing is not None else "not_timed"

    @property
    def file_bytes(self) -> int | None:
        return self.result.file_bytes if self.result is not None else None


def runtime_cell(
    measurements: Measurements,
    row: MeasureRow,
    runtime: str,
    threads: str = ONE_THREAD,
    shape_key: str = HEADLINE.key,
) -> RuntimeCell:
    result = row.measured.runtimes.get(runtime)
    timing = row.measured.runtime_timing(runtime, threads, shape_key)
    torch = row.measured.runtime_timing(REFERENCE_RUNTIME, threads, shape_key)
    speedup = torch.median_ms / timing.median_ms if timing is not None and torch is not None else None
    return RuntimeCell(
        runtime, result, timing, speedup, efficiency(measurements, row.model.model, runtime, threads, shape_key)
    )


def runtimes_of(view: MachineView) -> tuple[str, ...]:
    """The runtimes of a file, in the order the pages show them (PyTorch first)."""
    return tuple(view.measurements.machine.runtimes)


def default_runtime(view: MachineView) -> str:
    """The fastest runtime that passed its check: of the runtimes timed at batch 1 / 128 tokens
    with 1 thread for every measured model (so none was refused by its check or failed), the
    one with the highest geometric-mean speed-up over PyTorch; PyTorch when no other qualifies."""
    best, best_speedup = REFERENCE_RUNTIME, 1.0
    for runtime in runtimes_of(view):
        cells = [runtime_cell(view.measurements, r, runtime) for r in view.rows]
        speedups = [c.speedup for c in cells]
        if runtime == REFERENCE_RUNTIME or not cells or any(s is None for s in speedups):
            continue
        mean = math.exp(sum(math.log(s) for s in speedups if s is not None) / len(speedups))
        if mean > best_speedup:
            best, best_speedup = runtime, mean
    return best


@dataclass(frozen=True)
class OverheadFinding:
    """Which models a runtime runs far below the machine's matrix-multiply peak of the runtime's
    own arithmetic (batch 1, 128 tokens, 1 thread): per-operator overhead, not arithmetic, bounds
    them."""

    runtime: str
    arithmetic: str
    """settings.ARITHMETIC of the runtime: which peak the shares are of ("float32" or "int8")."""
    peak: float
    """The machine's measured peak of that arithmetic with 1 thread (10^9 operations a second)."""
    bound: tuple[tuple[str, float], ...]
    """(model label, % of peak) below OVERHEAD_BOUND_BELOW_PERCENT, lowest share first."""
    others: tuple[tuple[str, float], ...]
    """The other timed models, lowest share first."""
    threshold: float = OVERHEAD_BOUND_BELOW_PERCENT


def overhead_findings(view: MachineView) -> tuple[OverheadFinding, ...]:
    """One finding per runtime of the file whose arithmetic's peak the file records: none for a
    version 1 file (no peak), none for int8 in a file measured before its int8 peak was."""
    findings = []
    for runtime in runtimes_of(view):
        peak = view.measurements.machine.peak_for(runtime)
        if peak is None:
            continue
        shares = []
        for row in view.rows:
            e = runtime_cell(view.measurements, row, runtime).efficiency
            if e is not None and e.percent_of_peak is not None:
                shares.append((row.model.label, e.percent_of_peak))
        shares.sort(key=lambda s: s[1])
        if shares:
            findings.append(
                OverheadFinding(
                    runtime,
                    ARITHMETIC[runtime],
                    peak.one,
                    tuple(s for s in shares if s[1] < OVERHEAD_BOUND_BELOW_PERCENT),
                    tuple(s for s in shares if s[1] >= OVERHEAD_BOUND_BELOW_PERCENT),
                )
            )
    return tuple(findings)
