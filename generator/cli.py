"""`python -m generator COMMAND`: the pipeline's stages, each usable on its own."""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

from . import commands, exitcodes
from .failure import Failure

COMMANDS = ("validate", "export", "params", "measure", "check_links", "build", "link_issue")
"""The command modules in generator/commands/, in the pipeline's order (as --help lists them):
the catalogue, the parameter counts, the measured speed, the link check, the site, the link-rot
issue.

Command modules import heavy libraries (torch, transformers, requests, Jinja2) inside `run`,
not at module level, so that `--help` and warm-cache runs stay fast."""


def command_modules() -> list[str]:
    return [f"{commands.__name__}.{name}" for name in COMMANDS]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Little BERTs catalogue: validate, count, check links, build the site.",
        epilog=exitcodes.HELP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in command_modules():
        importlib.import_module(name).register(subparsers)
    return parser


class Terminated(BaseException):
    """SIGTERM, raised where the program is (as Ctrl-C raises KeyboardInterrupt), so `finally`
    blocks run: child processes are stopped (children.py) and temp files removed."""


@contextmanager
def sigterm_raises() -> Iterator[None]:
    """Within the block, SIGTERM raises Terminated instead of killing the process outright
    (which would leave its child processes running). Signals reach only the main thread, so
    elsewhere (a test calling main() from a thread) this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminated(signum: int, frame: object) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        with sigterm_raises():
            return args.func(args)
    except (KeyboardInterrupt, Terminated):  # Ctrl-C or a cancelled CI job: a message, not a traceback
        print(f"error: interrupted; {args.on_failure}", file=sys.stderr)
        return exitcodes.INTERRUPTED
    except Failure as failure:  # the one place an expected failure becomes a message and a code
        for line in failure.lines(args.on_failure):
            print(line, file=sys.stderr)
        return failure.exit_code
    except BrokenPipeError:  # `... | head` closed the pipe: not an error worth a traceback
        sys.stderr.close()
        return exitcodes.OK
    except Exception:
        # Python's own exit code for an uncaught exception is 1, which check-links uses for
        # "dead links found": the scheduled workflow would take a crash for a finding.
        traceback.print_exc()
        print(f"internal error in `{args.command}` (a bug): please report it with the traceback "
              "above", file=sys.stderr)
        return exitcodes.INTERNAL_ERROR
