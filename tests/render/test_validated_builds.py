"""A catalogue that validates always builds: `validate` refuses whatever `build` would crash on.

Each case edits a copy of a fixture catalogue. Whatever the outcome of `validate`, the rule
is checked the same way: exit 0 from `validate` means exit 0 from `build`, and an export that
strict JSON readers accept. The cases that once crashed the build (exit 70) must now be
refused by `validate` with exit 3; the awkward but valid ones must build.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator import exitcodes
from generator.cli import main

from ..conftest import FIXTURES, replace_once
from .conftest import NO_STATE

LARGEST_MODEL = """\
  - id: uncased_L-128_H-16384_A-256
    layers: 128
    hidden: 16384
    heads: 256
    intermediate: 65536
    sources:
      - kind: google_zip
        url: https://storage.googleapis.com/bert_models/2020_02_20/largest.zip
"""

# (case id, file, old text, new text, what validate must say: "valid" or words of the refusal)
CASES = [
    ("nan-score", "published.yaml", "score: 64.2", "score: .nan", "is not a finite number"),
    ("infinite-learning-rate", "published.yaml", "3.0e-4,", ".inf,", "is not a finite number"),
    ("blank-author", "published.yaml", "authors: [Iulia Turc,", 'authors: ["   ",', "the text is blank"),
    (
        "fence-in-title",
        "published.yaml",
        'title: "Well-Read',
        'title: "x\\n```\\nWell-Read',
        "write it on one line",
    ),
    (
        "huge-published-figure",
        "published.yaml",
        'published: "4.4M"',
        f'published: "{"9" * 400}M"',
        "is not in the expected form",
    ),
    (
        "huge-exact-figure",
        "published.yaml",
        'published: "4,385,920"',
        'published: "' + ",".join(["999"] * 134) + '"',
        "is not in the expected form",
    ),
    (
        "markup-everywhere",
        "published.yaml",
        'title: "Well-Read',
        'title: "`x` <b>y</b> ``` *z* [a](javascript:alert(1)) @octocat {} Well-Read',
        "valid",
    ),
    ("single-word-author", "published.yaml", "authors: [Iulia Turc,", "authors: [Turc,", "valid"),
    (
        "largest-model-in-range",
        "models.yaml",
        "  - id: uncased_L-4_H-256_A-4\n",
        LARGEST_MODEL + "  - id: uncased_L-4_H-256_A-4\n",
        "valid",
    ),
]


def _catalogue(tmp_path: Path, file: str, old: str, new: str) -> Path:
    folder = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "catalogs" / "small", folder)
    replace_once(folder / file, old, new)
    return folder


def _validates_then_builds(folder: Path, out: Path, capsys) -> tuple[int, str]:
    """validate's exit code and stderr; when it is 0, build and export must succeed too."""
    code = main(["validate", "--catalog", str(folder)])
    said = capsys.readouterr().err
    if code == exitcodes.OK:
        assert (
            main(["build", "--catalog", str(folder), "--state", str(NO_STATE), "--output", str(out)])
            == exitcodes.OK
        ), capsys.readouterr().err
        capsys.readouterr()
        assert main(["export", "--catalog", str(folder)]) == exitcodes.OK
        json.loads(capsys.readouterr().out, parse_constant=lambda name: pytest.fail(f"export wrote {name}"))
    return code, said


@pytest.mark.parametrize("file, old, new, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_catalogue_that_validates_builds(tmp_path, capsys, file, old, new, expected):
    code, said = _validates_then_builds(_catalogue(tmp_path, file, old, new), tmp_path / "out", capsys)
    if expected == "valid":
        assert code == exitcodes.OK, said
    else:
        assert code == exitcodes.INVALID_INPUT and expected in said, said
        assert "Traceback" not in said


@pytest.mark.parametrize("fixture", sorted(p.name for p in (FIXTURES / "catalogs").iterdir()))
def test_every_fixture_catalogue_that_validates_builds(tmp_path, capsys, fixture):
    code, said = _validates_then_builds(FIXTURES / "catalogs" / fixture, tmp_path / "out", capsys)
    assert code in (exitcodes.OK, exitcodes.INVALID_INPUT), said
