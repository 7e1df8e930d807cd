"""The session's parameter counts of the real catalogue, counted once and shared.

tests/params counts the real catalogue cold (that is what it tests) and offers the cache it wrote;
tests/render and tests/site start from that file instead of instantiating all 24 models again.
Run alone, tests/render counts them itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CACHE_FILE = "params.json"


def shared_cache_folder(factory: pytest.TempPathFactory) -> Path:
    """The session's params cache folder, in the session's base temporary folder."""
    return factory.getbasetemp() / "params-cache"


def offer_warm_cache(factory: pytest.TempPathFactory, cache_file: Path) -> None:
    """Make a cold run's cache the session's shared one, unless there is one already."""
    folder = shared_cache_folder(factory)
    if not (folder / CACHE_FILE).exists():
        folder.mkdir(exist_ok=True)
        shutil.copy(cache_file, folder / CACHE_FILE)
