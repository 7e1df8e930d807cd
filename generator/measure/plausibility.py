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
from .settings import SHAPES, THREAD_SETTINGS


@dataclass(frozen=True)
class Contradiction:
    smaller: str
    bigger: str
    message: str


def contradictions(measurements: Measurements,
                   shapes_of: Mapping[str, tuple[int, int]]) -> list[Contradiction]:
    """Every contradicting pair; `shapes_of` maps model id -> (layers, hidden)."""
    if measurements.machine.policy == "quick":
        return []
    out = []
    models = [m for m in measurements.models if m.model_id in shapes_of]
    for threads in THREAD_SETTINGS:
        for shape in SHAPES:
            for small in models:
                for big in models:
                    (sl, sh), (bl, bh) = shapes_of[small.model_id], shapes_of[big.model_id]
                    if not ((sh == bh and sl < bl) or (sl == bl and sh < bh)):
                        continue
                    fast, slow = big.timing(threads, shape.key), small.timing(threads, shape.key)
                    if fast.q3_ms < slow.q1_ms:
                        what = "layers" if sh == bh else "hidden size"
                        out.append(Contradiction(small.model_id, big.model_id, (
                            f"{shape.label}, {threads} thread(s): {big.model_id} (more {what}) takes "
                            f"{fast.median_ms:.3f} ms (IQR {fast.q1_ms:.3f}-{fast.q3_ms:.3f}) but "
                            f"{small.model_id} takes {slow.median_ms:.3f} ms (IQR {slow.q1_ms:.3f}-"
                            f"{slow.q3_ms:.3f}): a bigger model cannot be faster beyond the spread")))
    return out
