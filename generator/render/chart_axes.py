"""What the site's charts draw alike: 1-2-5 ticks on a logarithmic axis, and a plot's frame
(the two axes, a grid line and a label per tick, the two axis titles).

The home page chart (chart.py) and the measurement charts (measure_charts.py) differ in their
points, not in their frame: drawing it once keeps the charts from drifting apart.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from ..escape import html_text as escape


def nice_ticks(low: float, high: float) -> list[float]:
    """1-2-5 ticks per decade between low and high (parameters; sub-millisecond latencies too,
    where a negative exponent makes the ticks fractions)."""
    ticks = []
    for exponent in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1):
        for mantissa in (1, 2, 5):
            value = mantissa * 10**exponent
            if low <= value <= high:
                ticks.append(value)
    return ticks


def frame_svg(
    left: float,
    top: float,
    width: float,
    height: float,
    *,
    x_ticks: Iterable[tuple[float, str]],
    y_ticks: Iterable[tuple[float, str]],
    x_title: str,
    y_title: str,
    x_title_drop: float,
) -> list[str]:
    """SVG elements of the plot area (left, top, width, height): the axes, a grid line and a label
    at each tick (its SVG coordinate and text), and the axis titles, the x title `x_title_drop`
    below the plot."""
    bottom = top + height
    parts = [
        f'<line class="lb-chart__axis" x1="{left}" y1="{bottom}" x2="{left + width}" y2="{bottom}"/>',
        f'<line class="lb-chart__axis" x1="{left}" y1="{top}" x2="{left}" y2="{bottom}"/>',
    ]
    for x, label in x_ticks:
        parts.append(
            f'<line class="lb-chart__grid" x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}"/>'
            f'<text class="lb-chart__tick" x="{x:.1f}" y="{bottom + 16}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    for y, label in y_ticks:
        parts.append(
            f'<line class="lb-chart__grid" x1="{left}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}"/>'
            f'<text class="lb-chart__tick" x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(label)}</text>"
        )
    parts.append(
        f'<text class="lb-chart__label" x="{left + width / 2:.1f}" y="{bottom + x_title_drop}" '
        f'text-anchor="middle">{escape(x_title)}</text>'
    )
    parts.append(
        f'<text class="lb-chart__label" transform="translate(16 {top + height / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle">{escape(y_title)}</text>'
    )
    return parts
