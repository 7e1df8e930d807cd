"""The visitor's speed script: generator/templates/tools/little_berts_speed.py with its MODELS
table written from the catalogue, published at tools/little_berts_speed.py.

The script is kept as a real Python file (ruff and mypy read it; a test runs the published
form) and the catalogue enters it only as Python literals (`repr`), so a hostile catalogue
string stays a string. Its install line (`install_command`) takes its version bounds from
pyproject.toml, the bounds the project itself is tested with, never from prose.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from ..catalog import Catalog
from ..fsutil import read_text_or_fail
from ..paths import REPO_ROOT, TEMPLATES_DIR

SOURCE = TEMPLATES_DIR / "tools" / "little_berts_speed.py"
MAX_SOURCE_BYTES = 1_000_000
"""Far above the script's and pyproject.toml's size; a cap all the same (fsutil)."""
SITE_PATH = "tools/little_berts_speed.py"
"""Where the site serves it (the pages link it relative to themselves)."""
FILE_NAME = SITE_PATH.rsplit("/", 1)[1]
BEGIN, END = "# --- MODELS: written by the site's generator", "# --- end of MODELS ---"
PACKAGES = ("torch", "transformers", "onnxruntime", "onnx")
"""Everything the script imports beyond the standard library (numpy comes with them)."""
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
"""PyTorch's own index of CPU-only wheels: on Linux PyPI's torch brings several GB of CUDA."""


def script_text(catalog: Catalog) -> str:
    """The script as the site serves it: the source with the catalogue's models filled in."""
    source = read_source()
    start, end = source.index(BEGIN), source.index(END)
    head = source[start:].split("\n", 1)[0]
    lines = [head, "MODELS: dict[str, dict[str, Any]] = {"]
    for model in catalog.models:
        entry: dict[str, object] = {"config": model.hf_config}
        if model.name:
            entry = {"name": model.name, **entry}
        lines.append(f"    {model.id!r}: {entry!r},")
    lines.append("}")
    return source[:start] + "\n".join(lines) + "\n" + source[end:]


def read_source(path: Path = SOURCE) -> str:
    return read_text_or_fail(path, MAX_SOURCE_BYTES, "the speed script's source", "restore it from git")


def project_table(path: Path = REPO_ROOT / "pyproject.toml") -> dict[str, Any]:
    """pyproject.toml's [project] table."""
    text = read_text_or_fail(path, MAX_SOURCE_BYTES, "the project's settings", "restore it from git")
    project: dict[str, Any] = tomllib.loads(text)["project"]  # our own pyproject.toml: a table
    return project


@cache
def requirements() -> dict[str, str]:
    """The script's packages -> their requirement as pyproject.toml gives it ('onnx>=1.17,<2')."""
    project = project_table()
    found = {}
    for requirement in project["dependencies"]:
        name = re.match(r"[A-Za-z0-9._-]+", requirement)
        if name:
            found[name[0].lower()] = requirement.replace(" ", "")
    return {name: found[name] for name in PACKAGES}


def install_command() -> str:
    """Shell lines that install what the script needs into a fresh virtual environment."""
    quoted = {name: f'"{requirement}"' for name, requirement in requirements().items()}
    rest = " ".join(q for name, q in quoted.items() if name != "torch")
    return (
        f"python3 -m venv bert-speed && . bert-speed/bin/activate\n"
        f"pip install {quoted['torch']} --index-url {TORCH_CPU_INDEX}\n"
        f"pip install {rest}\n"
    )


def run_command(models: tuple[str, ...] = ("tiny", "mini", "small", "medium", "base")) -> str:
    return f"python {FILE_NAME} --models {' '.join(models)}\n"
