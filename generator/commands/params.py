"""`params`: parameter counts, sizes and FLOPs of every model, computed from the catalogue."""

from __future__ import annotations

import argparse
import sys

from .. import exitcodes
from ..catalog import load_catalog
from .common import Subparsers, add_catalog_option, print_notices

DESCRIPTION = """\
Instantiate every catalogue config with transformers on the meta device (no weights are
allocated, nothing is downloaded), count its parameters and check each count against a
closed-form formula and the published figures in the catalogue. Counts are cached in
.cache/params.json (or $LITTLE_BERTS_CACHE_DIR/params.json), keyed by each model's config
and the torch/transformers versions; a fully cached run imports neither torch nor transformers.

Exit 3 when the catalogue is invalid, transformers rejects a config, a count disagrees
with the formula or a published figure, or torch/transformers are needed but missing.
"""


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "params",
        help="count parameters, sizes and FLOPs of every model",
        description=DESCRIPTION,
        epilog=exitcodes.HELP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_catalog_option(parser)
    parser.add_argument(
        "--format",
        choices=["json", "table"],
        default="table",
        help="json for programs (an object with a `models` list), table for people (default: %(default)s)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="instantiate every model even if its counts are cached; "
        "the cache folder is neither read nor written",
    )
    parser.set_defaults(func=run, on_failure="no counts were printed")


def run(args: argparse.Namespace) -> int:
    # generator.params imports torch only when a count is missing from the cache.
    from ..params import gather_counts
    from ..params.report import json_text, table_text

    catalog = load_catalog(args.catalog, remember_valid=not args.no_cache)
    counted = gather_counts(catalog, use_cache=not args.no_cache)
    text = json_text(counted, catalog) if args.format == "json" else table_text(counted, catalog)
    sys.stdout.write(text)
    print_notices(counted.notices)
    return exitcodes.OK
