"""The session's parameter counts of the real catalogue, counted once and shared.

tests/params counts the real catalogue cold (that is what it tests) and offers the cache it wrote;
tests/render and tests/site start from that file instead of instantiating all 24 models again.
Run alone, tests/render counts them itself. Under pytest-xdist (`make test-fast`) the workers
share one cache folder and count the catalogue once between them, one at a time (`cache_lock`).
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.catalog import load_catalog
from generator.params import gather_counts

CACHE_FILE = "params.json"


def shared_cache_folder(factory: pytest.TempPathFactory) -> Path:
    """The session's params cache folder, in the session's base temporary folder; under
    pytest-xdist, in the folder that holds every worker's (pytest-xdist's own advice for data
    that workers share)."""
    base = factory.getbasetemp()
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "params-cache"


@contextmanager
def cache_lock(folder: Path) -> Iterator[None]:
    """Held while a worker looks for the cache and, finding none, writes it."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def offer_warm_cache(factory: pytest.TempPathFactory, cache_file: Path) -> None:
    """Make a cold run's cache the session's shared one, unless there is one already."""
    folder = shared_cache_folder(factory)
    with cache_lock(folder):
        if not (folder / CACHE_FILE).exists():
            shutil.copy(cache_file, folder / f"{CACHE_FILE}.part")
            os.replace(folder / f"{CACHE_FILE}.part", folder / CACHE_FILE)


def warm_params_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's params cache folder, holding the counts of the real catalogue.

    Shared by tests/params, tests/render and tests/site through the session's base temporary
    folder (tests/counts_cache.py): the first to count the real catalogue instantiates every model,
    later ones find the file.
    """
    folder = shared_cache_folder(tmp_path_factory)
    with cache_lock(folder):
        if not (folder / CACHE_FILE).exists():
            catalog = load_catalog()
            run = gather_counts(catalog, cache_path=folder / CACHE_FILE)
            assert len(run.instantiated) == len(catalog.models) and (folder / CACHE_FILE).exists()
    return folder
