"""Pure rules turning what a server answered (or how the request failed) into a verdict.

`dead` only on definitive signals: 404, 410, Google Cloud Storage NoSuchKey, and the Baidu
share states (see baidu.py). Everything a retry or a later run could change (429, 5xx,
timeouts, resets, DNS and connect failures, anti-bot answers, TLS errors) is `unsure`.
"""

from __future__ import annotations

import socket
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from urllib.parse import urlsplit

import requests
import urllib3.exceptions

from ...catalog.sources import HUGGINGFACE_HOSTS
from ..baidu import share as baidu
from ..model import Answer, Judgement, LinkReason, Reason, Verdict, http_reason
from . import bounds
from .urls import host_matches, host_of, http_url_problem, private_host

GCS_HOSTS = ("storage.googleapis.com", "storage.cloud.google.com")

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

ERROR_BODY_LIMIT = 16 * 1024
"""Enough of an error page for its verdict (a GCS <Code> element is in the first 200 bytes)."""


def is_retryable_status(status: int) -> bool:
    """408, 429 and 5xx may succeed later; 501 means "HEAD not implemented", not "busy"."""
    return status in (408, 429) or (500 <= status < 600 and status != 501)


def prefers_get(url: str) -> bool:
    """Baidu share pages need their body for a verdict: a HEAD would only cost a request."""
    return baidu.is_share_url(url)


def head_needs_get(answer: Answer) -> bool:
    """A HEAD answer that is neither 2xx nor a spent retry is checked again with GET.

    Many servers refuse or mishandle HEAD (405, 501, 403, even 404), so a dead verdict is
    always confirmed by a GET; a 429/5xx that survived every retry is not, since more
    requests to a host that is limiting or failing would not help.
    """
    if baidu.is_share_url(answer.url):
        return True  # redirected onto a share page: its verdict is in the body HEAD did not get
    return not (200 <= answer.status < 300 or is_retryable_status(answer.status))


def body_limit(url: str, status: int, cap: int) -> int:
    """How much body the verdict for this answer needs (0: none, do not read)."""
    if status in REDIRECT_STATUSES:
        return 0
    if baidu.is_share_url(url):
        return cap
    if status >= 400:
        return min(cap, ERROR_BODY_LIMIT)
    return 0


def judge_redirect(source: str, target: str, *, allow_private: bool) -> Judgement | None:
    """Refuse or decide a redirect before following it; None means follow it."""
    scheme = urlsplit(target).scheme.lower()
    if scheme not in ("http", "https"):
        return Judgement(
            Verdict.UNSURE, LinkReason(Reason.BAD_REDIRECT), f"redirected to a non-http(s) URL: {target}"
        )
    why = private_host(host_of(target))
    if why and not allow_private:
        return Judgement(
            Verdict.UNSURE,
            LinkReason(Reason.PRIVATE_ADDRESS),
            f"redirect to {target} refused: its host is {why} (use --allow-private to follow)",
        )
    problem = http_url_problem(target)
    if problem:  # readers could disagree on where it leads: do not go
        return Judgement(
            Verdict.UNSURE, LinkReason(Reason.BAD_REDIRECT), f"redirect to {target!r} refused: it {problem}"
        )
    return baidu.judge_redirect(source, target)


def judge_target(url: str, *, allow_private: bool) -> Judgement | None:
    """Refuse a URL before any request, or None to check it."""
    why = private_host(host_of(url))  # the host a browser would contact (WHATWG)
    if why and not allow_private:
        return Judgement(
            Verdict.UNSURE,
            LinkReason(Reason.PRIVATE_ADDRESS),
            f"not checked: the host is {why} (use --allow-private to check it)",
        )
    problem = http_url_problem(url)
    if problem:  # the inputs refuse these already; this guard does not rely on it
        return Judgement(Verdict.UNSURE, LinkReason(Reason.BAD_URL), f"not checked: the URL {problem}")
    return None


def _status_words(status: int) -> str:
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def judge_answer(answer: Answer) -> Judgement:
    """The verdict for the last answer of a chain."""
    host = host_of(answer.url)
    if baidu.is_share_host(host):
        decided = baidu.judge_page(answer)
        if decided is not None:
            return decided
    if baidu.is_captcha_url(answer.url):
        return Judgement(Verdict.UNSURE, LinkReason(Reason.CAPTCHA), "ended on Baidu's captcha page: throttled")
    status, words = answer.status, _status_words(answer.status)
    if 200 <= status < 300:
        # On hosts without special rules a 2xx is taken at its word: the file or page is
        # served. (A "soft 404" page answering 200 would pass; none of the catalogue's
        # non-Baidu hosts does that.)
        return Judgement(Verdict.OK, http_reason(status), f"{words} ({answer.method})")
    if status == 404:
        if host_matches(host, GCS_HOSTS) and "<Code>NoSuchKey</Code>" in answer.body:
            return Judgement(
                Verdict.DEAD,
                LinkReason(Reason.GCS_NO_SUCH_KEY),
                "Google Cloud Storage: NoSuchKey, the object does not exist",
            )
        if host_matches(host, HUGGINGFACE_HOSTS):
            return Judgement(Verdict.DEAD, http_reason(404), f"{words}: no such Hugging Face page")
        return Judgement(Verdict.DEAD, http_reason(404), words)
    if status == 410:
        return Judgement(Verdict.DEAD, http_reason(410), f"{words}: removed for good")
    if status == 429:
        return Judgement(Verdict.UNSURE, LinkReason(Reason.RATE_LIMITED), f"{words}: rate limited")
    if status == 408:
        return Judgement(Verdict.UNSURE, LinkReason(Reason.TIMEOUT), f"{words}: the server timed out")
    if status >= 500:
        return Judgement(Verdict.UNSURE, LinkReason(Reason.SERVER_ERROR), f"{words}: server error")
    if status == 403 and answer.headers.get("cf-mitigated") == "challenge":
        return Judgement(Verdict.UNSURE, LinkReason(Reason.ANTI_BOT), f"{words}: a bot challenge page")
    if status in REDIRECT_STATUSES:
        return Judgement(Verdict.UNSURE, http_reason(status), f"{words} without a Location header")
    return Judgement(Verdict.UNSURE, http_reason(status), f"{words}: not a definitive answer")


def _causes(error: BaseException) -> list[BaseException]:
    """The error and everything it wraps (requests -> urllib3 -> socket), outermost first."""
    seen: list[BaseException] = []
    todo: list[BaseException] = [error]
    while todo:
        current = todo.pop(0)
        if any(current is s for s in seen):
            continue
        seen.append(current)
        todo += [a for a in current.args if isinstance(a, BaseException)]
        for attr in ("reason", "__cause__", "__context__"):
            inner = getattr(current, attr, None)
            if isinstance(inner, BaseException):
                todo.append(inner)
    return seen


def _innermost_words(error: BaseException) -> str:
    text = str(_causes(error)[-1]) or type(error).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def is_retryable_failure(error: BaseException) -> bool:
    """Timeouts and resets may go away; DNS, connect, proxy and TLS failures will not soon."""
    return judge_failure(error).reason.rule in (Reason.TIMEOUT, Reason.RESET)


def judge_failure(error: BaseException) -> Judgement:
    """The verdict for a request that got no answer: always unsure, with why."""
    causes = _causes(error)

    def has(*types: type) -> bool:
        return any(isinstance(c, types) for c in causes)

    words = _innermost_words(error)
    if has(requests.exceptions.SSLError, urllib3.exceptions.SSLError):
        return Judgement(Verdict.UNSURE, LinkReason(Reason.TLS), f"TLS error: {words}")
    if has(requests.exceptions.ProxyError, urllib3.exceptions.ProxyError):
        return Judgement(
            Verdict.UNSURE, LinkReason(Reason.PROXY), f"the proxy (HTTP_PROXY/HTTPS_PROXY) failed: {words}"
        )
    if has(urllib3.exceptions.NameResolutionError, socket.gaierror):
        return Judgement(Verdict.UNSURE, LinkReason(Reason.DNS), f"the host name did not resolve: {words}")
    # Before timeouts: urllib3's NewConnectionError subclasses ConnectTimeoutError for
    # backwards compatibility, though it means "refused or unreachable", not "too slow".
    if has(urllib3.exceptions.NewConnectionError, ConnectionRefusedError):
        return Judgement(Verdict.UNSURE, LinkReason(Reason.CONNECT), f"could not connect: {words}")
    if has(requests.exceptions.Timeout, urllib3.exceptions.TimeoutError, TimeoutError):
        return Judgement(Verdict.UNSURE, LinkReason(Reason.TIMEOUT), f"no answer within the timeout: {words}")
    if has(
        ConnectionResetError,
        BrokenPipeError,
        ConnectionAbortedError,
        urllib3.exceptions.ProtocolError,
        requests.exceptions.ChunkedEncodingError,
    ):
        return Judgement(
            Verdict.UNSURE, LinkReason(Reason.RESET), f"the connection was reset or closed early: {words}"
        )
    if has(requests.exceptions.ConnectionError, OSError):
        return Judgement(Verdict.UNSURE, LinkReason(Reason.CONNECT), f"could not connect: {words}")
    return Judgement(Verdict.UNSURE, LinkReason(Reason.ERROR), f"{type(error).__name__}: {words}")


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """Retry-After as seconds from `now` (epoch): delta-seconds or an HTTP date; None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    seconds = bounds.header_number(value)
    if seconds is not None:
        return float(seconds)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - now)


def retry_delay(attempt: int, retry_after: float | None, *, base: float, cap: float) -> float:
    """Wait before retry number `attempt + 1`: base x 2^attempt, at least Retry-After, at most cap."""
    delay = base * (2**attempt)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return float(min(delay, cap))
