"""Baidu extraction codes: what the verify endpoint's errno means, and each code's history.

Pure rules and data, no network (the requests are in verify.py). The errno meanings are the
ones public share checkers rely on (JDownloader's PanBaiduComCrawler, PanCheck's
baidu_checker, BaiduPCS-Py's error table):

- 0: the code is accepted.
- -9 (wrong code, or a missing file: Baidu uses one number for both) and -12 (code missing):
  the code is rejected.
- -62 (too many attempts, captcha), -64 and -65 (frequency control): throttled, which says
  nothing about the code; so are a captcha, an HTML answer, 403 and a timeout.
- -7 (deleted), -8 (expired), 105 (bad link) and 140 (no such link): the share is gone. They
  decide the link only where the share page did not already settle it.

History follows the dead-link rule: a code counts as rejected for visitors only after
`dead_after_runs` consecutive rejecting runs; an unsure or unchecked run is neutral; an
accepting run clears the streak. A code that changes in the catalogue starts a new history.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..model import (
    CodeCheck,
    CodeVerdict,
    FieldReader,
    Judgement,
    LinkReason,
    LinkResult,
    NoteProblem,
    Reason,
    Verdict,
)

ACCEPTED_ERRNOS = frozenset({0})
REJECTED_ERRNOS: dict[int, str] = {
    -9: "wrong code (or a file of the share is missing: Baidu answers -9 for both)",
    -12: "the code is missing",
}
THROTTLED_ERRNOS: dict[int, str] = {
    -62: "too many attempts: Baidu wants a captcha",
    -64: "frequency control",
    -65: "frequency control",
}
DEAD_SHARE_ERRNOS: dict[int, tuple[Reason, str]] = {
    -7: (Reason.BAIDU_SHARE_DELETED, "the share was deleted or cancelled"),
    -8: (Reason.BAIDU_SHARE_EXPIRED, "the share has expired"),
    105: (Reason.BAIDU_SHARE_MISSING, "the link is malformed or unknown"),
    140: (Reason.BAIDU_SHARE_MISSING, "no such share"),
}


def judge_errno(errno: int) -> tuple[CodeCheck, Judgement | None]:
    """The code verdict for a verify answer's errno, and a dead judgement for the link when
    the errno says the share itself is gone (None: the link's verdict stands)."""
    if errno in ACCEPTED_ERRNOS:
        return CodeCheck(CodeVerdict.ACCEPTED, errno, "Baidu accepted the code (errno 0)"), None
    if errno in REJECTED_ERRNOS:
        return CodeCheck(
            CodeVerdict.REJECTED, errno, f"Baidu rejected the code (errno {errno}: {REJECTED_ERRNOS[errno]})"
        ), None
    if errno in THROTTLED_ERRNOS:
        return CodeCheck(
            CodeVerdict.UNSURE, errno, f"errno {errno}: {THROTTLED_ERRNOS[errno]}; says nothing about the code"
        ), None
    if errno in DEAD_SHARE_ERRNOS:
        reason, words = DEAD_SHARE_ERRNOS[errno]
        return (
            CodeCheck(CodeVerdict.UNSURE, errno, f"errno {errno}: {words}, so the code cannot be judged"),
            Judgement(Verdict.DEAD, LinkReason(reason), f"the code check answered errno {errno}: {words}"),
        )
    return CodeCheck(CodeVerdict.UNSURE, errno, f"errno {errno}, which no rule here knows"), None


CodeStanding = Literal["verified", "rejected", "unknown"]
"""What visitors see beside a code: 'verified' (the latest decisive check accepted it),
'rejected' (confirmed by consecutive runs) or 'unknown' (nothing shown)."""


@dataclass(frozen=True)
class CodeHistory:
    """One share's extraction-code history in the state file."""

    code: str
    """The code these runs checked; a different catalogue code starts a new history."""
    verdict: CodeVerdict
    """This run's verdict."""
    errno: int | None
    detail: str
    last_checked: str
    last_accepted: str | None
    """The latest run that saw the code accepted."""
    consecutive_rejected: int
    rejected_since: str | None
    """When the current rejecting streak began (None when it is 0)."""
    confirmed_rejected: bool
    """consecutive_rejected >= the state's dead_after_runs."""

    @property
    def standing(self) -> CodeStanding:
        """Computed here once; the report, the site and the link-rot issue read it."""
        if self.confirmed_rejected:
            return "rejected"
        if self.consecutive_rejected == 0 and self.last_accepted:
            return "verified"
        return "unknown"


def advance_code(previous: CodeHistory | None, result: LinkResult, dead_after_runs: int) -> CodeHistory | None:
    """The code's history after one more run. A run that sent no code keeps the record as it
    was; an unsure run is neutral (the streak and the last acceptance stand)."""
    check = result.code
    code = check.code if check is not None else None
    if check is None or code is None:
        return previous
    if previous is not None and previous.code != code:
        previous = None  # the catalogue's code changed: the old code's history says nothing
    if check.verdict is CodeVerdict.NOT_CHECKED:
        return previous
    streak = previous.consecutive_rejected if previous else 0
    last_accepted = previous.last_accepted if previous else None
    since = previous.rejected_since if previous else None
    if check.verdict is CodeVerdict.ACCEPTED:
        streak, since, last_accepted = 0, None, result.checked_at
    elif check.verdict is CodeVerdict.REJECTED:
        streak, since = streak + 1, since or result.checked_at
    return CodeHistory(
        code=code,
        verdict=check.verdict,
        errno=check.errno,
        detail=check.detail,
        last_checked=result.checked_at,
        last_accepted=last_accepted,
        consecutive_rejected=streak,
        rejected_since=since,
        confirmed_rejected=streak >= dead_after_runs,
    )


def code_to_json(history: CodeHistory) -> dict[str, object]:
    return {
        "code": history.code,
        "verdict": history.verdict.value,
        "errno": history.errno,
        "detail": history.detail,
        "last_checked": history.last_checked,
        "last_accepted": history.last_accepted,
        "consecutive_rejected": history.consecutive_rejected,
        "rejected_since": history.rejected_since,
        "confirmed_rejected": history.confirmed_rejected,
    }


def code_from_json(
    record: Mapping[str, Any], where: str, field: FieldReader, problem: NoteProblem
) -> CodeHistory | None:
    """A CodeHistory from its JSON object, read with the state file's accessor: `field(where,
    record, key, kinds, nullable)` notes a missing or mistyped field itself, `problem(text)`
    notes any other; the caller drops the result when a problem was noted."""
    verdict = field(where, record, "verdict", (str,))
    if isinstance(verdict, str) and verdict not in {v.value for v in CodeVerdict}:
        problem(f"{where}.verdict: {verdict!r} is not accepted, rejected, unsure or not_checked")
    if not isinstance(verdict, str) or verdict not in {v.value for v in CodeVerdict}:
        return None
    return CodeHistory(
        code=field(where, record, "code", (str,)),
        verdict=CodeVerdict(verdict),
        errno=field(where, record, "errno", (int,), True),
        detail=field(where, record, "detail", (str,)),
        last_checked=field(where, record, "last_checked", (str,)),
        last_accepted=field(where, record, "last_accepted", (str,), True),
        consecutive_rejected=field(where, record, "consecutive_rejected", (int,)),
        rejected_since=field(where, record, "rejected_since", (str,), True),
        confirmed_rejected=field(where, record, "confirmed_rejected", (bool,)),
    )


def code_check_json(check: CodeCheck | None) -> dict[str, object]:
    """The `code` object of a check-links JSON record."""
    if check is None:
        return {
            "verdict": CodeVerdict.NOT_CHECKED.value,
            "code": None,
            "errno": None,
            "detail": "no code to check",
            "listing": None,
        }
    from ..evidence.listing import evidence_json

    return {
        "code": check.code,
        "verdict": check.verdict.value,
        "errno": check.errno,
        "detail": check.detail,
        "listing": evidence_json(check.listing) if check.listing else None,
    }
