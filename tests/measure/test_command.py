"""`python -m generator measure` as a user runs it: real transformers models with random
weights, real forward passes, no download (generator/commands/measure.py)."""

from __future__ import annotations

import json
import shutil

import pytest

from generator.catalog import load_catalog
from generator.measure import SHAPES, load_measurements

OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
"""The measure command's environment: the Hub is never asked."""


@pytest.fixture(scope="module")
def quick_run(cli, tmp_path_factory, small_catalog_dir):
    """One --quick run over the two small configs of the fixture catalogue."""
    catalog_dir = tmp_path_factory.mktemp("measure") / "catalog"
    shutil.copytree(small_catalog_dir, catalog_dir)
    return catalog_dir, cli("measure", "--quick", "--catalog", str(catalog_dir), env=OFFLINE, timeout=600)


@pytest.fixture(scope="module")
def small_catalog_dir():
    from tests.conftest import FIXTURES

    return FIXTURES / "catalogs" / "small"


# Slow, for make test only: a real measure run.
@pytest.mark.slow
def test_quick_run_writes_one_valid_file_named_for_the_machine(quick_run):
    catalog_dir, result = quick_run
    assert result.returncode == 0, result.stderr
    [path] = (catalog_dir / "measurements").glob("*.json")
    assert path.name.endswith("-quick.json") and "cores-torch" in path.name
    seconds = json.loads(path.read_text())["machine"]["duration_seconds"]
    assert result.stdout == f"wrote {path} (2 models, {seconds:.0f} s)\n"
    catalog = load_catalog(catalog_dir)
    [measured] = load_measurements(catalog)
    assert [m.model_id for m in measured.models] == [m.id for m in catalog.models]
    machine = measured.machine
    assert machine.policy == "quick" and machine.threads == {"1": 1, "all": machine.cores}
    assert machine.torch and machine.transformers and machine.cpu and machine.attn_implementation
    assert machine.command == "python -m generator measure --quick"
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


# Slow, for make test only: a real measure run.
@pytest.mark.slow
def test_progress_names_each_model_and_latency_cell_on_stderr(quick_run):
    _catalog_dir, result = quick_run
    cores = json.loads(next((quick_run[0] / "measurements").glob("*.json")).read_text())["machine"]["cores"]
    cells = [f"latency: {shape.label}, {count} thread{'s' if count > 1 else ''}"
             for count in (1, cores) for shape in SHAPES]
    units = ["memory: uncased_L-2_H-128_A-2", "memory: uncased_L-4_H-256_A-4", *cells]
    assert result.stderr.splitlines() == [f"[{i:>2}/{len(units)}] {unit}" for i, unit in enumerate(units, 1)]


# Slow, for make test only: two real measure runs.
@pytest.mark.slow
def test_a_subset_is_written_as_partial_and_never_replaces_the_full_file(cli, quick_run):
    catalog_dir, _result = quick_run
    before = {p.name for p in (catalog_dir / "measurements").glob("*.json")}
    result = cli("measure", "--quick", "--catalog", str(catalog_dir), "--models", "uncased_L-2_H-128_A-2",
                 env=OFFLINE, timeout=600)
    assert result.returncode == 0, result.stderr
    after = {p.name for p in (catalog_dir / "measurements").glob("*.json")}
    assert after == before  # quick wins over partial in the name: the same quick file, rewritten
    [measured] = load_measurements(load_catalog(catalog_dir))
    assert [m.model_id for m in measured.models] == ["uncased_L-2_H-128_A-2"]


def test_an_unknown_model_is_refused_before_anything_runs(cli, tmp_path, small_catalog_dir):
    catalog_dir = tmp_path / "catalog"
    shutil.copytree(small_catalog_dir, catalog_dir)
    result = cli("measure", "--quick", "--catalog", str(catalog_dir), "--models", "uncased_L-3_H-128_A-2",
                 env=OFFLINE, timeout=600)
    assert result.returncode == 3
    assert result.stderr.splitlines()[0] == (
        "--models: 'uncased_L-3_H-128_A-2' is not a model of the catalogue")
    assert result.stderr.splitlines()[-1] == "error: measuring failed; nothing was written"
    assert "Traceback" not in result.stderr
    assert not (catalog_dir / "measurements").exists()
