"""The code history and file evidence in the state file: two-run rule, neutral runs, changes."""

from __future__ import annotations

import json

import pytest

from generator.links.model import CodeCheck, CodeVerdict, Evidence, FileFact, LinkReason, LinkResult, Verdict
from generator.links.state.file import LinkStateInvalid, dumps_state, parse_state
from generator.links.state.history import LinkState, apply_run

URL = "https://pan.baidu.com/s/1AbCdEf"
ZIP = "https://storage.googleapis.com/bert_models/2020_02_20/uncased_L-2_H-128_A-2.zip"


def baidu(day: int, verdict: CodeVerdict, code: str = "lnyy", errno: int | None = None) -> LinkResult:
    return LinkResult(
        url=URL,
        verdict=Verdict.OK,
        reason=LinkReason.from_code("baidu_needs_code"),
        detail="asks for the code",
        http_status=200,
        checked_at=f"2026-11-{day:02d}T03:00:00Z",
        code=CodeCheck(verdict, errno, f"{verdict.value} detail", code=code),
    )


def runs(*results: LinkResult) -> list[LinkState]:
    states, state = [], LinkState()
    for result in results:
        state = apply_run(state, [result], now=result.checked_at)
        states.append(state)
    return states


def test_a_code_is_rejected_for_visitors_only_after_two_rejecting_runs_unsure_neutral():
    states = runs(
        baidu(1, CodeVerdict.ACCEPTED, errno=0),
        baidu(2, CodeVerdict.REJECTED, errno=-9),
        baidu(3, CodeVerdict.UNSURE, errno=-62),
        baidu(4, CodeVerdict.REJECTED, errno=-9),
        baidu(5, CodeVerdict.ACCEPTED, errno=0),
    )
    codes = [s.get(URL).code for s in states]
    assert [c.standing for c in codes] == ["verified", "unknown", "unknown", "rejected", "verified"]
    assert [c.consecutive_rejected for c in codes] == [0, 1, 1, 2, 0]
    assert codes[3].rejected_since == "2026-11-02T03:00:00Z" and codes[3].confirmed_rejected
    assert codes[3].last_accepted == "2026-11-01T03:00:00Z"  # kept through the streak
    assert codes[2].verdict is CodeVerdict.UNSURE and codes[2].errno == -62
    assert codes[4].rejected_since is None and codes[4].last_accepted == "2026-11-05T03:00:00Z"


def test_a_run_that_did_not_check_the_code_keeps_the_record_untouched():
    first, second = runs(baidu(1, CodeVerdict.ACCEPTED), baidu(2, CodeVerdict.NOT_CHECKED))
    assert second.get(URL).code == first.get(URL).code


def test_a_new_catalogue_code_starts_a_new_history():
    states = runs(
        baidu(1, CodeVerdict.REJECTED),
        baidu(2, CodeVerdict.REJECTED),
        baidu(3, CodeVerdict.REJECTED, code="abcd"),
    )
    assert states[1].get(URL).code.standing == "rejected"
    fresh = states[2].get(URL).code
    assert (fresh.code, fresh.consecutive_rejected, fresh.standing) == ("abcd", 1, "unknown")


def test_code_and_evidence_survive_the_file_round_trip():
    gcs = LinkResult(
        url=ZIP,
        verdict=Verdict.OK,
        reason=LinkReason.from_code("http_200"),
        detail="",
        http_status=200,
        checked_at="2026-11-01T03:00:00Z",
        evidence=Evidence("gcs", (FileFact("a.zip", size=3, md5="0" * 32, crc32c="00000000"),)),
    )
    changed = LinkResult(
        **{
            **gcs.__dict__,
            "checked_at": "2026-11-02T03:00:00Z",
            "evidence": Evidence("gcs", (FileFact("a.zip", size=4, md5="1" * 32),)),
        }
    )
    state = apply_run(
        apply_run(LinkState(), [gcs, baidu(1, CodeVerdict.REJECTED, errno=-9)], now="a"),
        [changed, baidu(2, CodeVerdict.REJECTED, errno=-9)],
        now="b",
    )
    text = dumps_state(state)
    again = parse_state(json.loads(text), "state.json")
    assert again == state and dumps_state(again) == text
    record = json.loads(text)["links"][ZIP]["evidence"]
    at = "2026-11-02T03:00:00Z"
    assert record["changes"] == [
        {"at": at, "source": "gcs", "file": "a.zip", "field": "size", "before": "3", "after": "4"},
        {"at": at, "source": "gcs", "file": "a.zip", "field": "md5", "before": "0" * 32, "after": "1" * 32},
    ]


def test_a_file_without_the_new_fields_still_loads():
    document = {
        "format_version": 1,
        "updated_at": None,
        "dead_after_runs": 2,
        "links": {
            URL: {
                "verdict": "ok",
                "reason": "baidu_needs_code",
                "detail": "",
                "http_status": 200,
                "since": "x",
                "last_checked": "x",
                "last_ok": "x",
                "consecutive_dead": 0,
                "confirmed_dead": False,
            }
        },
    }
    history = parse_state(document, "state.json").get(URL)
    assert history.code is None and history.evidence is None


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"code": "lnyy"}, "links['https://pan.baidu.com/s/1AbCdEf'].code: expected an object or null"),
        ({"code": {"code": "lnyy", "verdict": "maybe"}}, ".code.verdict: 'maybe' is not accepted, rejected"),
        ({"evidence": {"source": "gcs", "files": [3]}}, ".evidence.files[0]: expected an object"),
        (
            {"evidence": {"source": "gcs", "files": [], "changes": [], "truncated": "no"}},
            ".evidence.truncated: expected bool",
        ),
    ],
)
def test_bad_code_or_evidence_records_are_named(extra, message):
    record = {
        "verdict": "ok",
        "reason": "r",
        "detail": "",
        "http_status": 200,
        "since": "x",
        "last_checked": "x",
        "last_ok": "x",
        "consecutive_dead": 0,
        "confirmed_dead": False,
        **extra,
    }
    with pytest.raises(LinkStateInvalid) as raised:
        parse_state(
            {"format_version": 1, "updated_at": None, "dead_after_runs": 2, "links": {URL: record}},
            "state.json",
        )
    assert message in str(raised.value)
