"""Two charts of the measured latency, as inline SVG built at build time (like chart.py):

  * latency against parameters, every measured model (log-log: 4M-110M parameters, and a
    latency range just as wide);
  * GLUE score against latency for the models with a published score, the Pareto front
    (no other model is both faster and better) joined and marked.

Colours come from CSS classes (docs/theme/assets/stylesheets/measure.css) that read
Material's scheme variables, so both charts follow the light and the dark scheme; every label
is a translated string, and <title>/<desc> carry the whole content for screen readers.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from ..escape import html_text as escape
from ..measure import HEADLINE, ONE_THREAD
from .chart_axes import frame_svg, nice_ticks
from .measure_view import MachineView, MeasureRow

WIDTH, HEIGHT = 640, 380
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 24, 56


@dataclass(frozen=True)
class Point:
    label: str
    x: float
    y: float
    named: bool
    front: bool = False


def pareto_front(points: list[Point]) -> list[Point]:
    """Points no other point beats on both axes (x lower is better, y higher is better),
    fastest first: each one is the fastest model at its quality level."""
    front, best = [], -math.inf
    for p in sorted(points, key=lambda p: (p.x, -p.y)):
        if p.y > best:
            front.append(p)
            best = p.y
    return front


class _Axes:
    def __init__(self, xs: list[float], ys: list[float], x_log: bool, y_log: bool):
        self.x_log, self.y_log = x_log, y_log
        self.x_low, self.x_high = self._range(xs, x_log)
        self.y_low, self.y_high = self._range(ys, y_log)
        self.w, self.h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    @staticmethod
    def _range(values: list[float], log: bool) -> tuple[float, float]:
        low, high = min(values), max(values)
        if log:
            return low / 1.4, high * 1.4
        pad = max((high - low) * 0.15, 1.0)
        return math.floor(low - pad), math.ceil(high + pad)

    @staticmethod
    def _frac(v: float, low: float, high: float, log: bool) -> float:
        if log:
            return (math.log10(v) - math.log10(low)) / (math.log10(high) - math.log10(low))
        return (v - low) / (high - low)

    def x(self, v: float) -> float:
        return LEFT + self.w * self._frac(v, self.x_low, self.x_high, self.x_log)

    def y(self, v: float) -> float:
        return TOP + self.h * (1 - self._frac(v, self.y_low, self.y_high, self.y_log))

    def ticks(self, low: float, high: float, log: bool) -> list[float]:
        if log:
            return [float(t) for t in nice_ticks(low, high)]
        step = 5 if high - low > 12 else 2
        return [float(v) for v in range(math.ceil(low / step) * step, int(high) + 1, step)]


LABEL_PX = 11
"""A point label's font size (docs/theme/assets/stylesheets/measure.css, .lb-chart__point-label)."""
CHAR_PX = 0.62 * LABEL_PX
"""A generous average advance of a Latin sans-serif glyph: labels are model names and figures."""


@dataclass(frozen=True)
class _Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: _Box) -> bool:
        return not (
            self.right <= other.left
            or other.right <= self.left
            or self.bottom <= other.top
            or other.bottom <= self.top
        )

    def inside(self, frame: _Box) -> bool:
        return (
            self.left >= frame.left
            and self.right <= frame.right
            and self.top >= frame.top
            and self.bottom <= frame.bottom
        )


def _point_box(cx: float, cy: float, r: float) -> _Box:
    return _Box(cx - r - 1, cy - r - 1, cx + r + 1, cy + r + 1)


def _label(cx: float, cy: float, r: float, text: str, taken: list[_Box], above: bool = False) -> str:
    """A point's label beside it where it covers no other point, line or label and stays inside
    the chart: to the right (left in the right third, where it would be cut off), then the other
    side, above, below; with `above`, above first (to the right, then the left, then centred).
    `taken` holds the points, lines and labels placed so far; the chosen box joins it."""
    width = len(text) * CHAR_PX
    right_third = cx > LEFT + (WIDTH - LEFT - RIGHT) * 0.66
    sides = {
        "right": (cx + r + 3, cy + 4, "start"),
        "left": (cx - r - 3, cy + 4, "end"),
        "above": (cx, cy - r - 3, "middle"),
        "above_right": (cx + r + 3, cy - r - 2, "start"),
        "above_left": (cx - r - 3, cy - r - 2, "end"),
        "below": (cx, cy + r + LABEL_PX, "middle"),
    }
    across = ["left", "right"] if right_third else ["right", "left"]
    over = ["above_left", "above_right"] if right_third else ["above_right", "above_left"]
    order = [*over, "above", *across, "below"] if above else [*across, "above", "below"]
    frame = _Box(LEFT, 0, WIDTH, HEIGHT - BOTTOM)  # not over the axes' tick labels
    own = _point_box(cx, cy, r)
    candidates = []
    for side in order:
        x, y, anchor = sides[side]
        start = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
        candidates.append((x, y, anchor, _Box(start, y - LABEL_PX * 0.8, start + width, y + LABEL_PX * 0.25)))
    # The first free place; when none is, the first choice all the same.
    x, y, anchor, box = next(
        (c for c in candidates if c[3].inside(frame) and not any(c[3].overlaps(t) for t in taken if t != own)),
        candidates[0],
    )
    taken.append(box)
    anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text class="lb-chart__point-label" x="{x:.1f}" y="{y:.1f}"{anchor_attr}>{escape(text)}</text>'


def _fmt(v: float) -> str:
    return f"{v:g}" if v >= 1 else f"{v:.2g}"


def _svg(
    chart_id: str,
    title: str,
    desc: str,
    axes: _Axes,
    x_label: str,
    y_label: str,
    x_tick: Callable[[float], str],
    body: list[str],
) -> Markup:
    e = escape
    x_ticks = axes.ticks(axes.x_low, axes.x_high, axes.x_log)
    y_ticks = axes.ticks(axes.y_low, axes.y_high, axes.y_log)
    parts = [
        f'<svg class="lb-chart lb-mchart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{e(title)}</title><desc id="{chart_id}-desc">{e(desc)}</desc>',
        *frame_svg(
            LEFT,
            TOP,
            axes.w,
            axes.h,
            x_ticks=[(axes.x(tick), x_tick(tick)) for tick in x_ticks],
            y_ticks=[(axes.y(tick), _fmt(tick)) for tick in y_ticks],
            x_title=x_label,
            y_title=y_label,
            x_title_drop=38,
        ),
        *body,
    ]
    parts.append("</svg>")
    return Markup("".join(parts))  # one line: a blank line would end Markdown's raw-HTML block


def _headline_ms(row: MeasureRow, runtime: str) -> float | None:
    timing = row.measured.runtime_timing(runtime, ONE_THREAD, HEADLINE.key)
    return timing.median_ms if timing is not None else None


def latency_chart(
    machine: MachineView,
    t: Callable[..., str],
    chart_id: str,
    runtime: str = "torch",
    runtime_label: str = "PyTorch",
) -> Markup | None:
    """Latency (1 thread, batch 1, 128 tokens) in `runtime` against parameters, every model timed
    there (a model whose runtime failed or failed its check has no point); None if none was."""
    points = [
        Point(r.model.label, r.model.params.params_backbone, ms, bool(r.model.model.name))
        for r in machine.rows
        if (ms := _headline_ms(r, runtime)) is not None
    ]
    if not points:
        return None
    axes = _Axes([p.x for p in points], [p.y for p in points], x_log=True, y_log=True)
    body = []
    taken = [_point_box(axes.x(p.x), axes.y(p.y), 6 if p.named else 4) for p in points]
    for p in points:
        cx, cy = axes.x(p.x), axes.y(p.y)
        tip = t("mchart.point", label=p.label, params=f"{p.x / 1e6:.1f}M", ms=f"{p.y:.3g}")
        named = " lb-chart__point--named" if p.named else ""
        body.append(
            f'<circle class="lb-chart__point{named}" cx="{cx:.1f}" cy="{cy:.1f}" '
            f'r="{6 if p.named else 4}"><title>{escape(tip)}</title></circle>'
        )
        if p.named:
            body.append(_label(cx, cy, 6, p.label, taken))
    desc = t(
        "mchart.latency_desc",
        n=len(points),
        points="; ".join(
            t("mchart.point", label=p.label, params=f"{p.x / 1e6:.1f}M", ms=f"{p.y:.3g}") for p in points
        ),
    )
    return _svg(
        chart_id,
        t("mchart.latency_title", runtime=runtime_label),
        desc,
        axes,
        t("mchart.params_axis"),
        t("mchart.ms_axis"),
        lambda v: f"{v / 1e6:g}M",
        body,
    )


def glue_chart(
    machine: MachineView,
    t: Callable[..., str],
    split: str,
    chart_id: str,
    runtime: str = "torch",
    runtime_label: str = "PyTorch",
) -> Markup | None:
    """GLUE against latency in `runtime` for the models with a published score timed there;
    None if fewer than 2."""
    points = [
        Point(r.model.label, ms, r.model.glue.score, True)
        for r in machine.rows
        if r.model.glue is not None and (ms := _headline_ms(r, runtime)) is not None
    ]
    if len(points) < 2:
        return None
    front = pareto_front(points)
    axes = _Axes([p.x for p in points], [p.y for p in points], x_log=True, y_log=False)
    steps = []
    for a, b in itertools.pairwise(front):
        steps.append(f"{axes.x(a.x):.1f},{axes.y(a.y):.1f} {axes.x(b.x):.1f},{axes.y(a.y):.1f}")
    path = " ".join(steps) + (f" {axes.x(front[-1].x):.1f},{axes.y(front[-1].y):.1f}" if front else "")
    body = [f'<polyline class="lb-chart__front" points="{path}"/>']
    legend = t("mchart.front_legend")
    taken = [_point_box(axes.x(p.x), axes.y(p.y), 6) for p in points]
    for a, b in itertools.pairwise(front):  # the front's steps: across, then up
        ax, ay, bx, by = axes.x(a.x), axes.y(a.y), axes.x(b.x), axes.y(b.y)
        taken += [_Box(ax, ay - 2, bx, ay + 2), _Box(bx - 2, min(ay, by), bx + 2, max(ay, by))]
    taken.append(_Box(LEFT + 8, TOP + 2, LEFT + 8 + len(legend) * LABEL_PX, TOP + 18))  # CJK-wide
    for p in points:
        on = p in front
        cx, cy = axes.x(p.x), axes.y(p.y)
        tip = t("mchart.glue_point", label=p.label, ms=f"{p.x:.3g}", glue=f"{p.y:g}")
        kind = "front" if on else "off"
        body.append(
            f'<circle class="lb-chart__point lb-chart__point--{kind}" cx="{cx:.1f}" cy="{cy:.1f}" '
            f'r="6"><title>{escape(tip)}</title></circle>'
            + _label(cx, cy, 6, f"{p.label} ({p.y:g})" + (" ★" if on else ""), taken, above=True)
        )
    body.append(f'<text class="lb-chart__tick" x="{LEFT + 8}" y="{TOP + 14}">{escape(legend)}</text>')
    desc = t(
        "mchart.glue_desc",
        split=split,
        front=", ".join(p.label for p in front),
        points="; ".join(
            t("mchart.glue_point", label=p.label, ms=f"{p.x:.3g}", glue=f"{p.y:g}") for p in points
        ),
    )
    return _svg(
        chart_id,
        t("mchart.glue_title", split=split, runtime=runtime_label),
        desc,
        axes,
        t("mchart.ms_axis"),
        t("mchart.glue_axis", split=split),
        _fmt,
        body,
    )
