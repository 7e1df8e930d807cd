"""The plausibility rule: a bigger model is never faster beyond the measurement's own spread.

At a fixed hidden size, a model with more layers does strictly more work than one with
fewer; at a fixed number of layers, so does a model with a wider hidden size. On one
machine it can look faster only by noise. The noise is each cell's interquartile range, so a
contradiction is a bigger model whose upper quartile lies below the smaller model's lower
quartile: the two spreads do not even touch. Such a file was measured while something else
ran (or is wrong) and is refused, with the models and figures named.

Files of a --quick run (three runs per cell, policy 'quick') are exempt: three runs have no
spread worth the name, and such a file says it is not for comparison.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .record import Measurements
from .settings import SHAPE_BY_KEY


@dataclass(frozen=True)
class Contradiction:
    smaller: str
    bigger: str
    message: str


def contradictions(measurements: Measurements, shapes_of: Mapping[str, tuple[int, int]]) -> list[Contradiction]:
    """Every contradicting pair, in every runtime (a runtime's timed cells only; a model whose
    runtime failed or was not checked ok has none); `shapes_of` maps model id -> (layers, hidden)."""
    if measurements.machine.policy == "quick":
        return []
    out = []
    models = [m for m in measurements.models if m.model_id in shapes_of]
    for runtime, info in measurements.machine.runtimes.items():
        named = "" if runtime == "torch" else f"{runtime}, "
        for threads, keys in info.cells.items():
            for key in keys:
                label = SHAPE_BY_KEY[key].label
                for small in models:
                    for big in models:
                        (sl, sh), (bl, bh) = shapes_of[small.model_id], shapes_of[big.model_id]
                        if not ((sh == bh and sl < bl) or (sl == bl and sh < bh)):
                            continue
                        fast = big.runtime_timing(runtime, threads, key)
                        slow = small.runtime_timing(runtime, threads, key)
                        if fast is not None and slow is not None and fast.q3_ms < slow.q1_ms:
                            what = "layers" if sh == bh else "hidden size"
                            out.append(
                                Contradiction(
                                    small.model_id,
                                    big.model_id,
                                    (
                                        f"{named}{label}, {threads} thread(s): {big.model_id} "
                                        f"(more {what}) takes {fast.median_ms:.3f} ms "
                                        f"(IQR {fast.q1_ms:.3f}-{fast.q3_ms:.3f}) but {small.model_id} "
                                        f"takes {slow.median_ms:.3f} ms (IQR {slow.q1_ms:.3f}-"
                                        f"{slow.q3_ms:.3f}): a bigger model cannot be faster beyond the spread"
                                    ),
                                )
                            )
    return out
