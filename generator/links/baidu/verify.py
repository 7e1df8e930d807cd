"""Verify a Baidu share's extraction code once, the way public share checkers do.

After the share page asked for a code (`baidu_needs_code`):

1. GET the Netdisk home page once per run for its cookies (shares refuse cookie-less
   clients at times);
2. POST `/share/verify?surl=<id without its leading 1>` with the form field `pwd`, the
   share's `/share/init` page as Referer (with another Referer Baidu answers "wrong code"
   even to the right one, as JDownloader's PanBaiduComCrawler notes);
3. when the code is accepted, GET `/share/list` with the answer's `randsk` as the `BDCLND`
   cookie, to record the share's file names and sizes.

Politeness: one verification at a time over the whole run (JDownloader crawls one Baidu link
at a time), verify requests spaced by `code_interval` seconds on top of the host's own pacing
(the listing is a read and keeps the host's pace), and at most one per share and code per
run: the answer is remembered, so a URL listed twice costs nothing.
Nothing here is retried. Repeated wrong codes freeze shares and bring captchas for every
link; a throttled answer waits for the next run.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs, quote, urlsplit

import requests

from ..checking import bounds
from ..checking.schedule import HostGate
from ..evidence.listing import baidu_listing
from ..model import Answer, CodeCheck, CodeVerdict, Evidence, Judgement, Reason, Verdict
from . import codes
from . import share as baidu

APP_ID = "250528"
"""The web client's app id, which the share endpoints expect with `channel=chunlei`."""
ANSWER_LIMIT = 256 * 1024
"""Verify and list answers are small JSON; a bigger answer is not the API."""

Send = Callable[..., Answer]
"""Transport.send_once (checking/transport.py): (method, url, tally, session=, headers=, data=,
limit=) -> Answer, paced by the host's gate; raises the network errors the prober knows."""


def share_id(url: str) -> str | None:
    """The `surl` of a share URL: the /s/ id without its leading 1, or /share/init's surl."""
    parts = urlsplit(url)
    if parts.path.startswith("/s/1") and len(parts.path) > 4:
        return parts.path[4:].split("/", 1)[0]
    found = parse_qs(parts.query).get("surl")
    return found[0] if found else None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _unsure(detail: str, code: str, errno: int | None = None) -> CodeCheck:
    return CodeCheck(CodeVerdict.UNSURE, errno, detail, code=code)


@dataclass
class CodeVerifier:
    """Shared by every worker of a run; thread-safe (one verification at a time)."""

    send: Send
    session: requests.Session | None
    """A requests session of its own: the home page's cookies must reach verify and list,
    whichever worker thread asks."""
    errors: tuple[type[BaseException], ...]
    judge_failure: Callable[[BaseException], Judgement]
    gate: HostGate
    """The extra, slower pace of the verify endpoint (one slot)."""
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _home: dict[str, str | None] = field(default_factory=dict, init=False)
    """origin -> None when the home page answered, else why not."""
    _done: dict[tuple[str, str, str], tuple[CodeCheck, Judgement | None]] = field(
        default_factory=dict, init=False
    )
    """(origin, share id, code) -> the outcome: at most one verification per share and code per run."""

    def check(self, page_url: str, code: str, tally: object) -> tuple[CodeCheck, Judgement | None]:
        """The code's verdict, and a dead judgement when the answer says the share is gone."""
        surl = share_id(page_url)
        if surl is None:
            return _unsure(f"no share id in {page_url}: the code was not sent", code), None
        key = (_origin(page_url), surl, code)
        with self._lock:
            if key in self._done:
                return self._done[key]
            outcome = self._verify(key, tally)
            self._done[key] = outcome
            return outcome

    def _verify(self, key: tuple[str, str, str], tally: object) -> tuple[CodeCheck, Judgement | None]:
        origin, surl, code = key
        refused = self._home_page(origin, tally)
        if refused:
            return _unsure(f"not sent: the Netdisk home page {refused}", code), None
        referer = f"{origin}/share/init?surl={quote(surl)}"
        url = (
            f"{origin}/share/verify?surl={quote(surl)}&t={int(time.time() * 1000)}"
            f"&channel=chunlei&web=1&app_id={APP_ID}&clienttype=0"
        )
        try:
            with self.gate.slot("share/verify"):
                answer = self.send(
                    "POST",
                    url,
                    tally,
                    session=self.session,
                    limit=ANSWER_LIMIT,
                    data={"pwd": code, "vcode": "", "vcode_str": ""},
                    headers={"Referer": referer, "X-Requested-With": "XMLHttpRequest"},
                )
        except self.errors as error:
            return _unsure(f"the verify request failed: {self.judge_failure(error).detail}", code), None
        problem = _not_json_answer(answer)
        if problem:
            return _unsure(f"verify {problem}", code), None
        data = answer.data if isinstance(answer.data, dict) else None
        raw = data.get("errno") if data is not None else None
        errno = bounds.errno(raw)
        if errno is None:
            why = "without an errno" if raw is None else "an errno that is no small integer"
            return _unsure(f"verify answered {why} (not the API's answer)", code), None
        check, dead = codes.judge_errno(errno)
        check = replace(check, code=code)
        if check.verdict is CodeVerdict.ACCEPTED and data is not None:
            check = replace(check, listing=self._listing(origin, surl, referer, data.get("randsk"), tally))
        return check, dead

    def _home_page(self, origin: str, tally: object) -> str | None:
        if origin not in self._home:
            why = None
            try:
                answer = self.send("GET", f"{origin}/", tally, session=self.session, limit=0)
                if answer.status == 403 or answer.status >= 500:
                    why = f"answered HTTP {answer.status} (refused or throttled)"
                elif baidu.is_captcha_url(answer.headers.get("location", "")):
                    why = "redirected to Baidu's captcha page (throttled)"
            except self.errors as error:
                why = f"could not be reached: {self.judge_failure(error).detail}"
            self._home[origin] = why
        return self._home[origin]

    def _listing(self, origin: str, surl: str, referer: str, randsk: object, tally: object) -> Evidence | None:
        """The share's files, or None when the list cannot be read (the code stays accepted)."""
        if not isinstance(randsk, str) or not randsk or len(randsk) > 512 or self.session is None:
            return None
        url = (
            f"{origin}/share/list?shorturl={quote(surl)}&root=1&page=1&num=100&order=name&desc=0"
            f"&web=1&channel=chunlei&app_id={APP_ID}&clienttype=0"
        )
        try:
            # The cookie jar, not a Cookie header: a header would replace the home page's cookies.
            self.session.cookies.set("BDCLND", randsk, domain=urlsplit(origin).hostname, path="/")
            # A read like the share page: the host's pacing is enough (only codes are spaced wider).
            answer = self.send(
                "GET", url, tally, session=self.session, limit=ANSWER_LIMIT, headers={"Referer": referer}
            )
        except self.errors:
            return None
        if _not_json_answer(answer):
            return None
        data = answer.data
        if not isinstance(data, dict) or bounds.errno(data.get("errno")) != 0:
            return None
        return baidu_listing(data)


def _not_json_answer(answer: Answer) -> str | None:
    """Why an answer is not the API's JSON (captcha, 403, redirect, error), or None."""
    if baidu.is_captcha_url(answer.headers.get("location", "")):
        return "redirected to Baidu's captcha page: throttled, says nothing about the code"
    if answer.status == 403:
        return "answered HTTP 403 (anti-bot or throttling): says nothing about the code"
    if not 200 <= answer.status < 300:
        return f"answered HTTP {answer.status}: says nothing about the code"
    if not answer.body.lstrip().startswith("{"):
        return "answered a page, not JSON (a captcha or anti-bot page): says nothing about the code"
    return None


def needs_code_check(judgement: Judgement) -> bool:
    return judgement.verdict is Verdict.OK and judgement.reason.rule is Reason.BAIDU_NEEDS_CODE
