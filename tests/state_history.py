"""Link-state files written by the checker's own state layer, for the tests of its readers."""

from __future__ import annotations

from pathlib import Path

# Dead on 11-03 and 11-10 (confirmed by the second run), then a captcha on 11-17.
DEAD_TWICE_THEN_CAPTCHA = (
    ("dead", "baidu_share_cancelled", "03"),
    ("dead", "baidu_share_cancelled", "10"),
    ("unsure", "captcha", "17"),
)


def write_history(path: Path, url: str, runs=DEAD_TWICE_THEN_CAPTCHA) -> Path:
    """Apply one run per (verdict, reason, November day) to `url` and save the state at `path`.

    Each result's detail is "<reason>: the page said so".
    """
    from generator.links.model import LinkReason, LinkResult, Verdict
    from generator.links.state.file import save_state
    from generator.links.state.history import LinkState, apply_run

    state = LinkState()
    for verdict, reason, day in runs:
        when = f"2026-11-{day}T06:00:00Z"
        result = LinkResult(
            url, Verdict(verdict), LinkReason.from_code(reason), f"{reason}: the page said so", 200, when
        )
        state = apply_run(state, [result], now=when)
    save_state(path, state)
    return path
