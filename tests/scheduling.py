"""How `make test` and `make test-fast` share the test files among their pytest-xdist workers.

Each file runs whole on one worker, as `--dist loadfile` does (a file's module fixtures are
made once), and the files of one group in GROUPS run on the same worker, one after another:

- the site tests share one MkDocs build of the real catalogue, one of a measured catalogue and
  one Chromium (tests/site/conftest.py, session fixtures: made once per worker that runs them);
- the torch files import torch in the test process (3 to 4 s of CPU) and most count the
  catalogue's models on torch's meta device (the session's `cold_run`, tests/params/conftest.py,
  another 3 s).

On the two-core build machine that work done once instead of once per worker is many seconds.

A list, not a mark: xdist's own grouping (`--dist loadgroup` with `xdist_group` marks) does
nothing with pytest 9, which no longer lets xdist rename a test to carry its group.
"""

from __future__ import annotations

from xdist.scheduler import LoadScopeScheduling

TORCH_FILES = (
    "tests/links/evidence/test_loads.py",
    "tests/measure/test_peaks.py",
    "tests/params/test_cache.py",
    "tests/params/test_command.py",
    "tests/params/test_count.py",
    "tests/render/test_loads_snippet.py",
    "tests/render/test_validated_builds.py",
)
"""The test files that import torch, transformers or onnxruntime in the test process (a file
whose tests only start a command that imports them is not one)."""

GROUPS = {"site": ("tests/site/",), "torch": TORCH_FILES}
"""Each group's files: a path, or a folder ending in '/' for every file below it."""


def group_of(file: str) -> str:
    """The unit of work `file` belongs to: its group's name, or the file itself."""
    for name, members in GROUPS.items():
        if any(file == m or (m.endswith("/") and file.startswith(m)) for m in members):
            return name
    return file


class FilesInGroups(LoadScopeScheduling):  # type: ignore[misc]  # an untyped base class
    """`--dist loadfile`, with each group of GROUPS as one unit of work."""

    def _split_scope(self, nodeid: str) -> str:
        return group_of(nodeid.split("::", 1)[0])
