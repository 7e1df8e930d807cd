"""Extraction-code verification against a loopback "pan.baidu.com" (reached as a proxy).

Every errno the checker knows, the captcha and anti-bot answers, and the request counts that
prove a code is sent at most once per share per run and never retried.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from generator.links.checking.check import check_urls
from generator.links.checking.fetch import ProbeOptions
from generator.links.checking.schedule import Politeness
from generator.links.model import CodeVerdict, Verdict
from tests.links import baidu_pages as pages
from tests.links.answers import PAN, SHARE, answer_json, serve_share, verify_errno
from tests.links.loopback import FAST, Reply, html, probe, redirect


def test_accepted_code_reads_the_listing_with_home_cookies_referer_and_randsk(proxy):
    serve_share(proxy, verify_errno(0, randsk="rand%2Bsk"))
    result = probe(SHARE, code="lnyy")
    assert (result.verdict, result.reason.code) == (Verdict.OK, "baidu_needs_code")
    code = result.code
    assert (code.verdict, code.errno, code.code) == (CodeVerdict.ACCEPTED, 0, "lnyy")
    assert [(f.name, f.size, f.md5) for f in code.listing.files] == [
        ("uncased_L-2_H-128_A-2.zip", 16_530_000, None)
    ]  # Baidu's md5 is not the file's: not kept
    # The home page once, one POST, one listing; all on the real host name through the proxy.
    assert proxy.count("/", "GET", host="pan.baidu.com") == 1
    assert proxy.count("/share/verify", "POST", host="pan.baidu.com") == 1
    assert proxy.count("/share/list", "GET") == 1
    post = next(s for s in proxy.seen if s.path == "/share/verify")
    assert parse_qs(post.query)["surl"] == ["AbCdEf"]  # the id without its leading 1
    assert parse_qs(post.body.decode())["pwd"] == ["lnyy"]
    assert post.headers["referer"] == f"{PAN}/share/init?surl=AbCdEf"
    assert "BAIDUID=home-cookie" in post.headers["cookie"]
    listing = next(s for s in proxy.seen if s.path == "/share/list")
    assert "BDCLND=rand%2Bsk" in listing.headers["cookie"]
    assert "BAIDUID=home-cookie" in listing.headers["cookie"]
    assert parse_qs(listing.query)["shorturl"] == ["AbCdEf"]
    assert result.requests == 5  # /s/, /share/init, home, verify, list


@pytest.mark.parametrize("errno", [-9, -12])
def test_wrong_or_missing_code_is_rejected_and_the_link_stays_ok(proxy, errno):
    serve_share(proxy, verify_errno(errno))
    result = probe(SHARE, code="zzzz")
    assert result.verdict is Verdict.OK
    assert (result.code.verdict, result.code.errno) == (CodeVerdict.REJECTED, errno)
    assert result.code.listing is None and proxy.count("/share/list") == 0


@pytest.mark.parametrize("errno", [-62, -64, -65, 2, 9999])
def test_throttling_and_unknown_errnos_are_unsure(proxy, errno):
    serve_share(proxy, verify_errno(errno))
    result = probe(SHARE, code="lnyy")
    assert result.verdict is Verdict.OK
    assert (result.code.verdict, result.code.errno) == (CodeVerdict.UNSURE, errno)


@pytest.mark.parametrize(
    ("errno", "reason"),
    [
        (-7, "baidu_share_deleted"),
        (-8, "baidu_share_expired"),
        (105, "baidu_share_missing"),
        (140, "baidu_share_missing"),
    ],
)
def test_dead_share_errnos_decide_the_link_the_page_did_not(proxy, errno, reason):
    serve_share(proxy, verify_errno(errno))
    result = probe(SHARE, code="lnyy")
    assert (result.verdict, result.reason.code) == (Verdict.DEAD, reason)
    assert f"errno {errno}" in result.detail
    assert (result.code.verdict, result.code.errno) == (CodeVerdict.UNSURE, errno)


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (redirect("https://wappass.baidu.com/static/captcha/tuxing.html?ak=1"), "captcha"),
        (html("<h1>403 Forbidden</h1>", status=403), "403"),
        (html(pages.page("百度网盘", "<div id='app'></div>")), "not JSON"),
        (answer_json({"request_id": 1}), "without an errno"),
        (Reply(503, b"busy"), "503"),
    ],
)
def test_captcha_refusals_and_html_answers_are_unsure_and_never_retried(proxy, reply, words):
    serve_share(proxy, reply)
    result = probe(SHARE, code="lnyy", retries=3)
    assert result.verdict is Verdict.OK
    assert result.code.verdict is CodeVerdict.UNSURE and result.code.errno is None
    assert words in result.code.detail
    assert proxy.count("/share/verify") == 1  # a 503 is retried for links, never for a code


def test_timeout_of_the_verification_is_unsure_and_not_retried(proxy):
    # The verification answers only when the test ends, so the probe can only have returned by
    # timing out; 2 s leaves the share page's own answers room on a loaded machine (at 0.3 s a
    # slow share page turned the link's verdict into a timeout too).
    serve_share(proxy, Reply(200, b'{"errno": 0}', delay=3600))
    result = probe(SHARE, code="lnyy", timeout=2, retries=3)
    assert result.verdict is Verdict.OK
    assert result.code.verdict is CodeVerdict.UNSURE and "timeout" in result.code.detail
    assert proxy.count("/share/verify") == 1


def test_captcha_on_the_home_page_sends_no_code(proxy):
    serve_share(proxy, verify_errno(0))
    proxy.route("/", redirect("https://wappass.baidu.com/static/captcha/tuxing.html"))
    result = probe(SHARE, code="lnyy")
    assert result.code.verdict is CodeVerdict.UNSURE and "captcha" in result.code.detail
    assert proxy.count("/share/verify") == 0


def test_a_rejected_code_is_sent_once_per_run_however_often_the_share_is_listed(proxy):
    serve_share(proxy, verify_errno(-9))
    proxy.route("/s/1OtherShare", redirect("/share/init?surl=OtherShare"))
    urls = [SHARE, f"{SHARE}?pwd=zzzz", f"{SHARE}#again", f"{PAN}/s/1OtherShare"]
    codes = dict.fromkeys(urls, "zzzz")
    run = check_urls(
        urls, probe=FAST, politeness=Politeness(concurrency=4, per_host=2, interval=0), codes=codes
    )
    assert [r.code.verdict for r in run.results] == [CodeVerdict.REJECTED] * 4
    # Three URLs of one share cost one verification; the other share its own. The home page once.
    verifies = [parse_qs(s.query)["surl"][0] for s in proxy.seen if s.path == "/share/verify"]
    assert sorted(verifies) == ["AbCdEf", "OtherShare"]
    assert proxy.count("/") == 1


def test_code_verifications_are_spaced_by_the_code_interval():
    from generator.links.checking.fetch import Prober
    from generator.links.checking.schedule import HostGate

    slept: list[float] = []
    prober = Prober(options=ProbeOptions(code_interval=7.0), gate=HostGate(interval=0), sleep=slept.append)
    gate = prober._code_verifier().gate
    gate.clock = lambda: 100.0
    with gate.slot("share/verify"):
        pass
    with gate.slot("share/verify"):
        pass
    assert (gate.per_host, gate.interval, slept) == (1, 7.0, [7.0])
    prober.close()


def test_without_a_code_nothing_is_sent_and_the_code_is_not_checked(proxy):
    serve_share(proxy, verify_errno(0))
    result = probe(SHARE)
    assert result.verdict is Verdict.OK
    assert result.code.verdict is CodeVerdict.NOT_CHECKED and "?pwd=" in result.code.detail
    assert proxy.count("/share/verify") + proxy.count("/") == 0


@pytest.mark.parametrize("page", [pages.OPEN_SHARE, pages.CANCELLED])
def test_a_page_that_asks_for_no_code_gets_no_verification(proxy, page):
    proxy.route("/s/1AbCdEf", html(page))
    proxy.route("/share/verify", verify_errno(0))
    result = probe(SHARE, code="lnyy")
    assert result.code.verdict is CodeVerdict.NOT_CHECKED and result.code.code == "lnyy"
    assert proxy.count("/share/verify") == 0


def test_other_hosts_have_no_code_object(server):
    result = probe(server.route("/a.zip", Reply(200)), allow_private=True, code="lnyy")
    assert result.code is None
