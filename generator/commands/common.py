"""Helpers shared by the command modules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import exitcodes
from ..catalog import DEFAULT_CATALOG_DIR, Catalog, CatalogInvalid, load_catalog


def add_catalog_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalog", metavar="DIR", type=Path, default=DEFAULT_CATALOG_DIR,
                        help="catalogue folder (default: %(default)s)")


def load_or_report(directory: Path) -> Catalog | int:
    """The catalogue, or (after printing every problem to stderr) exit code 3."""
    try:
        return load_catalog(directory)
    except CatalogInvalid as invalid:
        for problem in invalid.problems:
            print(problem, file=sys.stderr)
        print(f"error: {len(invalid.problems)} problem(s) in the catalogue; nothing was written",
              file=sys.stderr)
        return exitcodes.INVALID_INPUT


def report_params_error(error, consequence: str) -> int:
    """Print every problem of a generator.params.ParamsError and its summary; exit code 3."""
    for problem in error.problems:
        print(f"error: {problem}", file=sys.stderr)
    print(f"error: {error.summary}; {consequence}", file=sys.stderr)
    return exitcodes.INVALID_INPUT


def report_measure_error(error) -> int:
    """Print every problem of a generator.measure.MeasureError and its summary; exit code 3."""
    for problem in error.problems:
        print(f"error: {problem}", file=sys.stderr)
    print(f"error: {error.summary}", file=sys.stderr)
    return exitcodes.INVALID_INPUT
