"""Templates and strings are loaded once per render, yet a long-running process (`mkdocs serve`)
sees every edit to them at its next render."""

from __future__ import annotations

import os
import shutil

import pytest

from generator.params import gather_counts
from generator.paths import TEMPLATES_DIR
from generator.render.context import site_data
from generator.render.i18n import STRINGS_FOLDER, Translator
from generator.render.linkstatus import read_state
from generator.render.pages import environment, render_pages

from ..conftest import replace_once
from .conftest import NO_STATE


@pytest.fixture
def templates(tmp_path):
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, copy)
    return copy


def touch_later(path, seconds=10):
    """Move the file's mtime forward, so a same-second edit still counts as newer."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + seconds * 10**9))


def test_one_environment_per_templates_folder_that_picks_up_edits(real_catalog, templates):
    assert environment(templates) is environment(templates)
    assert environment(templates) is not environment(TEMPLATES_DIR)
    site = site_data(real_catalog, gather_counts(real_catalog), read_state(NO_STATE))
    before = render_pages(site, "{}", templates)
    assert "Edited heading" not in before["about.en.md"]

    prose = templates / "prose" / "about.en.md.j2"  # included by about.md.j2
    replace_once(prose, "On {{ catalog.release.date }}", "Edited heading\n\nOn {{ catalog.release.date }}")
    touch_later(prose)
    strings = templates / STRINGS_FOLDER / "en.yaml"
    replace_once(strings, "  title: All models\n", "  title: Every model, edited\n")
    touch_later(strings)
    after = render_pages(site, "{}", templates)
    assert "Edited heading" in after["about.en.md"] and "Edited heading" not in after["about.zh.md"]
    assert "# Every model, edited" in after["models/index.en.md"]
    assert after["models/index.zh.md"] == before["models/index.zh.md"]


def test_a_translator_reads_its_strings_once(templates):
    strings = templates / STRINGS_FOLDER
    t = Translator.load("en", strings)
    assert t.text("models.title") == "All models"
    replace_once(strings / "en.yaml", "  title: All models\n", "  title: Every model, edited\n")
    touch_later(strings / "en.yaml")
    assert t.text("models.title") == "All models"  # looked up in the table it loaded
    assert Translator.load("en", strings).text("models.title") == "Every model, edited"
