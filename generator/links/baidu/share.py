"""Baidu Netdisk share pages: where a request ends up and what the page says.

A dead share usually answers HTTP 200, so the status code says nothing; the states modelled
here are listed in docs/design/links.md ("Verdicts and reasons").
These rules apply only to pages on the share hosts (pan.baidu.com, yun.baidu.com, either
scheme): the same sentence on any other site is just text.

Precedence, strongest signal first: the page's own JSON errno (structured, authoritative),
the dead-share sentences, the extraction-code prompt, then the weaker leftovers. Dead texts
come before the code prompt because a false "ok" would hide a dead link for good, while a
false "dead" is only counted after two runs and a maintainer looks at it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..checking import bounds
from ..checking.urls import host_matches, host_of
from ..model import Answer, Judgement, LinkReason, Reason, Verdict, baidu_errno_reason

SHARE_HOSTS = ("pan.baidu.com", "yun.baidu.com")
CAPTCHA_HOSTS = ("wappass.baidu.com",)
"""Baidu's anti-bot check; a redirect there says nothing about the share."""

# "no such share": /s/1{id} redirects here, and these pages answer 200.
MISSING_PATHS = ("/error/404.html", "/share/error")

CODE_PROMPT = "请输入提取码"
"""The title of /share/init?surl=..., the page a share with an extraction code leads to."""

# (fragment of the page text, reason, detail). Fragments are the distinctive part of the
# sentences Baidu shows in its share_nofound_des element.
DEAD_TEXTS: tuple[tuple[str, Reason, str], ...] = (
    ("分享的文件已经被取消", Reason.BAIDU_SHARE_CANCELLED, "the page says the share was cancelled"),
    ("分享的文件已经被删除", Reason.BAIDU_SHARE_DELETED, "the page says the shared files were deleted"),
    ("分享文件已过期", Reason.BAIDU_SHARE_EXPIRED, "the page says the share has expired"),
    (
        "此链接分享内容可能因为涉及侵权",
        Reason.BAIDU_SHARE_TAKEN_DOWN,
        "the page says the share was taken down (infringement or content rules)",
    ),
    ("链接错误没找到文件", Reason.BAIDU_SHARE_MISSING, "the page says no such share exists"),
    ("链接不存在", Reason.BAIDU_SHARE_MISSING, "the page says no such share exists"),
    ("页面不存在", Reason.BAIDU_SHARE_MISSING, "the page says it does not exist"),
)

# errno values of the page JSON that mean the share is gone.
DEAD_ERRNOS: dict[int, tuple[Reason, str]] = {
    -7: (Reason.BAIDU_SHARE_CANCELLED, "deleted or cancelled"),
    145: (Reason.BAIDU_SHARE_CANCELLED, "deleted or cancelled"),
    115: (Reason.BAIDU_SHARE_TAKEN_DOWN, "banned"),
    117: (Reason.BAIDU_SHARE_EXPIRED, "expired"),
}

# The regex fallback for a page cut at the byte cap. Each pattern is linear: no part of the page
# is scanned again from each match (`\{[^\[]*"list"`, scanning to the end of the page from every
# `"list":{`, once cost minutes of CPU on a 512 KB page).
# At most 18 digits: Baidu's errnos are small, and int() refuses strings of over 4300 digits.
_ERRNO = re.compile(r'"errno"\s*:\s*(-?\d{1,18})(?!\d)')
_LIST_KEY = re.compile(r'"(?:file_list|list)"\s*:\s*')
_INNER_LIST_KEY = re.compile(r'"list"\s*:\s*$')
_FIRST_FILE = re.compile(r"\[\s*\{")
LIST_KEYS_READ = 32
"""List keys looked at in a cut-off page (a share page has one or two)."""
LIST_WINDOW = 4096
"""Characters after a list key searched for its first file."""


def is_share_host(host: str) -> bool:
    return host_matches(host, SHARE_HOSTS)


def is_share_url(url: str) -> bool:
    return is_share_host(host_of(url))


def is_captcha_url(url: str) -> bool:
    return host_matches(host_of(url), CAPTCHA_HOSTS)


def judge_redirect(source: str, target: str) -> Judgement | None:
    """A verdict decided by a redirect alone, without following it; None to follow."""
    if is_captcha_url(target):
        return Judgement(
            Verdict.UNSURE,
            LinkReason(Reason.CAPTCHA),
            f"redirected to Baidu's captcha page ({host_of(target)}): throttled, "
            "this says nothing about the share",
        )
    if is_share_url(source) and is_share_url(target) and _is_missing_path(target):
        return Judgement(
            Verdict.DEAD,
            LinkReason(Reason.BAIDU_SHARE_MISSING),
            f"redirected to {urlsplit(target).path}: no such share",
        )
    return None


def _is_missing_path(url: str) -> bool:
    path = urlsplit(url).path
    return any(path == p or path.startswith(p + "/") or path.startswith(p + "?") for p in MISSING_PATHS)


def page_facts(body: str, data: object = None) -> tuple[int | None, bool | None]:
    """(errno, file list non-empty?) from the page's JSON `data` (Answer.data), or with the
    regex fallback when the page carried none that parsed (a page cut at the byte cap). An
    errno that is no small integer counts as none."""
    if isinstance(data, dict):
        files = data.get("file_list")
        if isinstance(files, dict):
            files = files.get("list")
        has_files = bool(files) if files is not None else None
        return bounds.errno(data.get("errno")), has_files
    found = _ERRNO.search(body) if any(c in body for c in bounds.DATA_CALLS) else None
    if found is None:
        return None, None
    return bounds.errno(int(found.group(1))), _lists_a_file(body) or None


def _lists_a_file(body: str) -> bool:
    """Whether a file list key is followed by its first file (`[{`, or `{... "list": [{`)."""
    for index, key in enumerate(_LIST_KEY.finditer(body)):
        if index == LIST_KEYS_READ:
            return False
        window = body[key.end() : key.end() + LIST_WINDOW]
        if window.startswith("{"):  # "file_list": {"errno": 0, "list": [{...
            bracket = window.find("[")
            if bracket < 0 or not _INNER_LIST_KEY.search(window, 0, bracket):
                continue
            window = window[bracket:]
        if _FIRST_FILE.match(window):
            return True
    return False


def judge_page(answer: Answer) -> Judgement | None:
    """The verdict for an answer from a share host, or None to apply the general rules."""
    if answer.status == 403:
        return Judgement(
            Verdict.UNSURE,
            LinkReason(Reason.ANTI_BOT),
            "HTTP 403 from Baidu: refused (anti-bot or throttling), says nothing about the share",
        )
    if not 200 <= answer.status < 300:
        return None
    path = urlsplit(answer.url).path
    if _is_missing_path(answer.url):
        return Judgement(
            Verdict.DEAD, LinkReason(Reason.BAIDU_SHARE_MISSING), f"ended on {path}: no such share"
        )
    errno, has_files = page_facts(answer.body, answer.data)
    if errno in DEAD_ERRNOS:
        reason, words = DEAD_ERRNOS[errno]
        return Judgement(Verdict.DEAD, LinkReason(reason), f"the page's errno is {errno}: share {words}")
    if errno == 0 and has_files:
        return Judgement(
            Verdict.OK,
            LinkReason(Reason.BAIDU_SHARE_OK),
            "share is open without a code and lists its files (errno 0)",
        )
    for fragment, reason, detail in DEAD_TEXTS:
        if fragment in answer.body:
            return Judgement(Verdict.DEAD, LinkReason(reason), f"{detail} ({fragment})")
    if CODE_PROMPT in answer.body:
        where = "led to the extraction-code page" if path.startswith("/share/init") else "asks for the code"
        return Judgement(
            Verdict.OK, LinkReason(Reason.BAIDU_NEEDS_CODE), f"share is alive and {where} ({CODE_PROMPT})"
        )
    if errno is not None and errno != 0:
        return Judgement(
            Verdict.UNSURE, baidu_errno_reason(errno), f"the page's errno is {errno}, which no rule here knows"
        )
    if errno == 0:
        return Judgement(
            Verdict.UNSURE,
            LinkReason(Reason.BAIDU_SHARE_EMPTY),
            "errno 0 but no file list: the share may be empty or the page incomplete",
        )
    return Judgement(
        Verdict.UNSURE,
        LinkReason(Reason.BAIDU_UNRECOGNISED),
        "the page matches no known share state (Baidu answers this way when it throttles)",
    )
