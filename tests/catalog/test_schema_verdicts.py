"""A catalogue found valid is remembered, so an unchanged catalogue is not validated again
(generator/catalog/schema_check.py); any edit is validated afresh, and a broken verdicts file
is no verdict. Real subprocesses, as a maintainer runs `python -m generator validate`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from generator.catalog.schema_check import VERDICTS_FILE
from tests.conftest import FIXTURES, replace_once

# Runs the CLI, then reports on stderr whether jsonschema was imported.
WRAPPER = """
import sys
from generator.cli import main
code = main(sys.argv[1:])
print("jsonschema-imported:" + str("jsonschema" in sys.modules), file=sys.stderr)
sys.exit(code)
"""


@pytest.fixture
def catalog_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("LITTLE_BERTS_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(FIXTURES / "catalogs" / "small", tmp_path / "catalog")
    return tmp_path / "catalog"


def validate(catalog_dir) -> tuple[int, str, bool]:
    result = subprocess.run([sys.executable, "-c", WRAPPER, "validate", "--catalog", str(catalog_dir)],
                            capture_output=True, text=True, timeout=120, env=dict(os.environ))
    *lines, report = result.stderr.rstrip("\n").split("\n")
    assert report.startswith("jsonschema-imported:"), result.stderr
    return result.returncode, "\n".join(lines), report.endswith("True")


def test_an_unchanged_valid_catalogue_is_not_validated_again(catalog_dir):
    assert validate(catalog_dir) == (0, "", True)
    assert validate(catalog_dir) == (0, "", False)


def test_an_edit_after_a_valid_verdict_is_validated_afresh(catalog_dir):
    assert validate(catalog_dir)[0] == 0
    line = replace_once(catalog_dir / "models.yaml", "    layers: 2", "    layers: 2\n    layres: 2")
    code, stderr, imported = validate(catalog_dir)
    assert code == 3 and imported
    assert f"models.yaml:{line + 1}" in stderr and "unknown key 'layres'" in stderr
    assert validate(catalog_dir)[:2] == (3, stderr)  # a problem is never remembered


@pytest.mark.parametrize("content", ["not json", json.dumps({"valid": "abc"}), "[1, 2]", " " * 70_000])
def test_a_broken_verdicts_file_is_no_verdict(catalog_dir, tmp_path, content):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / VERDICTS_FILE).write_text(content)
    assert validate(catalog_dir) == (0, "", True)
    assert len(json.loads((tmp_path / "cache" / VERDICTS_FILE).read_text())["valid"]) == 1
