"""`build`: render the site's pages into docs/generated/ (what the MkDocs hook also runs)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import exitcodes
from .common import add_catalog_option, load_or_report


def register(subparsers) -> None:
    from ..render import DEFAULT_OUTPUT_DIR, DEFAULT_STATE_PATH

    parser = subparsers.add_parser(
        "build", help="render the bilingual site pages into docs/generated/",
        description="Render every page (Chinese and English), catalog.json and schema.json into the "
                    "generated folder, rewriting only files whose content changed and removing stale "
                    "ones. `mkdocs build` runs the same step through hooks/generate.py.",
        epilog=exitcodes.HELP_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_catalog_option(parser)
    parser.add_argument("--state", metavar="FILE", type=Path, default=DEFAULT_STATE_PATH,
                        help="link-check state file; a missing file shows 'not checked yet' "
                             "(default: %(default)s)")
    parser.add_argument("--output", metavar="DIR", type=Path, default=DEFAULT_OUTPUT_DIR,
                        help="generated folder (default: %(default)s)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..render import LinkStateInvalid, OutputNotOurs, build_site

    catalog = load_or_report(args.catalog)
    if isinstance(catalog, int):
        return catalog
    try:
        report = build_site(catalog, args.output, args.state)
    except (LinkStateInvalid, OutputNotOurs) as problem:
        print(f"error: {problem}; nothing was written", file=sys.stderr)
        return exitcodes.INVALID_INPUT
    if report.counts_missing_reason:
        print(f"note: parameter counts not shown ({report.counts_missing_reason})", file=sys.stderr)
    print(f"{report.output_dir}: {len(report.written)} written, {len(report.unchanged)} unchanged, "
          f"{len(report.removed)} removed")
    return exitcodes.OK
