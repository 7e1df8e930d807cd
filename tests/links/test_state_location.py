"""Where a catalogue's link history lives is decided in one place (paths.link_state_path): the
run that writes it and the build that shows it agree, whichever catalogue they are given."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator.paths import CATALOG_DIR, LINK_STATE_NAME, link_state_path
from tests.links.loopback import PROXY_VARIABLES, Reply

ROOT = Path(__file__).resolve().parents[2]
FAST = ("--timeout", "5", "--retries", "1", "--backoff", "0.01", "--retry-after-cap", "0.05",
        "--interval", "0", "--per-host", "4", "--code-interval", "0")
DEAD_ZIP = "/bert_models/2020_02_20/uncased_L-2_H-128_A-2.zip"


def generator(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=600)


def test_build_shows_the_history_check_links_wrote_for_the_same_catalogue(proxy, small_catalog, tmp_path):
    catalogue = tmp_path / "catalog"
    shutil.copytree(small_catalog, catalogue)
    for file in catalogue.glob("*.yaml"):  # http://, so the links go through the loopback proxy
        file.write_text(file.read_text(encoding="utf-8").replace("https://", "http://"), encoding="utf-8")
    proxy.fallback = lambda seen: Reply(200)
    proxy.route(DEAD_ZIP, Reply(404))
    env = {k: v for k, v in os.environ.items() if k.upper() not in PROXY_VARIABLES}
    env.update(HTTP_PROXY=proxy.base, http_proxy=proxy.base, NO_PROXY="", no_proxy="",
               LITTLE_BERTS_CACHE_DIR=str(tmp_path / "cache"))

    checked = generator("check-links", *FAST, "--catalog", str(catalogue), env=env)
    assert checked.returncode == 1, checked.stderr  # the one dead zip
    written = catalogue / LINK_STATE_NAME
    assert f"history written to {written}" in checked.stderr

    built = generator("build", "--catalog", str(catalogue), "--output", str(tmp_path / "pages"), env=env)
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "pages" / "link-status.en.md").read_text(encoding="utf-8")
    (row,) = [line for line in page.splitlines() if f'href="http://storage.googleapis.com{DEAD_ZIP}"' in line]
    assert "lb-badge--failing" in row and "HTTP 404" in row, row


def test_the_one_answer():
    assert link_state_path() == CATALOG_DIR / LINK_STATE_NAME
    assert link_state_path("/some/catalog") == Path("/some/catalog") / LINK_STATE_NAME
    assert link_state_path("/some/catalog", "/elsewhere/state.json") == Path("/elsewhere/state.json")
