"""Measurement files: the schema, the checks and the plausibility rule (generator/measure/load.py)."""

from __future__ import annotations

import json

import pytest

from generator.catalog import load_catalog
from generator.measure import MeasurementInvalid, load_measurements
from generator.measure.load import SCHEMA_PATH
from generator.measure.record import from_document, to_document
from tests.measure.documents import MACHINE_ID, plausible_document, timing, with_change, write


@pytest.fixture
def catalog(catalog_copy):
    return load_catalog(catalog_copy)


def test_the_schema_is_valid_json_schema():
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def test_a_plausible_file_loads_and_round_trips(catalog):
    doc = plausible_document(catalog)
    write(catalog.directory / "measurements", doc)
    [found] = load_measurements(catalog)
    assert found.machine.id == MACHINE_ID and len(found.models) == len(catalog.models)
    assert to_document(from_document(doc)) == doc
    base = found.get("uncased_L-12_H-768_A-12")
    assert base.memory_bytes == base.weights_rss_bytes + base.forward_peak_bytes["b1_s128"]


def test_no_measurements_folder_means_no_measurements(catalog):
    assert load_measurements(catalog) == ()


def _set(path, value):
    def change(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            _set(("models", 0, "runtimes", "torch", "latency", "1", "b1_s128", "median_ms"), -1),
            "models.0.runtimes.torch.latency.1.b1_s128.median_ms: -1 is less than the minimum of 0.0001",
        ),
        (_set(("machine", "policy"), "fast"), "machine.policy: 'fast' is not one of ['full', 'quick']"),
        (
            _set(("models", 1, "runtimes", "ort-int8", "latency", "all", "b1_s32", "runs"), 1),
            "models.1.runtimes.ort-int8.latency.all.b1_s32.runs: 1 is less than",
        ),
        (
            _set(("models", 0, "id"), "uncased_L-3_H-128_A-2"),
            "models.0.id: 'uncased_L-3_H-128_A-2' is not a model",
        ),
        (
            _set(("models", 0, "runtimes", "torch", "latency", "1", "b1_s32"), {**timing(1.0), "q1_ms": 1.5}),
            "models.0.runtimes.torch.latency.1.b1_s32: "
            "min 0.96 <= q1 1.5 <= median 1.0 <= q3 1.02 does not hold",
        ),
        (_set(("machine", "id"), "another-machine"), "machine.id is 'another-machine' but the file is named"),
    ],
)
def test_a_broken_file_is_refused_naming_the_field(catalog, change, expected):
    write(catalog.directory / "measurements", with_change(plausible_document(catalog), change), MACHINE_ID)
    with pytest.raises(MeasurementInvalid) as refused:
        load_measurements(catalog)
    assert any(expected in problem for problem in refused.value.problems), refused.value.problems
    assert all(problem.split(": ")[0].endswith(f"{MACHINE_ID}.json") for problem in refused.value.problems)


def test_not_json_is_refused_with_its_line(catalog):
    folder = catalog.directory / "measurements"
    folder.mkdir()
    (folder / "x.json").write_text('{\n "format": \n}', encoding="utf-8")
    with pytest.raises(MeasurementInvalid) as refused:
        load_measurements(catalog)
    assert "x.json:3: not valid JSON" in refused.value.problems[0]


def contradict(doc):
    """BERT-Mini (4 layers, 256) faster at b1/s128 with 1 thread than L-2_H-256 beyond both spreads."""
    by_id = {m["id"]: m for m in doc["models"]}
    by_id["uncased_L-4_H-256_A-4"]["runtimes"]["torch"]["latency"]["1"]["b1_s128"] = timing(0.5)
    by_id["uncased_L-2_H-256_A-4"]["runtimes"]["torch"]["latency"]["1"]["b1_s128"] = timing(2.0)


def test_a_contradictory_file_is_refused_with_exit_3_naming_models_and_figures(cli, catalog):
    path = write(catalog.directory / "measurements", with_change(plausible_document(catalog), contradict))
    before = path.read_bytes()
    result = cli("validate", "--catalog", str(catalog.directory))
    assert result.returncode == 3, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"{path}: b1/s128, 1 thread(s): uncased_L-4_H-256_A-4 (more layers) takes 0.500 ms "
        "(IQR 0.490-0.510) but uncased_L-2_H-256_A-4 takes 2.000 ms (IQR 1.960-2.040): a bigger model "
        "cannot be faster beyond the spread"
    )
    assert lines[-1] == "error: measurement file(s) refused; nothing was written"
    # Mini is also "faster" than L-4_H-128 (same layers, narrower): every pair is named
    assert len(lines) == 3 and "(more hidden size) takes 0.500 ms" in lines[1]
    assert "but uncased_L-4_H-128_A-2 takes" in lines[1]
    assert path.read_bytes() == before


def test_within_the_spread_a_bigger_model_may_look_faster(cli, catalog):
    def overlap(doc):
        by_id = {m["id"]: m for m in doc["models"]}
        mini = by_id["uncased_L-4_H-256_A-4"]["runtimes"]["torch"]["latency"]["1"]["b1_s128"]["median_ms"]
        by_id["uncased_L-2_H-256_A-4"]["runtimes"]["torch"]["latency"]["1"]["b1_s128"] = timing(
            mini * 1.03, spread=0.05
        )

    write(catalog.directory / "measurements", with_change(plausible_document(catalog), overlap))
    assert cli("validate", "--catalog", str(catalog.directory)).returncode == 0


def test_a_wider_model_faster_than_a_narrower_one_is_refused_too(catalog):
    def wider(doc):
        by_id = {m["id"]: m for m in doc["models"]}
        by_id["uncased_L-2_H-512_A-8"]["runtimes"]["torch"]["latency"]["all"]["b32_s128"] = timing(1.0)

    write(catalog.directory / "measurements", with_change(plausible_document(catalog), wider))
    with pytest.raises(MeasurementInvalid) as refused:
        load_measurements(catalog)
    assert any(
        "b32/s128, all thread(s): uncased_L-2_H-512_A-8 (more hidden size)" in p for p in refused.value.problems
    )


def test_a_quick_file_is_not_held_to_the_plausibility_rule(catalog):
    doc = with_change(plausible_document(catalog, "quick-cpu-quick"), contradict)
    doc["machine"]["policy"] = "quick"
    write(catalog.directory / "measurements", doc)
    assert len(load_measurements(catalog)) == 1
