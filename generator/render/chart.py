"""The home page chart: parameters against GLUE score, as an inline SVG built at build time.

Inline SVG needs no script and no request, its labels are real (translatable, searchable)
text, and <title>/<desc> give screen readers the whole content. The x axis is logarithmic
because the models span 4M to 110M parameters.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from ..escape import html_text as escape
from .chart_axes import frame_svg, nice_ticks
from .context import ModelView

WIDTH, HEIGHT = 640, 360
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 24, 88
"""Plot margins in SVG units: room for the axis labels and the strip of unscored models."""


@dataclass(frozen=True)
class ChartPoint:
    label: str
    params: int
    glue: float | None


def chart_points(models: tuple[ModelView, ...]) -> tuple[ChartPoint, ...]:
    """Every model; GLUE is None where no score is published."""
    return tuple(
        ChartPoint(m.label, m.params.params_backbone, m.glue.score if m.glue else None) for m in models
    )


def _millions(n: float) -> str:
    return f"{n / 1e6:g}M"


def render_chart(
    points: tuple[ChartPoint, ...], t: Callable[..., str], split: str, chart_id: str = "lb-chart"
) -> Markup:
    """The SVG element; `split` names the GLUE split. Raises ValueError when there is nothing to plot."""
    scored = [p for p in points if p.glue is not None]
    if not scored:
        raise ValueError("no model has both a parameter count and a GLUE score")
    x_low, x_high = min(p.params for p in points) / 1.3, max(p.params for p in points) * 1.3
    glues = [p.glue for p in scored if p.glue is not None]
    y_low = math.floor(min(glues) / 5) * 5 - 5
    y_high = math.ceil(max(glues) / 5) * 5 + 5
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    log_low, log_span = math.log10(x_low), math.log10(x_high) - math.log10(x_low)

    def x(params: float) -> float:
        return LEFT + plot_w * (math.log10(params) - log_low) / log_span

    def y(score: float) -> float:
        return TOP + plot_h * (y_high - score) / (y_high - y_low)

    title = t("chart.title", split=split)
    desc = t(
        "chart.desc",
        points="; ".join(
            t("chart.point", label=p.label, params=f"{p.params / 1e6:.2f}M", glue=p.glue) for p in scored
        ),
        unscored=len(points) - len(scored),
        split=split,
    )
    e = escape
    parts = [
        f'<svg class="lb-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{e(title)}</title>',
        f'<desc id="{chart_id}-desc">{e(desc)}</desc>',
        *frame_svg(
            LEFT,
            TOP,
            plot_w,
            plot_h,
            x_ticks=[(x(tick), _millions(tick)) for tick in nice_ticks(x_low, x_high)],
            y_ticks=[(y(score), str(score)) for score in range(int(y_low), int(y_high) + 1, 5)],
            x_title=t("chart.x"),
            y_title=t("chart.y"),
            x_title_drop=36,
        ),
    ]
    strip = TOP + plot_h + 60
    parts.append(
        f'<text class="lb-chart__tick" x="{LEFT}" y="{strip - 8}">'
        f"{e(t('chart.unscored', n=len(points) - len(scored)))}</text>"
    )
    for p in points:
        if p.glue is None:
            parts.append(f'<circle class="lb-chart__rug" cx="{x(p.params):.1f}" cy="{strip + 6}" r="3"/>')
    for p, glue in zip(scored, glues, strict=True):
        cx, cy = x(p.params), y(glue)
        parts.append(f'<circle class="lb-chart__point" cx="{cx:.1f}" cy="{cy:.1f}" r="6"/>')
        parts.append(
            f'<text class="lb-chart__point-label" x="{cx + 10:.1f}" y="{cy - 8:.1f}">'
            f"{e(p.label)} ({p.glue:g})</text>"
        )
    parts.append("</svg>")
    # One line: a blank line inside would end Markdown's raw-HTML block.
    return Markup("".join(parts))
