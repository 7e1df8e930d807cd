"""Hostile catalogue files: each is refused with its file and line, at a bounded cost.

Every case here used to end in a traceback (exit 70), a hang or gigabytes of memory. The
limits are in generator/catalog/yamlsource.py; these tests pass a class of input, not one
example: each case is built the way an attacker would scale it up.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from generator.catalog.yamlsource import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES
from tests.catalog.loading import problems_of

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


def _models(catalog: Path, text: str) -> int:
    """Put `text` at the end of a copy of models.yaml; the 1-based line where it starts."""
    path = catalog / "models.yaml"
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


# (case id, text appended to models.yaml, line offset of the problem (None: any line of the
# text), words in the message)
CASES = [
    ("alias-bomb", ALIAS_BOMB, 1, "alias '*a' is not allowed"),
    ("alias-of-scalar", "x: &v 1\ny: *v\n", 1, "alias '*v' is not allowed"),
    ("deep-flow-nesting", "deep: " + "[" * 20000 + "]" * 20000 + "\n", 0, f"more than {MAX_DEPTH} levels"),
    (
        "deep-block-nesting",
        "deep:\n" + "".join(" " * i + "-\n" for i in range(1, 40)),
        None,
        f"more than {MAX_DEPTH} levels",
    ),
    # just under the size limit: a third of a million values, each costing a node, a path and a check
    (
        "many-values",
        "zzz: [" + "[]," * ((MAX_FILE_BYTES - 100_000) // 3) + "]\n",
        0,
        f"more than {MAX_NODES:,} values",
    ),
    ("nul-byte", 'note: "a\x00b"\n', 0, "control character U+0000"),
    ("control-char", "note: a\x1bb\n", 0, "control character U+001B"),
    ("huge-integer", "big: " + "9" * 5000 + "\n", 0, "5,000 characters long"),
    ("huge-float", "big: 1." + "5" * 400 + "\n", 0, "402 characters long"),
    ("unknown-local-tag", "x: !custom 1\n", 0, "tag '!custom' is not allowed"),
    ("unknown-standard-tag", "x: !!binary aGk=\n", 0, "tag 'tag:yaml.org,2002:binary' is not allowed"),
    ("tagged-mapping", "x: !!set {a, b}\n", 0, "tag 'tag:yaml.org,2002:set' is not allowed"),
    ("python-tag", "x: !!python/object/apply:os.system [echo]\n", 0, "is not allowed"),
    ("merge-key", "x:\n  <<: {a: 1}\n  b: 2\n", 1, "merge keys (<<) are not allowed"),
    ("nan", "x: .nan\n", 0, ".nan is not a finite number"),
    ("infinity", "x: -.inf\n", 0, "-.inf is not a finite number"),
]


@pytest.mark.parametrize("text, offset, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_yaml_is_one_located_problem(catalog_copy, text, offset, words):
    start = _models(catalog_copy, text)
    lines = [start + offset] if offset is not None else range(start, start + text.count("\n"))
    problems = problems_of(catalog_copy)
    mine = [p for p in problems if words in p]
    assert len(mine) == 1, problems
    assert any(mine[0].startswith(f"{catalog_copy / 'models.yaml'}:{line}: ") for line in lines), problems


def test_a_refused_value_is_not_reported_again_by_the_schema(catalog_copy):
    path = catalog_copy / "models.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("    layers: 2\n", "    layers: .nan\n", 1), encoding="utf-8"
    )
    (problem,) = problems_of(catalog_copy)
    assert "models[0].layers: .nan is not a finite number" in problem


def test_a_file_over_the_size_limit_is_refused_unread(catalog_copy):
    (catalog_copy / "huge.yaml").write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    problems = problems_of(catalog_copy)
    assert (
        f"{catalog_copy / 'huge.yaml'}:1: (document): cannot read the file: it is larger than "
        f"{MAX_FILE_BYTES:,} bytes" in problems[0]
    )


def test_a_symlink_to_a_device_is_refused_unread(catalog_copy):
    (catalog_copy / "models.yaml").unlink()
    (catalog_copy / "models.yaml").symlink_to("/dev/zero")
    problems = problems_of(catalog_copy)
    assert any(
        p.startswith(f"{catalog_copy / 'models.yaml'}:1: ") and "it is a device, not a regular file" in p
        for p in problems
    ), problems


def test_a_fifo_is_refused_without_waiting_for_a_writer(catalog_copy):
    (catalog_copy / "models.yaml").unlink()
    os.mkfifo(catalog_copy / "models.yaml")
    outcome: list[list[str]] = []
    reader = threading.Thread(target=lambda: outcome.append(problems_of(catalog_copy)), daemon=True)
    reader.start()
    reader.join(timeout=60)
    if reader.is_alive():  # unblock the reader so the test run can end, then fail
        with open(catalog_copy / "models.yaml", "wb"):
            pass
        pytest.fail("reading the catalogue blocked on a FIFO")
    assert any("it is a FIFO, not a regular file" in p for p in outcome[0]), outcome


def test_not_utf8_names_the_line(catalog_copy):
    line = _models(catalog_copy, "")
    path = catalog_copy / "models.yaml"
    path.write_bytes(path.read_bytes() + b"note: caf\xe9\n")
    (problem,) = [p for p in problems_of(catalog_copy) if "UTF-8" in p]
    assert problem.startswith(f"{path}:{line}: ") and "not UTF-8 text (byte 0xe9)" in problem


@pytest.mark.parametrize(
    "case",
    [
        "alias-bomb",
        "deep-flow-nesting",
        "many-values",
        "huge-integer",
        "nul-byte",
        "unknown-local-tag",
        "merge-key",
    ],
)
def test_validate_exits_3_without_a_traceback(cli, catalog_copy, case):
    text = dict((c[0], c[1]) for c in CASES)[case]
    _models(catalog_copy, text)
    result = cli("validate", "--catalog", str(catalog_copy))
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{catalog_copy / 'models.yaml'}:")
