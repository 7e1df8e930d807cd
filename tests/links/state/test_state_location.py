"""Where a catalogue's link history lives is decided in one place (paths.link_state_path): the
run that writes it and the build that shows it agree, whichever catalogue they are given."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.paths import CATALOG_DIR, LINK_STATE_NAME, link_state_path
from tests.links.commands import FAST
from tests.links.loopback import Reply
from tests.running import proxy_env

DEAD_ZIP = "/bert_models/2020_02_20/uncased_L-2_H-128_A-2.zip"


# Slow, for make test only: check-links, then a build that counts the catalogue cold.
@pytest.mark.slow
def test_build_shows_the_history_check_links_wrote_for_the_same_catalogue(cli, proxy, small_catalog, tmp_path):
    catalogue = tmp_path / "catalog"
    shutil.copytree(small_catalog, catalogue)
    for file in catalogue.glob("*.yaml"):  # http://, so the links go through the loopback proxy
        file.write_text(file.read_text(encoding="utf-8").replace("https://", "http://"), encoding="utf-8")
    proxy.fallback = lambda seen: Reply(200)
    proxy.route(DEAD_ZIP, Reply(404))
    env = {**proxy_env(proxy.base), "LITTLE_BERTS_CACHE_DIR": str(tmp_path / "cache")}

    checked = cli("check-links", *FAST, "--catalog", str(catalogue), env=env, timeout=600)
    assert checked.returncode == 1, checked.stderr  # the one dead zip
    written = catalogue / LINK_STATE_NAME
    assert f"history written to {written}" in checked.stderr

    built = cli("build", "--catalog", str(catalogue), "--output", str(tmp_path / "pages"), env=env, timeout=600)
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "pages" / "link-status.en.md").read_text(encoding="utf-8")
    (row,) = [line for line in page.splitlines() if f'href="http://storage.googleapis.com{DEAD_ZIP}"' in line]
    assert "lb-badge--failing" in row and "HTTP 404" in row, row


def test_the_one_answer():
    assert link_state_path() == CATALOG_DIR / LINK_STATE_NAME
    assert link_state_path("/some/catalog") == Path("/some/catalog") / LINK_STATE_NAME
    assert link_state_path("/some/catalog", "/elsewhere/state.json") == Path("/elsewhere/state.json")
