"""Format version 2: runtimes, checks, file sizes, the peak, partial files, version 1 still read
(generator/measure/record.py, load.py, efficiency.py)."""

from __future__ import annotations

import json
import shutil

import pytest

from generator.catalog import load_catalog
from generator.measure import MeasurementInvalid, load_measurements
from generator.measure.efficiency import cell_flops, efficiency
from generator.measure.record import default_measurements, from_document, to_document
from generator.measure.settings import HEADLINE, SHAPE_BY_KEY
from generator.params.formula import formula_flops
from tests.conftest import FIXTURES
from tests.measure.documents import MACHINE_ID, plausible_document, timing, v1_document, with_change, write

FIXTURE_FILE = FIXTURES / "measurements" / "test-cpu-2cores-torch0.0.0.json"


@pytest.fixture
def catalog(catalog_copy):
    return load_catalog(catalog_copy)


def refused(catalog, doc, name=MACHINE_ID) -> list[str]:
    write(catalog.directory / "measurements", doc, name)
    with pytest.raises(MeasurementInvalid) as caught:
        load_measurements(catalog)
    return [str(p) for p in caught.value.problems]


def test_a_version_2_file_round_trips_with_every_runtime(catalog):
    doc = plausible_document(catalog)
    write(catalog.directory / "measurements", doc)
    [found] = load_measurements(catalog)
    assert to_document(from_document(doc)) == doc
    assert list(found.machine.runtimes) == ["torch", "ort-fp32", "ort-int8"]
    base = found.get("uncased_L-12_H-768_A-12")
    assert base.runtimes["ort-int8"].check.passed and base.runtimes["ort-fp32"].check.passed
    assert base.runtime_timing("ort-int8", "1", "b1_s128").median_ms < base.timing("1", "b1_s128").median_ms
    assert base.runtime_timing("ort-int8", "1", "b32_s128") is None  # not timed there
    assert found.machine.peak.of("1") == 100.0 and found.machine.peak.of("all") == 190.0


def test_the_committed_fixture_file_is_valid_for_the_small_catalogue(tmp_path):
    """tests/fixtures/measurements/: a small version 2 file other tests (and the site's) can copy."""
    catalog_dir = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "catalogs" / "small", catalog_dir)
    write(catalog_dir / "measurements", json.loads(FIXTURE_FILE.read_text(encoding="utf-8")))
    [found] = load_measurements(load_catalog(catalog_dir))
    statuses = {m.model_id: {r: res.status for r, res in m.runtimes.items()} for m in found.models}
    assert statuses == {
        "uncased_L-2_H-128_A-2": {"torch": "ok", "ort-fp32": "ok", "ort-int8": "ok"},
        "uncased_L-4_H-256_A-4": {"torch": "ok", "ort-fp32": "ok", "ort-int8": "check_failed"},
    }
    mini = found.get("uncased_L-4_H-256_A-4")
    assert not mini.runtimes["ort-int8"].check.passed and mini.runtime_timing("ort-int8") is None


def test_efficiency_is_the_params_flops_over_the_median_against_the_peak(catalog):
    write(catalog.directory / "measurements", plausible_document(catalog))
    [found] = load_measurements(catalog)
    base = next(m for m in catalog.models if m.id == "uncased_L-12_H-768_A-12")
    cell = efficiency(found, base, "ort-fp32", "all", "b1_s512")
    median = found.get(base.id).runtime_timing("ort-fp32", "all", "b1_s512").median_ms
    assert cell.flops == formula_flops(base, 512) == cell_flops(base, SHAPE_BY_KEY["b1_s512"])
    assert cell.gflops == pytest.approx(cell.flops / median / 1e6)
    assert cell.percent_of_peak == pytest.approx(100 * cell.gflops / 190.0)
    assert cell_flops(base, SHAPE_BY_KEY["b32_s128"]) == 32 * formula_flops(base, 128)
    assert efficiency(found, base, "ort-int8", "1", "b32_s128") is None


INT8_PEAK = {"1": 400.0, "all": 760.0, "method": "onnxruntime MatMulInteger, uint8 x int8, best of 5"}


def test_int8_efficiency_is_against_the_int8_peak_the_file_records(catalog):
    """int8 arithmetic has its own peak: an int8 cell's share is of that, a float32 cell's of the
    float32 one; the optional field round-trips."""
    doc = plausible_document(catalog)
    doc["machine"]["peak_int8_gops"] = dict(INT8_PEAK)
    write(catalog.directory / "measurements", doc)
    [found] = load_measurements(catalog)
    assert to_document(from_document(doc)) == doc
    assert found.machine.peak_int8.of("1") == 400.0 and found.machine.peak_int8.of("all") == 760.0
    base = next(m for m in catalog.models if m.id == "uncased_L-12_H-768_A-12")
    for threads, int8_peak, float_peak in (("1", 400.0, 100.0), ("all", 760.0, 190.0)):
        int8 = efficiency(found, base, "ort-int8", threads, "b1_s128")
        assert int8.percent_of_peak == pytest.approx(100 * int8.gflops / int8_peak)
        for runtime in ("torch", "ort-fp32"):
            cell = efficiency(found, base, runtime, threads, "b1_s128")
            assert cell.percent_of_peak == pytest.approx(100 * cell.gflops / float_peak)


def test_without_an_int8_peak_an_int8_cell_has_no_share_of_peak(catalog):
    """A file measured before the int8 probe (no peak_int8_gops) still reads; its int8 cells keep
    their GFLOP/s but get no percentage: a share of the float32 peak would mean nothing."""
    doc = plausible_document(catalog)
    doc["machine"].pop("peak_int8_gops", None)
    write(catalog.directory / "measurements", doc)
    [found] = load_measurements(catalog)
    assert found.machine.peak_int8 is None and found.machine.peak is not None
    base = next(m for m in catalog.models if m.id == "uncased_L-12_H-768_A-12")
    int8 = efficiency(found, base, "ort-int8")
    assert int8.gflops > 0 and int8.percent_of_peak is None and int8.overhead_bound is None
    assert efficiency(found, base, "ort-fp32").percent_of_peak is not None
    assert "peak_int8_gops" not in to_document(found)["machine"]


def test_a_version_1_file_is_read_as_pytorch_only_without_a_peak(catalog):
    write(catalog.directory / "measurements", v1_document(catalog))
    [found] = load_measurements(catalog)
    assert found.format_version == 1 and list(found.machine.runtimes) == ["torch"]
    assert found.machine.peak is None and not found.machine.partial
    model = found.models[0]
    assert (
        model.timing("1", HEADLINE.key).median_ms
        == v1_document(catalog)["models"][0]["latency"]["1"]["b1_s128"]["median_ms"]
    )
    assert efficiency(found, catalog.models[0]).percent_of_peak is None
    # written again, it is a version 2 document that reads back the same
    again = to_document(found)
    assert again["format_version"] == 2 and "peak_gflops" not in again["machine"]
    assert to_document(from_document(again)) == again


def test_a_version_1_file_meets_version_2_bounds(catalog):
    def huge_label(doc):
        doc["machine"]["cpu"] = "x" * 5000

    problems = refused(catalog, with_change(v1_document(catalog), huge_label))
    assert any("machine.cpu: " in p and "is too long" in p and "format version 1" in p for p in problems), (
        problems
    )


def test_an_unknown_format_version_is_refused_clearly(catalog):
    doc = with_change(plausible_document(catalog), lambda d: d.update(format_version=3))
    [problem] = refused(catalog, doc)
    assert problem.endswith(
        "format_version: 3 is not a version this code reads (1, 2); re-run `python -m generator measure`"
    )


def _statuses(doc, model_index, runtime, **fields):
    def change(d):
        result = d["models"][model_index]["runtimes"][runtime]
        for key, value in fields.items():
            if value is None:
                result.pop(key, None)
            else:
                result[key] = value

    return with_change(doc, change)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"status": "check_failed"}, "models.0.runtimes.ort-int8.status: 'check_failed' but the check passed"),
        (
            {"check": {"cosine_mean": 0.99, "cosine_min": 0.9, "threshold": 0.999}},
            "models.0.runtimes.ort-int8.status: 'ok' but the check failed",
        ),
        (
            {"status": "check_failed", "check": {"cosine_mean": 0.99, "cosine_min": 0.9, "threshold": 0.999}},
            "models.0.runtimes.ort-int8.latency: a check_failed runtime was not timed; remove the latency",
        ),
        (
            {"status": "failed", "latency": None, "check": None},
            "models.0.runtimes.ort-int8.error: say why it failed",
        ),
        (
            {"check": {"max_abs_diff": 1e-6, "tolerance": 1e-4}},
            "models.0.runtimes.ort-int8.check: "
            "a ort-int8 result that was made must give its check (cosine_mean)",
        ),
        (
            {"check": {"cosine_mean": 0.9995, "cosine_min": 0.9999, "threshold": 0.999}},
            "models.0.runtimes.ort-int8.check: cosine_min 0.9999 is above cosine_mean 0.9995",
        ),
        (
            {"file_bytes": None},
            "models.0.runtimes.ort-int8.file_bytes: a ort-int8 file was made; give its size",
        ),
        ({"error": "boom"}, "models.0.runtimes.ort-int8.error: only a failed runtime has an error"),
        ({"latency": {"1": {"b1_s128": timing(1.0)}}}, "models.0.runtimes.ort-int8.latency: has cells"),
    ],
)
def test_a_runtime_whose_status_check_and_cells_disagree_is_refused(catalog, fields, expected):
    problems = refused(catalog, _statuses(plausible_document(catalog), 0, "ort-int8", **fields))
    assert any(expected in p for p in problems), problems


def test_a_failed_and_a_check_failed_runtime_load_and_are_never_timed(catalog):
    doc = _statuses(
        plausible_document(catalog),
        0,
        "ort-fp32",
        status="failed",
        latency=None,
        check=None,
        file_bytes=None,
        error="export: torch.onnx.export raised RuntimeError: no",
    )
    doc = _statuses(
        doc,
        1,
        "ort-int8",
        status="check_failed",
        latency=None,
        check={"cosine_mean": 0.99, "cosine_min": 0.95, "threshold": 0.999},
    )
    write(catalog.directory / "measurements", doc)
    [found] = load_measurements(catalog)
    assert found.models[0].runtimes["ort-fp32"].error.startswith("export: ")
    assert found.models[0].runtime_timing("ort-fp32") is None
    assert found.models[1].runtime_timing("ort-int8") is None


def test_torch_must_be_ok_and_every_model_has_every_runtime(catalog):
    doc = _statuses(plausible_document(catalog), 2, "torch", status="failed", latency=None, error="no")
    assert any("models.2.runtimes.torch: torch is the reference" in p for p in refused(catalog, doc))
    doc = with_change(plausible_document(catalog), lambda d: d["models"][3]["runtimes"].pop("ort-fp32"))
    expected = "models.3.runtimes: has torch, ort-int8 but machine.runtimes lists torch, ort-fp32, ort-int8"
    assert any(expected in p for p in refused(catalog, doc))


def test_the_plausibility_rule_holds_in_every_runtime(catalog):
    def faster_mini(doc):
        by_id = {m["id"]: m for m in doc["models"]}
        by_id["uncased_L-4_H-256_A-4"]["runtimes"]["ort-int8"]["latency"]["1"]["b1_s128"] = timing(0.01)

    problems = refused(catalog, with_change(plausible_document(catalog), faster_mini))
    expected = "ort-int8, b1/s128, 1 thread(s): uncased_L-4_H-256_A-4 (more layers)"
    assert any(p.split(": ", 1)[1].startswith(expected) for p in problems), problems


def test_a_subset_must_say_it_is_partial_and_is_never_the_default(catalog):
    subset = [m.id for m in catalog.models[:3]]
    doc = plausible_document(catalog, model_ids=subset)
    problems = refused(catalog, doc)
    expected = "machine.partial is false but 21 model(s) of the catalogue are not measured"
    assert any(expected in p for p in problems)
    partial = plausible_document(catalog, f"{MACHINE_ID}-partial", model_ids=subset)
    partial["machine"]["date"] = "2026-12-31T00:00:00Z"  # newer than the full run: still not the default
    write(catalog.directory / "measurements", partial)
    write(catalog.directory / "measurements", plausible_document(catalog))
    found = load_measurements(catalog)
    assert sorted(m.machine.partial for m in found) == [False, True]
    assert default_measurements(found).machine.id == MACHINE_ID
    assert default_measurements(tuple(m for m in found if m.machine.partial)) is None


def test_a_partial_file_must_be_named_so(catalog):
    doc = plausible_document(catalog)
    doc["machine"]["partial"] = True
    problems = refused(catalog, doc)
    assert any(
        f"machine.id '{MACHINE_ID}' must end in -partial (policy full, partial true)" in p for p in problems
    ), problems
