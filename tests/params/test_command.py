"""`python -m generator params` as a user runs it: real subprocesses (generator/commands/params.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import replace_once

# Runs the CLI in-process, then reports on stderr which heavy libraries were imported.
# With BLOCK_TORCH=1 a meta-path finder first makes `import torch` fail, as on a machine
# without torch, while everything else imports normally.
WRAPPER = """
import os, sys

class BlockTorch:
    def find_spec(self, name, path=None, target=None):
        if name == "torch" or name.startswith("torch."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

if os.environ.get("BLOCK_TORCH") == "1":
    sys.meta_path.insert(0, BlockTorch())
from generator.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
loaded = [name for name in ("torch", "transformers") if name in sys.modules]
print("imported-heavy:" + ",".join(loaded), file=sys.stderr)
sys.exit(code)
"""


def run_cli(*args: str, block_torch: bool = False) -> tuple[subprocess.CompletedProcess, list[str]]:
    env = {**os.environ, "BLOCK_TORCH": "1" if block_torch else "0"}
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER, "params", *args], capture_output=True, text=True, timeout=300, env=env
    )
    *stderr, report = result.stderr.rstrip("\n").split("\n")
    assert report.startswith("imported-heavy:"), result.stderr
    heavy = [name for name in report.removeprefix("imported-heavy:").split(",") if name]
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout, "\n".join(stderr)), heavy


def test_warm_run_imports_neither_torch_nor_transformers(warm_cache_dir, cold_run, real_catalog):
    result, heavy = run_cli("--format", "json")
    assert result.returncode == 0, result.stderr
    assert heavy == [] and result.stderr == ""
    document = json.loads(result.stdout)
    records = document["models"]
    assert [r["id"] for r in records] == [m.id for m in real_catalog.models]
    assert "params_backbone" in document["counts_note"]
    for record in records:
        for key in ("layers", "hidden", "heads", "params_backbone", "params_pretraining"):
            assert type(record[key]) is int
    tiny = next(r for r in records if r["id"] == "uncased_L-2_H-128_A-2")
    assert (tiny["id"], tiny["params_backbone"], tiny["params_pretraining"]) == (
        "uncased_L-2_H-128_A-2",
        4_385_920,
        4_433_468,
    )
    assert tiny["params_backbone_mlm"] == 4_433_210
    assert tiny["flops_method"] == "measured" and tiny["flops_formula_128"] == tiny["flops_forward_128"]
    assert [p["published"] for p in tiny["published"]] == ["4,385,920", "4.4M"]
    assert [r["params_pretraining"] for r in records] == [c.params_pretraining for c in cold_run.counts]


def test_table_is_aligned_and_says_what_it_counts(warm_cache_dir, real_catalog):
    result, heavy = run_cli("--format", "table")
    assert result.returncode == 0 and heavy == []
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Parameter counts computed from the catalogue's configs")
    assert any(line.startswith("  backbone    BertModel incl. pooler") for line in lines)
    header = next(i for i, line in enumerate(lines) if line.startswith("model "))
    rows = lines[header + 2 : header + 2 + len(real_catalog.models)]
    assert [row.split()[0] for row in rows] == [m.id for m in real_catalog.models]
    assert len({len(row) for row in rows}) == 1  # right-aligned numbers: every row equally long
    tiny = next(row for row in rows if row.startswith("uncased_L-2_H-128_A-2 "))
    assert tiny.split()[1] == "BERT-Tiny" and "4,385,920" in tiny and "4,433,468" in tiny


# Slow, for make test only: instantiates every model in a fresh interpreter.
@pytest.mark.slow
def test_no_cache_instantiates_even_when_warm_and_leaves_the_cache_folder_alone(warm_cache_dir, small_catalog):
    before = {p.name: p.read_bytes() for p in warm_cache_dir.iterdir()}
    result, heavy = run_cli("--catalog", str(small_catalog), "--format", "json", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert heavy == ["torch", "transformers"]
    assert len(json.loads(result.stdout)["models"]) == 2
    assert {p.name: p.read_bytes() for p in warm_cache_dir.iterdir()} == before  # no schema verdict either


@pytest.mark.parametrize("extra", [["--no-cache"], []], ids=["no-cache", "empty-cache"])
def test_missing_torch_says_how_to_install_without_a_traceback(small_catalog, extra):
    result, _heavy = run_cli("--catalog", str(small_catalog), *extra, block_torch=True)
    assert result.returncode == 3
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    first, summary = result.stderr.splitlines()
    assert first.startswith("cannot import torch (No module named 'torch'); run `make venv`")
    assert 'pip install torch==2.13.0 "transformers>=5,<6"' in first
    assert summary.startswith("error: torch and transformers are needed")


def test_published_disagreement_exits_3_naming_model_and_both_numbers(catalog_copy, warm_cache_dir):
    replace_once(catalog_copy / "published.yaml", '"11.3M"', '"12.3M"')
    result, heavy = run_cli("--catalog", str(catalog_copy))
    assert result.returncode == 3 and result.stdout == "" and heavy == []
    problem, summary = result.stderr.splitlines()
    assert (
        "uncased_L-4_H-256_A-4: computed backbone + masked-LM head 11,267,386 disagrees with "
        "the published 12.3M" in problem
    )
    assert summary == (
        "error: computed parameter counts disagree with a formula or a published figure; no counts were printed"
    )


def test_invalid_catalogue_exits_3_before_counting(catalog_copy):
    replace_once(catalog_copy / "models.yaml", "    heads: 2\n", "    heads: 3\n")
    result, heavy = run_cli("--catalog", str(catalog_copy))
    assert result.returncode == 3 and heavy == []
    assert "is not divisible by 3 heads" in result.stderr


# Slow, for make test only: counts cold in a fresh interpreter (the cache cannot be read either).
@pytest.mark.slow
def test_a_cache_folder_that_cannot_be_written_is_said_once_and_the_counts_still_print(
    small_catalog, tmp_path, monkeypatch
):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv("LITTLE_BERTS_CACHE_DIR", str(blocker / "cache"))
    result, _ = run_cli("--catalog", str(small_catalog), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["models"]) == 2
    problem, warning = result.stderr.splitlines()
    assert problem.startswith(f"could not write the params cache {blocker / 'cache' / 'params.json'}: ")
    assert warning == (
        "warning: the params cache was not written; the counts are correct, and the next run counts again"
    )
    assert "Warning" not in result.stderr  # no Python warning besides
