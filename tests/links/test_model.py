"""The link reason as a value: one spelling per reason, read back only from that spelling."""

from __future__ import annotations

import pytest

from generator.links.model import LinkReason, Reason, baidu_errno_reason, http_reason

NUMBERED = (Reason.HTTP, Reason.BAIDU_ERRNO)


@pytest.mark.parametrize("rule", [r for r in Reason if r not in NUMBERED and r is not Reason.UNRECOGNISED])
def test_every_named_rule_reads_back_from_its_code(rule):
    reason = LinkReason(rule)
    assert reason.code == rule.value and LinkReason.from_code(reason.code) == reason


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        (http_reason(404), "http_404"),
        (http_reason(200), "http_200"),
        (http_reason(999), "http_999"),
        (baidu_errno_reason(-62), "baidu_errno_-62"),
        (baidu_errno_reason(0), "baidu_errno_0"),
        (baidu_errno_reason(2**31 - 1), "baidu_errno_2147483647"),
    ],
)
def test_numbered_reasons_carry_their_number(reason, code):
    assert reason.code == code and str(reason) == code
    assert LinkReason.from_code(code) == reason


@pytest.mark.parametrize(
    "code",
    [
        "made_up",
        "http",
        "baidu_errno",
        "http_099",
        "http_1000",
        "http_\u0661\u0662\u0663",
        "baidu_errno_007",
        "baidu_errno_-0",
        "baidu_errno_+5",
        "unrecognised",
        "",
        "<b>x</b>",
        "HTTP_404",
        " http_404",
    ],
)
def test_a_code_no_rule_makes_is_kept_exactly_as_written(code):
    """State files written by other versions or by hand: never re-spelled, so a file read and
    written again keeps its text (no silent migration)."""
    reason = LinkReason.from_code(code)
    assert reason.rule is Reason.UNRECOGNISED and reason.number is None
    assert reason.code == code
