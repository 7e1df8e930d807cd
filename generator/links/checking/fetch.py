"""The prober: one URL in, one LinkResult out, with as few and as small requests as a verdict needs.

- HEAD first where a status is enough; GET when HEAD is refused or inconclusive, and always
  for Baidu share pages (their verdict is in the body).
- Bodies are streamed and read only as far as the verdict needs (`body_limit`), then the
  connection is closed: a 2 GB zip costs a few kilobytes at most.
- Each request runs under one total deadline (`timeout`): connecting, the status line, the
  headers, the capped body and parsing its JSON together (deadline.py). A server trickling
  bytes cannot hold a request longer, and an answer cut short is a timeout or a reset, never `ok`.
- Whatever an answer says is bounded before it is kept (bounds.py): a status HTTP does not
  define is no answer, and every result passes `bounds.bound_result`.
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
import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import requests
import urllib3.exceptions

from ...catalog.sources import HUGGINGFACE_HOSTS
from ..baidu import share as baidu
from ..baidu.verify import CodeVerifier, needs_code_check
from ..defaults import (
    DEFAULT_BACKOFF_BASE,
    DEFAULT_BODY_CAP,
    DEFAULT_CODE_INTERVAL,
    DEFAULT_MAX_REDIRECTS,
    DEFAULT_RETRIES,
    DEFAULT_RETRY_AFTER_CAP,
    DEFAULT_TIMEOUT,
    USER_AGENT,
)
from ..evidence import listing as evidence
from ..evidence import loads
from ..model import (
    Answer,
    CodeCheck,
    CodeVerdict,
    ConfigCheck,
    Evidence,
    Judgement,
    LinkReason,
    LinkResult,
    Reason,
    Verdict,
    utc_now,
)
from . import bounds, classify
from .deadline import DeadlineAdapter, deadline
from .schedule import HostGate
from .urls import host_matches, host_of

log = logging.getLogger(__name__)

DRAIN_LIMIT = 64 * 1024
"""An answer with at most this much body left is read to the end so its connection is reused."""


@dataclass(frozen=True)
class ProbeOptions:
    """How one URL is probed; every field is a check-links option or a named default."""

    timeout: float = DEFAULT_TIMEOUT
    """Seconds one request may take in all: connection, status line, headers and capped body."""
    retries: int = DEFAULT_RETRIES
    """Retries after the first attempt for 408, 429, 5xx, timeouts and resets."""
    backoff_base: float = DEFAULT_BACKOFF_BASE
    """Wait before the first retry; doubles for each further retry."""
    retry_after_cap: float = DEFAULT_RETRY_AFTER_CAP
    """Upper bound on any wait between retries, Retry-After included."""
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    """Redirects followed before giving up with too_many_redirects."""
    body_cap: int = DEFAULT_BODY_CAP
    """Most body bytes read from one answer."""
    allow_private: bool = False
    """Check (and follow redirects to) localhost and literal private/loopback/link-local IPs."""
    user_agent: str = USER_AGENT
    code_interval: float = DEFAULT_CODE_INTERVAL
    """Seconds between two Baidu code verifications (on top of the host's own pacing)."""
    evidence: bool = True
    """Read the Hugging Face tree API for file sizes and hashes (GCS evidence costs nothing)."""
    config_check: bool = True
    """Read a Hugging Face repository's config.json and ask transformers whether it loads."""


# What a request can raise when the network or the server misbehaves (requests wraps most,
# but not every corner of urllib3 and http.client).
_NETWORK_ERRORS = (requests.RequestException, urllib3.exceptions.HTTPError, http.client.HTTPException, OSError)


class InvalidAnswer(http.client.HTTPException):
    """An answer no HTTP server sends (a status outside 100-599): unsure, like a broken one."""


class _Session(requests.Session):
    """A requests session that does not look at redirects: we follow them by hand.

    With allow_redirects=False requests still parses an answer's Location to prepare
    `response.next`, and a Location it cannot parse ("http://[bad", bytes that are not UTF-8)
    raises ValueError or UnicodeDecodeError out of `request()`. The Location is judged by
    `Prober._chain` instead, which turns an unusable one into bad_redirect.
    """

    def __init__(self) -> None:
        super().__init__()
        adapter = DeadlineAdapter()
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def resolve_redirects(self, *args: Any, **kwargs: Any) -> Iterator[requests.Response]:
        return iter(())


@dataclass
class _Tally:
    """What one probe spent; mutable, private to one probe."""

    requests: int = 0
    bytes_read: int = 0
    last_status: int | None = None
    last_url: str | None = None
    last_attempts: int = 0
    """Attempts the last hop took (retries + 1)."""
    code: CodeCheck | None = None
    evidence: Evidence | None = None
    loads: ConfigCheck | None = None


@dataclass(frozen=True)
class _Stop:
    """A chain ended without an answer to classify (failure, refusal, loop ...)."""

    judgement: Judgement


@dataclass
class Prober:
    """Probes URLs; safe to share between threads (one requests.Session per thread)."""

    options: ProbeOptions = field(default_factory=ProbeOptions)
    gate: HostGate = field(default_factory=HostGate)
    sleep: Callable[[float], None] = time.sleep
    codes: Mapping[str, str] = field(default_factory=dict)
    """URL -> the extraction code to verify when its share page asks for one."""
    _verifier: CodeVerifier | None = field(default=None, init=False)
    _local: threading.local = field(default_factory=threading.local, init=False)
    _sessions: list[_Session] = field(default_factory=list, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def close(self) -> None:
        with self._lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()

    def _new_session(self) -> _Session:
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
            session = self._local.session = self._new_session()
        return session

    def _code_verifier(self) -> CodeVerifier:
        with self._lock:
            if self._verifier is None:
                self._verifier = CodeVerifier(
                    send=self._send_once,
                    session=None,
                    errors=_NETWORK_ERRORS,
                    judge_failure=classify.judge_failure,
                    gate=HostGate(per_host=1, interval=self.options.code_interval, sleep=self.sleep),
                )
        if self._verifier.session is None:
            self._verifier.session = self._new_session()
        return self._verifier

    def probe(self, url: str) -> LinkResult:
        """The URL's verdict. Never raises (but for KeyboardInterrupt and the like): an
        unexpected exception is a bug in the checker, reported as this URL's `internal_error`.

        Why not let it abort the run: one odd answer (a header, a page no rule foresaw) would
        cost every other URL's verdict and the history update, week after week, until fixed.
        Why that does not hide the bug: `unsure` never counts as dead nor clears a dead streak;
        the report lists the URL under unsure with the exception in its detail; the traceback
        goes to stderr (logging); and check-links exits 70 (internal error) after writing its
        report, so a scheduled run fails visibly instead of passing for a clean one.
        """
        tally = _Tally()
        try:
            judgement = self._judge(url, tally)
        except Exception as error:  # see the docstring: contained, logged, reported, exit 70
            log.exception("internal error while checking %s (a bug in the link checker)", url)
            judgement = Judgement(
                Verdict.UNSURE,
                LinkReason(Reason.INTERNAL_ERROR),
                f"internal error (a bug in the link checker, please report it): "
                f"{type(error).__name__}: {error}",
            )
        detail = judgement.detail
        if tally.last_attempts > 1:
            detail += f" (after {tally.last_attempts} attempts)"
        if tally.code is None and baidu.is_share_url(url):
            tally.code = CodeCheck(
                CodeVerdict.NOT_CHECKED,
                code=self.codes.get(url),
                detail="not checked: the share page did not ask for a code this run",
            )
        # The gate: whatever a server chose is checked and bounded before anyone keeps it.
        return bounds.bound_result(
            LinkResult(
                url=url,
                verdict=judgement.verdict,
                reason=judgement.reason,
                detail=detail,
                http_status=tally.last_status,
                checked_at=utc_now(),
                final_url=tally.last_url,
                requests=tally.requests,
                bytes_read=tally.bytes_read,
                code=tally.code,
                evidence=tally.evidence,
                loads=tally.loads,
            )
        )

    def _judge(self, url: str, tally: _Tally) -> Judgement:
        refused = classify.judge_target(url, allow_private=self.options.allow_private)
        if refused is not None:
            return refused
        outcome = self._chain(url, "GET" if classify.prefers_get(url) else "HEAD", tally)
        if isinstance(outcome, Answer) and outcome.method == "HEAD" and classify.head_needs_get(outcome):
            outcome = self._chain(url, "GET", tally)
        if not isinstance(outcome, Answer):
            return outcome.judgement
        judgement = classify.judge_answer(outcome)
        if needs_code_check(judgement):
            judgement = self._check_code(url, outcome, judgement, tally)
        elif judgement.verdict is Verdict.OK:
            self._gather_evidence(outcome, tally)
        return judgement

    def _check_code(self, url: str, answer: Answer, judgement: Judgement, tally: _Tally) -> Judgement:
        """The page asks for a code: verify the given one (once per share and code per run)."""
        code = self.codes.get(url)
        if not code:
            tally.code = CodeCheck(
                CodeVerdict.NOT_CHECKED,
                detail="no code given (a --urls line takes it as ?pwd=xxxx; the catalogue as `code`)",
            )
            return judgement
        tally.code, dead = self._code_verifier().check(answer.url, code, tally)
        tally.evidence = tally.code.listing  # the share's files are its evidence, as for GCS and the Hub
        return dead or judgement

    def _gather_evidence(self, answer: Answer, tally: _Tally) -> None:
        """Sizes and hashes the host publishes: GCS headers are already here; the Hub's tree
        costs one small request. A failed reading gives no evidence, never a verdict."""
        host = host_of(answer.url)
        if host_matches(host, classify.GCS_HOSTS):
            tally.evidence = evidence.gcs_evidence(answer.url, answer.headers)
            return
        if not host_matches(host, HUGGINGFACE_HOSTS):
            return
        tree = evidence.hub_tree_url(answer.url)
        if tree is not None and self.options.evidence:
            tally.evidence = self._hub_tree(tree, tally)
        config = loads.config_url(answer.url)
        if config is not None and self.options.config_check:
            tally.loads = self._hub_config(config, evidence.hub_repo_of(answer.url) or "", tally)

    def _hub_config(self, url: str, repo: str, tally: _Tally) -> ConfigCheck:
        """One GET of config.json, capped at loads.MAX_CONFIG_BYTES (+1 to see a longer body),
        judged by the installed transformers (loads.py); never the link's verdict."""
        before = tally.bytes_read
        try:
            got = self._send_once(
                "GET", url, tally, limit=loads.MAX_CONFIG_BYTES + 1, headers={"Accept": "application/json"}
            )
        except _NETWORK_ERRORS as error:
            return loads.unread(classify.judge_failure(error).detail)
        return loads.judge_answer(got, size=tally.bytes_read - before, repo=repo)

    def _hub_tree(self, url: str, tally: _Tally) -> Evidence | None:
        """The Hub's tree listing, page by page (evidence.hub_tree decides which pages)."""

        def get(page: str) -> Answer | None:
            try:
                return self._send_once(
                    "GET", page, tally, limit=self.options.body_cap, headers={"Accept": "application/json"}
                )
            except _NETWORK_ERRORS:
                return None

        return evidence.hub_tree(url, get)

    def _chain(self, url: str, method: str, tally: _Tally) -> Answer | _Stop:
        """Request `url`, following redirects by hand; the final answer or why it stopped."""
        seen = {url}
        redirects: list[tuple[str, int]] = []
        current = url
        while True:
            got = self._request(method, current, tally)
            if isinstance(got, _Stop):
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
                return _Stop(
                    Judgement(
                        Verdict.UNSURE,
                        LinkReason(Reason.BAD_REDIRECT),
                        f"redirected to an unusable Location {location.strip()!r}: {error}",
                    )
                )
            tally.last_url = target
            decided = classify.judge_redirect(current, target, allow_private=self.options.allow_private)
            if decided is not None:
                return _Stop(decided)
            if target in seen:
                hops = " -> ".join([u for u, _ in redirects] + [target])
                return _Stop(
                    Judgement(Verdict.UNSURE, LinkReason(Reason.REDIRECT_LOOP), f"redirect loop: {hops}")
                )
            if len(redirects) > self.options.max_redirects:
                return _Stop(
                    Judgement(
                        Verdict.UNSURE,
                        LinkReason(Reason.TOO_MANY_REDIRECTS),
                        f"more than {self.options.max_redirects} redirects (last: {target})",
                    )
                )
            seen.add(target)
            current = target

    def _request(self, method: str, url: str, tally: _Tally) -> Answer | _Stop:
        """One hop, with retries; the answer (body read as far as needed) or the failure."""
        host = host_of(url)
        attempt = 0
        while True:
            tally.last_attempts = attempt + 1
            try:
                with self.gate.slot(host):
                    tally.requests += 1
                    answer = self._send(method, url, tally)
            except _NETWORK_ERRORS as error:
                tally.last_url = url
                if classify.is_retryable_failure(error) and attempt < self.options.retries:
                    self.sleep(
                        classify.retry_delay(
                            attempt, None, base=self.options.backoff_base, cap=self.options.retry_after_cap
                        )
                    )
                    attempt += 1
                    continue
                return _Stop(classify.judge_failure(error))
            if classify.is_retryable_status(answer.status) and attempt < self.options.retries:
                after = classify.retry_after_seconds(answer.headers.get("retry-after"), time.time())
                delay = classify.retry_delay(
                    attempt, after, base=self.options.backoff_base, cap=self.options.retry_after_cap
                )
                self.gate.defer(host, delay)  # the host asked for a pause: every URL on it waits
                attempt += 1
                continue
            return answer

    def _send_once(
        self,
        method: str,
        url: str,
        tally: _Tally,
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
        tally: _Tally,
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
            except _NETWORK_ERRORS:
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
        tally: _Tally,
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


def _read_prefix(response: requests.Response, limit: int, *, deadline: float, tally: _Tally) -> str:
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
