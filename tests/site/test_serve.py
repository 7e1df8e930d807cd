"""`mkdocs serve`: saving a catalogue edit updates the served page, the rebuild settles, and a
bad edit is reported without a traceback and the server lives on until the catalogue is fixed."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request

from ..conftest import replace_once
from ..processes import listening_port
from ..waiting import wait_until
from .conftest import mkdocs_env, project_copy

PAGE = "/models/uncased_L-2_H-128_A-2/"
POLL = 0.3
"""Seconds between polls: each is an HTTP request or a log read, and mkdocs serve needs the CPU."""


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def idle_builds(log, quiet: float = 3.0, timeout: float = 180) -> int:
    """The number of finished builds once `mkdocs serve` is idle: every change it detected has
    been built (or failed), and its log has not grown for `quiet` seconds since. A rebuild loop
    never gets there, so it fails here after `timeout` instead of passing by luck."""
    state = {"size": -1, "since": 0.0}

    def idle() -> int | None:
        text = log.read_text(encoding="utf-8")
        handled = text.count("Reloading browsers") + text.count("An error happened during the rebuild")
        if len(text) != state["size"] or text.count("Detected file changes") > handled:
            state["size"], state["since"] = len(text), time.monotonic()
            return None
        if time.monotonic() - state["since"] < quiet:
            return None
        return len(re.findall(r"Documentation built in", text))

    builds = wait_until(idle, timeout, "mkdocs serve to settle (no rebuild loop)", POLL)
    assert builds is not None  # wait_until fails the test itself when given `what`
    return builds


def test_catalogue_edit_updates_the_served_page_without_a_rebuild_loop(catalog_copy, tmp_path, params_cache):
    project = project_copy(tmp_path / "project", catalog_copy)
    log = tmp_path / "serve.log"
    with log.open("w") as sink:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "serve",
                "-f",
                str(project / "mkdocs.yml"),
                "-a",
                "127.0.0.1:0",
            ],  # a port the kernel picks: never one another run took
            cwd=project,
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=mkdocs_env(
                params_cache,
                LITTLE_BERTS_CATALOG=str(project / "catalog"),
                LITTLE_BERTS_LINK_STATE=str(tmp_path / "no-state.json"),
            ),
        )
    try:
        port = wait_until(
            lambda: listening_port(server.pid) or server.poll() is not None, 120, "mkdocs serve to listen", POLL
        )
        assert server.poll() is None, log.read_text(encoding="utf-8")[-3000:]
        url = f"http://127.0.0.1:{port}{PAGE}"
        first = wait_until(lambda: fetch(url), 120, "the first build", POLL)
        assert "lnyy" in first and "zzzz" not in first

        replace_once(project / "catalog" / "models.yaml", 'code: "lnyy"', 'code: "zzzz"')
        wait_until(lambda: "zzzz" in (fetch(url) or ""), 120, "the edit to reach the served page", POLL)

        # The rebuild writes changed pages into docs_dir, which is watched: at most one more
        # rebuild may follow, after which nothing changes and the server stays idle.
        settled = idle_builds(log)
        assert settled <= 4, log.read_text(encoding="utf-8")[-3000:]

        # A wrong published figure: the problem is logged and the server waits (MkDocs holds
        # requests until a build succeeds) instead of dying.
        published = project / "catalog" / "published.yaml"
        replace_once(published, '"11.3M"', '"12.3M"')
        wait_until(
            lambda: "disagrees with the published 12.3M" in log.read_text(encoding="utf-8"),
            120,
            "the bad figure to be reported",
            POLL,
        )
        output = log.read_text(encoding="utf-8")
        assert "computed parameter counts disagree with a formula or a published figure" in output
        assert "Traceback" not in output, output[-3000:]
        assert server.poll() is None
        # Fixing it (with another edit) brings the served site up to date again.
        replace_once(published, '"12.3M"', '"11.3M"')
        replace_once(project / "catalog" / "models.yaml", 'code: "zzzz"', 'code: "yyyy"')
        wait_until(
            lambda: "yyyy" in (fetch(url) or ""), 120, "the fixed catalogue to reach the served page", POLL
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
