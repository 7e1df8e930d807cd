"""One check-links run: check every target, record the history, build the report (gather; the
command prints).

The caller holds the state file's lock (state/lock.py) around `check_and_record`, so the
history read here is the one written back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..failure import Failure
from .checking.check import CheckRun, check_urls
from .checking.fetch import ProbeOptions
from .checking.schedule import Politeness
from .defaults import MAX_EXTRA_REQUESTS
from .evidence.changes import EvidenceChange
from .model import LinkResult, Reason, Target
from .report import Report, build_report
from .state.file import StateNotSaved, load_state, save_state
from .state.history import LinkState, record_run


class HistoryNotSaved(Failure):
    """Every link was checked and reported, but the history could not be written."""

    summary = "the link history was not saved"
    consequence = "the report above is complete"


@dataclass(frozen=True)
class RecordedRun:
    """What one run found and what became of the history."""

    run: CheckRun
    report: Report
    state_path: Path | None
    written: bool
    """True when the state file now holds this run."""
    not_saved: HistoryNotSaved | None
    """Why the history could not be written (the command raises it after printing the report)."""

    @property
    def bugs(self) -> tuple[LinkResult, ...]:
        """Links whose check hit a bug in the checker (reported unsure, internal_error)."""
        return tuple(r for r in self.run.results if r.reason.rule is Reason.INTERNAL_ERROR)


def run_time_bound(links: int, probe: ProbeOptions, politeness: Politeness) -> float:
    """The most seconds a run of `links` links can take (the formula check-links --help states)."""
    once = probe.timeout + politeness.interval
    per_request = (probe.retries + 1) * once + probe.retries * probe.retry_after_cap
    per_link = 2 * (probe.max_redirects + 1) * per_request + MAX_EXTRA_REQUESTS * once + probe.code_interval
    return links * per_link


def read_history(state_path: Path | None) -> LinkState | None:
    """The history a run starts from (None: no state file used); LinkStateInvalid names every
    bad field. Read before the run starts, so a bad file stops it before any request."""
    return load_state(state_path) if state_path is not None else None


def check_and_record(
    targets: Sequence[Target],
    *,
    probe: ProbeOptions,
    politeness: Politeness,
    before: LinkState | None,
    state_path: Path | None,
    catalogue_run: bool,
    dead_after_runs: int,
    on_result: Callable[[LinkResult], None] | None = None,
) -> RecordedRun:
    """Check every target and, when the run verified something, record it in `before` (the
    history read_history gave) and save it at `state_path`. A catalogue run drops links the
    catalogue no longer has."""
    run = check_urls(
        [t.url for t in targets],
        probe=probe,
        politeness=politeness,
        on_result=on_result,
        codes={t.url: t.code for t in targets if t.code},
    )
    after, written, not_saved = before, False, None
    changes: Mapping[str, tuple[EvidenceChange, ...]] = {}
    if before is not None and state_path is not None and run.verified_any:
        keep = {t.url for t in targets} if catalogue_run else None
        recorded = record_run(
            before, run.results, now=run.finished_at, dead_after_runs=dead_after_runs, keep=keep
        )
        after, changes = recorded.state, recorded.changes
        try:
            save_state(state_path, after)
            written = True
        except OSError as error:  # the folder changed during the run; the report still follows
            not_saved = HistoryNotSaved(f"{state_path}: cannot write the state file: {error.strerror or error}")
        except StateNotSaved as refused:  # a state the next run would refuse is never written
            not_saved = HistoryNotSaved(refused.problems)
    report = build_report(
        run,
        targets,
        state=after,
        state_path=None if state_path is None else str(state_path),
        state_written=written,
        changes=changes,
        state_error=None if not_saved is None else "; ".join(map(str, not_saved.problems)),
    )
    return RecordedRun(run=run, report=report, state_path=state_path, written=written, not_saved=not_saved)
