"""How `make test-fast` shares the test files among its pytest-xdist workers.

Each file runs whole on one worker, as `--dist loadfile` does (a file's module fixtures are
made once), and the files in TORCH_FILES run on the same worker: each of them imports torch in
the test process (3 to 4 s of CPU) and most count the catalogue's models on torch's meta device
(the session's `cold_run`, tests/params/conftest.py, another 3 s); on the two-core build
machine that work done once instead of once per worker is several seconds of the run.

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
"""The fast test files that import torch, transformers or onnxruntime in the test process
(a file whose tests only start a command that imports them is not one)."""


class FilesWithTorchTogether(LoadScopeScheduling):  # type: ignore[misc]  # an untyped base class
    """`--dist loadfile`, with TORCH_FILES as one unit of work."""

    def _split_scope(self, nodeid: str) -> str:
        file = nodeid.split("::", 1)[0]
        return "torch" if file in TORCH_FILES else file
