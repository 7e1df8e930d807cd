"""Every Baidu Netdisk state the checker knows, served on loopback and reached through it as a proxy.

The URLs name the real host (http://pan.baidu.com/...) so the host-based rules apply; the
proxy (HTTP_PROXY = the loopback server, NO_PROXY empty) is how requests reaches it, which
also proves the checker honours the proxy variables.
"""

from __future__ import annotations

import pytest

from generator.links.defaults import USER_AGENT
from generator.links.model import Verdict
from tests.links import baidu_pages as pages
from tests.links.loopback import Reply, html, probe, redirect

PAN = "http://pan.baidu.com"


def test_share_with_code_redirects_to_init_page_and_is_ok(proxy):
    proxy.route("/s/1AbCdEf", redirect("/share/init?surl=AbCdEf"))
    proxy.route("/share/init", html(pages.CODE_PAGE))
    result = probe(f"{PAN}/s/1AbCdEf")
    assert (result.verdict, result.reason.code) == (Verdict.OK, "baidu_needs_code")
    assert result.final_url == f"{PAN}/share/init?surl=AbCdEf"
    # Through the proxy, with the real host name; GET only (a HEAD would tell nothing).
    assert proxy.count("/s/1AbCdEf", "GET", host="pan.baidu.com") == 1
    assert proxy.count("/share/init", "GET", host="pan.baidu.com") == 1
    assert proxy.count("/s/1AbCdEf", "HEAD") == 0
    init = next(s for s in proxy.seen if s.path == "/share/init")
    assert init.query == "surl=AbCdEf"
    # The tool, and the repository when GITHUB_REPOSITORY names one (generator/project.py).
    assert init.headers["user-agent"] == USER_AGENT and USER_AGENT.startswith("little-berts-linkcheck/")


def test_open_share_listing_files_is_ok(proxy):
    proxy.route("/s/1Open", html(pages.OPEN_SHARE))
    result = probe(f"{PAN}/s/1Open")
    assert (result.verdict, result.reason.code) == (Verdict.OK, "baidu_share_ok")
    assert result.http_status == 200


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        (pages.CANCELLED, "baidu_share_cancelled"),
        (pages.DELETED, "baidu_share_deleted"),
        (pages.EXPIRED, "baidu_share_expired"),
        (pages.TAKEN_DOWN, "baidu_share_taken_down"),
        (pages.NOT_FOUND_PAGE, "baidu_share_missing"),
    ],
)
def test_dead_share_pages_answer_200_and_are_dead(proxy, page, reason):
    proxy.route("/s/1Gone", html(page))
    result = probe(f"{PAN}/s/1Gone")
    assert (result.verdict, result.reason.code, result.http_status) == (Verdict.DEAD, reason, 200)


@pytest.mark.parametrize("target", ["/error/404.html", "/share/error?errno=2&from=s"])
def test_redirect_to_the_error_page_is_dead_without_following_it(proxy, target):
    proxy.route("/s/1Missing", redirect(target))
    proxy.route("/error/404.html", html(pages.NOT_FOUND_PAGE))
    proxy.route("/share/error", html(pages.SHARE_ERROR_PAGE))
    result = probe(f"{PAN}/s/1Missing")
    assert (result.verdict, result.reason.code, result.http_status) == (
        Verdict.DEAD,
        "baidu_share_missing",
        302,
    )
    assert proxy.count("/error/404.html") + proxy.count("/share/error") == 0


def test_error_page_reached_directly_is_dead(proxy):
    proxy.route("/share/error", html(pages.SHARE_ERROR_PAGE))
    result = probe(f"{PAN}/share/error?errno=2")
    assert (result.verdict, result.reason.code) == (Verdict.DEAD, "baidu_share_missing")


@pytest.mark.parametrize(
    ("errno", "reason"),
    [
        (-7, "baidu_share_cancelled"),
        (145, "baidu_share_cancelled"),
        (115, "baidu_share_taken_down"),
        (117, "baidu_share_expired"),
    ],
)
@pytest.mark.parametrize("variant", ["page", "json"])
def test_page_json_errno_decides(proxy, errno, reason, variant):
    if variant == "page":
        proxy.route("/s/1Errno", html(pages.errno_page(errno)))
    else:
        proxy.route(
            "/s/1Errno", Reply(200, pages.errno_json(errno).encode(), {"Content-Type": "application/json"})
        )
    result = probe(f"{PAN}/s/1Errno")
    assert (result.verdict, result.reason.code) == (Verdict.DEAD, reason)
    assert f"errno is {errno}" in result.detail


def test_unknown_errno_is_unsure_with_its_number(proxy):
    proxy.route("/s/1Odd", html(pages.errno_page(-62)))
    result = probe(f"{PAN}/s/1Odd")
    assert (result.verdict, result.reason.code) == (Verdict.UNSURE, "baidu_errno_-62")


def test_captcha_redirect_is_unsure_and_not_followed(proxy):
    proxy.route("/s/1Busy", redirect("https://wappass.baidu.com/static/captcha/tuxing.html?ak=x"))
    result = probe(f"{PAN}/s/1Busy")
    assert (result.verdict, result.reason.code) == (Verdict.UNSURE, "captcha")
    assert result.requests == 1


def test_403_is_anti_bot_and_unsure(proxy):
    proxy.route("/s/1Blocked", html("<h1>403 Forbidden</h1>", status=403))
    result = probe(f"{PAN}/s/1Blocked")
    assert (result.verdict, result.reason.code, result.http_status) == (Verdict.UNSURE, "anti_bot", 403)
    assert proxy.count("/s/1Blocked") == 1  # 403 is not retried


def test_page_without_any_known_marker_is_unsure(proxy):
    proxy.route("/s/1Blank", html(pages.UNRECOGNISED))
    result = probe(f"{PAN}/s/1Blank")
    assert (result.verdict, result.reason.code) == (Verdict.UNSURE, "baidu_unrecognised")


def test_yun_baidu_com_gets_the_same_rules(proxy):
    proxy.route("/s/1Yun", html(pages.EXPIRED))
    result = probe("http://yun.baidu.com/s/1Yun")
    assert (result.verdict, result.reason.code) == (Verdict.DEAD, "baidu_share_expired")
    assert proxy.count("/s/1Yun", host="yun.baidu.com") == 1


def test_the_same_words_on_another_host_are_just_text(proxy):
    # The Baidu rules apply by host: a blog quoting the sentence is not a dead share.
    proxy.route("/post", html(pages.CANCELLED))
    result = probe("http://blog.example.org/post")
    assert (result.verdict, result.reason.code) == (Verdict.OK, "http_200")


def test_share_page_with_a_huge_body_reads_only_the_cap(proxy):
    chunk = b"<!-- filler -->" * 4096  # 60 KiB
    proxy.route(
        "/s/1Huge",
        Reply(
            200, lambda: (chunk for _ in range(3500)), {"Content-Type": "text/html"}, length=len(chunk) * 3500
        ),
    )
    result = probe(f"{PAN}/s/1Huge", body_cap=128 * 1024)
    assert (result.verdict, result.reason.code) == (Verdict.UNSURE, "baidu_unrecognised")
    assert result.bytes_read <= 128 * 1024
    assert proxy.bytes_sent["/s/1Huge"] < 32 * 1024 * 1024  # of 210 MB: socket buffers at most


def test_an_absurdly_long_errno_is_unrecognised_not_a_crash(proxy):
    # int() refuses strings of over 4300 digits: the regex fallback for a cut-off page raised.
    cut_off = (
        pages.page("百度网盘", "<div id='app'></div>")[:-14] + '<script>locals.mset({"errno": ' + "7" * 5000
    )
    proxy.route("/s/1Long", html(cut_off))
    result = probe(f"{PAN}/s/1Long")
    assert (result.verdict, result.reason.code) == (Verdict.UNSURE, "baidu_unrecognised")
