"""The one bounded reader (generator/fsutil.py) against every hostile kind of file, and every
reader of the project against the same kinds: each ends at once, naming the file.

The kinds: a FIFO (a read would wait for a writer forever), a symlink to /dev/zero (a read
never ends), a file one byte over the reader's cap, and a symlink whose target lies outside
the folder the file belongs to (a pull request's `models.yaml -> /proc/self/environ`).
Commands run as real subprocesses with a timeout; package data (schema, templates, strings),
caches and earlier outputs are read in-process, in a thread that must finish in time.
"""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.catalog.schema_check import load_schema
from generator.catalog.yamlsource import MAX_FILE_BYTES
from generator.commands.link_issue import MAX_REPORT_BYTES
from generator.failure import Failure
from generator.fsutil import FileUnreadable, read_regular_file, write_if_changed
from generator.links.inputs import MAX_URL_LIST_BYTES
from generator.links.state.file import MAX_STATE_BYTES
from generator.measure import load as measurement_load
from generator.params.cache import MAX_CACHE_BYTES, load_entries
from generator.render.bounded_loader import BoundedLoader
from generator.render.i18n import strings
from generator.render.speed_script import project_table, read_source
from tests.conftest import FULL_CATALOG

ROOT = Path(__file__).resolve().parents[1]
KINDS = ["fifo", "device", "oversized", "escaping-symlink"]
WORDS = {
    "fifo": "it is a FIFO, not a regular file",
    "device": "it is a device, not a regular file",
    "oversized": "it is larger than",
    "escaping-symlink": "it is a symbolic link to",
}
"""What the reader says about each kind."""


def make_hostile(path: Path, kind: str, limit: int) -> None:
    """Put a hostile `kind` of file at `path` (whose reader caps files at `limit` bytes)."""
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "oversized":
        with open(path, "wb") as handle:  # sparse: costs no disk
            handle.truncate(limit + 1)
    else:
        outside = path.parent.parent / f"outside-{path.parent.name}" / path.name
        outside.parent.mkdir(parents=True, exist_ok=True)
        outside.write_text("{}\n", encoding="utf-8")
        path.symlink_to(outside)


def bounded(call: Callable[[], Any], path: Path, seconds: float = 60) -> Any:
    """call() in a thread that must end within `seconds`; its result, or the exception raised."""
    outcome: list[Any] = []

    def target() -> None:
        try:
            outcome.append(call())
        except BaseException as error:  # handed to the test
            outcome.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():  # a reader blocked on the FIFO: open its other end so the run can end
        with open(path, "wb"):
            pass
        pytest.fail(f"reading {path} did not end")
    return outcome[0]


# --- the reader itself ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_the_reader_refuses_each_hostile_kind_at_once(tmp_path, kind):
    path = tmp_path / "folder" / "file.json"
    path.parent.mkdir()
    make_hostile(path, kind, 100)
    error = bounded(lambda: read_regular_file(path, 100), path)
    assert isinstance(error, OSError) and WORDS[kind] in error.strerror, error


def test_a_symlink_inside_its_folder_is_followed(tmp_path):
    (tmp_path / "real.txt").write_text("text", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to("real.txt")
    assert read_regular_file(tmp_path / "link.txt", 100) == b"text"


def test_a_symlink_may_reach_anywhere_inside_the_root_it_is_given(tmp_path):
    (tmp_path / "shared.txt").write_text("text", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "link.txt").symlink_to(tmp_path / "shared.txt")
    with pytest.raises(OSError, match="outside"):
        read_regular_file(tmp_path / "folder" / "link.txt", 100)
    assert read_regular_file(tmp_path / "folder" / "link.txt", 100, root=tmp_path) == b"text"


def test_a_folder_reached_through_a_symlink_is_read_as_its_target(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "file.txt").write_text("text", encoding="utf-8")
    (tmp_path / "alias").symlink_to(tmp_path / "real")
    assert read_regular_file(tmp_path / "alias" / "file.txt", 100) == b"text"


def test_a_symlink_in_the_repository_may_not_leave_it(tmp_path):
    link = ROOT / "tests" / f".escape-{os.getpid()}.json"
    link.symlink_to("/etc/hostname")
    try:
        with pytest.raises(OSError, match=f"outside {ROOT}"):
            read_regular_file(link, 1000)
    finally:
        link.unlink()


def test_a_file_at_the_cap_is_read_whole(tmp_path):
    (tmp_path / "file").write_bytes(b"x" * 100)
    assert read_regular_file(tmp_path / "file", 100) == b"x" * 100


# --- every command that reads a file it is given ------------------------------------------------


def _state(folder: Path) -> Path:
    path = folder / "link-state.json"
    path.write_text(
        '{"format_version": 1, "updated_at": null, "dead_after_runs": 2, "links": {}}\n', encoding="utf-8"
    )
    return path


def _urls(folder: Path) -> Path:
    path = folder / "urls.txt"
    path.write_text("http://127.0.0.1:9/never-requested\n", encoding="utf-8")
    return path


def _catalogue(folder: Path) -> Path:
    target = folder / "catalog"
    target.mkdir()
    for file in FULL_CATALOG.glob("*.yaml"):
        (target / file.name).write_bytes(file.read_bytes())
    return target


# (reader class, its cap, setup(folder) -> (command arguments, the file made hostile))
COMMANDS: dict[str, tuple[int, Callable[[Path], tuple[list[str], Path]]]] = {
    "catalogue-yaml": (
        MAX_FILE_BYTES,
        lambda f: (["validate", "--catalog", str(_catalogue(f))], f / "catalog" / "models.yaml"),
    ),
    "link-state": (
        MAX_STATE_BYTES,
        lambda f: (
            ["check-links", "--urls", str(_urls(f)), "--allow-private", "--state", str(_state(f))],
            f / "link-state.json",
        ),
    ),
    "url-list": (
        MAX_URL_LIST_BYTES,
        lambda f: (["check-links", "--urls", str(_urls(f)), "--allow-private", "--no-state"], f / "urls.txt"),
    ),
    "link-issue-state": (
        MAX_STATE_BYTES,
        lambda f: (
            ["link-issue", "--dry-run", "--state", str(_state(f)), "--report", str(_urls(f))],
            f / "link-state.json",
        ),
    ),
    "link-issue-report": (
        MAX_REPORT_BYTES,
        lambda f: (
            ["link-issue", "--dry-run", "--state", str(_state(f)), "--report", str(_urls(f))],
            f / "urls.txt",
        ),
    ),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("reader", list(COMMANDS))
def test_each_command_refuses_a_hostile_file_with_exit_3_naming_it(cli, tmp_path, reader, kind):
    limit, setup = COMMANDS[reader]
    folder = tmp_path / "given"
    folder.mkdir()
    arguments, hostile = setup(folder)
    make_hostile(hostile, kind, limit)
    try:
        # PATH holds no `gh`: nothing may get that far.
        result = cli(*arguments, timeout=120, env={"PATH": str(tmp_path)})
    except subprocess.TimeoutExpired:
        with open(hostile, "wb"):  # a FIFO's reader is still waiting: let it go
            pass
        pytest.fail(f"{reader}: the command did not end with {kind} at {hostile}")
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert str(hostile) in result.stderr and WORDS[kind] in result.stderr, result.stderr


# --- package data: the schema, the templates, the strings ----------------------------------------

PACKAGE_DATA: dict[str, tuple[str, Callable[[Path], object]]] = {
    "schema": ("schema.json", lambda path: load_schema(path)),
    "template": ("page.md.j2", lambda path: BoundedLoader(path.parent).get_source(None, path.name)),  # type: ignore[arg-type]
    "strings": ("zh.yaml", lambda path: strings("zh", path.parent)),
    "speed-script": ("little_berts_speed.py", read_source),
    "pyproject": ("pyproject.toml", project_table),
    "measurement-schema": ("measurement.schema.json", lambda path: measurement_schema(path)),
}


def measurement_schema(path: Path) -> object:
    """generator.measure.load's schema reader, pointed at `path` (uncached)."""
    previous = measurement_load.SCHEMA_PATHS[2]
    measurement_load.SCHEMA_PATHS[2] = path
    try:
        return measurement_load.load_schema.__wrapped__(2)
    finally:
        measurement_load.SCHEMA_PATHS[2] = previous


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("reader", list(PACKAGE_DATA))
def test_package_data_that_cannot_be_read_is_a_failure_naming_it(tmp_path, reader, kind):
    name, read = PACKAGE_DATA[reader]
    (tmp_path / "data").mkdir()
    path = tmp_path / "data" / name
    make_hostile(path, kind, 1024 * 1024)
    error = bounded(lambda: read(path), path)
    assert isinstance(error, FileUnreadable) and error.exit_code == 3, error
    assert str(error).startswith(f"{path}:1: ") and WORDS[kind] in str(error), error


# --- caches and earlier outputs: derived files are never trusted, never waited on ----------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_hostile_params_cache_is_no_cache(tmp_path, kind):
    (tmp_path / "cache").mkdir()
    path = tmp_path / "cache" / "params.json"
    make_hostile(path, kind, MAX_CACHE_BYTES)
    assert bounded(lambda: load_entries(path, {"torch": "x", "transformers": "y"}), path) == {}


@pytest.mark.parametrize("kind", KINDS)
def test_a_hostile_earlier_output_is_replaced_not_read(tmp_path, kind):
    (tmp_path / "site").mkdir()
    path = tmp_path / "site" / "page.md"
    make_hostile(path, kind, len(b"new text"))
    assert bounded(lambda: write_if_changed(path, "new text"), path) is True
    assert not path.is_symlink() and path.read_text(encoding="utf-8") == "new text"


def test_an_unreadable_file_is_an_expected_failure():
    assert issubclass(FileUnreadable, Failure) and FileUnreadable.exit_code == 3
