"""`check-links`: an honest verdict (ok, dead, unsure) for every download link, with history.

The report goes to stdout (text, markdown or json); progress and logs go to stderr, so
`--format json > out.json` is clean. See generator/links/ for the rules.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .. import exitcodes

# Only the stdlib-only modules here: `python -m generator --help` (and a misspelt command)
# imports every command to build the whole parser, and links.checking (requests, urllib3) would
# then load for them too. The checker itself is imported inside run().
from ..links.defaults import (
    DEFAULT_BACKOFF_BASE,
    DEFAULT_CODE_INTERVAL,
    DEFAULT_CONCURRENCY,
    DEFAULT_HOST_INTERVAL,
    DEFAULT_MAX_REDIRECTS,
    DEFAULT_PER_HOST_CONCURRENCY,
    DEFAULT_RETRIES,
    DEFAULT_RETRY_AFTER_CAP,
    DEFAULT_TIMEOUT,
    MAX_EXTRA_REQUESTS,
)
from ..links.model import LinkResult, Reason, Target, Verdict
from ..links.state.file import MAX_COUNTER
from ..links.state.history import DEFAULT_DEAD_AFTER_RUNS
from ..paths import CATALOG_DIR, LINK_STATE_NAME, link_state_path
from .common import Subparsers

DESCRIPTION = """\
Check the catalogue's download links (or any list of URLs) and give each one a verdict:
ok, dead or unsure, with a machine reason and a human detail.

'dead' only on definitive signals: 404, 410, Google Cloud Storage NoSuchKey, a Baidu Netdisk
page saying the share is cancelled, deleted, expired, taken down or missing. Rate limits,
5xx, timeouts, resets, DNS/connect/TLS failures and anti-bot pages are 'unsure'.

A Baidu share that asks for its extraction code gets the code verified once per run (the
catalogue's `code`, or a --urls line's ?pwd=xxxx): accepted, rejected or unsure. Google Cloud
Storage sizes and hashes (from the HEAD already sent) and a Hugging Face repository's file list
(one request to the Hub's tree API) are recorded as file evidence.

The catalogue's history lives in a state file: a link counts as dead for users after
--dead-after consecutive dead runs. Proxies come from HTTP_PROXY, HTTPS_PROXY and NO_PROXY.
The report goes to stdout, progress and logs to stderr.

Time: --timeout bounds each request as a whole (connection, status line, headers, the
capped body and parsing it together), not each read. A link costs at most 2 x (MAX_REDIRECTS
+ 1) requests (a HEAD chain, then a GET chain, of at most MAX_REDIRECTS redirects each), each
at most --retries + 1 attempts, --interval apart, with waits of at most --retry-after-cap
between attempts; then at most EXTRA requests sent once (the Hub's tree pages and config.json,
or a Baidu code check, which also waits --code-interval). So a run of N links ends within
  N x [2 x (MAX_REDIRECTS + 1) x ((RETRIES + 1) x (TIMEOUT + INTERVAL) + RETRIES x RETRY_AFTER_CAP)
       + EXTRA x (TIMEOUT + INTERVAL) + CODE_INTERVAL]
seconds at worst (every link slow, on one host), plus name lookups (the system resolver's
own timeouts) and, once per run with a Hugging Face link, importing transformers to judge its
config.json. MAX_REDIRECTS is {max_redirects}, EXTRA is {extra}; the run prints its own
bound when it starts.
"""

# The shared list says what each code means; these lines say what it means here.
EXIT_CODES = (
    exitcodes.HELP_EPILOG
    + """\

check-links in detail:
  1 is for links dead on this run (confirmed or not); 0 when none is.
  3 also covers a malformed --urls line (the line is named), an invalid state file and a
    state file that cannot be written (checked before any link is).
  4 leaves the state file exactly as it was.
  70 also when checking one link hit a bug: that link is reported unsure (internal_error,
    traceback on stderr), every other link is checked, reported and recorded as usual.
"""
)

MAX_SECONDS = 24 * 3600.0
"""The longest any wait option may be: beyond a day it is a typo (and socket timeouts overflow)."""


def _number(
    kind: type[int] | type[float], minimum: float, what: str, maximum: float | None = None
) -> Callable[[str], int | float]:
    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        # float() accepts "nan" and "inf": nan passes every comparison below, and inf hangs or
        # overflows a socket timeout, so neither may reach the checker.
        if not math.isfinite(value) or value < minimum or (maximum is not None and value > maximum):
            raise argparse.ArgumentTypeError(f"must be {what}, got {text}")
        return value

    return parse


_positive_int = _number(int, 1, "at least 1")
_count = _number(int, 0, "0 or more")
# The state file keeps the setting, and its reader refuses counters above MAX_COUNTER: a larger
# value would write a file the next run rejects.
_run_count = _number(int, 1, f"1 to {MAX_COUNTER:,}", MAX_COUNTER)
_seconds = _number(float, 0, f"0 to {MAX_SECONDS:g} seconds", MAX_SECONDS)
_timeout = _number(float, 0.001, f"more than 0 and at most {MAX_SECONDS:g} seconds", MAX_SECONDS)


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "check-links",
        help="check every download link: ok, dead or unsure, with history",
        description=DESCRIPTION.format(max_redirects=DEFAULT_MAX_REDIRECTS, extra=MAX_EXTRA_REQUESTS),
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument(
        "--catalog",
        metavar="DIR",
        type=Path,
        default=None,
        help=f"check this catalogue's links (default: {CATALOG_DIR})",
    )
    what.add_argument(
        "--urls",
        metavar="FILE",
        type=Path,
        help="check the URLs in FILE instead: one per line, blank lines and # comments "
        "ignored; the catalogue's state is left alone unless --state is given",
    )
    history = parser.add_mutually_exclusive_group()
    history.add_argument(
        "--state",
        metavar="FILE",
        type=Path,
        help=f"history file to read and update (default for catalogue runs: "
        f"DIR/{LINK_STATE_NAME}; none for --urls runs)",
    )
    history.add_argument("--no-state", action="store_true", help="neither read nor write a history file")
    parser.add_argument(
        "--format",
        choices=["text", "markdown", "json"],
        default="text",
        help="report format on stdout (default: %(default)s)",
    )
    parser.add_argument(
        "--timeout",
        metavar="S",
        type=_timeout,
        default=DEFAULT_TIMEOUT,
        help="seconds each request may take in all: connection, headers and capped body (default: %(default)s)",
    )
    parser.add_argument(
        "--allow-private",
        action="store_true",
        help="check URLs (and follow redirects) to localhost and literal private, "
        "loopback or link-local IP addresses; refused by default",
    )
    knobs = parser.add_argument_group("politeness and retries")
    knobs.add_argument(
        "--concurrency",
        metavar="N",
        type=_positive_int,
        default=DEFAULT_CONCURRENCY,
        help="URLs checked at once over all hosts (default: %(default)s)",
    )
    knobs.add_argument(
        "--per-host",
        metavar="N",
        type=_positive_int,
        default=DEFAULT_PER_HOST_CONCURRENCY,
        help="requests in flight to one host at once (default: %(default)s)",
    )
    knobs.add_argument(
        "--interval",
        metavar="S",
        type=_seconds,
        default=DEFAULT_HOST_INTERVAL,
        help="seconds between request starts on one host slot (default: %(default)s)",
    )
    knobs.add_argument(
        "--code-interval",
        metavar="S",
        type=_seconds,
        default=DEFAULT_CODE_INTERVAL,
        help="seconds between two Baidu extraction-code verifications over the whole run; "
        "each code is sent at most once per run and never retried (default: %(default)s)",
    )
    knobs.add_argument(
        "--retries",
        metavar="N",
        type=_count,
        default=DEFAULT_RETRIES,
        help="retries for 408, 429, 5xx, timeouts and resets (default: %(default)s)",
    )
    knobs.add_argument(
        "--backoff",
        metavar="S",
        type=_seconds,
        default=DEFAULT_BACKOFF_BASE,
        help="first wait before a retry, doubled each time (default: %(default)s)",
    )
    knobs.add_argument(
        "--retry-after-cap",
        metavar="S",
        type=_seconds,
        default=DEFAULT_RETRY_AFTER_CAP,
        help="longest wait between retries, whatever Retry-After asks (default: %(default)s)",
    )
    knobs.add_argument(
        "--dead-after",
        metavar="N",
        type=_run_count,
        default=DEFAULT_DEAD_AFTER_RUNS,
        help="consecutive dead runs before a link is confirmed dead (default: %(default)s)",
    )
    parser.set_defaults(func=run, on_failure="no link was checked")


def _log(message: str) -> None:
    print(f"check-links: {message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from ..catalog import load_catalog
    from ..failure import Failure
    from ..links.inputs import read_url_list, targets_from_catalog
    from ..links.state.file import write_problem
    from ..links.state.lock import state_lock
    from ..project import project_from_env

    user_agent = project_from_env().user_agent  # a malformed GITHUB_REPOSITORY: exit 3, before any request
    catalogue_run = args.urls is None
    catalog_dir: Path | None = None
    if catalogue_run:
        catalog_dir = Path(args.catalog or CATALOG_DIR)
        targets = targets_from_catalog(load_catalog(catalog_dir))
    else:
        targets = read_url_list(args.urls)

    state_path: Path | None = None
    if not args.no_state:
        state_path = link_state_path(catalog_dir, args.state) if catalog_dir is not None else args.state
    unwritable = write_problem(state_path) if state_path is not None else None
    if unwritable:  # before any link is checked: a long run must not end in a history it cannot save
        raise Failure(unwritable, "the state file cannot be written")
    with contextlib.ExitStack() as held:
        if state_path is not None:  # one read-modify-write at a time: a second run is refused
            held.enter_context(state_lock(state_path))
        return _check_and_record(args, targets, catalogue_run, state_path, user_agent)


def _check_and_record(
    args: argparse.Namespace,
    targets: Sequence[Target],
    catalogue_run: bool,
    state_path: Path | None,
    user_agent: str,
) -> int:
    """Run the links stage under the caller's state lock, then print what it gathered."""
    from ..links.checking.fetch import ProbeOptions
    from ..links.checking.schedule import Politeness
    from ..links.progress import Progress
    from ..links.report import to_json, to_markdown, to_text
    from ..links.run import check_and_record, read_history, run_time_bound

    before = read_history(state_path)  # an invalid file: exit 3, named, before any request
    probe = ProbeOptions(
        timeout=args.timeout,
        retries=args.retries,
        backoff_base=args.backoff,
        retry_after_cap=args.retry_after_cap,
        allow_private=args.allow_private,
        code_interval=args.code_interval,
        user_agent=user_agent,
    )
    politeness = Politeness(concurrency=args.concurrency, per_host=args.per_host, interval=args.interval)
    _log(
        f"checking {len(targets)} links (at most {politeness.per_host} at once per host, "
        f"{politeness.interval:g}s apart; {politeness.concurrency} overall; "
        f"done within {run_time_bound(len(targets), probe, politeness):,.0f}s at worst)"
    )
    progress = Progress(len(targets))
    try:
        done = check_and_record(
            targets,
            probe=probe,
            politeness=politeness,
            before=before,
            state_path=state_path,
            catalogue_run=catalogue_run,
            dead_after_runs=args.dead_after,
            on_result=progress,
        )
    finally:
        progress.close()

    formatter = {"json": to_json, "markdown": to_markdown, "text": to_text}[args.format]
    sys.stdout.write(formatter(done.report))
    sys.stdout.flush()
    summary = done.report.summary()
    _log(f"{summary['ok']} ok, {summary['dead']} dead, {summary['unsure']} unsure")
    codes = [r.code.verdict.value for r in done.run.results if r.code is not None and r.code.code]
    if codes:
        _log("extraction codes: " + ", ".join(f"{codes.count(v)} {v}" for v in sorted(set(codes))))
    changed = [change for row in done.report.rows for change in row.evidence_changes]
    if changed:
        _log(f"{len(changed)} file size(s) or checksum(s) changed since the previous run (see the report)")
    for result in done.bugs:
        _log(f"internal error while checking {result.url}: {result.detail}")
    if done.bugs:
        _log(
            f"{len(done.bugs)} link(s) could not be checked because of a bug (traceback above): "
            "please report it"
        )
    if done.not_saved is not None:
        raise done.not_saved  # generator/failure.py's path: the problem, then one error line (exit 3)
    if not done.run.verified_any:
        _log(
            "nothing could be verified (every link unsure); "
            + (f"{state_path} left unchanged" if state_path is not None else "no state file used")
        )
    elif done.written:
        _log(f"history written to {state_path}")
    return exit_code(done.run.results)


def exit_code(results: Sequence[LinkResult]) -> int:
    """A finished run's exit code, the most urgent first (a history that could not be saved is
    a Failure, exit 3, before this): a link hit a bug (70: a scheduled run must fail visibly,
    whatever else it found), nothing verified (4), a link dead this run (1), else 0."""
    if any(r.reason.rule is Reason.INTERNAL_ERROR for r in results):
        return exitcodes.INTERNAL_ERROR
    if not any(r.verified for r in results):
        return exitcodes.UNVERIFIED
    return exitcodes.DEAD_LINKS if any(r.verdict is Verdict.DEAD for r in results) else exitcodes.OK
