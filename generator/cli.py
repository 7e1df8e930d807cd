"""`python -m generator COMMAND`: the pipeline's stages, each usable on its own."""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from . import commands, exitcodes
from .failure import Failure

COMMANDS = ("validate", "export", "params", "measure", "check_links", "build", "link_issue")
"""The command modules in generator/commands/, in the pipeline's order (as --help lists them):
the catalogue, the parameter counts, the measured speed, the link check, the site, the link-rot
issue.

Command modules import heavy libraries (torch, transformers, requests, Jinja2) inside `run`,
not at module level, so that `--help` and warm-cache runs stay fast."""


def command_named(argv: list[str]) -> str | None:
    """The command module that `argv` runs when its first word names one (`check-links` ->
    check_links), else None (no command, `--help`, a typo: the whole parser answers)."""
    return next((name for name in COMMANDS if argv[:1] == [name.replace("_", "-")]), None)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of `only` that one: a run imports the one command module
    it runs (each imports its stage), not all seven (the tests start the command line about 150
    times, and `link-issue` needs neither the catalogue nor the measure stage)."""
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Little BERTs catalogue: validate, count, check links, build the site.",
        epilog=exitcodes.HELP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        if only in (None, name):
            importlib.import_module(f"{commands.__name__}.{name}").register(subparsers)
    return parser


class Terminated(BaseException):
    """SIGTERM or SIGHUP, raised where the program is (as Ctrl-C raises KeyboardInterrupt), so
    `finally` blocks run: child processes are stopped (children.py) and temp files removed."""


STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""A cancelled CI job, a `kill`, a closed terminal: each would kill the process outright and
leave its child processes running."""


@contextmanager
def stop_signals_raise() -> Iterator[None]:
    """Within the block, STOP_SIGNALS raise Terminated. A signal the process was started with
    ignored (nohup ignores SIGHUP) stays ignored. Signals reach only the main thread, so
    elsewhere (a test calling main() from a thread) this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminated(signum: int, frame: object) -> None:
        raise Terminated

    previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}
    for number, handler in previous.items():
        if handler == signal.SIG_DFL:
            signal.signal(number, terminated)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(command_named(argv)).parse_args(argv)
    try:
        with stop_signals_raise():
            command: Callable[[argparse.Namespace], int] = args.func  # set by each command's register
            return command(args)
    except (KeyboardInterrupt, Terminated):  # Ctrl-C, a cancelled CI job: a message, not a traceback
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
        print(
            f"internal error in `{args.command}` (a bug): please report it with the traceback above",
            file=sys.stderr,
        )
        return exitcodes.INTERNAL_ERROR
