"""`python -m generator measure` as a user runs it: real transformers models with random
weights, real forward passes, no download (generator/commands/measure.py)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess

import pytest

from generator.catalog import load_catalog
from generator.measure import SHAPES, load_measurements
from generator.measure.peaks import int8_peak_method, peak_method
from generator.measure.settings import ORT_SHAPES, QUICK
from tests.measure.processes import OFFLINE, Watched, descendants, parent_of, working_in
from tests.waiting import wait_until

TINY, MINI = "uncased_L-2_H-128_A-2", "uncased_L-4_H-256_A-4"


@pytest.fixture(scope="module")
def small_catalog_dir():
    from tests.conftest import FIXTURES

    return FIXTURES / "catalogs" / "small"


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory, small_catalog_dir):
    """One --quick run over the two small configs of the fixture catalogue, in every runtime,
    in which BERT-Tiny's preparing child (export, optimisation, quantization, checks) is killed
    with SIGKILL, as the kernel's OOM killer would: Tiny's ONNX Runtime results must say so,
    and BERT-Mini must be measured all the same."""
    catalog_dir = tmp_path_factory.mktemp("measure") / "catalog"
    shutil.copytree(small_catalog_dir, catalog_dir)
    with Watched("--quick", "--catalog", str(catalog_dir)) as watched:
        wait_until(
            lambda: watched.saw(f"files and checks: {TINY}") or watched.process.poll() is not None,
            timeout=600,
            what="Tiny's preparing child to start",
        )
        pid = watched.process.pid
        # Tiny's preparing child: below the fork server, working in a folder named for the model
        preparing = wait_until(
            lambda: [c for c in descendants(pid) if parent_of(c) != pid and working_in(c, TINY)],
            timeout=120,
            what="Tiny's preparing child",
        )
        assert preparing is not None
        for child in preparing:
            os.kill(child, signal.SIGKILL)
        code = watched.finish()
    return catalog_dir, subprocess.CompletedProcess(
        watched.process.args, code, watched.stdout, watched.stderr()
    )


# Slow, for make test only: a real measure run (three runtimes, ONNX export).
@pytest.mark.slow
def test_quick_run_writes_one_valid_file_named_for_the_machine(quick_run):
    catalog_dir, result = quick_run
    assert result.returncode == 0, result.stderr
    [path] = (catalog_dir / "measurements").glob("*.json")
    assert path.name.endswith("-quick.json") and "cores-torch" in path.name
    seconds = json.loads(path.read_text())["machine"]["duration_seconds"]
    assert result.stdout == f"wrote {path} (2 models, {seconds:.0f} s)\n"
    assert "Traceback" not in result.stderr and "Writing model shards" not in result.stderr
    catalog = load_catalog(catalog_dir)
    [measured] = load_measurements(catalog)
    assert [m.model_id for m in measured.models] == [m.id for m in catalog.models]
    machine = measured.machine
    assert machine.policy == "quick" and machine.threads == {"1": 1, "all": machine.cores}
    assert machine.torch and machine.transformers and machine.cpu and machine.attn_implementation
    assert machine.command == "python -m generator measure --quick"
    assert list(machine.runtimes) == ["torch", "ort-fp32", "ort-int8"] and not machine.partial
    assert machine.runtimes["ort-int8"].versions["onnxruntime"] and "QInt8" in " ".join(
        machine.runtimes["ort-int8"].steps
    )
    assert machine.peak is not None and machine.peak.one > 0 and machine.peak.all > 0
    # int8 arithmetic has its own peak, measured in the same run because ort-int8 was
    assert machine.peak_int8 is not None and machine.peak_int8.one > 0 and machine.peak_int8.all > 0
    assert machine.peak_for("ort-int8") is machine.peak_int8
    # a quick run times each peak product once, and its file says so
    assert machine.peak_int8.method == int8_peak_method(QUICK.peak_repeats)
    assert (
        machine.peak.method == peak_method(QUICK.peak_repeats)
        and "1 run after one warm-up" in machine.peak.method
    )
    for model, config in zip(measured.models, catalog.models, strict=True):
        for threads in ("1", "all"):
            for shape in SHAPES:
                cell = model.timing(threads, shape.key)
                assert cell.runs == 3 and cell.min_ms <= cell.q1_ms <= cell.median_ms <= cell.q3_ms
        # float32 weights: 4 bytes per parameter and buffer, so never fewer than the embeddings
        assert model.weights_bytes >= 4 * config.shared.vocab_size * config.hidden
        assert model.weights_rss_bytes > 0 and model.runtime_rss_bytes > model.weights_bytes
        # a batch of 32 needs more activation memory than one sequence of the same length
        assert model.forward_peak_bytes["b32_s128"] > model.forward_peak_bytes["b1_s128"]


# Slow, for make test only: a real measure run (three runtimes, ONNX export).
@pytest.mark.slow
def test_every_runtime_of_the_model_whose_child_lived_is_checked_then_timed(quick_run):
    catalog_dir, _result = quick_run
    [measured] = load_measurements(load_catalog(catalog_dir))
    mini = measured.get(MINI)
    fp32, int8, torch = mini.runtimes["ort-fp32"], mini.runtimes["ort-int8"], mini.runtimes["torch"]
    assert (torch.status, fp32.status, int8.status) == ("ok", "ok", "ok")
    assert fp32.check.max_abs_diff <= fp32.check.tolerance == 1e-4
    assert int8.check.cosine_min <= int8.check.cosine_mean and int8.check.cosine_mean >= 0.999
    # the safetensors file holds the float32 weights (not the index buffers weights_bytes also
    # counts); the optimised graph about as much; int8 a quarter of it and a little more (scales,
    # the float32 LayerNorm and bias vectors)
    assert 0.99 < torch.file_bytes / mini.weights_bytes < 1.01
    assert 0.9 < fp32.file_bytes / torch.file_bytes < 1.1
    assert 0.2 < int8.file_bytes / fp32.file_bytes < 0.35
    for runtime in ("ort-fp32", "ort-int8"):
        assert set(mini.runtimes[runtime].latency) == {"1", "all"}
        for threads in ("1", "all"):
            assert tuple(mini.runtimes[runtime].latency[threads]) == ORT_SHAPES
            assert all(cell.runs == 3 for cell in mini.runtimes[runtime].latency[threads].values())


# Slow, for make test only: a real measure run (three runtimes, ONNX export).
@pytest.mark.slow
def test_a_killed_preparing_child_fails_only_that_models_onnx_runtimes(quick_run):
    """Its PyTorch figures stand; its ONNX Runtime results say what happened, untimed."""
    catalog_dir, result = quick_run
    assert result.returncode == 0, result.stderr
    [measured] = load_measurements(load_catalog(catalog_dir))
    tiny = measured.get(TINY)
    assert tiny.runtimes["torch"].ok and tiny.timing("1", "b1_s128").runs == 3
    for runtime in ("ort-fp32", "ort-int8"):
        failed = tiny.runtimes[runtime]
        assert failed.status == "failed" and failed.latency is None and failed.check is None
        assert failed.error == (
            f"{TINY}: preparing ort-fp32, ort-int8: the measuring process ended (exit "
            "code -9) before reporting a result"
        )


# Slow, for make test only: a real measure run (three runtimes, ONNX export).
@pytest.mark.slow
def test_progress_names_each_model_and_latency_cell_on_stderr(quick_run):
    _catalog_dir, result = quick_run
    cores = json.loads(next((quick_run[0] / "measurements").glob("*.json")).read_text())["machine"]["cores"]
    cells = [
        f"latency: {shape.label}, {count} thread{'s' if count > 1 else ''}"
        for count in (1, cores)
        for shape in SHAPES
    ]
    units = [
        f"memory: {TINY}",
        f"memory: {MINI}",
        f"files and checks: {TINY}",
        f"files and checks: {MINI}",
        *cells,
    ]
    numbers, named = zip(*(line.split("] ", 1) for line in result.stderr.splitlines()), strict=True)
    assert list(numbers) == [f"[{i:>2}/{len(units)}" for i in range(1, len(units) + 1)]

    # two models' memory and files are measured and made at once: their lines may come in either order
    def in_order(pair):
        return sorted(pair, key=lambda unit: unit.endswith(MINI))

    assert [*in_order(named[:2]), *in_order(named[2:4]), *named[4:]] == units


# Slow, for make test only: two real measure runs. The second measures PyTorch alone, the
# quickest subset (torch is in every run: tests/measure/test_settings.py); what a subset's
# runtimes hold is the first run's to show.
@pytest.mark.slow
def test_a_subset_is_written_as_partial_and_never_replaces_the_full_file(cli, quick_run):
    catalog_dir, _result = quick_run
    before = {p.name for p in (catalog_dir / "measurements").glob("*.json")}
    result = cli(
        "measure",
        "--quick",
        "--catalog",
        str(catalog_dir),
        "--models",
        TINY,
        "--runtimes",
        "torch",
        env=OFFLINE,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    after = {p.name for p in (catalog_dir / "measurements").glob("*.json")}
    assert after == before  # quick wins over partial in the name: the same quick file, rewritten
    [measured] = load_measurements(load_catalog(catalog_dir))
    assert [m.model_id for m in measured.models] == [TINY] and measured.machine.partial
    assert list(measured.machine.runtimes) == ["torch"] and measured.machine.peak_int8 is None
    expected = f"python -m generator measure --quick --models {TINY} --runtimes torch"
    assert measured.machine.command == expected


def test_an_unknown_model_is_refused_before_anything_runs(cli, tmp_path, small_catalog_dir):
    catalog_dir = tmp_path / "catalog"
    shutil.copytree(small_catalog_dir, catalog_dir)
    result = cli(
        "measure",
        "--quick",
        "--catalog",
        str(catalog_dir),
        "--models",
        "uncased_L-3_H-128_A-2",
        env=OFFLINE,
        timeout=600,
    )
    assert result.returncode == 3
    assert result.stderr.splitlines()[0] == (
        "--models: 'uncased_L-3_H-128_A-2' is not a model of the catalogue"
    )
    assert result.stderr.splitlines()[-1] == "error: measuring failed; nothing was written"
    assert "Traceback" not in result.stderr
    assert not (catalog_dir / "measurements").exists()
