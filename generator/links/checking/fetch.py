"""The prober: one URL in, one LinkResult out, with as few and as small requests as a verdict needs.

- HEAD first where a status is enough; GET when HEAD is refused or inconclusive, and always
  for Baidu share pages (their verdict is in the body). How the requests are sent, followed,
  retried and cut short is transport.py's; what an answer means is classify.py's.
- A share page that asks for its extraction code gets the given code verified
  (baidu/verify.py); only an answer saying the share is gone changes the link's verdict.
- A link found `ok` on GCS or the Hugging Face Hub gets the sizes and hashes its host
  publishes (evidence/listing.py) and, on the Hub, its config.json judged by transformers
  (evidence/loads.py); neither reading is ever the link's verdict.
- Whatever an answer says is bounded before it is kept (bounds.py): every result passes
  `bounds.bound_result`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

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
from .schedule import HostGate
from .transport import NETWORK_ERRORS, Tally, Transport
from .urls import host_matches, host_of

log = logging.getLogger(__name__)


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


@dataclass
class _Tally(Tally):
    """What one probe's requests spent, and what it found besides its verdict."""

    code: CodeCheck | None = None
    evidence: Evidence | None = None
    loads: ConfigCheck | None = None


@dataclass
class Prober:
    """Probes URLs; safe to share between threads (its transport keeps one requests.Session per thread)."""

    options: ProbeOptions = field(default_factory=ProbeOptions)
    gate: HostGate = field(default_factory=HostGate)
    sleep: Callable[[float], None] = time.sleep
    codes: Mapping[str, str] = field(default_factory=dict)
    """URL -> the extraction code to verify when its share page asks for one."""
    _transport: Transport = field(init=False)
    _verifier: CodeVerifier | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        self._transport = Transport(self.options, self.gate, self.sleep)

    def close(self) -> None:
        self._transport.close()

    def _code_verifier(self) -> CodeVerifier:
        with self._lock:
            if self._verifier is None:
                self._verifier = CodeVerifier(
                    send=self._transport.send_once,
                    session=None,
                    errors=NETWORK_ERRORS,
                    judge_failure=classify.judge_failure,
                    gate=HostGate(per_host=1, interval=self.options.code_interval, sleep=self.sleep),
                )
        if self._verifier.session is None:
            self._verifier.session = self._transport.new_session()
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
        outcome = self._transport.chain(url, "GET" if classify.prefers_get(url) else "HEAD", tally)
        if isinstance(outcome, Answer) and outcome.method == "HEAD" and classify.head_needs_get(outcome):
            outcome = self._transport.chain(url, "GET", tally)
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
            got = self._transport.send_once(
                "GET", url, tally, limit=loads.MAX_CONFIG_BYTES + 1, headers={"Accept": "application/json"}
            )
        except NETWORK_ERRORS as error:
            return loads.unread(classify.judge_failure(error).detail)
        return loads.judge_answer(got, size=tally.bytes_read - before, repo=repo)

    def _hub_tree(self, url: str, tally: _Tally) -> Evidence | None:
        """The Hub's tree listing, page by page (evidence.hub_tree decides which pages)."""

        def get(page: str) -> Answer | None:
            try:
                return self._transport.send_once(
                    "GET", page, tally, limit=self.options.body_cap, headers={"Accept": "application/json"}
                )
            except NETWORK_ERRORS:
                return None

        return evidence.hub_tree(url, get)
