"""`export`: print the validated catalogue as JSON (the site's catalog.json)."""

from __future__ import annotations

import argparse
import sys

from .. import exitcodes
from ..catalog import load_catalog
from ..measure import load_measurements
from .common import Subparsers, add_catalog_option


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "export",
        help="print the catalogue as JSON",
        description="Print the validated catalogue to stdout with stable keys "
        "(documented in the README under 'catalog.json').",
        epilog=exitcodes.HELP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--format", choices=["json"], default="json", help="output format (only json for now)")
    add_catalog_option(parser)
    parser.set_defaults(func=run, on_failure="nothing was written")


def run(args: argparse.Namespace) -> int:
    from ..render.export import export_json  # the render package imports Jinja2: not at --help

    catalog = load_catalog(args.catalog)
    sys.stdout.write(export_json(catalog, load_measurements(catalog)))
    return exitcodes.OK
