"""The CLI as a user runs it: a real subprocess, exit codes, stdout/stderr separation."""

import json
import pkgutil
import re
import subprocess
import sys

from generator.catalog import load_catalog
from tests.conftest import FULL_CATALOG, replace_once
from tests.running import ROOT


def test_validate_ok_prints_one_line_summary(cli):
    result = cli("validate", "--catalog", str(FULL_CATALOG))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "ok: 24 models (5 named), 148 model sources, 3 bundles, 4 GLUE rows, "
        "8 published parameter figures, 0 measurement file(s)"
    ]


def test_validate_broken_catalogue_exits_3_lists_everything_and_writes_nothing(cli, catalog_copy):
    replace_once(catalog_copy / "models.yaml", 'code: "lnyy"', 'code: "lny"')
    replace_once(catalog_copy / "models.yaml", "    name: BERT-Mini\n", "    name: BERT-Small\n")
    before = {p: p.read_bytes() for p in catalog_copy.parent.rglob("*") if p.is_file()}
    result = cli("validate", "--catalog", str(catalog_copy))
    assert result.returncode == 3
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 3 and lines[-1].startswith("error: 2 problem(s)")
    assert all(line.startswith(f"{catalog_copy / 'models.yaml'}:") for line in lines[:2])
    after = {p: p.read_bytes() for p in catalog_copy.parent.rglob("*") if p.is_file()}
    assert after == before


def test_file_paths_are_relative_when_below_the_working_directory(cli, catalog_copy):
    replace_once(catalog_copy / "models.yaml", 'code: "lnyy"', 'code: "lny"')
    result = cli("validate", "--catalog", "catalog", cwd=catalog_copy.parent)
    assert result.stderr.startswith("catalog/models.yaml:")


def test_export_json_is_clean_stdout(cli):
    result = cli("export", "--format", "json")
    assert result.returncode == 0 and result.stderr == ""
    exported = [model["id"] for model in json.loads(result.stdout)["models"]]
    assert exported == [model.id for model in load_catalog().models]  # the real catalogue, whatever its size


def test_usage_errors_exit_2(cli):
    assert cli("no-such-command").returncode == 2
    assert cli("export", "--format", "xml").returncode == 2


def test_help_documents_exit_codes(cli):
    result = cli("--help")
    assert "3  invalid catalogue or input" in result.stdout
    assert "4  nothing could be verified" in result.stdout


def test_an_unexpected_error_exits_70_never_1_which_means_dead_links(monkeypatch, capsys):
    from generator import cli
    from generator.commands import validate

    def boom(args):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(validate, "run", boom)  # register() picks up the module's `run`
    assert cli.main(["validate"]) == 70
    err = capsys.readouterr().err
    assert "RuntimeError: unexpected" in err and "internal error in `validate`" in err


def test_help_lists_every_command_module_in_the_pipelines_order(cli):
    from generator import commands
    from generator.cli import COMMANDS

    modules = {info.name for info in pkgutil.iter_modules(commands.__path__)} - {"common"}
    assert set(COMMANDS) == modules  # a new command module is registered, not forgotten
    listed = re.findall(r"^    (\S+)", cli("--help").stdout, re.MULTILINE)
    assert listed == [name.replace("_", "-") for name in COMMANDS]


def test_a_command_imports_its_own_module_and_no_other_commands(cli):
    """Each run starts a Python: importing all seven command modules (and their stages) cost a
    `link-issue` run more than its own work."""
    probe = (  # --help ends the run with SystemExit: the list is printed on the way out
        "import atexit, sys; atexit.register(lambda: print(sorted(m for m in sys.modules "
        "if m.startswith('generator.commands.') or m == 'generator.catalog'), file=sys.stderr)); "
        "from generator.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    for argv, imported in [
        (["link-issue", "--help"], ["generator.commands.common", "generator.commands.link_issue"]),
        (["check-links", "--help"], ["generator.commands.check_links", "generator.commands.common"]),
        (
            ["validate", "--help"],
            ["generator.catalog", "generator.commands.common", "generator.commands.validate"],
        ),
    ]:
        result = subprocess.run(
            [sys.executable, "-c", probe, *argv], capture_output=True, text=True, timeout=60, cwd=ROOT
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr.splitlines()[-1] == repr(imported), argv
    result = cli("check_links")  # a module's name is not a command's: the whole parser answers
    assert result.returncode == 2 and "invalid choice: 'check_links'" in result.stderr
    assert "link-issue" in result.stderr
