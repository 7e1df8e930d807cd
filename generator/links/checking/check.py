"""Check a list of URLs politely and concurrently; return the results (gather, then print)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..model import LinkResult, Verdict, utc_now
from .fetch import ProbeOptions, Prober
from .schedule import HostGate, Politeness, run_all
from .urls import host_of


@dataclass(frozen=True)
class CheckRun:
    """One run's results, in the order the URLs were given."""

    started_at: str
    finished_at: str
    results: tuple[LinkResult, ...]

    @property
    def verified_any(self) -> bool:
        """False when every result is unsure: the run learned nothing (exit 4, no state change)."""
        return any(result.verified for result in self.results)

    @property
    def dead(self) -> tuple[LinkResult, ...]:
        return tuple(r for r in self.results if r.verdict is Verdict.DEAD)


def check_urls(
    urls: Sequence[str],
    *,
    probe: ProbeOptions | None = None,
    politeness: Politeness | None = None,
    on_result: Callable[[LinkResult], None] | None = None,
    codes: Mapping[str, str] | None = None,
) -> CheckRun:
    """Probe every URL once; results in first-seen order, one per distinct URL. `codes`: the
    extraction code to verify for a Baidu share URL (verified only if its page asks for one)."""
    probe = probe or ProbeOptions()
    politeness = politeness or Politeness()
    started = utc_now()
    unique = list(dict.fromkeys(urls))
    prober = Prober(
        options=probe,
        gate=HostGate(per_host=politeness.per_host, interval=politeness.interval),
        codes=dict(codes or {}),
    )
    try:
        found = run_all(
            unique, prober.probe, concurrency=politeness.concurrency, host=host_of, on_done=on_result
        )
    finally:
        prober.close()
    return CheckRun(started_at=started, finished_at=utc_now(), results=tuple(found))
