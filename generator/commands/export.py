"""`export`: print the validated catalogue as JSON (the site's catalog.json)."""

from __future__ import annotations

import argparse
import sys

from .. import exitcodes
from ..catalog.export import export_json
from ..measure import MeasureError, load_measurements
from .common import add_catalog_option, load_or_report, report_measure_error


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "export", help="print the catalogue as JSON",
        description="Print the validated catalogue to stdout with stable keys "
                    "(documented in the README under 'catalog.json').",
        epilog=exitcodes.HELP_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--format", choices=["json"], default="json",
                        help="output format (only json for now)")
    add_catalog_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    catalog = load_or_report(args.catalog)
    if isinstance(catalog, int):
        return catalog
    try:
        measurements = load_measurements(catalog)
    except MeasureError as error:
        return report_measure_error(error)
    sys.stdout.write(export_json(catalog, measurements))
    return exitcodes.OK
