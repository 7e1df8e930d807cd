"""A build is all or nothing: a write that fails half-way (a full disk) leaves every old page.

The failure is real: the build runs in a subprocess whose file-size limit (RLIMIT_FSIZE) is
set between the sizes of the pages it must rewrite, so the kernel refuses the larger ones
with EFBIG after the smaller ones were written, as a filling disk would.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys

import pytest

from generator.catalog import load_catalog
from generator.render import build_site

from ..conftest import replace_once
from .conftest import NO_STATE, ROOT


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# Slow, for make test only: three builds, each a fresh interpreter.
@pytest.mark.slow
def test_a_build_that_fails_half_way_leaves_the_old_pages_and_exits_3(catalog_copy, tmp_path):
    out = tmp_path / "generated"
    build_site(load_catalog(catalog_copy), out, NO_STATE)
    old = snapshot(out)

    replace_once(catalog_copy / "models.yaml", 'code: "lnyy"', 'code: "zzzz"')
    reference = tmp_path / "reference"
    build_site(load_catalog(catalog_copy), reference, NO_STATE)
    new = snapshot(reference)
    changed = sorted(len(new[name]) for name in new if old.get(name) != new[name])
    assert len(changed) >= 2 and changed[0] < changed[-1]
    limit = (changed[0] + changed[-1]) // 2  # some new pages fit, the largest do not

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--catalog",
            str(catalog_copy),
            "--state",
            str(NO_STATE),
            "--output",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        preexec_fn=limit_file_size,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr and "File too large" in result.stderr
    assert snapshot(out) == old  # fully old: not one page replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog", "generated", "reference"]  # no leftovers

    again = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--catalog",
            str(catalog_copy),
            "--state",
            str(NO_STATE),
            "--output",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    assert snapshot(out) == new  # fully new
