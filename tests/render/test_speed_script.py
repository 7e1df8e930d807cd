"""The visitor's speed script (generator/render/speed_script.py): the file the site serves is run
as a visitor runs it, on the smallest model, and its install line is read by pip's own parser."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from generator.catalog import load_catalog
from generator.render import render_site
from generator.render.speed_script import SITE_PATH, install_command, run_command, script_text
from tests.render.conftest import NO_STATE, to_html

ROW = re.compile(
    r"^(?P<model>\S+)\s+(?P<runtime>torch|ort-fp32|ort-int8)\s+(?P<median>[\d.,]+)\s+"
    r"(?P<q1>[\d.,]+)-(?P<q3>[\d.,]+)\s+(?P<runs>\d+)\s+x(?P<speedup>[\d.]+)\s+"
    r"(?P<check>.+?)\s+(?P<mb>[\d.]+)$"
)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The script as the built site serves it, saved where a visitor would save it."""
    folder = tmp_path_factory.mktemp("visitor")
    path = folder / SITE_PATH.rsplit("/", 1)[1]
    path.write_text(render_site(load_catalog(), NO_STATE).files[SITE_PATH], encoding="utf-8")
    return path


def run(script: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    # Offline, from the visitor's own folder: nothing of this repository on the path.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    return subprocess.run(
        [sys.executable, "-I", str(script), *args],
        cwd=script.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# Slow, for make test only: exports BERT-Tiny to ONNX and times it in three runtimes.
@pytest.mark.slow
def test_a_quick_run_of_bert_tiny_prints_every_runtime_checked_against_pytorch(published):
    done = run(published, "--quick", "--models", "tiny")
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Machine: ") and "onnxruntime" in lines[0] and "batch 1, 128 tokens" in lines[0]
    assert lines[1].split() == [
        "model",
        "runtime",
        "median",
        "ms",
        "q1-q3",
        "ms",
        "runs",
        "vs",
        "torch",
        "check",
        "file",
        "MB",
    ]
    rows = [ROW.match(line) for line in lines[2:5]]
    assert all(rows), lines
    assert [r["runtime"] for r in rows] == ["torch", "ort-fp32", "ort-int8"]
    assert {r["model"] for r in rows} == {"BERT-Tiny"}
    assert rows[0]["check"] == "reference" and rows[0]["speedup"] == "1.00"
    assert rows[1]["check"].startswith("ok max|diff| ")
    assert float(rows[1]["check"].split()[-1]) <= 1e-4
    mean, low = map(float, re.fullmatch(r"ok cos ([\d.]+) \(min ([\d.]+)\)", rows[2]["check"]).groups())
    assert 0.999 <= mean <= 1.0 + 1e-6 and low <= mean
    for r in rows:
        assert float(r["q1"]) <= float(r["median"]) <= float(r["q3"]) and int(r["runs"]) == 3
    # The int8 file is about a quarter of the float32 one (weights 1 byte instead of 4).
    assert float(rows[2]["mb"]) < float(rows[1]["mb"]) / 2


def test_the_script_lists_the_catalogues_models_and_refuses_an_unknown_one(published):
    listed = run(published, "--list")
    assert listed.returncode == 0, listed.stderr
    ids = [line.split()[0] for line in listed.stdout.splitlines()]
    assert ids == [m.id for m in load_catalog().models]
    refused = run(published, "--models", "tiny", "giant")
    assert refused.returncode == 2
    assert "unknown model 'giant'" in refused.stderr and "Traceback" not in refused.stderr


def test_the_script_imports_nothing_but_the_standard_library_and_the_four_packages(published):
    tree = ast.parse(published.read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {
        node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    outside = imported - set(sys.stdlib_module_names) - {"__future__"}
    assert outside == {"torch", "transformers", "onnxruntime", "onnx", "numpy"}  # numpy: onnxruntime's own
    # ...and the install line brings each of them, with the bounds the project is tested with.
    lines = install_command().splitlines()
    installed = set()
    for line in lines[1:]:
        words = line.split()
        assert words[:2] == ["pip", "install"]
        installed |= {Requirement(w.strip('"')).name for w in words[2:] if w.startswith('"')}
    assert installed == outside - {"numpy"}
    assert run_command().startswith(f"python {SITE_PATH.rsplit('/', 1)[1]} --models ")


def test_the_models_table_is_the_catalogues_configs_as_python_literals():
    # Names are validated against a fixed list and configs hold numbers and validated words, but
    # the table is written with repr all the same: it must read back as exactly the catalogue.
    catalog = load_catalog()
    text = script_text(catalog)
    block = text[text.index("MODELS: dict") : text.index("# --- end of MODELS")]
    models = ast.literal_eval(block.split("=", 1)[1])
    assert models == {
        m.id: {**({"name": m.name} if m.name else {}), "config": m.hf_config} for m in catalog.models
    }
    compile(text, "little_berts_speed.py", "exec")


def test_the_models_page_offers_the_script_in_both_languages(real_catalog):
    pages = render_site(real_catalog, NO_STATE).files
    for lang, title in (("zh", "在你自己的机器上测量"), ("en", "Measure it on your own machine")):
        html = to_html(pages[f"models/index.{lang}.md"])
        section = html[html.index('id="your-machine"') :]
        assert title in section
        # The file name in code, as typed: Markdown escapes inside code would show (little\_berts).
        assert "<code>little_berts_speed.py</code>" in section and "\\_" not in section
        assert 'href="../tools/little_berts_speed.py"' in section
        for line in install_command().splitlines():  # in a code block, as written
            assert f"\n{line}\n" in pages[f"models/index.{lang}.md"]
