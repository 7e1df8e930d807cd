"""The prober against a real loopback server: statuses, redirects, retries, failures, big bodies."""

from __future__ import annotations

import dataclasses
import socket

import pytest

from generator.links.model import Verdict
from tests.links.loopback import (
    GCS_NO_SUCH_KEY,
    Reply,
    first_then,
    html,
    probe,
    redirect,
    refuse_head,
)
from tests.waiting import wait_until

BIG = 200 * 1024 * 1024
CHUNK = b"\0" * (64 * 1024)


def big_body() -> Reply:
    """200 MB, produced lazily so neither side ever holds it."""
    return Reply(
        200, lambda: (CHUNK for _ in range(BIG // len(CHUNK))), {"Content-Type": "application/zip"}, length=BIG
    )


def test_gcs_no_such_key_is_dead_after_head_then_get(proxy):
    proxy.route(
        "/bert_models/2020_02_20/gone.zip",
        Reply(404, GCS_NO_SUCH_KEY, {"Content-Type": "application/xml; charset=UTF-8"}),
    )
    result = probe("http://storage.googleapis.com/bert_models/2020_02_20/gone.zip")
    assert (result.verdict, result.reason.code, result.http_status) == (Verdict.DEAD, "gcs_no_such_key", 404)
    # HEAD first; its 404 is confirmed by a GET, whose body names NoSuchKey.
    assert proxy.count("/bert_models/2020_02_20/gone.zip", "HEAD", host="storage.googleapis.com") == 1
    assert proxy.count("/bert_models/2020_02_20/gone.zip", "GET", host="storage.googleapis.com") == 1


def test_hugging_face_404_is_dead(proxy):
    proxy.route("/google/no-such-model", html("<h1>404</h1>", status=404))
    result = probe("http://huggingface.co/google/no-such-model")
    assert (result.verdict, result.reason.code) == (Verdict.DEAD, "http_404")
    assert "Hugging Face" in result.detail


def test_410_is_dead(server):
    result = probe(server.route("/retired", Reply(410)), allow_private=True)
    assert (result.verdict, result.reason.code, result.http_status) == (Verdict.DEAD, "http_410", 410)


def test_head_ok_needs_no_get(server):
    result = probe(server.route("/model.zip", Reply(200, b"zip")), allow_private=True)
    assert (result.verdict, result.reason.code) == (Verdict.OK, "http_200")
    assert (server.count("/model.zip", "HEAD"), server.count("/model.zip", "GET")) == (1, 0)


@pytest.mark.parametrize("refusal", [405, 501, 403])
def test_head_refused_falls_back_to_get(server, refusal):
    url = server.route("/no-head", refuse_head(Reply(200, b"fine"), refusal))
    result = probe(url, allow_private=True)
    assert (result.verdict, result.reason.code) == (Verdict.OK, "http_200")
    assert (server.count("/no-head", "HEAD"), server.count("/no-head", "GET")) == (1, 1)


def test_301_chain_is_followed_to_the_end(server):
    server.route("/a", redirect("/b", 301))
    server.route("/b", redirect(server.url("/c"), 301))
    server.route("/c", redirect("/d", 308))
    server.route("/d", Reply(200))
    result = probe(server.url("/a"), allow_private=True)
    assert (result.verdict, result.final_url) == (Verdict.OK, server.url("/d"))
    assert [server.count(p) for p in ("/a", "/b", "/c", "/d")] == [1, 1, 1, 1]


def test_redirect_loop_is_caught_on_the_first_repeat(server):
    server.route("/loop1", redirect("/loop2"))
    server.route("/loop2", redirect("/loop1"))
    result = probe(server.url("/loop1"), allow_private=True)
    assert (result.verdict, result.reason.code) == (Verdict.UNSURE, "redirect_loop")
    assert (server.count("/loop1"), server.count("/loop2")) == (1, 1)


def test_endless_redirects_stop_at_the_limit(server):
    server.fallback = lambda seen: redirect(f"/hop{seen.path.removeprefix('/hop') or 0}0")
    result = probe(server.url("/hop1"), allow_private=True, max_redirects=5)
    assert (result.verdict, result.reason.code) == (Verdict.UNSURE, "too_many_redirects")
    assert len(server.seen) == 6


def test_429_with_retry_after_then_200_waits_and_succeeds(server):
    url = server.route("/limited", first_then(Reply(429, headers={"Retry-After": "30"}), Reply(200)))
    result = probe(url, allow_private=True)
    assert (result.verdict, result.reason.code) == (Verdict.OK, "http_200")
    assert server.count("/limited") == 2
    first, second = server.times("/limited")
    assert second - first >= 0.05  # Retry-After 30 s, capped at retry_after_cap = 0.05 s
    assert "after 2 attempts" in result.detail


def test_429_forever_is_unsure_after_every_retry(server):
    url = server.route("/always-limited", Reply(429, headers={"Retry-After": "1"}))
    result = probe(url, allow_private=True)
    assert (result.verdict, result.reason.code, result.http_status) == (Verdict.UNSURE, "rate_limited", 429)
    assert (server.count("/always-limited", "HEAD"), server.count("/always-limited", "GET")) == (3, 0)
    times = server.times("/always-limited")
    # Growing waits: base 0.01 then 0.02 (each capped at 0.05).
    assert times[1] - times[0] >= 0.01 and times[2] - times[1] >= 0.02


def test_503_once_then_200_is_ok(server):
    url = server.route("/flaky", first_then(Reply(503), Reply(200)))
    result = probe(url, allow_private=True)
    assert result.verdict is Verdict.OK
    assert server.count("/flaky") == 2


def test_503_forever_is_unsure_not_dead(server):
    url = server.route("/down", Reply(503))
    result = probe(url, allow_private=True)
    assert (result.verdict, result.reason.code, result.http_status) == (Verdict.UNSURE, "server_error", 503)
    assert server.count("/down") == 3  # 1 + 2 retries, and no GET on top


def test_answer_slower_than_the_timeout_is_unsure(server):
    # The server answers only when the test ends: the probe can only have returned by timing out.
    url = server.route("/slow", Reply(200, b"late", delay=3600))
    result = probe(url, allow_private=True, timeout=0.3, retries=1)
    assert (result.verdict, result.reason.code) == (Verdict.UNSURE, "timeout")
    assert server.count("/slow") == 2  # timeouts are retried
    assert server.bodies_ended["/slow"] == 0 and not server.stopping.is_set()  # no answer was sent


def test_reset_connection_is_unsure_and_retried(server):
    url = server.route("/reset", Reply(reset=True))
    result = probe(url, allow_private=True)
    assert (result.verdict, result.reason.code, result.http_status) == (Verdict.UNSURE, "reset", None)
    assert server.count("/reset") == 3


def test_200_mb_file_is_checked_by_head_without_any_body(server):
    url = server.route("/all_bert_models.zip", big_body())
    result = probe(url, allow_private=True)
    assert result.verdict is Verdict.OK
    assert (server.count("/all_bert_models.zip", "HEAD"), server.count("/all_bert_models.zip", "GET")) == (1, 0)
    assert server.bytes_sent["/all_bert_models.zip"] == 0


def test_200_mb_file_behind_a_head_refusal_is_not_downloaded(server):
    url = server.route("/big", refuse_head(big_body()))
    result = probe(url, allow_private=True)
    assert result.verdict is Verdict.OK and result.bytes_read == 0
    assert server.count("/big", "GET") == 1
    # The server stops sending once it notices the closed connection.
    wait_until(lambda: server.bodies_ended["/big"], 60, "the server to stop sending the body")
    # The connection is closed, not drained: the server got rid of socket buffers' worth at most.
    assert server.bytes_sent["/big"] < 32 * 1024 * 1024


def test_private_address_is_refused_without_a_request(server):
    url = server.route("/secret", Reply(200))
    result = probe(url)  # allow_private left off
    assert (result.verdict, result.reason.code, result.requests) == (Verdict.UNSURE, "private_address", 0)
    assert "--allow-private" in result.detail
    assert server.count("/secret") == 0


@pytest.mark.parametrize("host", ["localhost", "10.1.2.3", "[::1]", "169.254.169.254", "2130706433"])
def test_other_private_hosts_are_refused_before_any_connection(host):
    result = probe(f"http://{host}/x")
    assert (result.verdict, result.reason.code, result.requests) == (Verdict.UNSURE, "private_address", 0)


def test_redirect_to_a_private_address_is_refused(proxy):
    secret = proxy.route("/secret", Reply(200))
    proxy.route("/go", redirect(secret))
    result = probe("http://mirror.example.org/go")
    assert (result.verdict, result.reason.code) == (Verdict.UNSURE, "private_address")
    assert proxy.count("/go", host="mirror.example.org") == 1
    assert proxy.count("/secret") == 0


def test_allow_private_follows_the_same_redirect(proxy):
    secret = proxy.route("/secret", Reply(200))
    proxy.route("/go", redirect(secret))
    result = probe("http://mirror.example.org/go", allow_private=True)
    assert result.verdict is Verdict.OK
    assert proxy.count("/secret", host="127.0.0.1") == 1


def test_no_proxy_is_honoured(server, monkeypatch):
    # A proxy that refuses connections, and NO_PROXY exempting the loopback server.
    dead_port = _closed_port()
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{dead_port}")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    url = server.route("/direct", Reply(200))
    assert probe(url, allow_private=True).verdict is Verdict.OK
    monkeypatch.setenv("NO_PROXY", "")
    result = probe(url, allow_private=True)
    assert (result.verdict, result.reason.code) == (Verdict.UNSURE, "proxy")
    assert server.count("/direct") == 1


def test_refused_connection_is_unsure_and_not_retried():
    result = probe(f"http://127.0.0.1:{_closed_port()}/x", allow_private=True)
    assert (result.verdict, result.reason.code, result.requests) == (Verdict.UNSURE, "connect", 1)


def test_tls_error_is_unsure(server):
    server.route("/tls", Reply(200))
    result = probe(f"https://127.0.0.1:{server.port}/tls", allow_private=True)
    assert (result.verdict, result.reason.code) == (Verdict.UNSURE, "tls")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_head_redirected_onto_a_baidu_share_is_checked_with_get(proxy):
    proxy.route("/mirror/tiny", redirect("http://pan.baidu.com/s/1Moved"))
    proxy.route("/s/1Moved", html("<title>x</title>" + "分享的文件已经被取消了"))
    result = probe("http://mirror.example.org/mirror/tiny")
    assert (result.verdict, result.reason.code) == (Verdict.DEAD, "baidu_share_cancelled")
    assert (proxy.count("/s/1Moved", "HEAD"), proxy.count("/s/1Moved", "GET")) == (1, 1)


def test_small_answers_keep_the_connection_big_ones_drop_it(server):
    from generator.links.checking.fetch import Prober
    from generator.links.checking.schedule import HostGate
    from tests.links.loopback import FAST

    server.route("/small-404", Reply(404, b"x" * 1000))
    server.route("/big", refuse_head(big_body()))
    prober = Prober(options=dataclasses.replace(FAST, allow_private=True), gate=HostGate(interval=0))
    try:
        for path in ("/small-404", "/small-404", "/big", "/small-404"):
            prober.probe(server.url(path))
    finally:
        prober.close()
    ports = [s.client_port for s in server.seen]
    assert [(s.method, s.path) for s in server.seen] == [
        ("HEAD", "/small-404"),
        ("GET", "/small-404"),
        ("HEAD", "/small-404"),
        ("GET", "/small-404"),
        ("HEAD", "/big"),
        ("GET", "/big"),
        ("HEAD", "/small-404"),
        ("GET", "/small-404"),
    ]
    # One keep-alive connection up to the GET of the 200 MB body, which is dropped unread:
    # the next request needs a new connection.
    assert len(set(ports[:6])) == 1
    assert ports[6] != ports[5] and ports[7] == ports[6]


def test_an_unknown_charset_is_read_as_utf8(proxy):
    # Python has no codec "bogus-enc": decoding with it raised LookupError out of the prober.
    page = "<title>百度网盘</title>啊哦，你来晚了，分享的文件已经被取消了".encode()
    proxy.route("/s/1Bogus", Reply(200, page, {"Content-Type": "text/html; charset=bogus-enc"}))
    result = probe("http://pan.baidu.com/s/1Bogus")
    assert (result.verdict, result.reason.code) == (Verdict.DEAD, "baidu_share_cancelled")


@pytest.mark.parametrize("location", ["http://[bad/x", "http://exa\u00e9mple.org:80:80/"])
def test_a_location_no_parser_accepts_is_unsure_not_a_crash(server, location):
    # The first raised ValueError in urljoin (and in requests' own look-ahead at redirects);
    # the second, a Latin-1 byte, raised UnicodeDecodeError in requests.
    server.route("/odd", Reply(302, b"", {"Location": location}))
    result = probe(server.url("/odd"), allow_private=True)
    assert result.verdict is Verdict.UNSURE and result.reason.code != "internal_error", result


def test_an_unusable_location_is_a_bad_redirect(server):
    server.route("/odd", Reply(302, b"", {"Location": "http://[bad/x"}))
    result = probe(server.url("/odd"), allow_private=True)
    assert (result.verdict, result.reason.code, result.http_status) == (Verdict.UNSURE, "bad_redirect", 302)
    assert "'http://[bad/x'" in result.detail


def test_a_bug_while_probing_is_that_links_internal_error_not_the_runs_end(server, caplog):
    from generator.links.checking.check import check_urls
    from generator.links.checking.schedule import Politeness
    from tests.links.loopback import FAST

    # A zero timeout is refused by urllib3 with a ValueError, which no rule of the checker
    # expects: it stands for any bug met while probing one URL.
    urls = [server.route("/a", Reply(200)), server.route("/b", Reply(404))]
    broken = dataclasses.replace(FAST, allow_private=True, timeout=0)
    with caplog.at_level("ERROR", logger="generator.links.checking.fetch"):
        run = check_urls(urls, probe=broken, politeness=Politeness(interval=0))
    assert [(r.url, r.verdict, r.reason.code) for r in run.results] == [
        (urls[0], Verdict.UNSURE, "internal_error"),
        (urls[1], Verdict.UNSURE, "internal_error"),
    ]
    assert all("ValueError" in r.detail and "bug" in r.detail for r in run.results)
    logged = [record for record in caplog.records if record.exc_info]
    assert len(logged) == 2 and urls[0] in " ".join(r.getMessage() for r in logged)  # traceback kept
