"""Typed outcomes of a link check: a verdict, a machine reason and a human detail.

Modelled on lychee's Status/ErrorKind split: the verdict is small and closed (ok, dead,
unsure), the reason says which rule decided it, the detail says it in words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol


class Verdict(StrEnum):
    """What a check concluded about a link in one run."""

    OK = "ok"
    """The download is reachable: 2xx after redirects, or a live Baidu share."""
    DEAD = "dead"
    """A definitive signal that the download is gone (404, 410, NoSuchKey, a dead Baidu share)."""
    UNSURE = "unsure"
    """Nothing definitive: rate limits, 5xx, timeouts, network errors, anti-bot pages, refusals."""


class Reason(StrEnum):
    """The rules that decide a verdict. HTTP and BAIDU_ERRNO carry a number (LinkReason)."""

    # ok
    BAIDU_SHARE_OK = "baidu_share_ok"
    BAIDU_NEEDS_CODE = "baidu_needs_code"
    # dead
    GCS_NO_SUCH_KEY = "gcs_no_such_key"
    BAIDU_SHARE_CANCELLED = "baidu_share_cancelled"
    BAIDU_SHARE_DELETED = "baidu_share_deleted"
    BAIDU_SHARE_EXPIRED = "baidu_share_expired"
    BAIDU_SHARE_TAKEN_DOWN = "baidu_share_taken_down"
    BAIDU_SHARE_MISSING = "baidu_share_missing"
    # unsure: the server answered, but not definitively
    RATE_LIMITED = "rate_limited"
    SERVER_ERROR = "server_error"
    ANTI_BOT = "anti_bot"
    CAPTCHA = "captcha"
    BAIDU_SHARE_EMPTY = "baidu_share_empty"
    BAIDU_UNRECOGNISED = "baidu_unrecognised"
    # unsure: no usable answer
    TIMEOUT = "timeout"
    DNS = "dns"
    CONNECT = "connect"
    RESET = "reset"
    PROXY = "proxy"
    TLS = "tls"
    REDIRECT_LOOP = "redirect_loop"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    BAD_REDIRECT = "bad_redirect"
    BAD_URL = "bad_url"
    """The URL itself could be read two ways (backslash, user:password@ ...): not requested."""
    PRIVATE_ADDRESS = "private_address"
    ERROR = "error"
    """Anything else requests raised; the detail carries the exception."""
    INTERNAL_ERROR = "internal_error"
    """A bug in the checker raised while probing this URL; the detail carries the exception."""
    # numbered: the status or errno is LinkReason.number
    HTTP = "http"
    """The HTTP status decided it (http_200, http_404, http_410 ...)."""
    BAIDU_ERRNO = "baidu_errno"
    """Baidu answered an errno no rule knows (baidu_errno_-62 ...)."""
    # read back only
    UNRECOGNISED = "unrecognised"
    """A state file's reason that no rule of this checker makes (an older or newer checker's):
    LinkReason.text keeps it as written."""


_NUMBERED = {Reason.HTTP: re.compile(r"[1-9][0-9]{2}"), Reason.BAIDU_ERRNO: re.compile(r"0|-?[1-9][0-9]{0,9}")}
"""The numbered rules and how their number is spelled in a code (one spelling per number)."""
_NAMED = frozenset(r.value for r in Reason) - {r.value for r in _NUMBERED} - {Reason.UNRECOGNISED.value}


@dataclass(frozen=True)
class LinkReason:
    """Which rule decided a verdict, as a value: the pages, the issue and the reports read its
    fields; `code` is its one spelling in files and reports ('timeout', 'http_404',
    'baidu_errno_-62'), and `from_code` the one place that spelling is read back."""

    rule: Reason
    number: int | None = None
    """The status (Reason.HTTP) or errno (Reason.BAIDU_ERRNO); None for every other rule."""
    text: str | None = None
    """Reason.UNRECOGNISED only: the code as the file wrote it."""

    @property
    def code(self) -> str:
        if self.rule is Reason.UNRECOGNISED:
            return self.text or ""
        if self.rule in _NUMBERED:
            return f"{self.rule.value}_{self.number}"
        return self.rule.value

    def __str__(self) -> str:
        return self.code

    @classmethod
    def from_code(cls, code: str) -> LinkReason:
        """The reason a file or report spelled as `code`; a code no rule makes stays as written."""
        for rule, digits in _NUMBERED.items():
            number = code.removeprefix(f"{rule.value}_")
            if number != code and digits.fullmatch(number):
                return cls(rule, int(number))
        if code in _NAMED:
            return cls(Reason(code))
        return cls(Reason.UNRECOGNISED, text=code)


def http_reason(status: int) -> LinkReason:
    return LinkReason(Reason.HTTP, status)


def baidu_errno_reason(errno: int) -> LinkReason:
    return LinkReason(Reason.BAIDU_ERRNO, errno)


@dataclass(frozen=True)
class Judgement:
    """A verdict with the reason that decided it and a sentence for people."""

    verdict: Verdict
    reason: LinkReason
    detail: str


@dataclass(frozen=True)
class Answer:
    """The last response of a request chain, as classification needs it."""

    url: str
    """Where the chain ended (after redirects)."""
    status: int
    headers: dict[str, str]
    """Header names lower-cased."""
    body: str
    """At most the prober's byte cap of the body, decoded; empty when the verdict needs none."""
    method: str
    redirects: tuple[tuple[str, int], ...] = ()
    """(url, status) of every redirect followed to get here."""
    data: object = None
    """The JSON the body carries (bounds.answer_json: a share page's data call, or a JSON
    answer), parsed once inside the request's deadline; None when there is none."""


class CodeVerdict(StrEnum):
    """What one run learned about a Baidu share's extraction code."""

    ACCEPTED = "accepted"
    """Baidu's verify endpoint answered errno 0 for the code."""
    REJECTED = "rejected"
    """errno -9 (wrong code, or a missing file: the number is ambiguous) or -12 (code missing)."""
    UNSURE = "unsure"
    """Throttling (-62, -64, -65), a captcha, an HTML answer, 403, a timeout, an unknown errno."""
    NOT_CHECKED = "not_checked"
    """No code to check, or the share page did not ask for one (or was not reached)."""


@dataclass(frozen=True)
class FileFact:
    """One file as a host describes it: name, size and whatever hashes the host publishes.

    Hashes are lower-case hex, the form `md5sum` and `sha256sum` print; None when the host
    does not publish that hash for this file."""

    name: str
    size: int | None = None
    md5: str | None = None
    crc32c: str | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class Evidence:
    """What a host says a download contains, as read by one run (nothing is downloaded)."""

    source: str
    """'gcs' (HEAD headers), 'huggingface' (the Hub's tree API) or 'baidu' (the share listing)."""
    files: tuple[FileFact, ...]
    truncated: bool = False
    """The host's list was cut (a next page, or an answer over the byte cap): files is partial."""


@dataclass(frozen=True)
class CodeCheck:
    """The extraction-code check of one Baidu share in one run."""

    verdict: CodeVerdict
    errno: int | None = None
    """The verify endpoint's errno, when it answered JSON with one."""
    detail: str = ""
    code: str | None = None
    """The code that was (or would have been) sent; None when none was given."""
    listing: Evidence | None = None
    """The share's file list, when it was read after the code was accepted."""


class LoadVerdict(StrEnum):
    """Whether the installed transformers builds a config from a Hub repository's config.json
    with its Auto classes (`AutoConfig.from_pretrained`), as one run read it."""

    LOADS = "loads"
    NO_MODEL_TYPE = "no_model_type"
    """config.json has no `model_type`: the Auto classes refuse it; the explicit class
    (BertConfig, BertModel) still reads it."""
    FAILS = "fails"
    """Any other refusal: no config.json (404, 410), not a JSON object, a model type this
    transformers does not know, remote code it would have to trust."""
    UNSURE = "unsure"
    """Not judged this run: no answer, a 5xx or 429, a redirect, a body over the cap."""


@dataclass(frozen=True)
class ConfigCheck:
    """The config.json check of one Hugging Face repository in one run (evidence/loads.py)."""

    verdict: LoadVerdict
    detail: str
    transformers: str | None = None
    """The transformers version that judged it; None when no config reached transformers."""
    config_class: str | None = None
    """The class AutoConfig built ('BertConfig'), when it loads."""

    @property
    def decided(self) -> bool:
        return self.verdict is not LoadVerdict.UNSURE


@dataclass(frozen=True)
class LinkResult:
    """One URL's outcome in one run."""

    url: str
    verdict: Verdict
    reason: LinkReason
    detail: str
    http_status: int | None
    """The last HTTP status seen, None when no answer arrived."""
    checked_at: str
    """UTC, ISO 8601 with seconds and Z."""
    final_url: str | None = None
    requests: int = 0
    """HTTP requests this check sent, retries and redirects included."""
    bytes_read: int = 0
    """Body bytes read: bounded by the prober's cap, whatever the server sends."""
    code: CodeCheck | None = None
    """Baidu shares only: the extraction-code check (None for every other host)."""
    evidence: Evidence | None = None
    """File sizes and hashes the host reported this run (GCS headers, the Hub's tree)."""
    loads: ConfigCheck | None = None
    """Hugging Face repositories only: whether the installed transformers builds a config from
    the repository's config.json (None for every other host, or when not read)."""

    @property
    def verified(self) -> bool:
        """True when the run learned something definite (ok or dead) about the link."""
        return self.verdict is not Verdict.UNSURE


@dataclass(frozen=True)
class Owner:
    """A model or bundle a link belongs to, with the source kind."""

    id: str
    kind: str
    """The catalogue's source kind (google_zip, baidu_pytorch ...)."""
    type: str = "model"
    """'model' or 'bundle'."""


@dataclass(frozen=True)
class Target:
    """A URL to check and whatever in the catalogue points at it (nothing for --urls lists)."""

    url: str
    owners: tuple[Owner, ...] = field(default=())
    code: str | None = None
    """The extraction code to verify (catalogue `code`, or a --urls line's ?pwd=)."""


def utc_now() -> str:
    """The current UTC time in the format the state file and reports use."""
    return format_time(datetime.now(UTC))


def format_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class FieldReader(Protocol):
    """The state file's field accessor (state/file.py): the value under `key`, or a marker with
    a problem noted when it is missing or of none of `kinds`. The readers of a link's parts
    (baidu/codes.py, evidence/changes.py) take it so every problem is noted in one list."""

    def __call__(
        self, where: str, record: Mapping[str, Any], key: str, kinds: tuple[type, ...], nullable: bool = False
    ) -> Any: ...


NoteProblem = Callable[[str], None]
"""Notes one problem of a state file being read (state/file.py gathers them all)."""
