"""The link-rot issue body stays under GitHub's 65,536-character limit whatever the news: dead
links first, then a summary of the rest, then as much of the report as fits, cut between lines
(a cut inside a code span would let server text out of it)."""

from __future__ import annotations

from generator.links.inert import code_span
from generator.links.issue.plan import MAX_BODY_CHARS, issue_body, summarize
from generator.links.model import Evidence, FileFact, LinkReason, LinkResult, Verdict
from generator.links.state.file import save_state
from generator.links.state.history import LinkState, apply_run
from tests.links.issue.inert import assert_inert, rendered

GITHUB_LIMIT = 65_536
HOSTILE = "## x @octocat <img src=https://evil.example/p.png> ` `` |pipe| [a](https://evil.example)"


def weeks(dead: int, hubs: int, files: int) -> LinkState:
    """Three weekly runs: `dead` links dead on each (confirmed), `hubs` Hub links whose `files`
    files change size every week (the news that once made a 568,787-character body)."""
    state = LinkState()
    for day in (1, 8, 15):
        when = f"2026-11-{day:02d}T06:00:00Z"
        results = [
            LinkResult(
                f"https://pan.baidu.com/s/1dead{i:05d}",
                Verdict.DEAD,
                LinkReason.from_code("baidu_share_cancelled"),
                f"cancelled {HOSTILE}",
                200,
                when,
            )
            for i in range(dead)
        ]
        listing = Evidence(
            "huggingface", tuple(FileFact(f"{HOSTILE} {j:03d}.bin", size=1000 * day + j) for j in range(files))
        )
        results += [
            LinkResult(
                f"https://huggingface.co/google/m{i:04d}",
                Verdict.OK,
                LinkReason.from_code("http_200"),
                "ok",
                200,
                when,
                evidence=listing,
            )
            for i in range(hubs)
        ]
        state = apply_run(state, results, now=when)
    return state


def report_of(lines: int) -> str:
    """A Markdown report shaped like check-links' (server text in code spans, one per line)."""
    return "\n".join(f"- {code_span(HOSTILE)} line {i} {code_span(HOSTILE)}" for i in range(lines)) + "\n"


def test_many_changed_files_are_summarised_and_the_body_fits(gh_world):
    summary = summarize(weeks(dead=3, hubs=120, files=40))
    assert len(summary.news.changed_files) > 2000
    body = issue_body(summary, report_of(5000), "https://github.com/o/r/actions/runs/1")
    assert len(body) <= MAX_BODY_CHARS < GITHUB_LIMIT
    first_dead = body.index("| https://pan.baidu.com/s/1dead00000 ")
    assert first_dead < body.index("### Files that changed")  # dead links first
    assert all(f"s/1dead{i:05d}" in body for i in range(3))
    assert f"{len(summary.news.changed_files):,} changes" in body  # the whole count, summarised
    assert "https://github.com/o/r/actions/runs/1" in body  # where the full report is
    assert_inert(rendered(body))


def test_thousands_of_dead_links_keep_the_first_ones_and_count_the_rest():
    summary = summarize(weeks(dead=3000, hubs=0, files=0))
    body = issue_body(summary, report_of(10), None)
    assert len(body) <= MAX_BODY_CHARS
    assert "| https://pan.baidu.com/s/1dead00000 " in body
    listed = body.count("| https://pan.baidu.com/s/1dead")
    assert 10 < listed < 3000 and f"{3000 - listed:,} more confirmed dead links" in body
    assert_inert(rendered(body))


def test_the_report_is_cut_between_lines_never_inside_a_code_span():
    summary = summarize(weeks(dead=1, hubs=0, files=0))
    body = issue_body(summary, report_of(5000), None)
    quoted = body.split("<summary>Full report of the latest check</summary>")[1]
    whole = set(report_of(5000).splitlines())
    cut = [line for line in quoted.splitlines() if line.startswith("- ")]
    assert 10 < len(cut) < 5000 and all(line in whole for line in cut)
    assert_inert(rendered(body))


def test_link_issue_opens_the_issue_whatever_the_news(gh_world):
    save_state(gh_world.state, weeks(dead=50, hubs=150, files=40))
    gh_world.report.write_text(report_of(20_000), encoding="utf-8")
    done = gh_world.run("--run-url", "https://github.com/o/r/actions/runs/1")
    assert done.returncode == 0, done.stderr
    (create,) = [call for call in gh_world.calls() if call["argv"][:2] == ["issue", "create"]]
    assert len(create["stdin"]) <= MAX_BODY_CHARS
