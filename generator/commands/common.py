"""Helpers shared by the command modules."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TypeAlias

from ..failure import Failure
from ..paths import CATALOG_DIR

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""What cli.py hands each command's `register` (argparse names the class privately)."""


def add_catalog_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--catalog",
        metavar="DIR",
        type=Path,
        default=CATALOG_DIR,
        help="catalogue folder (default: %(default)s)",
    )


def print_notices(notices: Iterable[Failure]) -> None:
    """Each notice once on stderr, in the form generator/failure.py gives a failure that the run
    survived (the MkDocs plugin logs the same lines as a warning)."""
    for notice in notices:
        for line in notice.warning_lines():
            print(line, file=sys.stderr)
