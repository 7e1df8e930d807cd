"""What the catalogue stage says about a broken catalogue, as the tests read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalog import CatalogInvalid, load_catalog


def problems_of(directory: Path) -> list[str]:
    """Every problem load_catalog reports for `directory`, as the maintainer reads them."""
    with pytest.raises(CatalogInvalid) as raised:
        load_catalog(directory)
    return [str(p) for p in raised.value.problems]
