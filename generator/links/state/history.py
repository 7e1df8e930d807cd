"""The link history: what each URL's verdict is, since when, and whether it is confirmed dead.

A link counts as dead for users only after `dead_after_runs` consecutive dead runs; one dead
run shows as failing since that date. An `unsure` run is neutral for that count: it neither
confirms nor clears a dead streak, since a throttled or unreachable host says nothing about
the link (otherwise Baidu's anti-bot pages on alternate runs would keep a dead share from ever
being confirmed). Only `ok` resets it. The dead streak's start, reason and detail survive
unsure runs, so a link confirmed dead and throttled this week is still "dead since <its first
dead run>, share cancelled", not "dead since today, captcha"; an ok run clears them.

This module is the history as data and the rule that moves it on by one run. The JSON file
that stores it (its format, bounded reading, atomic writing) is file.py; the lock that
keeps two runs off one file is lock.py.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from ..baidu.codes import CodeHistory, advance_code
from ..evidence.changes import EvidenceChange, EvidenceHistory, advance_evidence
from ..evidence.loads import LoadsHistory, advance_loads
from ..model import LinkReason, LinkResult, Verdict

FORMAT_VERSION = 1
"""The state file's format; a LinkState always holds this one (file.py refuses others)."""
DEFAULT_DEAD_AFTER_RUNS = 2
"""Consecutive dead runs before a link counts as dead for users."""


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
    reason: LinkReason | None
    detail: str | None
    since: str | None


@dataclass(frozen=True)
class LinkHistory:
    """One URL's entry in the state file."""

    verdict: Verdict
    """This run's verdict."""
    reason: LinkReason
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
    dead_reason: LinkReason | None = None
    """The reason of the last dead verdict of the current streak (kept through unsure runs);
    None when consecutive_dead is 0."""
    dead_detail: str | None = None
    """The detail of that dead verdict."""
    code: CodeHistory | None = None
    """Baidu shares with a code: the code's own history (same two-run rule, see codes.py)."""
    evidence: EvidenceHistory | None = None
    """The latest file sizes and hashes the host reported, and what changed (evidence.py)."""
    loads: LoadsHistory | None = None
    """Hugging Face repositories: whether transformers builds a config from config.json, and
    which transformers said so (evidence/loads.py)."""

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


def advance(
    previous: LinkHistory | None, result: LinkResult, dead_after_runs: int
) -> tuple[LinkHistory, tuple[EvidenceChange, ...]]:
    """The URL's history after one more run, and the file changes this run found."""
    streak_before = previous.consecutive_dead if previous else 0
    dead_since, dead_reason, dead_detail = (
        (previous.dead_since, previous.dead_reason, previous.dead_detail)
        if previous is not None and streak_before
        else (None, None, None)
    )
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
    evidence, changes = advance_evidence(
        previous.evidence if previous else None, result.evidence, result.checked_at
    )
    return LinkHistory(
        verdict=result.verdict,
        reason=result.reason,
        detail=result.detail,
        http_status=result.http_status,
        since=previous.since if previous is not None and same else result.checked_at,
        last_checked=result.checked_at,
        last_ok=result.checked_at if result.verdict is Verdict.OK else (previous.last_ok if previous else None),
        consecutive_dead=streak,
        confirmed_dead=streak >= dead_after_runs,
        dead_since=dead_since,
        dead_reason=dead_reason,
        dead_detail=dead_detail,
        code=advance_code(previous.code if previous else None, result, dead_after_runs),
        evidence=evidence,
        loads=advance_loads(previous.loads if previous else None, result.loads, result.checked_at),
    ), changes


@dataclass(frozen=True)
class RecordedRun:
    """The state after a run, and the news of that run alone."""

    state: LinkState
    changes: Mapping[str, tuple[EvidenceChange, ...]]
    """Per URL, the sizes and hashes this run found changed. Kept apart from the history, whose
    changes carry only a one-second timestamp: two runs within one second cannot be told apart
    by it (that once made a report show an earlier run's changes as this run's news)."""


def record_run(
    state: LinkState,
    results: Iterable[LinkResult],
    *,
    now: str,
    dead_after_runs: int = DEFAULT_DEAD_AFTER_RUNS,
    keep: set[str] | None = None,
) -> RecordedRun:
    """The state after a run, with this run's file changes. `keep`: the URLs that still exist (a
    catalogue run drops URLs no longer in the catalogue); None keeps every URL (a --urls run may
    check only a few)."""
    if dead_after_runs < 1:
        raise ValueError("dead_after_runs must be >= 1")
    links = {
        url: replace(h, confirmed_dead=h.consecutive_dead >= dead_after_runs)
        for url, h in state.links.items()
        if keep is None or url in keep
    }
    changes: dict[str, tuple[EvidenceChange, ...]] = {}
    for result in results:
        links[result.url], found = advance(links.get(result.url), result, dead_after_runs)
        if found:
            changes[result.url] = found
    return RecordedRun(
        LinkState(
            format_version=FORMAT_VERSION,
            updated_at=now,
            dead_after_runs=dead_after_runs,
            links=dict(sorted(links.items())),
        ),
        changes,
    )


def apply_run(
    state: LinkState,
    results: Iterable[LinkResult],
    *,
    now: str,
    dead_after_runs: int = DEFAULT_DEAD_AFTER_RUNS,
    keep: set[str] | None = None,
) -> LinkState:
    """The state after a run (record_run without the run's news)."""
    return record_run(state, results, now=now, dead_after_runs=dead_after_runs, keep=keep).state
