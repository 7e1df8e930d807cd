"""`validate`: report every problem in the catalogue, or a one-line summary."""

from __future__ import annotations

import argparse

from .. import exitcodes
from ..catalog import load_catalog
from ..measure import load_measurements
from .common import Subparsers, add_catalog_option


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check the catalogue against its schema and rules",
        description="Report every problem as FILE:LINE: field: what is wrong (how to fix it), "
        "for the catalogue and its measurement files (CATALOG/measurements/*.json). "
        "Exit 0 when valid, 3 when not.",
        epilog=exitcodes.HELP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_catalog_option(parser)
    parser.set_defaults(func=run, on_failure="nothing was written")


def run(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.catalog)
    measurements = load_measurements(catalog)
    sources = sum(len(m.sources) for m in catalog.models)
    named = sum(1 for m in catalog.models if m.name)
    print(
        f"ok: {len(catalog.models)} models ({named} named), {sources} model sources, "
        f"{len(catalog.bundles)} bundles, {len(catalog.glue.rows)} GLUE rows, "
        f"{len(catalog.parameter_figures)} published parameter figures, "
        f"{len(measurements)} measurement file(s)"
    )
    return exitcodes.OK
