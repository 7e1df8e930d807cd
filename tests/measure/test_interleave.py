"""The models take turns (generator/measure/worker.py: time_cell): each round visits every
model, odd rounds in reverse, fast models re-warm before their turn, and the figures cover
every timed run. Plain callables stand in for models here: the scheduling is what is tested;
real models run in test_command.py and below."""

from __future__ import annotations

import io

import pytest

from generator.measure.errors import MeasureFailed
from generator.measure.run import Progress, _child, _context
from generator.measure.settings import QUICK, RepeatPolicy
from generator.measure.worker import latency_main, time_cell


def recording_models(log: list[str], *ids: str) -> dict:
    def model(model_id: str):
        def forward(**_inputs) -> None:
            log.append(model_id)

        return forward

    return {model_id: model(model_id) for model_id in ids}


def test_every_round_visits_every_model_alternating_direction():
    log: list[str] = []
    turns: list[tuple[int, str]] = []
    policy = RepeatPolicy(
        "t",
        rounds=3,
        warmup_runs=1,
        warmup_seconds=0.0,
        target_seconds=0.0,
        max_runs=3,
        rewarm_below_seconds=0.0,
        peak_repeats=1,
    )
    cells = time_cell(
        recording_models(log, "a", "b", "c"),
        {"a": {}, "b": {}, "c": {}},
        policy,
        lambda turn, m: turns.append((turn, m)),
    )
    assert turns == [
        (-1, "a"),
        (-1, "b"),
        (-1, "c"),  # the warm-ups
        (0, "a"),
        (0, "b"),
        (0, "c"),
        (1, "c"),
        (1, "b"),
        (1, "a"),
        (2, "a"),
        (2, "b"),
        (2, "c"),
    ]
    assert log == ["a", "b", "c", "a", "b", "c", "c", "b", "a", "a", "b", "c"]  # warm-ups, then the turns
    for cell in cells.values():
        assert cell["runs"] == 3 and cell["warmup_runs"] == 1
        assert cell["min_ms"] <= cell["q1_ms"] <= cell["median_ms"] <= cell["q3_ms"]


def test_a_fast_model_rewarms_before_each_turn_and_fills_its_time_budget():
    log: list[str] = []
    policy = RepeatPolicy(
        "t",
        rounds=2,
        warmup_runs=1,
        warmup_seconds=0.0,
        target_seconds=10.0,
        max_runs=8,
        rewarm_below_seconds=1.0,
        peak_repeats=1,
    )
    cells = time_cell(recording_models(log, "fast"), {"fast": {}}, policy, lambda turn, m: None)
    # budget: 10 s over 2 rounds for a microsecond model, capped at max_runs // rounds = 4 per turn
    assert cells["fast"]["runs"] == 8
    assert cells["fast"]["warmup_runs"] == 1 + 2  # the warm-up, and one re-warm per turn
    assert len(log) == 1 + 2 * (1 + 4)


# Slow, for make test only: starts a fork server that imports torch.
@pytest.mark.slow
def test_a_model_that_cannot_be_built_is_named_in_the_failure():
    """The latency child builds every model in one process: its failure must say which one."""
    good = {
        "vocab_size": 1000,
        "hidden_size": 64,
        "num_hidden_layers": 1,
        "num_attention_heads": 2,
        "intermediate_size": 128,
    }
    bad = {**good, "hidden_size": 65}  # not a multiple of the heads: transformers refuses it
    with pytest.raises(MeasureFailed) as failed:
        cells = {"torch": {"1": ("b1_s32",)}}
        _child(
            _context(),
            latency_main,
            ({"ok": good, "odd": bad}, {"1": 1}, QUICK, cells, {}),
            "latency",
            Progress(1, io.StringIO()),
            600,
        )
    [problem] = failed.value.problems
    assert problem.startswith("latency: cannot measure it: building odd: ValueError: "), problem


@pytest.mark.parametrize("rounds, max_runs", [(1, 10), (3, 2)])
def test_a_policy_that_cannot_give_quartiles_or_keep_its_cap_is_refused(rounds, max_runs):
    with pytest.raises(ValueError, match="rounds must be >= 2 and max_runs >= rounds"):
        RepeatPolicy(
            "t",
            rounds=rounds,
            warmup_runs=1,
            warmup_seconds=0.0,
            target_seconds=0.0,
            max_runs=max_runs,
            rewarm_below_seconds=0.0,
            peak_repeats=1,
        )
