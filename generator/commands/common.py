"""Helpers shared by the command modules."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..catalog import DEFAULT_CATALOG_DIR


def add_catalog_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalog", metavar="DIR", type=Path, default=DEFAULT_CATALOG_DIR,
                        help="catalogue folder (default: %(default)s)")
