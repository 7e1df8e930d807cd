"""Summary of the measurement files: the figures the closing notes and bench/README.md quote.

    .venv/bin/python bench/measure.py [--catalog DIR]

Measuring is `python -m generator measure` (about 10 minutes on 2 quiet cores); this script
only reads catalog/measurements/*.json (validated as the site reads them) and prints, per file:
the machine, the run's duration and load average, and for the named models the latency at
batch 1 / 128 tokens with 1 thread and all cores, the spread (interquartile range as a share
of the median: how stable the repeats were), the runs, memory and speed relative to BERT-Base.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.catalog import load_catalog  # noqa: E402
from generator.measure import HEADLINE, REFERENCE_MODEL, load_measurements  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--catalog", type=Path, default=ROOT / "catalog", help="catalogue folder")
    args = parser.parse_args()
    catalog = load_catalog(args.catalog)
    for found in load_measurements(catalog):
        m = found.machine
        print(f"{found.machine.id}: {m.cpu}, {m.cores} cores, {m.memory_bytes / 1e9:.1f} GB, {m.os}; "
              f"Python {m.python}, torch {m.torch}, transformers {m.transformers}, "
              f"attention {m.attn_implementation}")
        print(f"  {m.date}, policy {m.policy}, {len(found.models)} models in {m.duration_seconds:.0f} s "
              f"({m.duration_seconds / 60:.1f} min); load average {m.load_average['start']} at the start, "
              f"{m.load_average['end']} at the end{'; note: ' + m.note if m.note else ''}")
        reference = found.get(REFERENCE_MODEL)
        print(f"  {'model':<12}{'1 thread ms':>12}{'IQR %':>7}{'runs':>6}{'all cores ms':>14}{'IQR %':>7}"
              f"{'runs':>6}{'memory MB':>11}{'weights MB':>12}{'x Base':>8}")
        for model in catalog.models:
            measured = found.get(model.id)
            if measured is None or not model.name:
                continue
            one, every = measured.timing("1", HEADLINE.key), measured.timing("all", HEADLINE.key)
            relative = reference.timing("1").median_ms / one.median_ms if reference else float("nan")
            print(f"  {model.name:<12}{one.median_ms:>12.2f}{100 * one.iqr_ms / one.median_ms:>7.1f}"
                  f"{one.runs:>6}"
                  f"{every.median_ms:>14.2f}{100 * every.iqr_ms / every.median_ms:>7.1f}{every.runs:>6}"
                  f"{measured.memory_bytes / 1e6:>11.1f}{measured.weights_bytes / 1e6:>12.1f}{relative:>8.1f}")
        spreads = sorted(100 * t.iqr_ms / t.median_ms for mm in found.models for cells in mm.latency.values()
                         for t in cells.values())
        print(f"  spread over all {len(spreads)} cells: IQR/median median {spreads[len(spreads) // 2]:.1f} %, "
              f"90th percentile {spreads[int(len(spreads) * 0.9)]:.1f} %, max {spreads[-1]:.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
