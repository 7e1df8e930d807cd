"""Shared fixtures: copies of the real catalogue to break, and small example catalogues."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tests.running import ROOT, Cli, run_generator

REAL_CATALOG = ROOT / "catalog"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Python's ssl before 3.11.8 raises without closing the SSLSocket it has just made when the
# peer resets the connection before the TLS handshake (CPython issue gh-113280, fixed for 3.11
# by python/cpython#114996). The link checker's deadline reaches that path when it shuts a
# socket down between connect and handshake (tests/links/checking/test_deadline.py, on a
# loaded machine); the socket's ResourceWarning then comes at some later garbage collection
# and, as an error, failed whichever test was running. Only that warning, only there.
KNOWN_WARNINGS = ["ignore:unclosed <ssl.SSLSocket:ResourceWarning"] if sys.version_info < (3, 11, 8) else []


def pytest_configure(config: pytest.Config) -> None:
    for line in KNOWN_WARNINGS:
        config.addinivalue_line("filterwarnings", line)


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """`--dist loadfile` (make test, make test-fast) keeps each group of files on one worker."""
    if config.getvalue("dist") != "loadfile":
        return None
    from tests.scheduling import FilesInGroups

    return FilesInGroups(config, log)


# A frozen copy of a full catalogue: behaviour tests edit it and pin its lines and indices,
# so a maintainer's edit of catalog/ never breaks them. Tests of catalog/ itself assert
# invariants (tests/catalog/test_real_catalogue.py).
FULL_CATALOG = FIXTURES / "catalogs" / "full"


@pytest.fixture(scope="session")
def cli() -> Cli:
    """Run `python -m generator ARGS` as a user does (tests/running.py): cli("validate", "--catalog", path)."""
    return run_generator


@pytest.fixture
def catalog_copy(tmp_path: Path) -> Path:
    """A writable copy of the full fixture catalogue's YAML files."""
    target = tmp_path / "catalog"
    target.mkdir()
    for file in FULL_CATALOG.glob("*.yaml"):
        shutil.copy(file, target / file.name)
    return target


@pytest.fixture
def small_catalog() -> Path:
    """Two models, every section present: fast input for other stages' tests."""
    return FIXTURES / "catalogs" / "small"


def replace_once(path: Path, old: str, new: str) -> int:
    """Replace the first `old` with `new` in `path`; return the 1-based line it starts on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return text[:at].count("\n") + 1


SITE_TESTS = Path(__file__).parent / "site"
FAST_SITE_MODULES = {"test_search_index.py", "test_plugin_options.py"}
"""Modules under tests/site/ that need no MkDocs build, server or browser."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the slow tests, so `pytest -m "not slow"` (make test-fast) runs the rest alone:
    everything under tests/site/ (a real MkDocs build, `mkdocs serve`, Chromium) but the few
    pure modules there, and anything marked `browser` wherever it lives."""
    for item in items:
        path = Path(item.path)
        in_site = path.is_relative_to(SITE_TESTS) and path.name not in FAST_SITE_MODULES
        if in_site or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
