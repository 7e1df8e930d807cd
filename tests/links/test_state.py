"""The history file: the 2-run rule, recovery, neutral unsure runs, format, atomic writes."""

from __future__ import annotations

import json

import pytest

from generator.links.model import LinkResult, Verdict
from generator.links.state import (
    DEFAULT_STATE_PATH,
    LinkState,
    LinkStateInvalid,
    apply_run,
    dumps_state,
    load_state,
    save_state,
)

URL = "https://pan.baidu.com/s/1AbC"
OTHER = "https://huggingface.co/google/bert_uncased_L-2_H-128_A-2"

DAY1, DAY2, DAY3, DAY4 = (f"2026-11-0{d}T06:00:00Z" for d in (1, 2, 3, 4))


def result(verdict: str, when: str, url: str = URL) -> LinkResult:
    reasons = {"ok": "baidu_needs_code", "dead": "baidu_share_expired", "unsure": "captcha"}
    return LinkResult(url=url, verdict=Verdict(verdict), reason=reasons[verdict], detail=f"{verdict} detail",
                      http_status=200, checked_at=when)


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
        Verdict.OK, DAY3, DAY3, 0, False)


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
        "verdict": "dead", "reason": "baidu_share_expired", "detail": "dead detail", "http_status": 200,
        "since": DAY1, "last_checked": DAY1, "last_ok": None, "consecutive_dead": 1, "confirmed_dead": False}
    assert load_state(path) == state
    assert dumps_state(load_state(path)) == path.read_text(encoding="utf-8")


def test_missing_file_is_an_empty_history(tmp_path):
    state = load_state(tmp_path / "nope.json")
    assert (state.updated_at, dict(state.links), state.get(URL)) == (None, {}, None)
    assert DEFAULT_STATE_PATH.name == "link-state.json" and DEFAULT_STATE_PATH.parent.name == "catalog"


@pytest.mark.parametrize(("text", "message"), [
    ("{\n  not json", "link-state.json:2: not valid JSON"),
    ('{"format_version": 2, "links": {}}', "format_version is 2"),
    ('{"format_version": 1, "dead_after_runs": 2, "updated_at": null, "links": {"u": {"verdict": "gone"}}}',
     "links['u'].verdict: 'gone' is not ok, dead or unsure"),
    ('{"format_version": 1, "dead_after_runs": 2, "updated_at": null, "links": {"u": {"verdict": "ok", '
     '"reason": "x", "detail": "y", "http_status": "200"}}}',
     "links['u'].http_status: expected int or null, found '200'"),
])
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
    (temp, target), = renames
    assert target == path and temp != str(path) and str(temp).startswith(str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link-state.json"]  # temp file cleaned up
