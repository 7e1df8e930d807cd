"""Server-provided text in the link-rot issue is inert: no heading, image, link or @mention.

The body goes through the fake `gh` exactly as the workflow sends it, and is then rendered
with a CommonMark renderer (tables and raw HTML on, as on GitHub), so what is checked is what
a reader would see, not the Markdown source.
"""

from __future__ import annotations

from generator.links.model import LinkReason, LinkResult, Verdict
from generator.links.report import build_report, to_markdown
from generator.links.state.history import LinkState, apply_run
from tests.links.issue.conftest import record
from tests.links.issue.inert import assert_inert, rendered

DEAD = "https://pan.baidu.com/s/1dead"
HOSTILE = (
    "javascript:x ## Injected heading @octocat <img src=https://evil.example/p.png> "
    "[click](https://evil.example) | `tick` ``` ![img](https://evil.example/q.png) "
    "<!-- comment --> **bold** \n# Second heading"
)


def test_the_issue_body_sent_to_gh_shows_server_text_as_code(gh_world):
    hostile_record = record(
        "dead",
        consecutive_dead=2,
        detail=HOSTILE,
        reason="http_404",
        dead_detail=HOSTILE,
        dead_reason="http_404",
        dead_since="2026-11-17T06:00:00Z",
    )
    gh_world.write_state({DEAD: hostile_record})
    result = LinkResult(
        url=DEAD,
        verdict=Verdict.DEAD,
        reason=LinkReason.from_code("http_404"),
        detail=HOSTILE,
        http_status=404,
        checked_at="2026-11-24T06:00:00Z",
        final_url=DEAD,
    )
    state = apply_run(LinkState(), [result], now="2026-11-24T06:00:00Z")
    gh_world.report.write_text(
        to_markdown(
            build_report(
                _run(result), [], state=state, state_path="catalog/link-state.json", state_written=True
            )
        ),
        encoding="utf-8",
    )
    done = gh_world.run()
    assert done.returncode == 0, done.stderr
    (create,) = [call for call in gh_world.calls() if call["argv"][:2] == ["issue", "create"]]
    body = create["stdin"]
    assert "@octocat" in body  # the text is there, for the maintainer to read ...
    html = rendered(body)
    assert_inert(html)  # ... but does nothing
    table_row = next(line for line in body.splitlines() if line.startswith(f"| {DEAD} "))
    assert table_row.count(" | ") == 4  # the pipe in the text did not add a column


def _run(result: LinkResult):
    from generator.links.checking.check import CheckRun

    return CheckRun(started_at=result.checked_at, finished_at=result.checked_at, results=(result,))
