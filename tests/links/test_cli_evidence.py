"""check-links as a user runs it, with codes and evidence: JSON records, two runs, offline."""

from __future__ import annotations

import json
import socket

from tests.links.answers import CONTENT, GCS, ZIP, goog_hash, serve_share, verify_errno
from tests.links.commands import check_links, write_urls
from tests.links.loopback import Reply

SHARE = "http://pan.baidu.com/s/1AbCdEf"


def serve_world(proxy, *, errno: int, content: bytes = CONTENT) -> None:
    serve_share(proxy, verify_errno(errno, randsk="sk") if errno == 0 else verify_errno(errno))
    proxy.route(
        ZIP, Reply(200, content, {"x-goog-hash": goog_hash(content), "Content-Type": "application/zip"})
    )


def records(result) -> dict[str, dict]:
    return {r["url"]: r for r in json.loads(result.stdout)["links"]}


def test_json_gives_baidu_results_a_code_object_and_gcs_results_evidence(proxy, tmp_path):
    serve_world(proxy, errno=0)
    urls = write_urls(tmp_path, f"{SHARE}?pwd=lnyy", GCS)
    result = check_links("--urls", str(urls), "--format", "json", proxy_url=proxy.base)
    assert result.returncode == 0, result.stderr
    found = records(result)
    baidu, gcs = found[f"{SHARE}?pwd=lnyy"], found[GCS]
    print(json.dumps(baidu, indent=2, ensure_ascii=False))  # the closing note quotes these two records
    print(json.dumps(gcs, indent=2, ensure_ascii=False))
    assert baidu["code"]["verdict"] == "accepted" and baidu["code"]["errno"] == 0
    assert baidu["code"]["code"] == "lnyy"
    assert baidu["code"]["listing"]["files"][0]["name"] == "uncased_L-2_H-128_A-2.zip"
    assert gcs["evidence"]["files"][0]["md5"] and gcs["evidence"]["source"] == "gcs"
    assert "code" not in gcs


def test_a_line_without_pwd_is_not_checked(proxy, tmp_path):
    serve_world(proxy, errno=0)
    result = check_links("--urls", str(write_urls(tmp_path, SHARE)), "--format", "json", proxy_url=proxy.base)
    assert records(result)[SHARE]["code"]["verdict"] == "not_checked"
    assert proxy.count("/share/verify") == 0


def test_two_runs_confirm_a_rejection_and_report_a_changed_zip(proxy, tmp_path):
    state = tmp_path / "state.json"
    urls = write_urls(tmp_path, f"{SHARE}?pwd=zzzz", GCS)
    serve_world(proxy, errno=-9)
    first = check_links("--urls", str(urls), "--state", str(state), "--format", "json", proxy_url=proxy.base)
    assert first.returncode == 0, first.stderr
    history = records(first)[f"{SHARE}?pwd=zzzz"]["code_history"]
    assert (history["consecutive_rejected"], history["standing"]) == (1, "unknown")

    serve_world(proxy, errno=-9, content=CONTENT + b"repacked")
    second = check_links("--urls", str(urls), "--state", str(state), "--format", "json", proxy_url=proxy.base)
    found = records(second)
    assert found[f"{SHARE}?pwd=zzzz"]["code_history"]["standing"] == "rejected"
    changes = found[GCS]["evidence_changes"]
    assert [(c["file"], c["field"]) for c in changes] == [
        ("uncased_L-2_H-128_A-2.zip", "size"),
        ("uncased_L-2_H-128_A-2.zip", "md5"),
    ]
    assert proxy.count("/share/verify") == 2  # once per run
    text = check_links("--urls", str(urls), "--state", str(state), proxy_url=proxy.base).stdout
    assert "code zzzz rejected" in text
    saved = json.loads(state.read_text(encoding="utf-8"))["links"]
    assert saved[f"{SHARE}?pwd=zzzz"]["code"]["confirmed_rejected"] is True
    assert len(saved[GCS]["evidence"]["changes"]) == 2  # the third run saw no new change

    serve_world(proxy, errno=-9, content=CONTENT)  # and back: news again, in the markdown report too
    fourth = check_links(
        "--urls", str(urls), "--state", str(state), "--format", "markdown", proxy_url=proxy.base
    )
    assert "### Extraction codes and files (3)" in fourth.stdout
    confirmed = f"- <{SHARE}?pwd=zzzz> code `zzzz` rejected (confirmed: rejected on consecutive runs)"
    assert confirmed in fourth.stdout
    assert "`uncased_L-2_H-128_A-2.zip`: md5 changed from" in fourth.stdout
    assert "2 file size(s) or checksum(s) changed" in fourth.stderr
    assert "extraction codes: 1 rejected" in fourth.stderr


def test_offline_run_exits_4_and_leaves_codes_and_evidence_alone(proxy, tmp_path):
    state = tmp_path / "state.json"
    urls = write_urls(tmp_path, f"{SHARE}?pwd=lnyy", GCS)
    serve_world(proxy, errno=0)
    assert check_links("--urls", str(urls), "--state", str(state), proxy_url=proxy.base).returncode == 0
    before = state.read_bytes()
    assert b'"code"' in before and b'"evidence"' in before
    # A port held bound but never listening: every connection is refused. (Closing it first left
    # the port free for another test run's server to take.)
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        dead_proxy = f"http://127.0.0.1:{closed.getsockname()[1]}"
        result = check_links(
            "--urls", str(urls), "--state", str(state), "--format", "json", proxy_url=dead_proxy
        )
    assert result.returncode == 4, result.stderr
    assert state.read_bytes() == before
    assert records(result)[f"{SHARE}?pwd=lnyy"]["code"]["verdict"] == "not_checked"
