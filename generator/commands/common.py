"""Helpers shared by the command modules."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TypeAlias

from ..catalog import DEFAULT_CATALOG_DIR

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""What cli.py hands each command's `register` (argparse names the class privately)."""


def add_catalog_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalog", metavar="DIR", type=Path, default=DEFAULT_CATALOG_DIR,
                        help="catalogue folder (default: %(default)s)")
