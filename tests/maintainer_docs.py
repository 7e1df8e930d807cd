"""The edits docs/maintainers.md documents, read from the document itself, so the tests
apply exactly what a maintainer is told to do (and fail if the document drifts)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT, replace_once

GUIDE = ROOT / "docs" / "maintainers.md"
_YAML_BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.M | re.S)


def documented_edit(section: str) -> tuple[str, str]:
    """(lines to find, lines to replace them with) of a '## <section>' of the guide."""
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index(f"\n## {section}\n")
    end = text.find("\n## ", start + 1)
    blocks = _YAML_BLOCK.findall(text[start : end if end != -1 else None])
    assert len(blocks) >= 2, f"'{section}' needs a YAML block to find and one to replace it with"
    return blocks[0], blocks[1]


def apply_documented_edit(catalog_dir: Path, section: str) -> None:
    old, new = documented_edit(section)
    replace_once(catalog_dir / "models.yaml", old, new)
