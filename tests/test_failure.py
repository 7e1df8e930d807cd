"""One error path: every expected failure is a Failure, printed and given its exit code in one place."""

from __future__ import annotations

import pytest

from generator import exitcodes
from generator.catalog import CatalogInvalid
from generator.cli import build_parser, main
from generator.commands.link_issue import GhFailed
from generator.failure import Failure
from generator.links.inputs import UrlListInvalid
from generator.links.state.file import LinkStateInvalid
from generator.params import ParamsError
from generator.render import OutputRefused


@pytest.mark.parametrize(
    "kind", [CatalogInvalid, ParamsError, LinkStateInvalid, UrlListInvalid, OutputRefused, GhFailed]
)
def test_every_expected_failure_shares_the_one_error_path(kind):
    assert issubclass(kind, Failure)
    assert kind.exit_code in exitcodes.MEANINGS
    assert kind.exit_code not in (exitcodes.OK, exitcodes.INTERNAL_ERROR)


def test_a_failure_prints_every_problem_then_one_summary(tmp_path, capsys):
    state = tmp_path / "link-state.json"
    state.write_text(
        '{"format_version": 1, "dead_after_runs": -1.5, "updated_at": 3, "links": {}}', encoding="utf-8"
    )
    before = state.read_bytes()
    urls = tmp_path / "urls.txt"
    urls.write_text("http://127.0.0.1:9/never-asked\n", encoding="utf-8")
    code = main(["check-links", "--urls", str(urls), "--state", str(state)])
    captured = capsys.readouterr()
    assert code == exitcodes.INVALID_INPUT and captured.out == ""
    assert captured.err.splitlines() == [
        f"{state}.dead_after_runs: expected int, found -1.5",
        f"{state}.updated_at: expected str or null, found 3",
        f"error: {LinkStateInvalid.summary}; no link was checked",
    ]
    assert state.read_bytes() == before


def test_help_lists_every_exit_code_from_the_constants(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    text = capsys.readouterr().out
    for code, meaning in exitcodes.MEANINGS.items():
        assert f"  {code:<2} {meaning}\n" in text
    constants = {value for name, value in vars(exitcodes).items() if name.isupper() and isinstance(value, int)}
    assert constants == set(exitcodes.MEANINGS)
