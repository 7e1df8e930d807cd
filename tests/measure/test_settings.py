"""What a run measures (generator/measure/settings.py)."""

from __future__ import annotations

from dataclasses import fields

import pytest

from generator.measure.settings import QUICK, RUNTIMES, RepeatPolicy, runtimes_measured


def test_torch_the_reference_is_always_measured_and_the_order_is_the_pages():
    assert runtimes_measured(("ort-int8",)) == ("torch", "ort-int8")
    assert runtimes_measured(("ort-int8", "ort-fp32")) == ("torch", "ort-fp32", "ort-int8")
    assert runtimes_measured(("torch",)) == ("torch",)
    assert runtimes_measured(RUNTIMES) == RUNTIMES


@pytest.mark.parametrize("field", ["rounds", "max_runs", "peak_repeats"])
def test_a_policy_that_could_not_time_anything_is_refused(field):
    values = {**{f.name: getattr(QUICK, f.name) for f in fields(QUICK)}, field: 0}
    with pytest.raises(ValueError, match=f"policy 'quick': {field if field != 'max_runs' else 'rounds'}"):
        RepeatPolicy(**values)
