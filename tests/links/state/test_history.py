"""The history file: the 2-run rule, recovery, neutral unsure runs, format, atomic writes."""

from __future__ import annotations

import json

import pytest

from generator.links.model import LinkReason, LinkResult, Verdict
from generator.links.state.file import DEFAULT_STATE_PATH, LinkStateInvalid, dumps_state, load_state, save_state
from generator.links.state.history import LinkState, Standing, apply_run

URL = "https://pan.baidu.com/s/1AbC"
OTHER = "https://huggingface.co/google/bert_uncased_L-2_H-128_A-2"

DAY1, DAY2, DAY3, DAY4 = (f"2026-11-0{d}T06:00:00Z" for d in (1, 2, 3, 4))


def result(verdict: str, when: str, url: str = URL) -> LinkResult:
    reasons = {"ok": "baidu_needs_code", "dead": "baidu_share_expired", "unsure": "captcha"}
    return LinkResult(
        url=url,
        verdict=Verdict(verdict),
        reason=LinkReason.from_code(reasons[verdict]),
        detail=f"{verdict} detail",
        http_status=200,
        checked_at=when,
    )


def runs(*verdicts: str, dead_after: int = 2) -> LinkState:
    state = LinkState()
    for verdict, when in zip(verdicts, (DAY1, DAY2, DAY3, DAY4), strict=False):
        state = apply_run(state, [result(verdict, when)], now=when, dead_after_runs=dead_after)
    return state


def test_one_dead_run_is_failing_since_that_date_not_confirmed():
    h = runs("ok", "dead").get(URL)
    assert (h.verdict, h.since, h.consecutive_dead, h.confirmed_dead) == (Verdict.DEAD, DAY2, 1, False)
    assert h.last_ok == DAY1 and h.last_checked == DAY2


def test_two_consecutive_dead_runs_confirm():
    h = runs("ok", "dead", "dead").get(URL)
    assert (h.since, h.consecutive_dead, h.confirmed_dead) == (DAY2, 2, True)


def test_threshold_is_configurable():
    assert not runs("dead", "dead", dead_after=3).get(URL).confirmed_dead
    assert runs("dead", "dead", "dead", dead_after=3).get(URL).confirmed_dead


def test_recovery_resets_the_count():
    h = runs("dead", "dead", "ok").get(URL)
    assert (h.verdict, h.since, h.last_ok, h.consecutive_dead, h.confirmed_dead) == (
        Verdict.OK,
        DAY3,
        DAY3,
        0,
        False,
    )


def test_unsure_neither_confirms_nor_clears():
    h = runs("dead", "unsure").get(URL)
    assert (h.verdict, h.since, h.consecutive_dead, h.confirmed_dead) == (Verdict.UNSURE, DAY2, 1, False)
    assert runs("dead", "unsure", "dead").get(URL).confirmed_dead
    assert runs("dead", "dead", "unsure").get(URL).confirmed_dead


def test_first_ever_check_starts_the_history():
    h = runs("unsure").get(URL)
    assert (h.since, h.last_ok, h.consecutive_dead) == (DAY1, None, 0)


def test_catalogue_runs_drop_urls_that_left_the_catalogue_url_runs_keep_them():
    state = apply_run(LinkState(), [result("ok", DAY1), result("ok", DAY1, OTHER)], now=DAY1)
    assert set(apply_run(state, [result("ok", DAY2)], now=DAY2, keep={URL}).links) == {URL}
    assert set(apply_run(state, [result("ok", DAY2)], now=DAY2, keep=None).links) == {URL, OTHER}


def test_file_follows_the_contract(tmp_path):
    state = apply_run(LinkState(), [result("dead", DAY1), result("ok", DAY1, OTHER)], now=DAY1)
    path = tmp_path / "link-state.json"
    save_state(path, state)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert list(document) == ["format_version", "updated_at", "dead_after_runs", "links"]
    assert (document["format_version"], document["updated_at"], document["dead_after_runs"]) == (1, DAY1, 2)
    assert list(document["links"]) == sorted([URL, OTHER])
    assert document["links"][URL] == {
        "verdict": "dead",
        "reason": "baidu_share_expired",
        "detail": "dead detail",
        "http_status": 200,
        "since": DAY1,
        "last_checked": DAY1,
        "last_ok": None,
        "consecutive_dead": 1,
        "confirmed_dead": False,
        "dead_since": DAY1,
        "dead_reason": "baidu_share_expired",
        "dead_detail": "dead detail",
    }
    assert document["links"][OTHER]["dead_since"] is None and document["links"][OTHER]["dead_reason"] is None
    assert load_state(path) == state
    assert dumps_state(load_state(path)) == path.read_text(encoding="utf-8")


def test_missing_file_is_an_empty_history(tmp_path):
    state = load_state(tmp_path / "nope.json")
    assert (state.updated_at, dict(state.links), state.get(URL)) == (None, {}, None)
    assert DEFAULT_STATE_PATH.name == "link-state.json" and DEFAULT_STATE_PATH.parent.name == "catalog"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{\n  not json", "link-state.json:2: not valid JSON"),
        ('{"format_version": 2, "links": {}}', "format_version is 2"),
        (
            '{"format_version": 1, "dead_after_runs": 2, "updated_at": null, '
            '"links": {"u": {"verdict": "gone"}}}',
            "links['u'].verdict: 'gone' is not ok, dead or unsure",
        ),
        (
            '{"format_version": 1, "dead_after_runs": 2, "updated_at": null, "links": {"u": {"verdict": "ok", '
            '"reason": "x", "detail": "y", "http_status": "200"}}}',
            "links['u'].http_status: expected int or null, found '200'",
        ),
        (
            '{"format_version": 1, "dead_after_runs": 2, "updated_at": null, "links": {"u": {"verdict": "ok", '
            '"reason": "x", "detail": "y", "http_status": 200, "since": "s", "last_checked": "s", '
            '"last_ok": null, "consecutive_dead": 0, "confirmed_dead": false, "dead_since": 5}}}',
            "links['u'].dead_since: expected str or null, found 5",
        ),
    ],
)
def test_malformed_file_names_the_problem(tmp_path, text, message):
    path = tmp_path / "link-state.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LinkStateInvalid) as raised:
        load_state(path)
    assert message in str(raised.value)


def test_write_goes_through_a_temp_file_and_a_rename(tmp_path, monkeypatch):
    path = tmp_path / "link-state.json"
    save_state(path, runs("ok"))
    before = path.read_bytes()
    renames = []

    def killed_before_rename(source, target):
        renames.append((source, target))
        raise KeyboardInterrupt  # the run is killed between writing the temp file and the rename

    monkeypatch.setattr("generator.fsutil.os.replace", killed_before_rename)
    with pytest.raises(KeyboardInterrupt):
        save_state(path, runs("ok", "dead"))
    assert path.read_bytes() == before  # the old history, whole
    ((temp, target),) = renames
    assert target == path and temp != str(path) and str(temp).startswith(str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link-state.json"]  # temp file cleaned up


NOV3, NOV10, NOV17, NOV24 = (f"2026-11-{d}T06:00:00Z" for d in ("03", "10", "17", "24"))


def history_of(*runs: tuple[str, str, str]) -> LinkState:
    """The state after runs of (verdict, reason, date), each a real apply_run."""
    state = LinkState()
    for verdict, reason, when in runs:
        outcome = LinkResult(
            url=URL,
            verdict=Verdict(verdict),
            reason=LinkReason.from_code(reason),
            detail=f"{reason} detail",
            http_status=200,
            checked_at=when,
        )
        state = apply_run(state, [outcome], now=when)
    return state


def test_an_unsure_run_keeps_the_dead_streak_its_start_and_its_reason():
    h = history_of(
        ("dead", "baidu_share_cancelled", NOV3),
        ("dead", "baidu_share_cancelled", NOV10),
        ("unsure", "captcha", NOV17),
    ).get(URL)
    # This run's verdict, as the contract says ...
    assert (h.verdict, h.reason.code, h.since, h.consecutive_dead, h.confirmed_dead) == (
        Verdict.UNSURE,
        "captcha",
        NOV17,
        2,
        True,
    )
    # ... and the dead streak it did not interrupt.
    assert (h.dead_since, h.dead_reason, h.dead_detail) == (
        NOV3,
        LinkReason.from_code("baidu_share_cancelled"),
        "baidu_share_cancelled detail",
    )


def test_dead_unsure_dead_is_one_streak_from_the_first_dead_run():
    h = history_of(("dead", "http_404", NOV3), ("unsure", "timeout", NOV10), ("dead", "http_410", NOV17)).get(
        URL
    )
    assert (h.since, h.dead_since, h.dead_reason, h.consecutive_dead) == (
        NOV17,
        NOV3,
        LinkReason.from_code("http_410"),
        2,
    )


def test_an_ok_run_clears_the_dead_streak():
    h = history_of(("dead", "http_404", NOV3), ("ok", "http_200", NOV10)).get(URL)
    assert (h.dead_since, h.dead_reason, h.dead_detail, h.consecutive_dead) == (None, None, None, 0)
    h = history_of(("dead", "http_404", NOV3), ("ok", "http_200", NOV10), ("dead", "http_410", NOV17)).get(URL)
    assert (h.dead_since, h.dead_reason) == (NOV17, LinkReason.from_code("http_410"))


def test_the_dead_streak_survives_the_file(tmp_path):
    state = history_of(
        ("dead", "gcs_no_such_key", NOV3), ("dead", "gcs_no_such_key", NOV10), ("unsure", "captcha", NOV17)
    )
    path = tmp_path / "link-state.json"
    save_state(path, state)
    assert load_state(path) == state


def test_a_file_written_before_the_dead_fields_still_loads(tmp_path):
    old = {
        "verdict": "dead",
        "reason": "http_404",
        "detail": "gone",
        "http_status": 404,
        "since": NOV10,
        "last_checked": NOV17,
        "last_ok": None,
        "consecutive_dead": 2,
        "confirmed_dead": True,
    }
    throttled = {**old, "verdict": "unsure", "reason": "captcha", "since": NOV17}
    path = tmp_path / "link-state.json"
    path.write_text(
        json.dumps(
            {
                "format_version": 1,
                "updated_at": NOV17,
                "dead_after_runs": 2,
                "links": {URL: old, OTHER: throttled},
            }
        ),
        encoding="utf-8",
    )
    state = load_state(path)
    dead, unsure = state.get(URL), state.get(OTHER)
    assert (dead.dead_since, dead.dead_reason, dead.dead_detail) == (
        NOV10,
        LinkReason.from_code("http_404"),
        "gone",
    )
    assert (unsure.dead_since, unsure.dead_reason) == (None, None)  # overwritten by the unsure run: unknown
    # The next run writes the new fields; a dead run carries the old streak on.
    gone = LinkResult(URL, Verdict.DEAD, LinkReason.from_code("http_404"), "gone", 404, NOV24)
    after = apply_run(state, [gone], now=NOV24)
    assert (after.get(URL).dead_since, after.get(URL).consecutive_dead) == (NOV10, 3)


def test_every_bad_field_is_reported_at_once(tmp_path):
    path = tmp_path / "link-state.json"
    good = {
        "verdict": "ok",
        "reason": "http_200",
        "detail": "d",
        "http_status": 200,
        "since": "s",
        "last_checked": "s",
        "last_ok": "s",
        "consecutive_dead": 0,
        "confirmed_dead": False,
    }
    path.write_text(
        json.dumps(
            {
                "format_version": 1,
                "dead_after_runs": "2",
                "updated_at": None,
                "links": {
                    "a": {**good, "verdict": "gone", "http_status": "200"},
                    "b": good,
                    "c": {key: value for key, value in good.items() if key != "since"},
                },
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(LinkStateInvalid) as raised:
        load_state(path)
    assert list(raised.value.problems) == [
        f"{path}.dead_after_runs: expected int, found '2'",
        f"{path}: links['a'].verdict: 'gone' is not ok, dead or unsure",
        f"{path}: links['a'].http_status: expected int or null, found '200'",
        f"{path}: links['c']: missing field 'since'",
    ]


@pytest.mark.parametrize(
    ("verdicts", "standing", "since", "reason"),
    [
        (["ok"], Standing.OK, "t0", "http_200"),
        (["ok", "dead"], Standing.FAILING, "t1", "http_404"),
        (["dead", "dead"], Standing.DEAD, "t0", "http_404"),
        (["dead", "dead", "unsure"], Standing.DEAD, "t0", "http_404"),  # a captcha does not revive it
        (["dead", "unsure"], Standing.UNSURE, "t1", "timeout"),  # not confirmed: this run's verdict
        (["dead", "dead", "ok"], Standing.OK, "t2", "http_200"),
    ],
)
def test_standing_is_worked_out_from_the_whole_history(verdicts, standing, since, reason):
    reasons = {"ok": "http_200", "dead": "http_404", "unsure": "timeout"}
    state = LinkState()
    for run, verdict in enumerate(verdicts):
        result = LinkResult(
            url="u",
            verdict=Verdict(verdict),
            reason=LinkReason.from_code(reasons[verdict]),
            detail="d",
            http_status=None,
            checked_at=f"t{run}",
        )
        state = apply_run(state, [result], now=f"t{run}", dead_after_runs=2)
    found = state.links["u"].standing
    assert (found.standing, found.since, found.reason and found.reason.code) == (standing, since, reason)
