"""The measurements as the pages show them: per machine, per model, relative to BERT-Base. Pure.

Every figure is a field of a measurement file (generator/measure) or a ratio of two of them;
the machine it was measured on travels with it, so no page shows a latency without its machine.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..escape import json_script
from ..measure import (
    HEADLINE,
    ONE_THREAD,
    REFERENCE_MODEL,
    THREAD_SETTINGS,
    Measurements,
    ModelMeasurement,
    Timing,
)
from ..measure.record import STATUS_CHECK_FAILED, STATUS_FAILED
from .context import ModelView


@dataclass(frozen=True)
class MeasureRow:
    model: ModelView
    measured: ModelMeasurement
    reference: ModelMeasurement | None
    """BERT-Base on the same machine, when it was measured there."""

    def relative(self, threads: str = ONE_THREAD, shape_key: str = HEADLINE.key) -> float | None:
        """How many times faster than BERT-Base on the same machine, threads and shape."""
        if self.reference is None:
            return None
        reference = self.reference.timing(threads, shape_key).median_ms
        return reference / self.measured.timing(threads, shape_key).median_ms

    def cell(self, threads: str, shape_key: str) -> Timing:
        return self.measured.timing(threads, shape_key)


@dataclass(frozen=True)
class MachineView:
    measurements: Measurements
    rows: tuple[MeasureRow, ...]
    """Measured models, in catalogue order."""

    @property
    def id(self) -> str:
        return self.measurements.machine.id

    @property
    def quick(self) -> bool:
        return self.measurements.machine.policy == "quick"

    def row(self, model_id: str) -> MeasureRow | None:
        return next((r for r in self.rows if r.model.id == model_id), None)


def machine_views(models: tuple[ModelView, ...], found: tuple[Measurements, ...]) -> tuple[MachineView, ...]:
    """One view per measurement file; full runs first, then by date, newest first."""
    views = []
    for measurements in found:
        reference = measurements.get(REFERENCE_MODEL)
        rows = tuple(
            MeasureRow(m, measured, reference)
            for m in models
            if (measured := measurements.get(m.id)) is not None
        )
        views.append(MachineView(measurements, rows))
    views.sort(key=lambda v: v.measurements.machine.date, reverse=True)
    views.sort(key=lambda v: v.quick)
    return tuple(views)


CHOOSER_TEXT = (
    "fits",
    "fits_timed",
    "none_fit",
    "left_check_failed",
    "left_failed",
    "item",
    "item_other",
    "glue",
    "relative",
    "speedup",
    "default_runtime",
)
"""chooser.* strings the script fills in ({placeholders} and all)."""


def _runtime_figures(row: MeasureRow, runtime: str) -> dict[str, object] | None:
    """A model's headline latencies and file size in `runtime`; None when the runtime has no
    figure there (it failed, failed its check against PyTorch, or was not timed at b1/s128)."""
    timings = {t: row.measured.runtime_timing(runtime, t, HEADLINE.key) for t in THREAD_SETTINGS}
    result = row.measured.runtimes.get(runtime)
    if result is None or any(timing is None for timing in timings.values()):
        return None
    # A version 1 file records no PyTorch file: its float32 tensors are what such a file holds.
    size = result.file_bytes if result.file_bytes is not None else row.measured.weights_bytes
    return {
        "ms": {t: timing.median_ms for t, timing in timings.items() if timing is not None},
        "file_mb": round(size / 1e6, 1),
    }


def chooser_data(
    machines: tuple[MachineView, ...],
    labels: dict[str, str],
    text: dict[str, str],
    runtime_labels: dict[str, str],
    defaults: dict[str, str],
    list_separator: str,
) -> Markup:
    """The JSON the size chooser reads (docs/theme/assets/javascripts/measure.js), made safe to
    sit inside a <script type="application/json"> element. `defaults`: machine id -> the runtime
    the chooser starts with (runtime_view.default_runtime)."""
    data = {
        "reference": REFERENCE_MODEL,
        "reference_runtime": "torch",
        "text": text,
        "list_separator": list_separator,
        "shape": HEADLINE.key,
        "machines": [
            {
                "id": v.id,
                "label": labels[v.id],
                "runtimes": [{"id": r, "label": runtime_labels[r]} for r in v.measurements.machine.runtimes],
                "default_runtime": defaults[v.id],
                "models": [
                    {
                        "id": r.model.id,
                        "label": r.model.label,
                        "href": f"{r.model.id}/",
                        "params": r.model.params.params_backbone,
                        "glue": r.model.glue.score if r.model.glue else None,
                        "memory_mb": round(r.measured.memory_bytes / 1e6, 1),
                        "rt": {
                            runtime: figures
                            for runtime in v.measurements.machine.runtimes
                            if (figures := _runtime_figures(r, runtime)) is not None
                        },
                        # Why a runtime has no figure: the summary names such models instead of
                        # counting them among those that do not fit.
                        "left": {
                            runtime: result.status
                            for runtime, result in r.measured.runtimes.items()
                            if result.status in (STATUS_CHECK_FAILED, STATUS_FAILED)
                        },
                    }
                    for r in v.rows
                ],
            }
            for v in machines
        ],
    }
    return json_script(data)
