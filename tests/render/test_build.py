"""Writing the site: only changed files are rewritten, stale ones removed, bad input writes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from generator import exitcodes
from generator.catalog import load_catalog
from generator.cli import main
from generator.measure import load_measurements
from generator.params import CACHE_DIR_ENV
from generator.render import OutputNotAFolder, OutputNotOurs, build_site
from generator.render.build import MARKER

from ..conftest import replace_once
from .conftest import NO_STATE, ROOT


def mtimes(folder):
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_second_build_writes_nothing_and_an_edit_rewrites_only_its_pages(catalog_copy, tmp_path):
    out = tmp_path / "generated"
    first = build_site(load_catalog(catalog_copy), out, NO_STATE)
    assert len(first.written) == 61 and first.unchanged == () and first.removed == ()
    before = mtimes(out)

    again = build_site(load_catalog(catalog_copy), out, NO_STATE)
    assert again.written == () and len(again.unchanged) == 61
    assert mtimes(out) == before

    replace_once(catalog_copy / "models.yaml", 'code: "lnyy"', 'code: "zzzz"')
    edited = build_site(load_catalog(catalog_copy), out, NO_STATE)
    assert set(edited.written) == {
        "catalog.json",
        *(
            f"{page}.{lang}.md"
            for lang in ("zh", "en")
            for page in ("models/uncased_L-2_H-128_A-2", "downloads", "link-status", "about")
        ),
    }
    assert "zzzz" in (out / "models/uncased_L-2_H-128_A-2.zh.md").read_text(encoding="utf-8")


def test_stale_pages_are_removed(real_catalog, small_catalog, tmp_path):
    out = tmp_path / "generated"
    build_site(real_catalog, out, NO_STATE)
    small = load_catalog(small_catalog)
    report = build_site(small, out, NO_STATE)
    dropped = {m.id for m in real_catalog.models} - {m.id for m in small.models}
    # Each dropped model's page in both languages, and the real catalogue's measurements/*.json.
    assert len(report.removed) == 2 * len(dropped) + len(load_measurements(real_catalog))
    assert sorted(p.name for p in (out / "models").iterdir()) == sorted(
        f"{page}.{lang}.md"
        for lang in ("zh", "en")
        for page in ("index", "uncased_L-2_H-128_A-2", "uncased_L-4_H-256_A-4")
    )


def test_refuses_a_folder_it_did_not_write(real_catalog, tmp_path):
    (tmp_path / "notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputNotOurs):
        build_site(real_catalog, tmp_path, NO_STATE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.md"]


def test_output_folder_keeps_itself_out_of_git(real_catalog, tmp_path):
    build_site(real_catalog, tmp_path / "out", NO_STATE)
    assert (tmp_path / "out" / MARKER).read_text(encoding="utf-8").splitlines()[2:] == ["*", "!.gitignore"]


def test_cli_build(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", "--output", str(out), "--state", str(NO_STATE)]) == exitcodes.OK
    written = sum(1 for p in out.rglob("*") if p.is_file() and p.name != MARKER)
    assert capsys.readouterr().out == f"{out}: {written} written, 0 unchanged, 0 removed\n"
    assert (out / "index.zh.md").exists() and not (out / "en").exists()  # suffix layout


def test_cli_invalid_catalogue_exits_3_and_writes_nothing(catalog_copy, tmp_path, capsys):
    replace_once(catalog_copy / "models.yaml", "    layers: 2\n", "    layers: two\n")
    out = tmp_path / "out"
    assert main(["build", "--catalog", str(catalog_copy), "--output", str(out)]) == exitcodes.INVALID_INPUT
    assert "models.yaml:" in capsys.readouterr().err
    assert not out.exists()


def test_cli_invalid_state_file_exits_3_and_writes_nothing(tmp_path, capsys):
    state = tmp_path / "link-state.json"
    state.write_text(json.dumps({"format_version": 1, "links": "not an object"}), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--state", str(state), "--output", str(out)]) == exitcodes.INVALID_INPUT
    assert "link-state.json" in capsys.readouterr().err
    assert not out.exists()


def test_cli_wrong_published_figure_exits_3_and_writes_nothing(catalog_copy, tmp_path, capsys):
    out = tmp_path / "out"
    build = ["build", "--catalog", str(catalog_copy), "--output", str(out), "--state", str(NO_STATE)]
    assert main(build) == exitcodes.OK
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    capsys.readouterr()

    line = replace_once(catalog_copy / "published.yaml", '"11.3M"', '"12.3M"')
    assert main(build) == exitcodes.INVALID_INPUT
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    problem, summary = captured.err.splitlines()
    assert problem.startswith(f"{catalog_copy / 'published.yaml'}:{line}: uncased_L-4_H-256_A-4: ")
    assert "disagrees with the published 12.3M" in problem
    assert summary == (
        "error: computed parameter counts disagree with a formula or a published figure; nothing was written"
    )
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_cli_needing_torch_without_it_exits_3_with_how_to_install(tmp_path):
    """An empty cache means counting; a Python without torch gets the params stage's message."""
    blocked = "import sys; sys.modules['torch'] = None; from generator.cli import main; sys.exit(main())"
    done = subprocess.run(
        [sys.executable, "-c", blocked, "build", "--output", str(tmp_path / "out"), "--state", str(NO_STATE)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, CACHE_DIR_ENV: str(tmp_path / "empty-cache")},
    )
    assert done.returncode == exitcodes.INVALID_INPUT, done.stderr
    assert "\ncannot import torch" in f"\n{done.stderr}" and "make venv" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("below", [False, True])
def test_cli_output_that_is_a_file_exits_3_with_a_message(tmp_path, capsys, below):
    taken = tmp_path / "notes.md"
    taken.write_text("mine", encoding="utf-8")
    out = taken / "generated" if below else taken
    assert main(["build", "--output", str(out), "--state", str(NO_STATE)]) == exitcodes.INVALID_INPUT
    err = capsys.readouterr().err
    what = "is a file" if out == taken else f"would be inside {taken}, which is a file"
    assert err.startswith(f"{out} {what}; choose a folder for the generated pages")
    assert "Traceback" not in err and "nothing was written" in err
    assert taken.read_text(encoding="utf-8") == "mine"
    with pytest.raises(OutputNotAFolder):
        build_site(load_catalog(), out, NO_STATE)


def test_registering_commands_does_not_import_the_renderer():
    """The CLI builds its parser from every command module; Jinja2 loads only for `build`."""
    probe = (
        "import sys; from generator.cli import build_parser; build_parser(); print(sorted("
        "m for m in sys.modules if m.split('.')[0] == 'jinja2' or m.startswith('generator.render')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
