"""What the measurement partials need, per language: machine views, labels, charts, chooser data.

Pages include generator/templates/partials/measure-*.md.j2; pages.py merges this dict into
every page's context, so the page templates only carry one include line each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from ..escape import code_block, one_line
from ..measure import ALL_CORES, HEADLINE, ONE_THREAD, SHAPES, THREAD_SETTINGS
from ..measure.efficiency import OVERHEAD_BOUND_BELOW_PERCENT
from ..measure.settings import ARITHMETIC
from .context import SiteData
from .i18n import Translator
from .measure_charts import glue_chart, latency_chart
from .measure_view import CHOOSER_TEXT, MachineView, MeasureRow, chooser_data, machine_views
from .runtime_view import (
    REFERENCE_RUNTIME,
    OverheadFinding,
    RuntimeCell,
    default_runtime,
    overhead_findings,
    runtime_cell,
    runtimes_of,
)
from .speed_script import FILE_NAME, SITE_PATH, install_command, run_command


def format_ms(ms: float) -> str:
    """Three significant figures at most, never exponent notation: 0.412, 3.05, 48.2, 1,523."""
    if ms >= 100:
        return f"{ms:,.0f}"
    return f"{ms:.1f}" if ms >= 10 else f"{ms:.2f}" if ms >= 1 else f"{ms:.3f}"


def machine_label(view: MachineView, plain: Callable[..., str]) -> str:
    m = view.measurements.machine
    label = plain(
        "measure.machine_label", cpu=m.cpu, cores=m.cores, torch=m.torch.split("+")[0], date=m.date[:10]
    )
    return label + (plain("measure.quick_suffix") if view.quick else "")


MAX_REASON_CHARS = 160
"""A runtime's failure reason from the file, cut to a table cell's sentence."""


def percent(value: float) -> str:
    """A share of the peak: one decimal below 100 % (so a share just under the overhead line never
    reads as the line itself), whole percents above (an int8 share may pass 100)."""
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def check_text(t: Translator, cell: RuntimeCell) -> Markup:
    """A runtime's check against PyTorch in words, with its figures; for a runtime that failed
    before it could be checked (export, quantization), the file's reason."""
    check = cell.result.check if cell.result is not None else None
    if cell.runtime == REFERENCE_RUNTIME:
        return t("runtimes.reference")
    if cell.state == "failed":
        reason = cell.result.error if cell.result is not None else None
        return t("runtimes.failed_error", error=one_line(reason or "–", MAX_REASON_CHARS))
    if check is None:
        return t("runtimes.not_checked")
    verdict = t.plain("runtimes.passed" if check.passed else "runtimes.check_failed")
    if check.max_abs_diff is not None:
        return t(
            "runtimes.check_fp32",
            verdict=verdict,
            diff=f"{check.max_abs_diff:.1e}",
            tolerance=f"{check.tolerance:g}",
        )
    return t(
        "runtimes.check_int8",
        verdict=verdict,
        mean=f"{check.cosine_mean:.4f}",
        min=f"{check.cosine_min:.4f}",
        threshold=f"{check.threshold:g}",
    )


def check_brief(t: Translator, cell: RuntimeCell) -> Markup | None:
    """The figure a failed check failed on, short enough for a table cell; None otherwise."""
    check = cell.result.check if cell.result is not None else None
    if cell.state != "check_failed" or check is None:
        return None
    if check.max_abs_diff is not None:
        return t("runtimes.brief_fp32", diff=f"{check.max_abs_diff:.1e}", tolerance=f"{check.tolerance:g}")
    if check.cosine_mean is not None:
        return t("runtimes.brief_int8", mean=f"{check.cosine_mean:.4f}", threshold=f"{check.threshold:g}")
    return None


def peak_words(t: Translator, arithmetic: str, peak: float) -> str:
    """The peak a share is of, named with its unit: float32 in GFLOP/s, int8 in integer operations."""
    return t.plain(f"overhead.peak_{arithmetic}", peak=f"{peak:,.1f}")


def overhead_text(t: Translator, finding: OverheadFinding, runtime_label: str) -> Markup:
    """Which models per-operator overhead bounds in a runtime, in words, from the figures."""
    sep = t.plain("runtimes.list_separator")
    sep += " " if sep.isascii() else ""  # the strings file strips values: ", " arrives as ","
    # Markup, each item escaped on its own: a plain string would be flattened to one line as a
    # value, and that turns the no-break space before each "%" into a space a line may break at.
    listed = Markup(sep).join(
        t("overhead.item", label=label, pct=percent(share)) for label, share in finding.bound
    )
    common = {
        "runtime": runtime_label,
        "threshold": f"{finding.threshold:g}",
        "peak": peak_words(t, finding.arithmetic, finding.peak),
    }
    if not finding.bound:
        low, high = finding.others[0][1], finding.others[-1][1]
        return t("overhead.none", **common, low=percent(low), high=percent(high))
    gain = t.plain(f"overhead.gain_{finding.arithmetic}")
    text = t("overhead.bound", **common, models=listed, n=len(finding.bound), gain=gain)
    if finding.others:
        least, most = percent(finding.others[0][1]), percent(finding.others[-1][1])
        text += Markup(t.sentence_gap) + t("overhead.others", n=len(finding.others), low=least, high=most)
    return text


def model_overhead_text(
    t: Translator, view: MachineView, row: MeasureRow, runtime: str, label: str
) -> Markup | None:
    """Whether overhead or arithmetic bounds one model in one runtime (batch 1, 128 tokens, 1
    thread), in words; None when the cell has no share of a peak."""
    cell = runtime_cell(view.measurements, row, runtime)
    peak = view.measurements.machine.peak_for(runtime)
    e = cell.efficiency
    if e is None or e.percent_of_peak is None or peak is None:
        return None
    return t(
        "overhead.model_bound" if e.overhead_bound else "overhead.model_arithmetic",
        runtime=label,
        label=row.model.label,
        gflops=f"{e.gflops:.1f}",
        pct=percent(e.percent_of_peak),
        threshold=f"{OVERHEAD_BOUND_BELOW_PERCENT:g}",
        peak=peak_words(t, ARITHMETIC[runtime], peak.one),
    )


def measure_context(site: SiteData, t: Translator, split: str) -> dict[str, Any]:
    plain = t.plain
    machines = machine_views(site.models, site.measurements)
    labels = {v.id: machine_label(v, plain) for v in machines}
    runtime_labels = {r: plain(f"runtime.{r}") for v in machines for r in runtimes_of(v)}
    defaults = {v.id: default_runtime(v) for v in machines}
    # One pair of charts per runtime; the page shows the default's, the switch the others.
    charts = {
        v.id: [
            (
                r,
                latency_chart(v, plain, f"lb-mchart-{i}-{r}-latency", r, runtime_labels[r]),
                glue_chart(v, plain, split, f"lb-mchart-{i}-{r}-glue", r, runtime_labels[r]),
            )
            for r in runtimes_of(v)
        ]
        for i, v in enumerate(machines)
    }
    findings = {
        v.id: [(f, overhead_text(t, f, runtime_labels[f.runtime])) for f in overhead_findings(v)]
        for v in machines
    }
    speed_script = {
        "file": FILE_NAME,
        "file_code": Markup(f"`{FILE_NAME}`"),
        "href": f"../{SITE_PATH}",  # from models/, where the pages are
        "install": code_block(install_command()),
        "run": code_block(run_command()),
    }
    return {
        "machines": machines,
        "speed_script": speed_script,
        "machine_labels": labels,
        "measure_charts": charts,
        "runtime_labels": runtime_labels,
        "default_runtimes": defaults,
        "runtimes_of": runtimes_of,
        "overhead": findings,
        "percent": percent,
        "arithmetic": ARITHMETIC,
        "rcell": lambda v, row, runtime, threads=ONE_THREAD, shape=HEADLINE.key: runtime_cell(
            v.measurements, row, runtime, threads, shape
        ),
        "check_text": lambda cell: check_text(t, cell),
        "model_overhead": lambda v, row, runtime: model_overhead_text(
            t, v, row, runtime, runtime_labels[runtime]
        ),
        "check_brief": lambda cell: check_brief(t, cell),
        "measure_shapes": SHAPES,
        "headline": HEADLINE,
        # measure/settings.py's thread settings, so templates name them instead of retyping them
        "one_thread": ONE_THREAD,
        "all_cores": ALL_CORES,
        "thread_settings": THREAD_SETTINGS,
        # the raw strings, {placeholders} and all: the script fills them in
        "chooser_json": chooser_data(
            machines,
            labels,
            {k: t.text(f"chooser.{k}") for k in CHOOSER_TEXT},
            runtime_labels,
            defaults,
            plain("runtimes.list_separator"),
        )
        if machines
        else None,
    }
