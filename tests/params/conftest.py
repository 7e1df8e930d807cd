"""Fixtures for the params stage: one cold count of the real catalogue per session, and a
private cache folder for every test, so no test reads or pollutes the repository's cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.catalog import Catalog, load_catalog
from generator.params import CACHE_DIR_ENV, CountRun, gather_counts
from tests.counts_cache import CACHE_FILE, offer_warm_cache, warm_params_cache


@pytest.fixture(autouse=True)
def private_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test's default cache is its own empty folder (subprocesses inherit the variable)."""
    folder = tmp_path / "params-cache"
    monkeypatch.setenv(CACHE_DIR_ENV, str(folder))
    return folder


@pytest.fixture(scope="session")
def real_catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the session's cold run wrote its cache; copy it before changing it."""
    return tmp_path_factory.mktemp("session-cache") / "params.json"


@pytest.fixture(scope="session")
def cold_run(real_catalog: Catalog, session_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> CountRun:
    """Every model of the real catalogue instantiated on the meta device once, filling `session_cache`
    (which the render and site tests then start from: tests/counts_cache.py)."""
    run = gather_counts(real_catalog, cache_path=session_cache)
    assert run.from_cache == () and run.instantiated == tuple(m.id for m in real_catalog.models)
    offer_warm_cache(tmp_path_factory, session_cache)
    return run


@pytest.fixture(scope="session")
def counted_run(real_catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> CountRun:
    """The real catalogue counted from the session's shared cache (tests/counts_cache.py), for
    the tests that check what the counts are, not how they were obtained: under pytest-xdist the
    workers then count the catalogue once between them, not once each."""
    copy = tmp_path_factory.mktemp("counted") / CACHE_FILE
    shutil.copy(warm_params_cache(tmp_path_factory) / CACHE_FILE, copy)
    return gather_counts(real_catalog, cache_path=copy)


@pytest.fixture
def warm_cache_dir(private_cache_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This test's cache folder, holding a copy of the session's warm cache of the real
    catalogue (tests/counts_cache.py: the cold run's when it came first, as in `make test`)."""
    private_cache_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(warm_params_cache(tmp_path_factory) / CACHE_FILE, private_cache_dir / "params.json")
    return private_cache_dir
