"""make test-fast's worker scheduling (tests/scheduling.py): whole files, torch files together."""

from __future__ import annotations

from tests.running import ROOT
from tests.scheduling import TORCH_FILES, FilesWithTorchTogether


def test_every_torch_file_exists():
    assert TORCH_FILES and all(
        (ROOT / file).is_file() for file in TORCH_FILES
    )  # a renamed file is not silently spread


def test_a_file_is_one_unit_and_the_torch_files_are_one_between_them():
    split = FilesWithTorchTogether._split_scope
    assert split(None, "tests/test_cli.py::test_usage_errors_exit_2") == "tests/test_cli.py"
    assert split(None, "tests/test_cli.py::test_x[a::b]") == "tests/test_cli.py"
    assert {split(None, f"{file}::test_x[1]") for file in TORCH_FILES} == {"torch"}
