"""The pure rules: hosts and schemes, the private-address guard, Retry-After, failure kinds."""

from __future__ import annotations

import socket

import pytest
import requests
import urllib3.exceptions

from generator.links.checking import classify
from generator.links.checking.urls import http_url_problem, private_host
from generator.links.model import Answer, Verdict
from tests.links import baidu_pages as pages


def answer(url: str, body: str = "", status: int = 200, method: str = "GET") -> Answer:
    return Answer(url=url, status=status, headers={}, body=body, method=method)


@pytest.mark.parametrize(
    "url",
    [
        "https://pan.baidu.com/s/1x",
        "http://pan.baidu.com/s/1x",
        "https://yun.baidu.com/s/1x",
        "HTTPS://PAN.BAIDU.COM/s/1x",
    ],
)
def test_baidu_rules_apply_by_host_for_either_scheme(url):
    judged = classify.judge_answer(answer(url, pages.TAKEN_DOWN))
    assert (judged.verdict, judged.reason.code) == (Verdict.DEAD, "baidu_share_taken_down")
    assert classify.prefers_get(url)


@pytest.mark.parametrize(
    "url", ["https://pan.baidu.com.evil.example/s/1x", "https://baidu.com/s/1x", "https://www.baidu.com/s?wd=x"]
)
def test_other_hosts_do_not_get_the_baidu_rules(url):
    assert classify.judge_answer(answer(url, pages.TAKEN_DOWN)).verdict is Verdict.OK
    assert not classify.prefers_get(url)


def test_cut_off_share_page_still_yields_its_errno():
    body = pages.errno_page(117)
    cut = body[: body.index('"request_id"')]  # the JSON no longer parses
    judged = classify.judge_answer(answer("https://pan.baidu.com/s/1x", cut))
    assert (judged.verdict, judged.reason.code) == (Verdict.DEAD, "baidu_share_expired")


def test_404_without_no_such_key_on_gcs_is_plain_http_404():
    judged = classify.judge_answer(answer("https://storage.googleapis.com/b/k.zip", "<html>", 404))
    assert (judged.verdict, judged.reason.code) == (Verdict.DEAD, "http_404")


@pytest.mark.parametrize(
    ("status", "verdict", "reason"),
    [
        (204, Verdict.OK, "http_204"),
        (401, Verdict.UNSURE, "http_401"),
        (403, Verdict.UNSURE, "http_403"),
        (408, Verdict.UNSURE, "timeout"),
        (429, Verdict.UNSURE, "rate_limited"),
        (500, Verdict.UNSURE, "server_error"),
        (502, Verdict.UNSURE, "server_error"),
        (451, Verdict.UNSURE, "http_451"),
    ],
)
def test_statuses(status, verdict, reason):
    judged = classify.judge_answer(answer("https://example.org/x", status=status))
    assert (judged.verdict, judged.reason.code) == (verdict, reason)


@pytest.mark.parametrize(
    ("host", "refused"),
    [
        ("localhost", True),
        ("api.localhost", True),
        ("127.0.0.1", True),
        ("127.1", True),
        ("2130706433", True),
        ("0x7f.0.0.1", True),
        ("10.0.0.8", True),
        ("172.16.3.4", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),
        ("::1", True),
        ("[::1]", True),
        ("fe80::1", True),
        ("fd00::1", True),
        ("::ffff:127.0.0.1", True),
        ("0.0.0.0", True),
        ("8.8.8.8", False),
        ("pan.baidu.com", False),
        ("cafe", False),
        ("deadbeef.example", False),
        ("localhost.example.org", False),
    ],
)
def test_private_host_guard_reads_literals_only(host, refused):
    assert (private_host(host) is not None) is refused


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("htp://x", "is not an http(s) URL"),
        ("ftp://example.org/f", "is not an http(s) URL"),
        ("example.org/page", "is not an http(s) URL"),
        ("http://", "has no host name"),
        ("https://exa mple.org", "contains white space"),
        ("http://example.org:99999/", "is not a valid URL"),
        ("https://pan.baidu.com/s/1x?pwd=ab12", None),
    ],
)
def test_url_problems(text, problem):
    found = http_url_problem(text)
    assert found == problem if problem is None else found.startswith(problem)


def test_retry_after_seconds_and_dates():
    assert classify.retry_after_seconds("120", now=0) == 120
    assert classify.retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470) == 10
    assert classify.retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412490) == 0
    assert classify.retry_after_seconds("soon", now=0) is None
    assert classify.retry_after_seconds(None, now=0) is None


def test_retry_delay_grows_honours_retry_after_and_is_capped():
    assert [classify.retry_delay(a, None, base=1, cap=60) for a in range(4)] == [1, 2, 4, 8]
    assert classify.retry_delay(0, 30, base=1, cap=60) == 30
    assert classify.retry_delay(0, 3600, base=1, cap=60) == 60
    assert classify.retry_delay(10, None, base=1, cap=60) == 60


def test_dns_failure_is_unsure_and_not_retried():
    # Built, not provoked: a real lookup would leave the machine.
    failure = urllib3.exceptions.NameResolutionError(
        "nowhere.invalid", None, socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    )
    error = requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(None, "/", failure))
    judged = classify.judge_failure(error)
    assert (judged.verdict, judged.reason.code) == (Verdict.UNSURE, "dns")
    assert not classify.is_retryable_failure(error)


@pytest.mark.parametrize(
    ("status", "needs_get"),
    [
        (200, False),
        (204, False),
        (404, True),
        (405, True),
        (501, True),
        (403, True),
        (400, True),
        (429, False),
        (503, False),
    ],
)
def test_which_head_answers_are_checked_again_with_get(status, needs_get):
    assert classify.head_needs_get(answer("https://example.org/x", status=status, method="HEAD")) is needs_get
