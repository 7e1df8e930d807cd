"""`python -m generator COMMAND`: the pipeline's stages, each usable on its own."""

from __future__ import annotations

import argparse
import importlib
import sys

from . import exitcodes

# Each module registers one subcommand. Import is lazy per module so that, for example,
# `params` on a warm cache never imports torch.
COMMAND_MODULES = (
    "generator.commands.validate",
    "generator.commands.export",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Little BERTs catalogue: validate, count, check links, build the site.",
        epilog=exitcodes.HELP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # `... | head` closed the pipe: not an error worth a traceback
        sys.stderr.close()
        return exitcodes.OK
