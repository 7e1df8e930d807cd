"""The config check in the state file: written, read back, kept through undecided runs, and
files written before it existed still read."""

from __future__ import annotations

import json

import pytest

from generator.links.model import ConfigCheck, LinkReason, LinkResult, LoadVerdict, Verdict
from generator.links.state.file import LinkStateInvalid, dumps_state, load_state, save_state
from generator.links.state.history import LinkState, apply_run

URL = "https://huggingface.co/prajjwal1/bert-tiny"
DAY1, DAY2 = "2026-12-01T06:00:00Z", "2026-12-08T06:00:00Z"
MISSING = ConfigCheck(
    LoadVerdict.NO_MODEL_TYPE,
    "ValueError: Unrecognized model in prajjwal1/bert-tiny. Should have a `model_type` key in its config.json.",
    transformers="5.25.0",
)


def ok(when: str, loads: ConfigCheck | None) -> LinkResult:
    return LinkResult(
        url=URL,
        verdict=Verdict.OK,
        reason=LinkReason.from_code("http_200"),
        detail="HTTP 200",
        http_status=200,
        checked_at=when,
        loads=loads,
    )


def test_the_check_and_the_transformers_version_round_trip(tmp_path):
    path = tmp_path / "link-state.json"
    save_state(path, apply_run(LinkState(), [ok(DAY1, MISSING)], now=DAY1))
    saved = json.loads(path.read_text(encoding="utf-8"))["links"][URL]["loads"]
    assert saved == {
        "verdict": "no_model_type",
        "detail": MISSING.detail,
        "transformers": "5.25.0",
        "config_class": None,
        "last_checked": DAY1,
    }
    loaded = load_state(path).get(URL).loads
    assert (loaded.check, loaded.last_checked) == (MISSING, DAY1)
    assert dumps_state(load_state(path)) == path.read_text(encoding="utf-8")


def test_an_undecided_run_keeps_the_last_decided_check_and_a_decided_one_replaces_it():
    state = apply_run(LinkState(), [ok(DAY1, MISSING)], now=DAY1)
    unsure = ConfigCheck(LoadVerdict.UNSURE, "config.json not judged: HTTP 503")
    kept = apply_run(state, [ok(DAY2, unsure)], now=DAY2).get(URL).loads
    assert (kept.check, kept.last_checked) == (MISSING, DAY1)
    assert apply_run(state, [ok(DAY2, None)], now=DAY2).get(URL).loads.check == MISSING
    fixed = ConfigCheck(LoadVerdict.LOADS, "AutoConfig builds BertConfig", "5.26.0", "BertConfig")
    now = apply_run(state, [ok(DAY2, fixed)], now=DAY2).get(URL).loads
    assert (now.check, now.last_checked) == (fixed, DAY2)
    first = apply_run(LinkState(), [ok(DAY1, unsure)], now=DAY1).get(URL).loads
    assert first.check == unsure  # nothing decided yet: the page can say why it is unchecked


def test_a_file_written_before_the_check_existed_still_reads(tmp_path):
    path = tmp_path / "link-state.json"
    save_state(path, apply_run(LinkState(), [ok(DAY1, None)], now=DAY1))
    document = json.loads(path.read_text(encoding="utf-8"))
    assert "loads" not in document["links"][URL] and document["format_version"] == 1
    assert load_state(path).get(URL).loads is None


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("verdict", "works-great", "'works-great' is not one of"),
        ("transformers", 5, "expected str or null"),
        ("last_checked", None, "expected str"),
    ],
)
def test_a_hand_edited_check_is_named(tmp_path, field, value, words):
    path = tmp_path / "link-state.json"
    save_state(path, apply_run(LinkState(), [ok(DAY1, MISSING)], now=DAY1))
    document = json.loads(path.read_text(encoding="utf-8"))
    document["links"][URL]["loads"][field] = value
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(LinkStateInvalid) as refused:
        load_state(path)
    assert any(f"loads.{field}" in p and words in p for p in refused.value.problems), refused.value.problems
