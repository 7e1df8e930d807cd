"""How the test files are shared among pytest-xdist workers (tests/scheduling.py)."""

from __future__ import annotations

from tests.running import ROOT
from tests.scheduling import GROUPS, TORCH_FILES, FilesInGroups, group_of


def test_every_member_of_a_group_exists():
    for members in GROUPS.values():  # a renamed file or folder is not silently spread
        assert members and all(
            (ROOT / m).is_dir() if m.endswith("/") else (ROOT / m).is_file() for m in members
        )


def test_a_file_is_one_unit_and_a_group_is_one_between_its_files():
    split = FilesInGroups._split_scope
    assert split(None, "tests/test_cli.py::test_usage_errors_exit_2") == "tests/test_cli.py"
    assert split(None, "tests/test_cli.py::test_x[a::b]") == "tests/test_cli.py"
    assert {split(None, f"{file}::test_x[1]") for file in TORCH_FILES} == {"torch"}
    sites = {group_of(str(p.relative_to(ROOT))) for p in (ROOT / "tests" / "site").glob("test_*.py")}
    assert sites == {"site"}
    assert group_of("tests/sitemap/test_x.py") == "tests/sitemap/test_x.py"  # a folder is matched whole
