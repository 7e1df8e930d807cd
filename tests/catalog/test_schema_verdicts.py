"""`params` remembers a catalogue it found valid, so a warm run of an unchanged catalogue
imports no jsonschema (generator/catalog/schema_check.py); any edit is validated afresh, a
broken verdicts file is no verdict, and nothing but `params` ever reads a verdict. Real
subprocesses, as a maintainer runs the commands."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from generator.catalog import read_catalog_data
from generator.catalog.schema_check import VERDICTS_FILE, _verdict_key
from tests.conftest import FIXTURES, replace_once
from tests.counts_cache import CACHE_FILE
from tests.counts_cache import warm_params_cache as shared_warm_cache

# Runs the CLI, then reports on stderr whether jsonschema was imported (and torch: the cache is
# warm, so no run counts a model).
WRAPPER = """
import sys
from generator.cli import main
code = main(sys.argv[1:])
print("torch-imported:" + str("torch" in sys.modules), file=sys.stderr)
print("jsonschema-imported:" + str("jsonschema" in sys.modules), file=sys.stderr)
sys.exit(code)
"""


@pytest.fixture(scope="module")
def warm_params_cache(tmp_path_factory):
    """The session's params cache of the real catalogue (tests/counts_cache.py), which holds the
    small fixture catalogue's two models too: `params` then counts nothing, as a warm run should
    (what --no-cache writes is tests/params/test_command.py's)."""
    return shared_warm_cache(tmp_path_factory) / CACHE_FILE


@pytest.fixture
def cache(tmp_path, monkeypatch, warm_params_cache):
    folder = tmp_path / "cache"
    folder.mkdir()
    shutil.copy(warm_params_cache, folder / "params.json")
    monkeypatch.setenv("LITTLE_BERTS_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def catalog_dir(tmp_path):
    shutil.copytree(FIXTURES / "catalogs" / "small", tmp_path / "catalog")
    return tmp_path / "catalog"


def run(command: str, catalog_dir) -> tuple[int, str, bool]:
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER, command, "--catalog", str(catalog_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
    )
    *lines, torch, report = result.stderr.rstrip("\n").split("\n")
    assert report.startswith("jsonschema-imported:"), result.stderr
    assert torch == "torch-imported:False", result.stderr
    return result.returncode, "\n".join(lines), report.endswith("True")


def test_an_unchanged_valid_catalogue_is_not_validated_again_by_params(catalog_dir, cache):
    assert run("params", catalog_dir)[::2] == (0, True)
    assert run("params", catalog_dir)[::2] == (0, False)
    assert run("validate", catalog_dir) == (0, "", True)  # validate always runs the schema


def test_an_edit_after_a_valid_verdict_is_validated_afresh(catalog_dir, cache):
    assert run("params", catalog_dir)[0] == 0
    line = replace_once(catalog_dir / "models.yaml", "    layers: 2", "    layers: 2\n    layres: 2")
    code, stderr, imported = run("params", catalog_dir)
    assert code == 3 and imported
    assert f"models.yaml:{line + 1}" in stderr and "unknown key 'layres'" in stderr
    assert run("params", catalog_dir)[:2] == (3, stderr)  # a problem is never remembered


def test_a_planted_verdict_never_reaches_validate_build_or_export(catalog_dir, cache, tmp_path):
    replace_once(catalog_dir / "models.yaml", "    layers: 2", "    layers: 2\n    layres: 2")
    doc, _problems = read_catalog_data(catalog_dir)
    (cache / VERDICTS_FILE).write_text(json.dumps({"valid": [_verdict_key(doc.data)]}))
    for command in ("validate", "export"):
        code, stderr, _imported = run(command, catalog_dir)
        assert code == 3 and "unknown key 'layres'" in stderr, (command, stderr)


@pytest.mark.parametrize(
    "content",
    ["not json", json.dumps({"valid": "abc"}), "[1, 2]", " " * 70_000, "[" * 30_000 + "]" * 30_000],
    ids=["text", "not-a-list", "a-list", "oversized", "deeply-nested"],
)
def test_a_broken_verdicts_file_is_no_verdict(catalog_dir, cache, content):
    (cache / VERDICTS_FILE).write_text(content)
    assert run("params", catalog_dir)[::2] == (0, True)
    assert len(json.loads((cache / VERDICTS_FILE).read_text())["valid"]) == 1


def test_a_fifo_in_place_of_the_verdicts_file_cannot_hang_params(catalog_dir, cache):
    os.mkfifo(cache / VERDICTS_FILE)
    assert run("params", catalog_dir)[::2] == (0, True)  # the FIFO was not read (a read would block)
