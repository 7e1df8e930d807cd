"""The models take turns (generator/measure/worker.py: time_cell): each round visits every
model, odd rounds in reverse, fast models re-warm before their turn, and the figures cover
every timed run. Plain callables stand in for models here: the scheduling is what is tested;
real models run in test_command.py."""

from __future__ import annotations

from generator.measure.settings import RepeatPolicy
from generator.measure.worker import time_cell


def recording_models(log: list[str], *ids: str) -> dict:
    def model(model_id: str):
        def forward(**_inputs) -> None:
            log.append(model_id)
        return forward
    return {model_id: model(model_id) for model_id in ids}


def test_every_round_visits_every_model_alternating_direction():
    log: list[str] = []
    turns: list[tuple[int, str]] = []
    policy = RepeatPolicy("t", rounds=3, warmup_runs=1, warmup_seconds=0.0, target_seconds=0.0, max_runs=3,
                          rewarm_below_seconds=0.0)
    cells = time_cell(recording_models(log, "a", "b", "c"), {"a": {}, "b": {}, "c": {}}, policy,
                      lambda turn, m: turns.append((turn, m)))
    assert turns == [(0, "a"), (0, "b"), (0, "c"), (1, "c"), (1, "b"), (1, "a"), (2, "a"), (2, "b"), (2, "c")]
    assert log == ["a", "b", "c", "a", "b", "c", "c", "b", "a", "a", "b", "c"]  # warm-ups, then the turns
    for cell in cells.values():
        assert cell["runs"] == 3 and cell["warmup_runs"] == 1
        assert cell["min_ms"] <= cell["q1_ms"] <= cell["median_ms"] <= cell["q3_ms"]


def test_a_fast_model_rewarms_before_each_turn_and_fills_its_time_budget():
    log: list[str] = []
    policy = RepeatPolicy("t", rounds=2, warmup_runs=1, warmup_seconds=0.0, target_seconds=10.0, max_runs=8,
                          rewarm_below_seconds=1.0)
    cells = time_cell(recording_models(log, "fast"), {"fast": {}}, policy, lambda turn, m: None)
    # budget: 10 s over 2 rounds for a microsecond model, capped at max_runs // rounds = 4 per turn
    assert cells["fast"]["runs"] == 8
    assert cells["fast"]["warmup_runs"] == 1 + 2  # the warm-up, and one re-warm per turn
    assert len(log) == 1 + 2 * (1 + 4)
