"""The link history (catalog/link-state.json): what each URL's verdict is, since when, and
whether it is confirmed dead.

The file format (the contract every reader relies on): format_version 1; per URL verdict, reason, detail,
http_status, since, last_checked, last_ok, consecutive_dead, confirmed_dead; keys sorted by
URL; written atomically. A link counts as dead for users only after `dead_after_runs`
consecutive dead runs; one dead run shows as failing since that date.

Additive fields (still format_version 1; files without them load with derived values):
dead_since (when the current dead streak began; null when consecutive_dead is 0), dead_reason
and dead_detail (the last dead verdict's reason and detail). They survive unsure runs, so a
link confirmed dead and throttled this week is still "dead since <its first dead run>, share
cancelled", not "dead since today, captcha"; an ok run clears them. verdict, reason, detail and
since keep meaning this run's verdict and when it began.

An `unsure` run is neutral for that count: it neither confirms nor clears a dead streak, since
a throttled or unreachable host says nothing about the link (otherwise Baidu's anti-bot pages
on alternate runs would keep a dead share from ever being confirmed). Only `ok` resets it.
"""

from __future__ import annotations

import enum
import errno
import fcntl
import json
import math
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..catalog import DEFAULT_CATALOG_DIR
from ..failure import Failure
from ..fsutil import atomic_write_text, read_regular_file
from .model import LinkResult, Verdict

FORMAT_VERSION = 1
STATE_FILE_NAME = "link-state.json"
DEFAULT_STATE_PATH = DEFAULT_CATALOG_DIR / STATE_FILE_NAME
DEFAULT_DEAD_AFTER_RUNS = 2
"""Consecutive dead runs before a link counts as dead for users."""

MAX_STATE_BYTES = 32 * 1024 * 1024
"""Largest state file read: a few hundred bytes per link leaves room for 100,000 links."""
MAX_NUMBER_CHARS = 20
"""Longest number read from the state file; counters and statuses need a handful of digits."""
MAX_COUNTER = 1_000_000
"""Largest dead streak or --dead-after accepted: a weekly check would need 19,000 years."""


class LinkStateInvalid(Failure):
    """The state file exists but is not in the documented format: every bad field, each naming
    where it is and what is wrong."""

    summary = "the link state file is invalid (restore it from git, or delete it to start a new history)"


class Standing(enum.Enum):
    """What a link is for its users, from its whole history (not only this run's verdict)."""

    OK = "ok"
    FAILING = "failing"
    """Dead on this run, not yet confirmed by `dead_after_runs` consecutive dead runs."""
    DEAD = "dead"
    """Confirmed dead. Only an ok run clears it: a captcha or a timeout says nothing about the share."""
    UNSURE = "unsure"


@dataclass(frozen=True)
class LinkStanding:
    """A link's standing and what explains it: for a dead or failing link the dead streak's start,
    reason and detail (an unsure run inside the streak must not turn "dead since 11-03, share
    cancelled" into "dead since 11-17, captcha"); otherwise this run's verdict's."""

    standing: Standing
    reason: str | None
    detail: str | None
    since: str | None


class LinkStateBusy(LinkStateInvalid):
    """Another run holds the state file's lock: the message names the file and what to do."""

    summary = "another check-links run is using the link state file"


@dataclass(frozen=True)
class LinkHistory:
    """One URL's entry in the state file."""

    verdict: Verdict
    """This run's verdict."""
    reason: str
    detail: str
    http_status: int | None
    since: str
    """When the current verdict began."""
    last_checked: str
    last_ok: str | None
    consecutive_dead: int
    confirmed_dead: bool
    """consecutive_dead >= dead_after_runs."""
    dead_since: str | None = None
    """When the current dead streak began (unsure runs inside it do not restart it); None when
    consecutive_dead is 0."""
    dead_reason: str | None = None
    """The reason of the last dead verdict of the current streak (kept through unsure runs);
    None when consecutive_dead is 0."""
    dead_detail: str | None = None
    """The detail of that dead verdict."""

    @property
    def standing(self) -> LinkStanding:
        """The one place a link's standing is worked out: the report, the site and the link-rot
        issue all read it here."""
        if self.confirmed_dead:
            standing = Standing.DEAD
        elif self.verdict is Verdict.DEAD:
            standing = Standing.FAILING
        else:
            standing = Standing.OK if self.verdict is Verdict.OK else Standing.UNSURE
        if standing in (Standing.DEAD, Standing.FAILING):
            return LinkStanding(standing, self.dead_reason, self.dead_detail, self.dead_since)
        return LinkStanding(standing, self.reason, self.detail, self.since)


@dataclass(frozen=True)
class LinkState:
    """The whole state file. A missing file loads as an empty state (updated_at None)."""

    format_version: int = FORMAT_VERSION
    updated_at: str | None = None
    dead_after_runs: int = DEFAULT_DEAD_AFTER_RUNS
    links: Mapping[str, LinkHistory] = field(default_factory=dict)

    def get(self, url: str) -> LinkHistory | None:
        """The URL's history, or None: "not checked yet"."""
        return self.links.get(url)


def advance(previous: LinkHistory | None, result: LinkResult, dead_after_runs: int) -> LinkHistory:
    """The URL's history after one more run."""
    streak_before = previous.consecutive_dead if previous else 0
    dead_since, dead_reason, dead_detail = ((previous.dead_since, previous.dead_reason, previous.dead_detail)
                                            if previous is not None and streak_before else (None, None, None))
    if result.verdict is Verdict.DEAD:
        streak = streak_before + 1
        dead_since = dead_since or result.checked_at
        dead_reason, dead_detail = result.reason, result.detail
    elif result.verdict is Verdict.OK:
        streak = 0
        dead_since = dead_reason = dead_detail = None
    else:  # unsure: neutral, the streak (and what made it) stands
        streak = streak_before
    same = previous is not None and previous.verdict is result.verdict
    return LinkHistory(
        verdict=result.verdict, reason=result.reason, detail=result.detail,
        http_status=result.http_status,
        since=previous.since if previous is not None and same else result.checked_at,
        last_checked=result.checked_at,
        last_ok=result.checked_at if result.verdict is Verdict.OK else (previous.last_ok if previous else None),
        consecutive_dead=streak,
        confirmed_dead=streak >= dead_after_runs,
        dead_since=dead_since, dead_reason=dead_reason, dead_detail=dead_detail,
    )


def apply_run(state: LinkState, results: Iterable[LinkResult], *, now: str,
              dead_after_runs: int = DEFAULT_DEAD_AFTER_RUNS, keep: set[str] | None = None) -> LinkState:
    """The state after a run. `keep`: the URLs that still exist (a catalogue run drops URLs no
    longer in the catalogue); None keeps every URL (a --urls run may check only a few)."""
    if dead_after_runs < 1:
        raise ValueError("dead_after_runs must be >= 1")
    links = {url: replace(h, confirmed_dead=h.consecutive_dead >= dead_after_runs)
             for url, h in state.links.items() if keep is None or url in keep}
    for result in results:
        links[result.url] = advance(links.get(result.url), result, dead_after_runs)
    return LinkState(format_version=FORMAT_VERSION, updated_at=now, dead_after_runs=dead_after_runs,
                     links=dict(sorted(links.items())))


def dumps_state(state: LinkState) -> str:
    """The file's text: keys in the contract's order, links sorted by URL, one trailing newline."""
    document = {
        "format_version": state.format_version,
        "updated_at": state.updated_at,
        "dead_after_runs": state.dead_after_runs,
        "links": {url: {
            "verdict": h.verdict.value, "reason": h.reason, "detail": h.detail, "http_status": h.http_status,
            "since": h.since, "last_checked": h.last_checked, "last_ok": h.last_ok,
            "consecutive_dead": h.consecutive_dead, "confirmed_dead": h.confirmed_dead,
            "dead_since": h.dead_since, "dead_reason": h.dead_reason, "dead_detail": h.dead_detail,
        } for url, h in sorted(state.links.items())},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_problem(path: Path | str) -> str | None:
    """Why no state file can be written at `path` (a sentence naming it), or None.

    check-links asks before checking any link, so a long run is not wasted on a history it
    cannot save. It creates (and at once drops) a real temporary file where save_state would:
    permissions, read-only filesystems and root all answer truthfully that way.
    """
    path = Path(path)
    how = "choose another --state path, or make the folder writable"
    if path.is_dir():
        return f"{path}: cannot write the state file: it is a directory (give --state a file name)"
    folder = path.parent
    while not folder.exists():  # save_state creates missing folders on the way
        folder = folder.parent
    if not folder.is_dir():
        return f"{path}: cannot write the state file: {folder} is not a folder ({how})"
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        return f"{path}: cannot write the state file in {folder}: {error.strerror or error} ({how})"
    return None


def save_state(path: Path, state: LinkState) -> None:
    """Write through a temp file and a rename: a run killed half-way leaves the old file."""
    atomic_write_text(Path(path), dumps_state(state))


def lock_path(path: Path | str) -> Path:
    """The lock file beside the state file. The state file itself cannot carry the lock: it
    is replaced by a rename on every save, and a lock on the old file guards nothing."""
    path = Path(path)
    return path.with_name(f".{path.name}.lock")


@contextmanager
def state_lock(path: Path | str) -> Iterator[None]:
    """Hold the state file for one read-modify-write; LinkStateBusy at once if another run does.

    Two runs on one file would both read the old history and the later save would drop the
    other's results. The second run is refused at start, before it checks any link, rather
    than made to wait: a catalogue run can take an hour. The lock (flock) is released by the
    kernel when the process ends, however it ends, so a killed run never leaves it stuck.
    """
    lock = lock_path(path)
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
            raise LinkStateBusy(
                f"{path}: another check-links run{f' (process {holder})' if holder else ''} is "
                f"updating this state file; wait for it to finish, or give this run another --state "
                f"(lock: {lock})") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the flock


_MISSING = object()


class _Reader:
    """Reads fields of the parsed file, collecting every problem instead of stopping at the first,
    so a maintainer sees every bad field at once (as the catalogue's loader does)."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def field(self, where: str, record: Mapping, key: str, kinds: tuple[type, ...], nullable: bool = False):
        """The value, or _MISSING (with a problem noted) when it is absent or of the wrong type."""
        if key not in record:
            self.problems.append(f"{where}: missing field '{key}'")
            return _MISSING
        value: Any = record[key]
        if value is None and nullable:
            return None
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            names = " or ".join(k.__name__ for k in kinds) + (" or null" if nullable else "")
            self.problems.append(f"{where}.{key}: expected {names}, found {_short(value)}")
            return _MISSING
        low, high = _RANGES.get(key, (-math.inf, math.inf))
        if isinstance(value, int) and not low <= value <= high:
            self.problems.append(f"{where}.{key}: {value} is out of range: allowed from {low:,} to {high:,}")
            return _MISSING
        return value

    def history(self, at: str, record: object) -> LinkHistory | None:
        """One URL's entry, or None (with its problems noted)."""
        if not isinstance(record, dict):
            self.problems.append(f"{at}: expected an object")
            return None
        noted = len(self.problems)
        verdict = self.field(at, record, "verdict", (str,))
        if verdict is not _MISSING and verdict not in {v.value for v in Verdict}:
            self.problems.append(f"{at}.verdict: {verdict!r} is not ok, dead or unsure")
        values = {key: self.field(at, record, key, kinds, nullable) for key, kinds, nullable in _HISTORY_FIELDS}
        dead = ({key: self.field(at, record, key, (str,), nullable=True) for key in _DEAD_FIELDS}
                if any(key in record for key in _DEAD_FIELDS) else None)
        if len(self.problems) > noted:
            return None
        history = LinkHistory(verdict=Verdict(verdict), **values)
        if dead is not None:
            return replace(history, **dead)
        # A file written before the dead_* fields existed gets what can be derived: a dead
        # verdict is the streak's latest dead verdict, and `since` the best date for the streak's
        # start; after an unsure run the dead verdict was overwritten (None: unknown).
        if history.verdict is Verdict.DEAD:
            return replace(history, dead_since=history.since, dead_reason=history.reason,
                           dead_detail=history.detail)
        return history


_HISTORY_FIELDS: tuple[tuple[str, tuple[type, ...], bool], ...] = (
    ("reason", (str,), False), ("detail", (str,), False), ("http_status", (int,), True),
    ("since", (str,), False), ("last_checked", (str,), False), ("last_ok", (str,), True),
    ("consecutive_dead", (int,), False), ("confirmed_dead", (bool,), False),
)
"""LinkHistory's required fields after `verdict`: name, JSON types, whether null is allowed."""
_DEAD_FIELDS = ("dead_since", "dead_reason", "dead_detail")
_RANGES = {"dead_after_runs": (1, MAX_COUNTER), "consecutive_dead": (0, MAX_COUNTER), "http_status": (100, 599)}
"""The numbers' ranges: a negative streak or a status of -1 is a hand edit gone wrong."""


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def parse_state(document: object, where: str) -> LinkState:
    """A LinkState from the parsed JSON; LinkStateInvalid lists every field that is wrong."""
    if not isinstance(document, dict):
        raise LinkStateInvalid(f"{where}: expected a JSON object with format_version and links")
    if document.get("format_version") != FORMAT_VERSION:
        raise LinkStateInvalid(f"{where}: format_version is {document.get('format_version')!r}, this "
                               f"checker reads {FORMAT_VERSION} (restore the file from git or delete it)")
    read = _Reader()
    dead_after = read.field(where, document, "dead_after_runs", (int,))
    updated_at = read.field(where, document, "updated_at", (str,), nullable=True)
    raw_links = read.field(where, document, "links", (dict,))
    links: dict[str, LinkHistory] = {}
    for url, record in (raw_links.items() if isinstance(raw_links, dict) else ()):
        history = read.history(f"{where}: links[{url!r}]", record)
        if history is not None:
            links[url] = history
    if read.problems:
        raise LinkStateInvalid(read.problems)
    return LinkState(format_version=FORMAT_VERSION, updated_at=updated_at, dead_after_runs=dead_after,
                     links=dict(sorted(links.items())))


def load_state(path: Path | str = DEFAULT_STATE_PATH) -> LinkState:
    """The state at `path`; an empty LinkState when the file does not exist (no check ran yet)."""
    path = Path(path)
    try:  # a FIFO or a device (a symlink to /dev/zero) is refused unread; the size is capped
        text = read_regular_file(path, MAX_STATE_BYTES).decode("utf-8")
    except FileNotFoundError:
        return LinkState()
    except OSError as error:
        raise LinkStateInvalid(f"{path}: cannot read the state file: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise LinkStateInvalid(f"{path}: not UTF-8 text (byte {error.start})") from None
    try:
        document = json.loads(text, parse_int=_number(int), parse_float=_number(float),
                              parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise LinkStateInvalid(f"{path}:{error.lineno}: not valid JSON: {error.msg}") from None
    except _Refused as refused:
        raise LinkStateInvalid(f"{path}: {refused}") from None
    except RecursionError:
        # Python's JSON reader gives up at about a thousand levels, long before memory or time
        # matter; the state file needs three.
        raise LinkStateInvalid(f"{path}: nested far deeper than a state file is (three levels)") from None
    return parse_state(document, str(path))


class _Refused(ValueError):
    """A JSON value the reader refuses before converting it."""


def _number(kind: type):
    def convert(text: str):
        if len(text) > MAX_NUMBER_CHARS:  # before int(): 5,000 digits would cost and then fail
            raise _Refused(f"a number {len(text):,} characters long (at most {MAX_NUMBER_CHARS} are read)")
        return kind(text)
    return convert


def _no_constant(name: str):
    raise _Refused(f"{name} is not a number JSON allows")
