"""`python -m generator link-issue` against a fake `gh` on PATH: one issue, opened, updated, closed."""

from __future__ import annotations

import json

import pytest

from tests.links.issue.conftest import REPORT, record

ALIVE = "https://pan.baidu.com/s/1alive"
DEAD = "https://pan.baidu.com/s/1dead"
OTHER_DEAD = "https://storage.googleapis.com/bert_models/2020_02_20/uncased_L-2_H-128_A-2.zip"
WRITES = (["issue", "create"], ["issue", "edit"], ["issue", "close"])


def writes(world) -> list[dict]:
    return [call for call in world.calls() if call["argv"][:2] in WRITES]


def test_confirmed_dead_and_no_issue_opens_exactly_one_labelled_issue(gh_world):
    gh_world.write_state({ALIVE: record(), DEAD: record("dead", consecutive_dead=2)})
    result = gh_world.run("--run-url", "https://github.com/example/little-berts/actions/runs/42")
    assert result.returncode == 0, result.stderr
    assert gh_world.commands() == [["issue", "list"], ["label", "create"], ["issue", "create"]]
    listing, label, create = gh_world.calls()
    assert listing["argv"][2:] == [
        "--label",
        "link-rot",
        "--state",
        "open",
        "--json",
        "number,title",
        "--limit",
        "100",
    ]
    assert label["argv"][:3] == ["label", "create", "link-rot"] and "--force" in label["argv"]
    argv = create["argv"]
    assert argv[argv.index("--label") + 1] == "link-rot"
    assert argv[argv.index("--title") + 1] == "Link rot: 1 download link confirmed dead"
    assert argv[argv.index("--body-file") + 1] == "-"
    body = create["stdin"]
    assert f"| {DEAD} |" in body and ALIVE not in body.split("<details>")[0]
    assert REPORT.strip() in body
    assert "actions/runs/42" in body
    assert result.stdout == (
        "opened https://github.com/example/little-berts/issues/1: Link rot: 1 download link confirmed dead\n"
    )
    assert [issue["state"] for issue in gh_world.issues()] == ["open"]


def test_an_open_issue_is_updated_instead_of_opening_a_second(gh_world):
    gh_world.add_issue(12, "Link rot: 1 download link confirmed dead")
    gh_world.write_state({DEAD: record("dead", 3), OTHER_DEAD: record("dead", 2)})
    result = gh_world.run()
    assert result.returncode == 0, result.stderr
    assert gh_world.commands() == [["issue", "list"], ["issue", "edit"]]
    edit = gh_world.calls()[1]
    assert edit["argv"][2] == "12"
    assert DEAD in edit["stdin"] and OTHER_DEAD in edit["stdin"]
    [issue] = gh_world.issues()
    assert issue["title"] == "Link rot: 2 download links confirmed dead"
    assert result.stdout.startswith("updated issue #12:")


def test_the_issue_is_closed_with_a_comment_when_everything_recovered(gh_world):
    gh_world.add_issue(12, "Link rot: 1 download link confirmed dead")
    gh_world.write_state({ALIVE: record(), DEAD: record("ok")})
    result = gh_world.run()
    assert result.returncode == 0, result.stderr
    assert gh_world.commands() == [["issue", "list"], ["issue", "close"]]
    argv = gh_world.calls()[1]["argv"]
    assert argv[2] == "12"
    assert argv[argv.index("--comment") + 1].startswith("Every link recovered")
    assert gh_world.issues()[0]["state"] == "closed"
    assert result.stdout.startswith("closed issue #12")


def test_nothing_dead_and_no_issue_open_does_nothing(gh_world):
    gh_world.add_issue(3, "an old, closed link-rot issue", state="closed")
    gh_world.add_issue(4, "an unrelated open issue", labels=("bug",))
    gh_world.write_state({ALIVE: record(), DEAD: record("unsure")})
    result = gh_world.run()
    assert result.returncode == 0, result.stderr
    assert gh_world.commands() == [["issue", "list"]]
    assert "nothing to do" in result.stdout


def test_a_link_dead_on_one_run_only_does_not_open_an_issue(gh_world):
    gh_world.write_state({DEAD: record("dead", consecutive_dead=1)})
    result = gh_world.run()
    assert result.returncode == 0, result.stderr
    assert writes(gh_world) == [] and gh_world.issues() == []


def test_weeks_of_runs_file_one_issue_then_close_it(gh_world):
    """Dead once (nothing), confirmed (open), still dead (update the same), recovered (close)."""
    weeks = [record("dead", 1), record("dead", 2), record("dead", 3), record("ok"), record("ok")]
    for week in weeks:
        gh_world.write_state({ALIVE: record(), DEAD: week})
        assert gh_world.run().returncode == 0
    assert [c[1] for c in gh_world.commands() if c[0] == "issue" and c[1] != "list"] == [
        "create",
        "edit",
        "close",
    ]
    assert [(issue["number"], issue["state"]) for issue in gh_world.issues()] == [(1, "closed")]


def test_only_the_oldest_open_issue_is_managed(gh_world):
    gh_world.add_issue(9, "Link rot: 1 download link confirmed dead")
    gh_world.add_issue(5, "Link rot: filed by hand")
    gh_world.write_state({DEAD: record("dead", 2)})
    result = gh_world.run()
    assert result.returncode == 0, result.stderr
    assert [call["argv"][:3] for call in writes(gh_world)] == [["issue", "edit", "5"]]
    assert "issue #9 also has the label 'link-rot'; left alone" in result.stderr


def test_label_and_repo_are_passed_to_every_gh_call(gh_world):
    gh_world.write_state({DEAD: record("dead", 2)})
    result = gh_world.run("--label", "dead-links", "--repo", "example/little-berts")
    assert result.returncode == 0, result.stderr
    for call in gh_world.calls():
        assert call["argv"][-2:] == ["--repo", "example/little-berts"]
    assert gh_world.issues()[0]["labels"] == ["dead-links"]


def test_dry_run_lists_but_changes_nothing(gh_world):
    gh_world.write_state({DEAD: record("dead", 2)})
    result = gh_world.run("--dry-run")
    assert result.returncode == 0, result.stderr
    assert gh_world.commands() == [["issue", "list"]]
    assert result.stdout.startswith("would open an issue: Link rot: 1 download link confirmed dead\n")
    assert DEAD in result.stdout


@pytest.mark.parametrize("failing", ["issue list", "label create", "issue create"])
def test_a_gh_failure_exits_5_with_what_gh_said(gh_world, failing):
    gh_world.write_state({DEAD: record("dead", 2)})
    gh_world.fail_on(failing)
    result = gh_world.run()
    assert result.returncode == 5
    assert result.stderr.startswith(f"`gh {failing}")
    assert result.stderr.endswith("error: the GitHub CLI (gh) failed; the link-rot issue was not updated\n")
    assert "failed with exit 1: HTTP 401: Bad credentials" in result.stderr
    assert gh_world.issues() == []


def test_gh_missing_from_path_exits_5_and_says_how_to_fix(gh_world, tmp_path):
    gh_world.write_state({DEAD: record("dead", 2)})
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    result = gh_world.run(env={**gh_world.env, "PATH": str(empty)})
    assert result.returncode == 5
    assert "`gh` (the GitHub CLI) is not on PATH" in result.stderr


def test_gh_answering_garbage_exits_5(gh_world):
    gh_world.write_state({DEAD: record("dead", 2)})
    (gh_world.root / "gh" / "list-answer").write_text('{"not": "a list"}')
    result = gh_world.run()
    assert result.returncode == 5
    assert "not a JSON list of issues" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "link-state.json: no such file (run `python -m generator check-links --state"),
        ("{not json", "link-state.json:1: not valid JSON"),
        ('{"format_version": 2, "dead_after_runs": 2, "links": {}}', "format_version is 2"),
        (
            '{"format_version": 1, "updated_at": null, "dead_after_runs": 2, "links": []}',
            "link-state.json.links: expected dict",
        ),
        (
            json.dumps(
                {
                    "format_version": 1,
                    "updated_at": None,
                    "dead_after_runs": 2,
                    "links": {DEAD: {k: v for k, v in record("dead", 2).items() if k != "confirmed_dead"}},
                }
            ),
            "missing field 'confirmed_dead'",
        ),
    ],
)
def test_an_unreadable_state_file_exits_3_before_asking_gh(gh_world, content, message):
    if content is not None:
        gh_world.state.write_text(content)
    result = gh_world.run()
    assert result.returncode == 3
    assert result.stderr.startswith(f"{gh_world.state}")
    assert message in result.stderr
    assert gh_world.calls() == []


def test_a_missing_report_exits_3(gh_world):
    gh_world.write_state({DEAD: record("dead", 2)})
    gh_world.report.unlink()
    result = gh_world.run()
    assert result.returncode == 3 and "cannot read the report" in result.stderr
    assert gh_world.calls() == []


def test_help_documents_exit_code_5(gh_world):
    result = gh_world.run("--help")
    assert "5  the GitHub CLI (gh) is missing or failed" in result.stdout


def test_state_written_by_the_link_checker_drives_the_issue(gh_world):
    """The checker's own writer (apply_run + save_state): one dead run, then a second, confirms."""
    from generator.links.model import LinkReason, LinkResult, Verdict
    from generator.links.state.file import save_state
    from generator.links.state.history import LinkState, apply_run

    def week(state, day, verdict):
        result = LinkResult(
            url=DEAD,
            verdict=verdict,
            reason=LinkReason.from_code("test"),
            detail="test",
            http_status=200,
            checked_at=f"2026-11-{day}T06:00:00Z",
        )
        return apply_run(state, [result], now=f"2026-11-{day}T06:00:00Z")

    state = LinkState()
    for day, verdict, expected in [
        ("10", Verdict.DEAD, []),
        ("17", Verdict.DEAD, ["create"]),
        ("24", Verdict.OK, ["create", "close"]),
    ]:
        state = week(state, day, verdict)
        save_state(gh_world.state, state)
        assert gh_world.run().returncode == 0
        assert [c[1] for c in gh_world.commands() if c[0] == "issue" and c[1] != "list"] == expected
