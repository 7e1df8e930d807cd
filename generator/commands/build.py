"""`build`: render the site's pages into docs/generated/ (what the MkDocs plugin also runs)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import exitcodes
from ..catalog import load_catalog
from ..paths import GENERATED_DIR as DEFAULT_OUTPUT_DIR
from ..paths import LINK_STATE_NAME
from .common import Subparsers, add_catalog_option, print_notices


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "build",
        help="render the bilingual site pages into docs/generated/",
        description="Render every page (Chinese and English), catalog.json and schema.json into the "
        "generated folder, rewriting only files whose content changed and removing stale "
        "ones. `mkdocs build` runs the same step through its plugin (generator/site/). "
        "Exit 3, writing nothing, when the catalogue or the link state is invalid, a "
        "parameter count disagrees with a published figure (or cannot be computed), or the "
        "output path is unusable.",
        epilog=exitcodes.HELP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_catalog_option(parser)
    parser.add_argument(
        "--state",
        metavar="FILE",
        type=Path,
        help="link-check state file; a missing file shows 'not checked yet' "
        f"(default: {LINK_STATE_NAME} in the --catalog folder, where check-links "
        "writes it)",
    )
    parser.add_argument(
        "--output",
        metavar="DIR",
        type=Path,
        default=DEFAULT_OUTPUT_DIR,
        help="generated folder (default: %(default)s)",
    )
    parser.set_defaults(func=run, on_failure="nothing was written")


def run(args: argparse.Namespace) -> int:
    # Jinja2, and the params stage (torch only when a count is not cached), load here only.
    from ..render import build_site

    report = build_site(load_catalog(args.catalog), args.output, args.state)
    print(
        f"{report.output_dir}: {len(report.written)} written, {len(report.unchanged)} unchanged, "
        f"{len(report.removed)} removed"
    )
    print_notices(report.notices)
    return exitcodes.OK
