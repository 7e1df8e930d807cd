"""Every value a server chooses, bounded before the checker keeps it.

A link check stores what servers answered: the state file keeps each link's detail and its
code's errno, the reports quote them, the site and the link-rot issue show them. One hostile
answer must not stop the weekly check, so nothing a server says is kept unchecked:

- numbers are kept only when they are what they claim to be (an errno a small integer, a
  status HTTP defines, a header number plain ASCII digits): anything else counts as absent;
- text is one line, control and bidirectional characters shown as `\\uXXXX` escapes (they
  could reorder or hide what a maintainer reads), cut to a length;
- JSON is parsed once per answer, inside the request's deadline (transport.py), and an answer
  nested beyond the interpreter's recursion limit is "not JSON", not a crash.

`bound_result` is the gate: every LinkResult the prober returns passes through it, so the
state file a run writes holds only values its reader accepts (state/file.py checks that once
more before writing).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from ..model import CodeCheck, ConfigCheck, Evidence, FileFact, LinkReason, LinkResult, Reason

MAX_DETAIL_CHARS = 1000
"""Longest detail kept: a sentence with a URL or two; a redirect loop through 60 KB URLs is cut."""
MAX_URL_CHARS = 2048
"""Longest final URL reported (the request line of most servers stops at 8 KB)."""
ERRNO_RANGE = (-(2**31), 2**31 - 1)
"""Baidu's errnos are small; a number beyond 32 bits is not one (and the state file reads at
most 20-character numbers)."""
STATUS_RANGE = (100, 599)
"""The statuses HTTP defines; http.client accepts any three digits."""
MAX_HEADER_DIGITS = 18

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
"""C0 and C1 controls, zero-width and bidirectional marks, line and paragraph separators."""
_HEX = {
    "md5": re.compile(r"[0-9a-f]{32}"),
    "crc32c": re.compile(r"[0-9a-f]{8}"),
    "sha256": re.compile(r"[0-9a-f]{64}"),
}
_DIGITS = re.compile(f"[0-9]{{1,{MAX_HEADER_DIGITS}}}")  # not str.isdigit(): "²" is a digit to it


def text(value: object, limit: int = MAX_DETAIL_CHARS) -> str:
    """`value` as one line of plain text of at most `limit` characters."""
    flat = " ".join(str(value)[: limit * 8].split())  # a bounded slice first: split() copies
    flat = _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", flat)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def errno(value: object) -> int | None:
    """A Baidu errno when `value` is one (an int, not a bool, within ERRNO_RANGE), else None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if ERRNO_RANGE[0] <= value <= ERRNO_RANGE[1] else None


def valid_status(status: int) -> bool:
    return STATUS_RANGE[0] <= status <= STATUS_RANGE[1]


def header_number(value: str | None) -> int | None:
    """A header's non-negative integer (Content-Length, Retry-After seconds), or None."""
    value = (value or "").strip()
    return int(value) if _DIGITS.fullmatch(value) else None


DATA_CALLS = ("locals.mset(", "yunData.setData(")
"""How Baidu's share pages embed their data (older pages: yunData.setData)."""


def answer_json(body: str) -> object | None:
    """The JSON an answer carries: the object of a share page's data call, or a body that is
    JSON as a whole; None when there is none or it does not parse.

    Linear in the body. Python's decoder recurses once per nesting level and raises
    RecursionError at the interpreter's limit (about 1,000 levels): such an answer is not an
    API's answer, so it counts as no JSON at all.
    """
    try:
        for call in DATA_CALLS:
            at = body.find(call)
            if at >= 0:
                start = body.find("{", at)
                try:
                    data, _ = json.JSONDecoder().raw_decode(body, start)
                except (ValueError, IndexError):
                    continue
                if isinstance(data, dict):
                    return data
        stripped = body.strip()
        if stripped[:1] in ("{", "["):
            try:
                parsed: object = json.loads(stripped)
                return parsed
            except ValueError:  # also ints of over 4,300 digits
                return None
    except RecursionError:
        return None
    return None


def _file(fact: FileFact) -> FileFact | None:
    from ..evidence.listing import MAX_NAME, clean_name, size_or_none

    name = clean_name(fact.name)
    if name is None:
        return None
    hashes = {
        key: value if isinstance(value, str) and _HEX[key].fullmatch(value) else None
        for key, value in (("md5", fact.md5), ("crc32c", fact.crc32c), ("sha256", fact.sha256))
    }
    return FileFact(name[:MAX_NAME], size=size_or_none(fact.size), **hashes)


def evidence(found: Evidence | None) -> Evidence | None:
    """The evidence with every file checked again: names cleaned, sizes in range, hashes hex."""
    if found is None:
        return None
    from ..evidence.listing import MAX_FILES

    files = [f for f in map(_file, found.files) if f is not None]
    return Evidence(
        text(found.source, 32), tuple(files[:MAX_FILES]), truncated=found.truncated or len(files) > MAX_FILES
    )


def _code(check: CodeCheck | None) -> CodeCheck | None:
    if check is None:
        return None
    return replace(
        check,
        errno=errno(check.errno),
        detail=text(check.detail),
        code=None if check.code is None else text(check.code, 64),
        listing=evidence(check.listing),
    )


def _loads(check: ConfigCheck | None) -> ConfigCheck | None:
    if check is None:
        return None
    return replace(
        check,
        detail=text(check.detail),
        transformers=None if check.transformers is None else text(check.transformers, 64),
        config_class=None if check.config_class is None else text(check.config_class, 64),
    )


def _reason(reason: LinkReason) -> LinkReason:
    """The one number in a reason a server chose beyond a status (http.client reads three
    digits): Baidu's errno, kept within ERRNO_RANGE (baidu.py bounds it already)."""
    if reason.rule is Reason.BAIDU_ERRNO and errno(reason.number) is None:
        return LinkReason(Reason.BAIDU_UNRECOGNISED)
    return reason


def bound_result(result: LinkResult) -> LinkResult:
    """The result with every value a server could have chosen checked and bounded."""
    status = result.http_status
    return replace(
        result,
        reason=_reason(result.reason),
        detail=text(result.detail),
        http_status=status if status is not None and valid_status(status) else None,
        final_url=None if result.final_url is None else text(result.final_url, MAX_URL_CHARS),
        code=_code(result.code),
        evidence=evidence(result.evidence),
        loads=_loads(result.loads),
    )
