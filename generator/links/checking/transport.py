"""The prober's requests: sent, followed and read as little as its verdict needs.

The prober (fetch.py) asks for a URL's redirect chain, or for one request more (a code check,
evidence); this module sends them, paced by the host's gate (schedule.py), and returns the final
answer or why there is none (a `Stop`, judged by classify.py's rules). What an answer means is
for fetch.py and classify.py to say.

- Bodies are streamed and read only as far as the verdict needs (`classify.body_limit`), then
  the connection is closed: a 2 GB zip costs a few kilobytes at most.
- Each request runs under one total deadline (`timeout`): connecting, the status line, the
  headers, the capped body and parsing its JSON together (deadline.py). A server trickling
  bytes cannot hold a request longer, and an answer cut short is a timeout or a reset, never `ok`.
- A status HTTP does not define is no answer (bounds.py): it fails like a broken one.
- Redirects are followed by hand, so that every hop can be refused (private addresses,
  non-http schemes), decided without being followed (Baidu's 404 page, its captcha host),
  and so that loops are caught on the first repeat.
- 408, 429, 5xx, timeouts and resets are retried with growing waits that honour a capped
  Retry-After; an answer from the host pauses the whole host (see schedule.HostGate.defer).
- Proxies come from HTTP_PROXY / HTTPS_PROXY / NO_PROXY exactly as requests reads them
  (trust_env stays on).
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import requests
import urllib3.exceptions

from ..model import Answer, Judgement, LinkReason, Reason, Verdict
from . import bounds, classify
from .deadline import DeadlineAdapter, deadline
from .schedule import HostGate
from .urls import host_of

if TYPE_CHECKING:  # fetch.py imports this module
    from .fetch import ProbeOptions

DRAIN_LIMIT = 64 * 1024
"""An answer with at most this much body left is read to the end so its connection is reused."""

# What a request can raise when the network or the server misbehaves (requests wraps most,
# but not every corner of urllib3 and http.client).
NETWORK_ERRORS = (requests.RequestException, urllib3.exceptions.HTTPError, http.client.HTTPException, OSError)


class InvalidAnswer(http.client.HTTPException):
    """An answer no HTTP server sends (a status outside 100-599): unsure, like a broken one."""


class _Session(requests.Session):
    """A requests session that does not look at redirects: we follow them by hand.

    With allow_redirects=False requests still parses an answer's Location to prepare
    `response.next`, and a Location it cannot parse ("http://[bad", bytes that are not UTF-8)
    raises ValueError or UnicodeDecodeError out of `request()`. The Location is judged by
    `Transport.chain` instead, which turns an unusable one into bad_redirect.
    """

    def __init__(self) -> None:
        super().__init__()
        adapter = DeadlineAdapter()
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def resolve_redirects(self, *args: Any, **kwargs: Any) -> Iterator[requests.Response]:
        return iter(())


@dataclass
class Tally:
    """What one probe's requests spent; mutable, private to one probe."""

    requests: int = 0
    bytes_read: int = 0
    last_status: int | None = None
    last_url: str | None = None
    last_attempts: int = 0
    """Attempts the last hop took (retries + 1)."""


@dataclass(frozen=True)
class Stop:
    """A chain ended without an answer to classify (failure, refusal, loop ...)."""

    judgement: Judgement


@dataclass
class Transport:
    """Sends one prober's requests; safe to share between threads (one requests.Session per thread)."""

    options: ProbeOptions
    gate: HostGate
    sleep: Callable[[float], None]
    _local: threading.local = field(default_factory=threading.local, init=False)
    _sessions: list[_Session] = field(default_factory=list, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def close(self) -> None:
        with self._lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()

    def new_session(self) -> _Session:
        """A session with the checker's headers, closed by close(): a thread's own, or one that
        a caller shares between threads (the code verifier's)."""
        session = _Session()
        session.headers.update(
            {
                "User-Agent": self.options.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8",
                "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8",
            }
        )
        with self._lock:
            self._sessions.append(session)
        return session

    def _session(self) -> _Session:
        session = getattr(self._local, "session", None)
        if session is None:
            # One session per thread: cookies set on a redirect reach the next hop (Baidu sets
            # some on /s/ -> /share/init), and connections to a host are reused.
            session = self._local.session = self.new_session()
        return session

    def chain(self, url: str, method: str, tally: Tally) -> Answer | Stop:
        """Request `url`, following redirects by hand; the final answer or why it stopped."""
        seen = {url}
        redirects: list[tuple[str, int]] = []
        current = url
        while True:
            got = self._request(method, current, tally)
            if isinstance(got, Stop):
                return got
            location = got.headers.get("location")
            if got.status not in classify.REDIRECT_STATUSES or not location:
                return Answer(
                    url=current,
                    status=got.status,
                    headers=got.headers,
                    body=got.body,
                    method=method,
                    redirects=tuple(redirects),
                    data=got.data,
                )
            redirects.append((current, got.status))
            try:
                target = urljoin(current, location.strip())
            except ValueError as error:  # e.g. "http://[bad": urllib.parse refuses it
                return Stop(
                    Judgement(
                        Verdict.UNSURE,
                        LinkReason(Reason.BAD_REDIRECT),
                        f"redirected to an unusable Location {location.strip()!r}: {error}",
                    )
                )
            tally.last_url = target
            decided = classify.judge_redirect(current, target, allow_private=self.options.allow_private)
            if decided is not None:
                return Stop(decided)
            if target in seen:
                hops = " -> ".join([u for u, _ in redirects] + [target])
                return Stop(
                    Judgement(Verdict.UNSURE, LinkReason(Reason.REDIRECT_LOOP), f"redirect loop: {hops}")
                )
            if len(redirects) > self.options.max_redirects:
                return Stop(
                    Judgement(
                        Verdict.UNSURE,
                        LinkReason(Reason.TOO_MANY_REDIRECTS),
                        f"more than {self.options.max_redirects} redirects (last: {target})",
                    )
                )
            seen.add(target)
            current = target

    def _request(self, method: str, url: str, tally: Tally) -> Answer | Stop:
        """One hop, with retries; the answer (body read as far as needed) or the failure."""
        host = host_of(url)
        attempt = 0
        while True:
            tally.last_attempts = attempt + 1
            try:
                with self.gate.slot(host):
                    tally.requests += 1
                    answer = self._send(method, url, tally)
            except NETWORK_ERRORS as error:
                tally.last_url = url
                if classify.is_retryable_failure(error) and attempt < self.options.retries:
                    self.sleep(
                        classify.retry_delay(
                            attempt, None, base=self.options.backoff_base, cap=self.options.retry_after_cap
                        )
                    )
                    attempt += 1
                    continue
                return Stop(classify.judge_failure(error))
            if classify.is_retryable_status(answer.status) and attempt < self.options.retries:
                after = classify.retry_after_seconds(answer.headers.get("retry-after"), time.time())
                delay = classify.retry_delay(
                    attempt, after, base=self.options.backoff_base, cap=self.options.retry_after_cap
                )
                self.gate.defer(host, delay)  # the host asked for a pause: every URL on it waits
                attempt += 1
                continue
            return answer

    def send_once(
        self,
        method: str,
        url: str,
        tally: Tally,
        *,
        session: requests.Session | None = None,
        headers: dict[str, str] | None = None,
        data: dict[str, str] | None = None,
        limit: int | None = None,
    ) -> Answer:
        """One request outside a redirect chain (code checks, evidence), paced by the host's
        gate, not retried; raises the network errors."""
        with self.gate.slot(host_of(url)):
            tally.requests += 1
            return self._send(
                method, url, tally, session=session, headers=headers, data=data, limit=limit, track=False
            )

    def _send(
        self,
        method: str,
        url: str,
        tally: Tally,
        *,
        session: requests.Session | None = None,
        headers: dict[str, str] | None = None,
        data: dict[str, str] | None = None,
        limit: int | None = None,
        track: bool = True,
    ) -> Answer:
        opts = self.options
        answer: Answer | None = None
        with deadline(opts.timeout) as clock:
            try:
                answer = self._exchange(
                    method,
                    url,
                    tally,
                    clock.at,
                    session=session,
                    headers=headers,
                    data=data,
                    limit=limit,
                    track=track,
                )
            except NETWORK_ERRORS:
                if not clock.expired:
                    raise
        # Raised here, outside the handler, so the report names the deadline rather than the
        # closed socket it caused. An answer read to its end as the deadline fell counts as
        # cut short too: its body may have ended only because the socket did.
        if answer is None or clock.expired:
            raise requests.exceptions.Timeout(_deadline_words(opts.timeout))
        return answer

    def _exchange(
        self,
        method: str,
        url: str,
        tally: Tally,
        until: float,
        *,
        session: requests.Session | None = None,
        headers: dict[str, str] | None = None,
        data: dict[str, str] | None = None,
        limit: int | None = None,
        track: bool = True,
    ) -> Answer:
        opts = self.options
        response = (session or self._session()).request(
            method,
            url,
            allow_redirects=False,
            stream=True,
            headers=headers,
            data=data,
            timeout=(opts.timeout, opts.timeout),
        )
        try:
            if not bounds.valid_status(response.status_code):
                raise InvalidAnswer(
                    f"the server answered status {response.status_code}, which HTTP does not define (100-599)"
                )
            if track:  # the link's own chain: its last status and URL are the result's
                tally.last_status, tally.last_url = response.status_code, url
            answered = {k.lower(): v for k, v in response.headers.items()}
            if limit is None:
                limit = classify.body_limit(url, response.status_code, opts.body_cap) if method != "HEAD" else 0
            body = _read_prefix(response, limit, deadline=until, tally=tally)
            _release(response, method)
        finally:
            response.close()  # a no-op once released; otherwise drops the connection, unread
        # Parsed here, inside the request's deadline: the parse is linear in the capped body, and
        # an answer whose parse outlasted the deadline is a timeout like one that arrived late.
        return Answer(
            url=url,
            status=response.status_code,
            headers=answered,
            body=body,
            method=method,
            data=bounds.answer_json(body) if body else None,
        )


def _deadline_words(timeout: float) -> str:
    return (
        f"the answer did not finish within --timeout ({timeout:g}s for the connection, "
        "headers and body together)"
    )


def _release(response: requests.Response, method: str) -> None:
    """Hand the connection back for reuse when what is left of the body is small; otherwise
    leave it to close(), which drops it: the rest of a big body is never read."""
    length = bounds.header_number(response.headers.get("content-length"))
    if method == "HEAD" or (length is not None and length <= DRAIN_LIMIT):
        response.raw.drain_conn()
        response.raw.release_conn()


def _read_prefix(response: requests.Response, limit: int, *, deadline: float, tally: Tally) -> str:
    """Up to `limit` bytes of the body, decoded; raises requests errors (timeouts, resets)."""
    if limit <= 0:
        return ""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=16 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size >= limit:
            break
        if time.monotonic() > deadline:  # a server trickling bytes must not hold us forever
            raise requests.exceptions.ReadTimeout(f"body still arriving after the timeout ({size} bytes)")
    data = b"".join(chunks)[:limit]
    tally.bytes_read += len(data)
    # requests assumes ISO-8859-1 for text/* without a charset (RFC 2616); these pages are UTF-8.
    declared = "charset=" in response.headers.get("content-type", "").lower()
    encoding = response.encoding if declared and response.encoding else "utf-8"
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:  # a charset Python does not know (charset=bogus-enc): read it as UTF-8
        return data.decode("utf-8", errors="replace")
