"""The params cache (generator/params/cache.py): hits, per-model invalidation, robustness."""

from __future__ import annotations

import json
from pathlib import Path

from generator.catalog import load_catalog
from generator.params import gather_counts
from generator.params.cache import DEFAULT_CACHE_PATH, cache_key, library_versions, resolve_cache_path
from tests.conftest import replace_once


def test_a_warm_cache_serves_every_model_without_instantiating(real_catalog, warm_cache_dir, cold_run):
    run = gather_counts(real_catalog)  # the default path comes from LITTLE_BERTS_CACHE_DIR
    assert run.cache_path == warm_cache_dir / "params.json"
    assert run.instantiated == () and run.from_cache == tuple(m.id for m in real_catalog.models)
    assert run.counts == cold_run.counts


def test_changing_one_models_config_recounts_only_that_model(catalog_copy, warm_cache_dir):
    replace_once(
        catalog_copy / "models.yaml",
        "    heads: 4\n    intermediate: 1024\n",
        "    heads: 4\n    intermediate: 1000\n",
    )
    catalog = load_catalog(catalog_copy)
    assert catalog.models[1].intermediate == 1000  # uncased_L-2_H-256_A-4: no published figure
    run = gather_counts(catalog)
    assert run.instantiated == ("uncased_L-2_H-256_A-4",)
    assert len(run.from_cache) == 23
    changed = run.counts[1]
    # 2 layers x (feed-forward in and out: 2 x 256 x 24 + 24) fewer than 9,591,040
    assert changed.intermediate == 1000
    assert changed.params_backbone == 9_591_040 - 2 * (2 * 256 * 24 + 24)
    again = gather_counts(catalog)
    assert again.instantiated == () and again.counts == run.counts


def test_a_shared_config_value_is_part_of_every_key(catalog_copy, warm_cache_dir, cold_run):
    replace_once(catalog_copy / "models.yaml", "initializer_range: 0.02", "initializer_range: 0.03")
    run = gather_counts(load_catalog(catalog_copy))
    assert len(run.instantiated) == 24  # no count changes, but the config did
    assert [c.params_pretraining for c in run.counts] == [c.params_pretraining for c in cold_run.counts]


def test_the_key_covers_library_versions(real_catalog):
    versions = library_versions()
    assert versions is not None and set(versions) == {"torch", "transformers"}
    tiny = real_catalog.models[0]
    assert cache_key(tiny, versions) != cache_key(tiny, {**versions, "transformers": "0.0.1"})
    assert cache_key(tiny, versions) == cache_key(tiny, dict(versions))


def test_a_cache_from_other_versions_is_ignored_and_replaced(small_catalog, tmp_path):
    path = tmp_path / "params.json"
    gather_counts(load_catalog(small_catalog), cache_path=path)
    document = json.loads(path.read_text())
    document["versions"]["torch"] = "1.0.0"
    path.write_text(json.dumps(document))
    run = gather_counts(load_catalog(small_catalog), cache_path=path)
    assert len(run.instantiated) == 2
    assert json.loads(path.read_text())["versions"] == library_versions()


def test_a_corrupt_cache_file_is_rebuilt(small_catalog, tmp_path):
    path = tmp_path / "params.json"
    path.write_text('{"format_version": 1, "entries": {"trunc')
    run = gather_counts(load_catalog(small_catalog), cache_path=path)
    assert len(run.instantiated) == 2
    assert len(json.loads(path.read_text())["entries"]) == 2
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["params.json"]  # no temp file left behind


def test_an_entry_the_formula_contradicts_is_recounted(small_catalog, tmp_path):
    path = tmp_path / "params.json"
    first = gather_counts(load_catalog(small_catalog), cache_path=path)
    document = json.loads(path.read_text())
    for entry in document["entries"].values():
        if entry["model_id"] == "uncased_L-2_H-128_A-2":
            entry["count"]["params_pooler"] += 1
    path.write_text(json.dumps(document))
    run = gather_counts(load_catalog(small_catalog), cache_path=path)
    assert run.instantiated == ("uncased_L-2_H-128_A-2",)
    assert run.counts == first.counts


def test_no_cache_neither_reads_nor_writes(small_catalog, private_cache_dir):
    run = gather_counts(load_catalog(small_catalog, remember_valid=False), use_cache=False)  # as --no-cache
    assert run.cache_path is None and len(run.instantiated) == 2
    assert not private_cache_dir.exists()


def test_cache_location(monkeypatch, tmp_path: Path):
    monkeypatch.delenv("LITTLE_BERTS_CACHE_DIR")
    assert resolve_cache_path() == DEFAULT_CACHE_PATH
    assert DEFAULT_CACHE_PATH.parent.name == ".cache"  # gitignored at the repository root
    assert resolve_cache_path(tmp_path / "x.json") == tmp_path / "x.json"
    monkeypatch.setenv("LITTLE_BERTS_CACHE_DIR", str(tmp_path))
    assert resolve_cache_path() == tmp_path / "params.json"


def test_a_cache_that_cannot_be_written_is_a_notice_for_the_failure_path(small_catalog, tmp_path):
    """A read-only checkout still gets correct counts; the person learns once, through
    generator/failure.py, why every run recounts (a Python warning would fail the suite)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    run = gather_counts(load_catalog(small_catalog), cache_path=blocker / "params.json")
    assert len(run.counts) == 2 and len(run.instantiated) == 2
    (notice,) = run.notices
    (problem,) = notice.problems
    assert str(problem).startswith(f"could not write the params cache {blocker / 'params.json'}: ")
    assert notice.warning_lines()[-1] == (
        "warning: the params cache was not written; the counts are correct, and the next run counts again"
    )


def test_formula_flops_are_one_notice_naming_every_model(cold_run):
    from dataclasses import replace

    from generator.params.gather import flops_notice

    assert flops_notice(cold_run.counts) is None  # measured: nothing to say
    fallen = tuple(
        replace(c, flops_method="formula") if i in (0, 3) else c for i, c in enumerate(cold_run.counts)
    )
    notice = flops_notice(fallen)
    (problem,) = notice.problems
    first, second = fallen[0].model_id, fallen[3].model_id
    assert problem.startswith(f"2 model(s) use the formula's FLOPs: {first}, {second} ")
    assert notice.warning_lines()[-1] == (
        "warning: FLOPs could not be measured with FlopCounterMode; "
        "those models show the closed-form formula's figure, labelled as such"
    )
