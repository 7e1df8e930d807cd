"""A re-measured model's figures pool both processes, so its spread covers both."""

from __future__ import annotations

from generator.measure.record import ModelMeasurement, Timing
from generator.measure.run import pooled


def record(median: float, q1: float, q3: float, peak: int) -> ModelMeasurement:
    cell = Timing(median_ms=median, q1_ms=q1, q3_ms=q3, min_ms=q1 - 0.5, runs=10, warmup_runs=2)
    return ModelMeasurement(model_id="m", latency={"1": {"b1_s32": cell}}, runtime_rss_bytes=1,
                            weights_bytes=2, weights_rss_bytes=3, forward_peak_bytes={"b1_s32": peak})


def test_the_pooled_cell_spans_both_processes_quartiles():
    first, again = record(5.0, 4.9, 5.2, peak=100), record(5.8, 5.6, 5.9, peak=200)
    cell = pooled(first, again).timing("1", "b1_s32")
    assert (cell.q1_ms, cell.q3_ms, cell.min_ms) == (4.9, 5.9, 4.4)
    assert cell.median_ms == 5.4 and cell.runs == 20 and cell.warmup_runs == 4
    assert pooled(first, again).forward_peak_bytes == {"b1_s32": 200}
