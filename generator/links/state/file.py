"""The state file (catalog/link-state.json) that stores the link history: its format, bounded
reading with every problem named, and atomic writing.

The file format (the contract every reader relies on): format_version 1; per URL verdict, reason, detail,
http_status, since, last_checked, last_ok, consecutive_dead, confirmed_dead; keys sorted by
URL; written atomically. What the fields mean, and how a run moves them on, is state.py.

Additive fields (still format_version 1; files without them load with derived values):
dead_since (when the current dead streak began; null when consecutive_dead is 0), dead_reason
and dead_detail (the last dead verdict's reason and detail). They survive unsure runs; verdict,
reason, detail and since keep meaning this run's verdict and when it began. `code` (a Baidu
code's own history, codes.py), `evidence` (file sizes and hashes, evidence/) and `loads` (a
Hugging Face config.json judged by transformers, with its version: evidence/loads.py) appear
only when there is some; a file without them reads as before.
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

from ...failure import Failure
from ...fsutil import atomic_write_text, read_regular_file
from ...paths import link_state_path
from ..baidu.codes import code_from_json, code_to_json
from ..evidence.changes import history_from_json, history_json
from ..evidence.loads import loads_from_json, loads_to_json
from ..model import LinkReason, Verdict
from .history import FORMAT_VERSION, LinkHistory, LinkState

DEFAULT_STATE_PATH = link_state_path()
"""The repository's own catalogue's history (paths.link_state_path decides for any catalogue)."""

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


def dumps_state(state: LinkState) -> str:
    """The file's text: keys in the contract's order, links sorted by URL, one trailing newline."""
    document = {
        "format_version": state.format_version,
        "updated_at": state.updated_at,
        "dead_after_runs": state.dead_after_runs,
        "links": {
            url: {
                "verdict": h.verdict.value,
                "reason": h.reason.code,
                "detail": h.detail,
                "http_status": h.http_status,
                "since": h.since,
                "last_checked": h.last_checked,
                "last_ok": h.last_ok,
                "consecutive_dead": h.consecutive_dead,
                "confirmed_dead": h.confirmed_dead,
                "dead_since": h.dead_since,
                "dead_reason": h.dead_reason and h.dead_reason.code,
                "dead_detail": h.dead_detail,
                **_extras_json(h),
            }
            for url, h in sorted(state.links.items())
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _extras_json(history: LinkHistory) -> dict[str, object]:
    """The code history and file evidence, present only when there is some (older readers
    and most links see the same record as before)."""
    extras: dict[str, object] = {}
    if history.code is not None:
        extras["code"] = code_to_json(history.code)
    if history.evidence is not None:
        extras["evidence"] = history_json(history.evidence)
    if history.loads is not None:
        extras["loads"] = loads_to_json(history.loads)
    return extras


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


class StateNotSaved(LinkStateInvalid):
    """The state a run computed is one the reader would refuse: it is not written."""

    summary = "the link state was not saved (the previous file is unchanged)"


def save_state(path: Path, state: LinkState) -> None:
    """Write through a temp file and a rename: a run killed half-way leaves the old file.

    The text is read back with the reader every later run and the site build use before it is
    written: a file they would refuse (too big, a value out of range) is never written, so one
    hostile answer cannot stop every later check. Values are bounded where they come from
    (bounds.py); this is the last net, and StateNotSaved names what it caught.
    """
    path = Path(path)
    text = dumps_state(state)
    size = len(text.encode("utf-8"))
    if size > MAX_STATE_BYTES:
        raise StateNotSaved(
            f"{path}: the new state would be {size:,} bytes, over the {MAX_STATE_BYTES:,} "
            "the reader accepts (check fewer URLs against one --state file)"
        )
    try:
        _decode(text, f"{path} (as this run would write it)")
    except LinkStateInvalid as refused:
        raise StateNotSaved(
            [f"{problem} (a bug in the link checker, please report it)" for problem in refused.problems]
        ) from None
    atomic_write_text(path, text)


_MISSING = object()


class _Reader:
    """Reads fields of the parsed file, collecting every problem instead of stopping at the first,
    so a maintainer sees every bad field at once (as the catalogue's loader does)."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def field(
        self, where: str, record: Mapping[str, Any], key: str, kinds: tuple[type, ...], nullable: bool = False
    ) -> Any:
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
        dead = (
            {key: self.field(at, record, key, (str,), nullable=True) for key in _DEAD_FIELDS}
            if any(key in record for key in _DEAD_FIELDS)
            else None
        )
        if len(self.problems) > noted:
            return None
        # Reasons are stored as their code, as every earlier run wrote them; read back here once.
        values["reason"] = LinkReason.from_code(values["reason"])
        history = self.extras(LinkHistory(verdict=Verdict(verdict), **values), record, at)
        if history is None:
            return None
        if dead is not None:
            dead_reason = dead["dead_reason"]
            return replace(
                history,
                **{**dead, "dead_reason": None if dead_reason is None else LinkReason.from_code(dead_reason)},
            )
        # A file written before the dead_* fields existed gets what can be derived: a dead
        # verdict is the streak's latest dead verdict, and `since` the best date for the streak's
        # start; after an unsure run the dead verdict was overwritten (None: unknown).
        if history.verdict is Verdict.DEAD:
            return replace(
                history, dead_since=history.since, dead_reason=history.reason, dead_detail=history.detail
            )
        return history

    def extras(self, history: LinkHistory, record: Mapping[str, Any], at: str) -> LinkHistory | None:
        """The code history and file evidence (absent in older files), or None with problems."""
        noted = len(self.problems)
        found: dict[str, Any] = {}
        for key, read in (
            ("code", code_from_json),
            ("evidence", history_from_json),
            ("loads", loads_from_json),
        ):
            value = record.get(key)
            if value is not None and not isinstance(value, dict):
                self.problems.append(f"{at}.{key}: expected an object or null")
            elif value:
                found[key] = read(value, f"{at}.{key}", self.field, self.problems.append)
        if len(self.problems) > noted:
            return None
        return replace(history, **found)


_HISTORY_FIELDS: tuple[tuple[str, tuple[type, ...], bool], ...] = (
    ("reason", (str,), False),
    ("detail", (str,), False),
    ("http_status", (int,), True),
    ("since", (str,), False),
    ("last_checked", (str,), False),
    ("last_ok", (str,), True),
    ("consecutive_dead", (int,), False),
    ("confirmed_dead", (bool,), False),
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
        raise LinkStateInvalid(
            f"{where}: format_version is {document.get('format_version')!r}, this "
            f"checker reads {FORMAT_VERSION} (restore the file from git or delete it)"
        )
    read = _Reader()
    dead_after = read.field(where, document, "dead_after_runs", (int,))
    updated_at = read.field(where, document, "updated_at", (str,), nullable=True)
    raw_links = read.field(where, document, "links", (dict,))
    links: dict[str, LinkHistory] = {}
    for url, record in raw_links.items() if isinstance(raw_links, dict) else ():
        history = read.history(f"{where}: links[{url!r}]", record)
        if history is not None:
            links[url] = history
    if read.problems:
        raise LinkStateInvalid(read.problems)
    return LinkState(
        format_version=FORMAT_VERSION,
        updated_at=updated_at,
        dead_after_runs=dead_after,
        links=dict(sorted(links.items())),
    )


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
    return _decode(text, str(path))


def _decode(text: str, where: str) -> LinkState:
    """The state in a state file's text; LinkStateInvalid names every problem."""
    try:
        document = json.loads(
            text, parse_int=_number(int), parse_float=_number(float), parse_constant=_no_constant
        )
    except json.JSONDecodeError as error:
        raise LinkStateInvalid(f"{where}:{error.lineno}: not valid JSON: {error.msg}") from None
    except _Refused as refused:
        raise LinkStateInvalid(f"{where}: {refused}") from None
    except RecursionError:
        # Python's JSON reader gives up at about a thousand levels, long before memory or time
        # matter; the state file needs three.
        raise LinkStateInvalid(f"{where}: nested far deeper than a state file is (three levels)") from None
    return parse_state(document, where)


class _Refused(ValueError):
    """A JSON value the reader refuses before converting it."""


def _number(kind: type[int] | type[float]) -> Callable[[str], int | float]:
    def convert(text: str) -> int | float:
        if len(text) > MAX_NUMBER_CHARS:  # before int(): 5,000 digits would cost and then fail
            raise _Refused(f"a number {len(text):,} characters long (at most {MAX_NUMBER_CHARS} are read)")
        return kind(text)

    return convert


def _no_constant(name: str) -> NoReturn:
    raise _Refused(f"{name} is not a number JSON allows")
