"""Where the repository keeps things, computed in one place (every default path starts here).

The package runs from a checkout (`pip install -e .`, as `make venv` does): the catalogue, the
generated folder and the cache are the repository's own, beside the package.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent

CATALOG_DIR = REPO_ROOT / "catalog"
"""The hand-edited catalogue (catalog/*.yaml)."""
SCHEMA_PATH = CATALOG_DIR / "schema.json"
"""The catalogue's JSON Schema."""
CACHE_DIR = REPO_ROOT / ".cache"
"""Derived data that is never committed (parameter counts, schema verdicts, jieba's dictionary)."""
CACHE_DIR_ENV = "LITTLE_BERTS_CACHE_DIR"
"""Environment variable naming another cache folder (tests point it at a temporary one)."""
GENERATED_DIR = REPO_ROOT / "docs" / "generated"
"""The rendered pages; mkdocs.yml's docs_dir. Never committed."""
TEMPLATES_DIR = PACKAGE_DIR / "templates"
"""Page templates and the strings of both languages."""


LINK_STATE_NAME = "link-state.json"
"""The link history's file name inside a catalogue folder."""


def link_state_path(catalog_dir: Path | str = CATALOG_DIR, given: Path | str | None = None) -> Path:
    """Where the link history of the catalogue in `catalog_dir` lives: `given` (--state, or the
    plugin's link_state option or LITTLE_BERTS_LINK_STATE) when there is one, else link-state.json inside the
    catalogue folder. check-links (which writes it), build, link-issue and the MkDocs plugin
    (which read it) all ask here, so they cannot disagree about another catalogue's history."""
    return Path(given) if given else Path(catalog_dir) / LINK_STATE_NAME


def cache_dir() -> Path:
    """$LITTLE_BERTS_CACHE_DIR if set, else the repository's .cache/."""
    folder = os.environ.get(CACHE_DIR_ENV)
    return Path(folder) if folder else CACHE_DIR
