"""What a run measures (generator/measure/settings.py)."""

from __future__ import annotations

from generator.measure.settings import RUNTIMES, runtimes_measured


def test_torch_the_reference_is_always_measured_and_the_order_is_the_pages():
    assert runtimes_measured(("ort-int8",)) == ("torch", "ort-int8")
    assert runtimes_measured(("ort-int8", "ort-fp32")) == ("torch", "ort-fp32", "ort-int8")
    assert runtimes_measured(("torch",)) == ("torch",)
    assert runtimes_measured(RUNTIMES) == RUNTIMES
