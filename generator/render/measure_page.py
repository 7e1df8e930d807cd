"""What the measurement partials need, per language: machine views, labels, charts, chooser data.

Pages include generator/templates/partials/measure-*.md.j2; pages.py merges this dict into
every page's context, so the page templates only carry one include line each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from ..escape import code_block
from ..measure import HEADLINE, SHAPES
from .context import SiteData
from .i18n import Translator
from .measure_charts import glue_chart, latency_chart
from .measure_view import CHOOSER_TEXT, MachineView, chooser_data, machine_views
from .speed_script import FILE_NAME, SITE_PATH, install_command, run_command


def format_ms(ms: float) -> str:
    """Three significant figures at most, never exponent notation: 0.412, 3.05, 48.2, 1,523."""
    if ms >= 100:
        return f"{ms:,.0f}"
    return f"{ms:.1f}" if ms >= 10 else f"{ms:.2f}" if ms >= 1 else f"{ms:.3f}"


def machine_label(view: MachineView, plain: Callable[..., str]) -> str:
    m = view.measurements.machine
    label = plain("measure.machine_label", cpu=m.cpu, cores=m.cores, torch=m.torch.split("+")[0],
                  date=m.date[:10])
    return label + (plain("measure.quick_suffix") if view.quick else "")


def measure_context(site: SiteData, t: Translator, split: str) -> dict[str, Any]:
    plain = t.plain
    machines = machine_views(site.models, site.measurements)
    labels = {v.id: machine_label(v, plain) for v in machines}
    charts = {v.id: (latency_chart(v, plain, f"lb-mchart-{i}-latency"),
                     glue_chart(v, plain, split, f"lb-mchart-{i}-glue"))
              for i, v in enumerate(machines)}
    speed_script = {"file": FILE_NAME, "file_code": Markup(f"`{FILE_NAME}`"),
                    "href": f"../{SITE_PATH}",  # from models/, where the pages are
                    "install": code_block(install_command()), "run": code_block(run_command())}
    return {"machines": machines, "speed_script": speed_script, "machine_labels": labels,
            "measure_charts": charts,
            "measure_shapes": SHAPES, "headline": HEADLINE,
            # the raw strings, {placeholders} and all: the script fills them in
            "chooser_json": chooser_data(machines, labels, {k: t.text(f"chooser.{k}") for k in CHOOSER_TEXT})
            if machines else None}
