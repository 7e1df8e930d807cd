"""The link checker's state file, as one display status per URL.

The file (`catalog/link-state.json`) is read by the links stage's own loader
(`generator.links.load_state`), so the site and the checker can never disagree about its
format. A missing file means no check has run yet: every URL is "not checked yet". A
malformed file is an error (LinkStateInvalid): the site must not quietly show stale or
invented verdicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..links import DEFAULT_STATE_PATH, LinkHistory, LinkState, LinkStateInvalid, load_state
from ..links.model import LinkReason

__all__ = [
    "BADGE_ORDER",
    "DEFAULT_STATE_PATH",
    "LinkStateInvalid",
    "LinkStateView",
    "LinkStatus",
    "read_state",
    "status_of",
]

Badge = Literal["ok", "dead", "failing", "unsure", "unchecked"]
"""What the site shows: 'failing' is dead this run but not yet confirmed by dead_after_runs."""

BADGE_ORDER: dict[Badge, int] = {"dead": 0, "failing": 1, "unsure": 2, "unchecked": 3, "ok": 4}
"""Worst first: the link-status page lists what needs attention at the top."""


@dataclass(frozen=True)
class LinkStatus:
    """The last known state of one URL, as the pages show it."""

    badge: Badge
    reason: LinkReason | None = None
    """Which of the checker's rules decided the badge."""
    detail: str | None = None
    """The checker's explanation (English)."""
    http_status: int | None = None
    since: str | None = None
    last_checked: str | None = None


UNCHECKED = LinkStatus(badge="unchecked")


def status_of(history: LinkHistory | None) -> LinkStatus:
    """The badge is the link's standing (generator.links.state.history), or "unchecked"."""
    if history is None:
        return UNCHECKED
    standing = history.standing
    return LinkStatus(
        badge=standing.standing.value,
        reason=standing.reason,
        detail=standing.detail,
        http_status=history.http_status,
        since=standing.since,
        last_checked=history.last_checked,
    )


@dataclass(frozen=True)
class LinkStateView:
    """Everything the site needs from the state file."""

    found: bool
    """False when no check has run yet (the file does not exist)."""
    updated_at: str | None
    dead_after_runs: int
    state: LinkState

    def status(self, url: str) -> LinkStatus:
        return status_of(self.state.get(url))


def read_state(path: Path | str | None = None) -> LinkStateView:
    """The state at `path` (default: catalog/link-state.json); raises LinkStateInvalid."""
    path = Path(path) if path is not None else DEFAULT_STATE_PATH
    state = load_state(path)
    return LinkStateView(
        found=path.exists(), updated_at=state.updated_at, dead_after_runs=state.dead_after_runs, state=state
    )
