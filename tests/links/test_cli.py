"""`python -m generator check-links` as a user runs it: a subprocess against the loopback server."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.links.model import LinkReason
from generator.links.state.file import DEFAULT_STATE_PATH
from tests.links import baidu_pages as pages
from tests.links.commands import check_links, write_urls
from tests.links.loopback import GCS_NO_SUCH_KEY, Reply, html, redirect
from tests.running import ROOT

DEAD_ZIP = "/bert_models/2020_02_20/uncased_L-2_H-128_A-2.zip"
BUNDLE_SHARE = "http://pan.baidu.com/s/1MjugY49rz51VN6PO2_LRyQ"


def test_all_ok_exits_0_with_text_report_and_progress_on_stderr(server, tmp_path):
    urls = write_urls(
        tmp_path, "# models", server.route("/a.zip", Reply(200)), "", server.route("/b", Reply(200))
    )
    result = check_links("--urls", str(urls), "--allow-private")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "2 links: 2 ok, 0 dead, 0 unsure"
    assert "[1/2]" in result.stderr and "[2/2]" in result.stderr  # plain lines: stderr is not a TTY
    assert "\r" not in result.stderr


def test_dead_link_exits_1_and_json_stdout_is_clean(server, tmp_path):
    urls = write_urls(tmp_path, server.route("/ok", Reply(200)), server.route("/gone", Reply(410)))
    result = check_links("--urls", str(urls), "--allow-private", "--format", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"] == {"total": 2, "ok": 1, "dead": 1, "unsure": 0}
    assert report["state_file"] is None and report["checked_at"].endswith("Z")
    dead = next(r for r in report["links"] if r["verdict"] == "dead")
    assert dead["url"] == server.url("/gone") and dead["reason"] == "http_410"
    assert dead["http_status"] == 410 and dead["checked_at"].endswith("Z") and dead["detail"]
    assert dead["owners"] == [] and "consecutive_dead" not in dead


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["https://example.org/a", "", "# fine", "htp://x"],
            ["urls.txt:4: 'htp://x' is not an http(s) URL (fix or remove the line)"],
        ),
        (
            ["example.org", "https://exa mple.org"],
            [
                "urls.txt:1: 'example.org' is not an http(s) URL (fix or remove the line)",
                "urls.txt:2: 'https://exa mple.org' contains white space (fix or remove the line)",
            ],
        ),
        (
            ["# only comments"],
            [
                "urls.txt: no URLs found (write one http(s) URL per line; blank lines and lines starting with "
                "# are ignored)"
            ],
        ),
    ],
)
def test_bad_url_list_exits_3_naming_the_line(tmp_path, lines, expected):
    write_urls(tmp_path, *lines)
    result = check_links("--urls", "urls.txt", cwd=tmp_path)
    assert result.returncode == 3
    summary = f"error: {len(expected)} problem(s) in the URL list; no link was checked"
    assert (result.stdout, result.stderr.splitlines()) == ("", [*expected, summary])


def test_unreadable_url_list_exits_3(tmp_path):
    result = check_links("--urls", str(tmp_path / "missing.txt"))
    assert result.returncode == 3
    assert result.stderr.startswith(f"{tmp_path / 'missing.txt'}: cannot read the URL list: No such file")


def test_nothing_verified_exits_4_and_leaves_the_state_byte_identical(server, tmp_path):
    state = tmp_path / "state.json"
    seed = write_urls(tmp_path, server.route("/seed", Reply(200)))
    assert check_links("--urls", str(seed), "--allow-private", "--state", str(state)).returncode == 0
    before = state.read_bytes()
    urls = write_urls(tmp_path, server.route("/seed", Reply(503)), server.route("/limited", Reply(429)))
    result = check_links("--urls", str(urls), "--allow-private", "--state", str(state), "--format", "json")
    assert result.returncode == 4, result.stderr
    assert state.read_bytes() == before
    assert json.loads(result.stdout)["state_written"] is False
    assert "nothing could be verified" in result.stderr
    assert server.count("/limited") == 2  # it was tried (with a retry), just not verifiable


def test_private_urls_are_refused_without_the_flag(server, tmp_path):
    urls = write_urls(tmp_path, server.route("/x", Reply(200)))
    result = check_links("--urls", str(urls), "--format", "json")
    assert result.returncode == 4
    assert json.loads(result.stdout)["links"][0]["reason"] == "private_address"
    assert server.count("/x") == 0


def test_url_runs_leave_the_catalogue_state_alone(server, tmp_path):
    before = DEFAULT_STATE_PATH.read_bytes() if DEFAULT_STATE_PATH.exists() else None
    urls = write_urls(tmp_path, server.route("/gone", Reply(404)))
    assert check_links("--urls", str(urls), "--allow-private").returncode == 1
    after = DEFAULT_STATE_PATH.read_bytes() if DEFAULT_STATE_PATH.exists() else None
    assert after == before


@pytest.fixture
def http_catalog(small_catalog, tmp_path) -> Path:
    """The small catalogue with http:// links, so they can go through the loopback proxy."""
    target = tmp_path / "catalog"
    shutil.copytree(small_catalog, target)
    for file in target.glob("*.yaml"):
        file.write_text(file.read_text(encoding="utf-8").replace("https://", "http://"), encoding="utf-8")
    return target


def serve_catalogue(proxy) -> None:
    def anything(seen):
        if seen.host == "pan.baidu.com" and seen.path.startswith("/s/1"):
            return redirect(f"/share/init?surl={seen.path[4:]}")
        if seen.path == "/share/init":
            return html(pages.CODE_PAGE)
        return Reply(200)

    proxy.fallback = anything
    proxy.route(DEAD_ZIP, Reply(404, GCS_NO_SUCH_KEY, {"Content-Type": "application/xml"}))


def test_catalogue_run_records_history_and_confirms_after_two_runs(proxy, http_catalog, tmp_path):
    serve_catalogue(proxy)
    state = tmp_path / "state" / "link-state.json"
    first = check_links(
        "--catalog", str(http_catalog), "--state", str(state), "--format", "json", proxy_url=proxy.base
    )
    assert first.returncode == 1, first.stderr
    report = json.loads(first.stdout)
    assert report["summary"] == {"total": 14, "ok": 13, "dead": 1, "unsure": 0, "confirmed_dead": 0}
    dead = next(r for r in report["links"] if r["verdict"] == "dead")
    assert dead["reason"] == "gcs_no_such_key"
    assert dead["owners"] == [{"id": "uncased_L-2_H-128_A-2", "type": "model", "kind": "google_zip"}]
    assert (dead["consecutive_dead"], dead["confirmed_dead"], dead["since"]) == (1, False, dead["checked_at"])
    bundle = next(r for r in report["links"] if r["url"] == BUNDLE_SHARE)
    assert bundle["owners"] == [{"id": "baidu-tensorflow-all", "type": "bundle", "kind": "baidu_tensorflow"}]
    assert bundle["reason"] == "baidu_needs_code"
    assert proxy.count("/s/1MjugY49rz51VN6PO2_LRyQ", "GET", host="pan.baidu.com") == 1

    second = check_links(
        "--catalog", str(http_catalog), "--state", str(state), "--format", "markdown", proxy_url=proxy.base
    )
    assert second.returncode == 1
    markdown = second.stdout
    assert markdown.startswith("## Link check: 14 links: 13 ok, 1 dead (1 confirmed), 0 unsure")
    assert markdown.index("### Confirmed dead (1)") < markdown.index("<details><summary>OK (13)")
    assert "serves uncased_L-2_H-128_A-2 (google_zip)" in markdown
    history = json.loads(state.read_text(encoding="utf-8"))["links"]
    assert history[f"http://storage.googleapis.com{DEAD_ZIP}"]["confirmed_dead"] is True


def test_catalogue_run_writes_its_default_state_beside_the_catalogue(proxy, http_catalog):
    serve_catalogue(proxy)
    result = check_links("--catalog", str(http_catalog), proxy_url=proxy.base)
    assert result.returncode == 1, result.stderr
    assert json.loads((http_catalog / "link-state.json").read_text(encoding="utf-8"))["format_version"] == 1
    assert f"history written to {http_catalog / 'link-state.json'}" in result.stderr


def test_invalid_state_file_exits_3_before_checking(server, tmp_path):
    state = tmp_path / "state.json"
    state.write_text("{oops", encoding="utf-8")
    urls = write_urls(tmp_path, server.route("/x", Reply(200)))
    result = check_links("--urls", str(urls), "--allow-private", "--state", str(state))
    assert result.returncode == 3
    assert f"{state}:1: not valid JSON" in result.stderr
    assert server.count("/x") == 0


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--timeout", "nan"),
        ("--timeout", "inf"),
        ("--interval", "nan"),
        ("--backoff", "-inf"),
        ("--retry-after-cap", "inf"),
        ("--timeout", "1e300"),
    ],
)
def test_a_wait_that_is_not_a_finite_number_of_seconds_is_a_usage_error(tmp_path, option, value):
    urls = write_urls(tmp_path, "https://example.org/x")
    result = check_links("--urls", str(urls), f"{option}={value}")
    assert result.returncode == 2
    assert f"argument {option}: must be" in result.stderr and value in result.stderr


def test_a_dead_after_the_state_file_could_not_hold_is_a_usage_error(tmp_path):
    urls = write_urls(tmp_path, "https://example.org/x")
    result = check_links("--urls", str(urls), "--dead-after=2000000")
    assert result.returncode == 2
    assert "argument --dead-after: must be 1 to 1,000,000, got 2000000" in result.stderr


@pytest.mark.parametrize("where", ["a folder", "below a file", "in a folder nobody may write"])
def test_a_state_file_that_cannot_be_written_exits_3_before_any_link_is_checked(server, tmp_path, where):
    if where == "a folder":
        state = tmp_path / "state"
        state.mkdir()
    elif where == "below a file":
        (tmp_path / "plain.txt").write_text("not a folder\n", encoding="utf-8")
        state = tmp_path / "plain.txt" / "link-state.json"
    else:
        # Reading finds no file (an empty history) and only the write would fail; /proc takes
        # no new files even from root, so this holds whoever runs the tests.
        state = Path("/proc/no-such-folder/link-state.json")
    urls = write_urls(tmp_path, server.route("/x", Reply(200)))
    result = check_links("--urls", str(urls), "--allow-private", "--state", str(state))
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith(f"{state}: cannot write the state file")
    assert result.stdout == "" and server.count("/x") == 0


def test_a_state_file_that_cannot_be_written_at_the_end_exits_3_after_the_report(server, tmp_path):
    folder = tmp_path / "history"
    folder.mkdir()
    state = folder / "link-state.json"

    def pull_the_folder_away(seen):
        # While the run is under way, the folder becomes a plain file: the write must fail.
        if folder.is_dir():
            shutil.rmtree(folder)
            folder.write_text("now a file\n", encoding="utf-8")
        return Reply(404)

    urls = write_urls(tmp_path, server.route("/gone", pull_the_folder_away))
    result = check_links("--urls", str(urls), "--allow-private", "--state", str(state), "--format", "json")
    assert result.returncode == 3, result.stderr
    report = json.loads(result.stdout)  # the run's findings are not lost
    assert report["summary"]["dead"] == 1 and report["state_written"] is False
    assert report["state_error"].startswith(f"{state}: cannot write the state file")
    # Through generator/failure.py like every other failure: the problem, then one error line last.
    problem, error = result.stderr.splitlines()[-2:]
    assert problem.startswith(f"{state}: cannot write the state file")
    assert error == "error: the link history was not saved; the report above is complete"
    assert result.stderr.count("error:") == 1
    assert folder.read_text(encoding="utf-8") == "now a file\n"


def test_starting_the_cli_imports_neither_requests_nor_torch():
    # Every command module is imported to build the parser: none may pull in the HTTP stack or torch.
    code = (
        "import sys; from generator.cli import build_parser; build_parser(); "
        "loaded = [m for m in ('requests', 'urllib3', 'torch') if m in sys.modules]; "
        "assert not loaded, loaded"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr


def test_help_lists_the_shared_exit_codes_and_what_they_mean_here(cli):
    from generator import exitcodes

    result = cli("check-links", "--help", timeout=120)
    assert exitcodes.HELP_EPILOG in result.stdout
    assert "70 also when checking one link hit a bug" in result.stdout


def test_the_exit_code_puts_a_bug_before_any_finding():
    from generator.commands.check_links import exit_code
    from generator.links.model import LinkResult, Verdict

    def one(verdict: str, reason: str) -> LinkResult:
        return LinkResult(
            f"https://example.org/{reason}",
            Verdict(verdict),
            LinkReason.from_code(reason),
            "",
            None,
            "2026-11-24T06:00:00Z",
        )

    ok, dead, busy, bug = (
        one("ok", "http_200"),
        one("dead", "http_404"),
        one("unsure", "rate_limited"),
        one("unsure", "internal_error"),
    )
    assert [exit_code(r) for r in ([ok], [ok, dead], [busy], [ok, dead, bug], [bug])] == [0, 1, 4, 70, 70]
