"""The stages read downward only: a stage imports the stages before it in the pipeline, never one
after it (the catalogue stage imported the measure stage for catalog.json, a view of everything,
which now lives with the other views in render/)."""

from __future__ import annotations

import ast
from importlib.util import resolve_name
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

STAGES = ("catalog", "params", "links", "measure", "render", "site", "commands")
"""Pipeline order. Each stage may import the ones before it, except as LATERAL forbids."""
LATERAL = {("measure", "links"), ("links", "measure"), ("links", "params")}
"""Stages of about the same height that share nothing: link checking and measurement are independent."""


def stage_imports(root: Path, path: Path) -> set[str]:
    """The generator packages `path` imports anywhere in it (functions too), as top-level names."""
    parts = path.relative_to(root).with_suffix("").parts
    package = ".".join(parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            base = resolve_name("." * node.level + module, package) if node.level else module
            names = [base] if node.module else [f"{base}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        found |= {name.split(".")[1] for name in names if name and name.startswith("generator.")}
    return found


def upward_imports(root: Path) -> list[str]:
    upward = []
    for stage in STAGES:
        allowed = {s for s in STAGES[: STAGES.index(stage) + 1] if (stage, s) not in LATERAL}
        for path in sorted((root / "generator" / stage).rglob("*.py")):
            for imported in sorted(stage_imports(root, path) & set(STAGES) - allowed):
                upward.append(f"{path.relative_to(root)} imports generator.{imported}")
    return upward


def test_every_stage_imports_only_the_stages_before_it():
    assert upward_imports(ROOT) == []


def test_an_upward_import_inside_a_function_is_caught(tmp_path):
    # catalog/export.py as it was: the measure stage imported inside export_document.
    export = tmp_path / "generator" / "catalog" / "export.py"
    export.parent.mkdir(parents=True)
    export.write_text(
        "from .model import Catalog\n\n\ndef export_document():\n"
        "    from ..measure.record import to_document\n",
        encoding="utf-8",
    )
    pages = tmp_path / "generator" / "render" / "pages.py"
    pages.parent.mkdir()
    pages.write_text("from ..catalog import Catalog\n", encoding="utf-8")  # downward: allowed
    assert upward_imports(tmp_path) == ["generator/catalog/export.py imports generator.measure"]


def imports_of_test_modules(root: Path) -> list[str]:
    """Test files that import a test module (tests/**/test_*.py): shared helpers live in helper
    modules (tests/links/answers.py, tests/render/prose.py, …), so no test runs another's."""
    found = []
    for path in sorted((root / "tests").rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = (
                    resolve_name("." * node.level + (node.module or ""), ".".join(parts[:-1]))
                    if node.level
                    else node.module or ""
                )
                names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            if any(name.startswith("tests.") and name.split(".")[-1].startswith("test_") for name in names):
                found.append(str(path.relative_to(root)))
    return found


def test_no_test_imports_another_test_module(tmp_path):
    assert imports_of_test_modules(ROOT) == []
    helper = tmp_path / "tests" / "links" / "test_cli_loads.py"
    helper.parent.mkdir(parents=True)
    helper.write_text("from tests.links.evidence.test_loads import BERT\n", encoding="utf-8")
    assert imports_of_test_modules(tmp_path) == ["tests/links/test_cli_loads.py"]
