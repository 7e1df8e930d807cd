"""The state file under attack: hostile contents are refused (exit 3, named, file unchanged),
two runs never lose each other's results, and a saved file keeps its mode."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading

import pytest

from generator.links.state.file import save_state
from generator.links.state.history import LinkState
from generator.links.state.lock import LinkStateBusy, state_lock
from tests.links.commands import FAST, check_links, write_urls
from tests.links.loopback import PROXY_VARIABLES, Reply
from tests.running import ROOT
from tests.waiting import wait_until

GOOD: dict[str, object] = {"format_version": 1, "updated_at": None, "dead_after_runs": 2, "links": {}}
RECORD = {
    "verdict": "dead",
    "reason": "http_404",
    "detail": "HTTP 404",
    "http_status": 404,
    "since": "2026-11-17T06:00:00Z",
    "last_checked": "2026-11-24T06:00:00Z",
    "last_ok": None,
    "consecutive_dead": 1,
    "confirmed_dead": False,
}


def _with_record(**changes) -> str:
    return json.dumps({**GOOD, "links": {"https://example.org/a": {**RECORD, **changes}}})


# (case id, file text, words stderr must contain)
CASES = [
    ("deep-nesting", "[" * 200_000 + "]" * 200_000, "nested far deeper than a state file is"),
    (
        "deep-nesting-in-a-field",
        _with_record(detail="X").replace('"X"', "[" * 200_000 + "]" * 200_000),
        "nested far deeper",
    ),
    (
        "huge-number",
        _with_record().replace('"consecutive_dead": 1', '"consecutive_dead": ' + "9" * 5000),
        "a number 5,000 characters long",
    ),
    (
        "huge-float",
        _with_record().replace('"consecutive_dead": 1', '"consecutive_dead": 1.' + "5" * 400),
        "a number 402 characters long",
    ),
    ("negative-counter", _with_record(consecutive_dead=-3), "consecutive_dead: -3 is out of range"),
    ("huge-counter", _with_record(consecutive_dead=10**12), "is out of range: allowed from 0 to 1,000,000"),
    ("zero-dead-after", json.dumps({**GOOD, "dead_after_runs": 0}), "dead_after_runs: 0 is out of range"),
    ("bad-status", _with_record(http_status=-1), "http_status: -1 is out of range"),
    (
        "nan",
        _with_record().replace('"consecutive_dead": 1', '"consecutive_dead": NaN'),
        "NaN is not a number JSON allows",
    ),
]


@pytest.mark.parametrize("text, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_hostile_state_file_exits_3_named_and_unchanged(tmp_path, text, words):
    state = tmp_path / "link-state.json"
    state.write_text(text, encoding="utf-8")
    urls = write_urls(tmp_path, "http://127.0.0.1:9/never-requested")
    result = check_links("--urls", str(urls), "--allow-private", "--state", str(state))
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(str(state)) and words in result.stderr, result.stderr
    assert state.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_a_special_file_as_state_is_refused_unread(tmp_path, kind):
    state = tmp_path / "link-state.json"
    state.symlink_to("/dev/zero") if kind == "device" else os.mkfifo(state)
    urls = write_urls(tmp_path, "http://127.0.0.1:9/never-requested")
    result = check_links("--urls", str(urls), "--allow-private", "--state", str(state))
    assert result.returncode == 3, result.stderr
    assert "not a regular file" in result.stderr and "Traceback" not in result.stderr


def test_a_second_run_on_the_same_state_is_refused_and_nothing_is_lost(server, tmp_path):
    state = tmp_path / "link-state.json"
    hold = threading.Event()
    first_url = server.route("/first", lambda seen: (hold.wait(60), Reply(200))[1])
    second_url = server.route("/second", Reply(200))
    env = {k: v for k, v in os.environ.items() if k.upper() not in PROXY_VARIABLES}
    first = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "check-links",
            *FAST,
            "--urls",
            str(write_urls(tmp_path, first_url)),
            "--allow-private",
            "--state",
            str(state),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        wait_until(
            lambda: server.count("/first") > 0 or first.poll() is not None,
            120,
            "the first run to reach the server or end",
        )
        assert server.count("/first") == 1, "the first run ended before reaching the server"

        (tmp_path / "second").mkdir()
        second = check_links(
            "--urls", str(write_urls(tmp_path / "second", second_url)), "--allow-private", "--state", str(state)
        )
        assert second.returncode == 3, second.stderr
        assert "another check-links run" in second.stderr and str(state) in second.stderr
        assert server.count("/second") == 0  # refused before checking anything
    finally:
        hold.set()
        _, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert "history written" in err
    assert list(json.loads(state.read_text(encoding="utf-8"))["links"]) == [first_url]


def test_the_lock_is_refused_in_process_too_and_freed_after(tmp_path):
    state = tmp_path / "link-state.json"
    with state_lock(state), pytest.raises(LinkStateBusy, match="another check-links run"), state_lock(state):
        pass
    with state_lock(state):  # released: the next run proceeds
        pass


def test_a_read_only_state_file_keeps_its_mode(tmp_path):
    state = tmp_path / "link-state.json"
    save_state(state, LinkState())
    state.chmod(0o444)
    save_state(state, LinkState(updated_at="2026-11-24T06:00:00Z"))
    assert stat.S_IMODE(state.stat().st_mode) == 0o444
    assert json.loads(state.read_text(encoding="utf-8"))["updated_at"] == "2026-11-24T06:00:00Z"


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_a_special_file_as_url_list_is_refused_unread(tmp_path, kind):
    urls = tmp_path / "urls.txt"
    urls.symlink_to("/dev/zero") if kind == "device" else os.mkfifo(urls)
    result = check_links("--urls", str(urls))
    assert result.returncode == 3, result.stderr
    assert "not a regular file" in result.stderr and "Traceback" not in result.stderr
