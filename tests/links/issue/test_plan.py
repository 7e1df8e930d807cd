"""The pure decision and the issue text, without any `gh`."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.links.issue.plan import (
    GUIDE_ANCHOR,
    GUIDE_PATH,
    GUIDE_SECTION,
    MAX_BODY_CHARS,
    Action,
    OpenIssue,
    issue_body,
    issue_title,
    plan,
    read_state_summary,
)
from tests.links.issue.conftest import record, write_state
from tests.state_history import write_history

DEAD = "https://pan.baidu.com/s/1dead"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def summary_of(tmp_path):
    def read(links, dead_after_runs=2):
        path = tmp_path / "state.json"
        write_state(path, links, dead_after_runs)
        return read_state_summary(path)

    return read


@pytest.mark.parametrize(
    ("links", "issues", "action", "number"),
    [
        ({DEAD: record("dead", 2)}, [], Action.OPEN, None),
        ({DEAD: record("dead", 2)}, [OpenIssue(7, "t"), OpenIssue(3, "t")], Action.UPDATE, 3),
        ({DEAD: record("ok")}, [OpenIssue(7, "t")], Action.CLOSE, 7),
        ({DEAD: record("ok")}, [], Action.NOTHING, None),
        ({DEAD: record("dead", 1)}, [], Action.NOTHING, None),
        ({DEAD: record("unsure")}, [], Action.NOTHING, None),
        ({}, [], Action.NOTHING, None),
    ],
)
def test_plan_follows_confirmed_dead_only(summary_of, links, issues, action, number):
    decided = plan(summary_of(links), issues, "report")
    assert (decided.action, decided.number) == (action, number)


def test_confirmation_follows_the_state_not_a_fixed_two(summary_of):
    # With dead_after_runs 3, the checker marks the link confirmed only on the third dead run.
    summary = summary_of({DEAD: record("dead", 2, dead_after_runs=3)}, dead_after_runs=3)
    assert plan(summary, [], "report").action is Action.NOTHING
    assert summary.dead_unconfirmed == 1


def test_title_counts_links(summary_of):
    one = summary_of({DEAD: record("dead", 2)})
    two = summary_of({DEAD: record("dead", 2), DEAD + "2": record("dead", 5)})
    assert issue_title(one) == "Link rot: 1 download link confirmed dead"
    assert issue_title(two) == "Link rot: 2 download links confirmed dead"


def test_body_lists_each_confirmed_link_in_a_safe_table_row(summary_of):
    summary = summary_of(
        {
            DEAD: record("dead", 2, detail="line one\nline | two"),
            "https://pan.baidu.com/s/1once": record("dead", 1),
            "https://pan.baidu.com/s/1fine": record(),
        }
    )
    body = issue_body(summary, "the report", "https://run")
    table_rows = [line for line in body.splitlines() if line.startswith(f"| {DEAD}")]
    assert table_rows == [
        f"| {DEAD} | 2026-11-17T06:00:00Z | 2026-11-10T06:00:00Z | "
        "`baidu_share_cancelled` | `line one line \\| two` |"
    ]
    assert "1 more link(s) were dead on this run only" in body
    assert "3 catalogued links" in body
    assert "Workflow run: https://run" in body
    assert "Responding to a link-rot issue" in body


def test_body_links_to_the_maintainers_guide_section_that_exists(summary_of):
    summary = summary_of({DEAD: record("dead", 2)})
    guide = ROOT / GUIDE_PATH
    headings = {
        line.lstrip("#").strip()
        for line in guide.read_text(encoding="utf-8").splitlines()
        if line.startswith("## ")
    }
    assert GUIDE_SECTION in headings
    assert GUIDE_SECTION.lower().replace(" ", "-") == GUIDE_ANCHOR  # GitHub's anchor for it
    linked = issue_body(summary, "report", repo="someone/little-berts")
    assert f"(https://github.com/someone/little-berts/blob/HEAD/{GUIDE_PATH}#{GUIDE_ANCHOR})" in linked
    # Without a repository (or with one that is not OWNER/NAME) the path is named, not linked.
    for repo in (None, "a/b)(javascript:x"):
        body = issue_body(summary, "report", repo=repo)
        assert f"`{GUIDE_PATH}`" in body and "https://github.com" not in body


def test_a_huge_report_is_cut_to_fit_an_issue(summary_of):
    summary = summary_of({DEAD: record("dead", 2)})
    body = issue_body(summary, "x" * (MAX_BODY_CHARS * 2))
    assert len(body) <= MAX_BODY_CHARS
    assert "cut to fit an issue" in body and body.endswith("</details>\n")


def test_close_comment_names_the_check(summary_of):
    decided = plan(summary_of({DEAD: record()}), [OpenIssue(1, "t")], "r", "https://run")
    assert decided.comment.startswith("Every link recovered: the link check of 2026-11-24T06:00:00Z")
    assert decided.comment.endswith("Workflow run: https://run")


def test_a_confirmed_dead_link_throttled_this_run_keeps_its_dead_date_and_reason(tmp_path):
    # Written by the checker's own state layer: dead on 11-03 and 11-10, a captcha on 11-17.
    path = write_history(tmp_path / "link-state.json", DEAD)
    summary = read_state_summary(path)
    assert plan(summary, [], "report").action is Action.OPEN
    rows = [line for line in issue_body(summary, "report").splitlines() if line.startswith(f"| {DEAD}")]
    assert rows == [
        f"| {DEAD} | 2026-11-03T06:00:00Z | never | `baidu_share_cancelled` | "
        "`baidu_share_cancelled: the page said so` |"
    ]
