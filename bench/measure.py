"""Summary of the measurement files: the figures the closing notes and bench/README.md quote.

    .venv/bin/python bench/measure.py [--catalog DIR] [--against FILE]

Measuring is `python -m generator measure` (about 10 minutes on 2 quiet cores); this script
only reads catalog/measurements/*.json (validated as the site reads them) and prints, per file:
the machine, the run's duration and load average, and for the named models the latency at
batch 1 / 128 tokens with 1 thread and all cores, the spread (interquartile range as a share
of the median: how stable the repeats were), the runs, memory and speed relative to BERT-Base.

--against FILE compares a second full run of the same machine (for example one written aside,
`cp catalog/measurements/X.json /tmp/run1.json` before measuring again): per cell, the ratio of
the two medians, for the milliseconds and for the speed relative to BERT-Base.

For a file with several runtimes (format version 2) it then prints the closing-note table:
BERT-Tiny, Mini, Small, Medium and Base at batch 1 / 128 tokens (--threads 1 by default), in
every runtime: median ms, speed-up against PyTorch, achieved GFLOP/s and percentage of the
run's float32 matrix-multiply peak (generator/measure/efficiency.py), file size and the check.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.catalog import load_catalog  # noqa: E402
from generator.measure import (  # noqa: E402
    HEADLINE,
    REFERENCE_MODEL,
    Measurements,
    ModelMeasurement,
    load_measurements,
)
from generator.measure.efficiency import efficiency  # noqa: E402
from generator.measure.load import read_measurement_file  # noqa: E402

CLOSING_MODELS = (
    "uncased_L-2_H-128_A-2",
    "uncased_L-4_H-256_A-4",
    "uncased_L-4_H-512_A-8",
    "uncased_L-8_H-512_A-8",
    "uncased_L-12_H-768_A-12",
)
"""BERT-Tiny, Mini, Small, Medium and Base: the models the closing notes quote."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--catalog", type=Path, default=ROOT / "catalog", help="catalogue folder")
    parser.add_argument(
        "--threads",
        choices=("1", "all"),
        default="1",
        help="the thread setting of the runtime table (default 1)",
    )
    parser.add_argument(
        "--against",
        type=Path,
        metavar="FILE",
        help="another measurement file of the same machine: print how far they agree",
    )
    args = parser.parse_args()
    catalog = load_catalog(args.catalog)
    if args.against:
        other, problems = read_measurement_file(args.against, catalog)
        if other is None:
            print("\n".join(problems), file=sys.stderr)
            return 3
        for found in load_measurements(catalog):
            why_not = incomparable(found, other)
            if why_not:
                print(f"{found.machine.id} against {args.against}: {why_not}", file=sys.stderr)
                return 3
            compare(found, other)
        return 0
    for found in load_measurements(catalog):
        m = found.machine
        print(
            f"{found.machine.id}: {m.cpu}, {m.cores} cores, {m.memory_bytes / 1e9:.1f} GB, {m.os}; "
            f"Python {m.python}, torch {m.torch}, transformers {m.transformers}, "
            f"attention {m.attn_implementation}"
        )
        print(
            f"  {m.date}, policy {m.policy}, {len(found.models)} models in {m.duration_seconds:.0f} s "
            f"({m.duration_seconds / 60:.1f} min); load average {m.load_average['start']} at the start, "
            f"{m.load_average['end']} at the end{'; note: ' + m.note if m.note else ''}"
        )
        reference = found.get(REFERENCE_MODEL)
        print(
            f"  {'model':<12}{'1 thread ms':>12}{'IQR %':>7}{'runs':>6}{'all cores ms':>14}{'IQR %':>7}"
            f"{'runs':>6}{'memory MB':>11}{'weights MB':>12}{'x Base':>8}"
        )
        for model in catalog.models:
            measured = found.get(model.id)
            if measured is None or not model.name:
                continue
            one, every = measured.timing("1", HEADLINE.key), measured.timing("all", HEADLINE.key)
            relative = reference.timing("1").median_ms / one.median_ms if reference else float("nan")
            print(
                f"  {model.name:<12}{one.median_ms:>12.2f}{100 * one.iqr_ms / one.median_ms:>7.1f}"
                f"{one.runs:>6}"
                f"{every.median_ms:>14.2f}{100 * every.iqr_ms / every.median_ms:>7.1f}{every.runs:>6}"
                f"{measured.memory_bytes / 1e6:>11.1f}{measured.weights_bytes / 1e6:>12.1f}{relative:>8.1f}"
            )
        spreads = list(
            100 * t.iqr_ms / t.median_ms
            for mm in found.models
            for cells in mm.latency.values()
            for t in cells.values()
        )
        print(f"  spread over all {len(spreads)} cells: IQR/median {_percentiles(spreads)}")
        if len(m.runtimes) > 1:
            runtime_table(found, catalog, args.threads)
    return 0


def _check(result) -> str:
    check = result.check
    if check is None:
        return "reference" if result.ok else "-"
    verdict = "ok" if check.passed else "FAILED"
    if check.max_abs_diff is not None:
        return f"{verdict}: max |diff| {check.max_abs_diff:.1e} (<= {check.tolerance:g})"
    return (
        f"{verdict}: cosine mean {check.cosine_mean:.5f}, min {check.cosine_min:.5f} "
        f"(mean >= {check.threshold:g})"
    )


def runtime_table(found: Measurements, catalog, threads: str) -> None:
    """The closing-note table: the five named models at the headline shape, every runtime."""
    m = found.machine
    peak = m.peak.of(threads) if m.peak else float("nan")
    print(
        f"  runtimes at {HEADLINE.label}, {m.threads[threads]} thread(s); float32 matrix-multiply peak "
        f"{peak:.1f} GFLOP/s ({m.peak.method if m.peak else 'not measured'})"
    )
    # int8 cells' share is of the int8 peak; a file measured before it was gives them none
    print(
        f"  int8 matrix-multiply peak {m.peak_int8.of(threads):.1f} GOP/s ({m.peak_int8.method})"
        if m.peak_int8
        else "  int8 matrix-multiply peak: not in this file, so int8 cells have no % peak"
    )
    print(
        f"  {'model':<12}{'runtime':<10}{'median ms':>10}{'x torch':>9}{'GFLOP/s':>9}{'% peak':>8}"
        f"{'file MB':>9}  check"
    )
    by_id = {model.id: model for model in catalog.models}
    for model_id in CLOSING_MODELS:
        measured, model = found.get(model_id), by_id.get(model_id)
        if measured is None or model is None:
            continue
        torch_ms = measured.timing(threads, HEADLINE.key).median_ms
        for runtime, result in measured.runtimes.items():
            timing = measured.runtime_timing(runtime, threads, HEADLINE.key)
            cell = efficiency(found, model, runtime, threads, HEADLINE.key)
            size = f"{result.file_bytes / 1e6:>9.1f}" if result.file_bytes else f"{'-':>9}"
            if timing is None or cell is None:
                print(
                    f"  {model.name or model_id:<12}{runtime:<10}{'-':>10}{'-':>9}{'-':>9}{'-':>8}{size}  "
                    f"{_check(result)}{'; ' + result.error if result.error else ''}"
                )
                continue
            percent = f"{cell.percent_of_peak:>8.0f}" if cell.percent_of_peak is not None else f"{'-':>8}"
            print(
                f"  {model.name or model_id:<12}{runtime:<10}{timing.median_ms:>10.2f}"
                f"{torch_ms / timing.median_ms:>9.2f}{cell.gflops:>9.1f}{percent}{size}  {_check(result)}"
            )


def _reference(found: Measurements) -> ModelMeasurement:
    reference = found.get(REFERENCE_MODEL)
    assert reference is not None  # incomparable() said so first
    return reference


def _percentiles(values: list[float]) -> str:
    values = sorted(values)
    return (
        f"median {values[len(values) // 2]:.1f} %, 90th percentile {values[int(len(values) * 0.9)]:.1f} %, "
        f"max {values[-1]:.1f} %"
    )


def incomparable(first: Measurements, second: Measurements) -> str | None:
    """Why two files cannot be compared, or None."""
    if first.machine.id.removesuffix("-partial") != second.machine.id.removesuffix("-partial"):
        return f"different machines ({first.machine.id}, {second.machine.id}): compare runs of one machine"
    if first.get(REFERENCE_MODEL) is None or second.get(REFERENCE_MODEL) is None:
        return f"both files need {REFERENCE_MODEL} (BERT-Base), the reference of relative speeds"
    return None


def compare(first: Measurements, second: Measurements) -> None:
    """How far two runs agree: |median ratio - 1| over every cell, in ms and relative to Base."""
    print(f"{first.machine.id} ({first.machine.date}) against {second.machine.id} ({second.machine.date})")
    first_base, second_base = _reference(first), _reference(second)
    for threads in first.machine.threads:
        plain, relative = [], []
        for model in first.models:
            again = second.get(model.model_id)
            if again is None:
                continue
            for key, cell in model.latency[threads].items():
                ratio = again.timing(threads, key).median_ms / cell.median_ms
                base = second_base.timing(threads, key).median_ms / first_base.timing(threads, key).median_ms
                plain.append(100 * abs(ratio - 1))
                relative.append(100 * abs(ratio / base - 1))
        print(f"  {threads} thread(s), {len(plain)} cells: milliseconds differ by {_percentiles(plain)}")
        print(f"  {'':{len(threads) + 11}}  speed relative to BERT-Base differs by {_percentiles(relative)}")
    for a in first.models:
        b = second.get(a.model_id)
        if b is not None:
            cells = " ".join(
                f"{t}: {a.timing(t).median_ms:.2f}/{b.timing(t).median_ms:.2f}" for t in first.machine.threads
            )
            print(f"    {a.model_id:<24} b1/s128 ms, first/second run, by threads: {cells}")


if __name__ == "__main__":
    sys.exit(main())
