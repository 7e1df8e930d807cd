"""What the link-rot issue says besides dead links: confirmed-rejected extraction codes and
files whose size or hash changed. Pure functions of the link state.

A code enters only once `dead_after_runs` consecutive runs rejected it (the dead-link rule).
A changed file is news for EVIDENCE_NEWS_DAYS after the run that saw it, then it leaves the
issue (the state file keeps the record).

Everything here that a server provided (file names, values, the checker's detail of a
server's answer) goes into the issue as an inert code span: on GitHub a code span shows
Markdown, HTML and @mentions as text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..inert import code_span, link_or_code
from ..state.history import LinkState

EVIDENCE_NEWS_DAYS = 30
"""How long a changed size or hash keeps the link-rot issue open."""


@dataclass(frozen=True)
class RejectedCode:
    url: str
    code: str
    since: str | None
    errno: int | None
    detail: str
    last_accepted: str | None


@dataclass(frozen=True)
class ChangedFile:
    url: str
    source: str
    file: str
    field: str
    before: str
    after: str
    at: str


@dataclass(frozen=True)
class LinkNews:
    rejected_codes: tuple[RejectedCode, ...]
    changed_files: tuple[ChangedFile, ...]

    def __bool__(self) -> bool:
        return bool(self.rejected_codes or self.changed_files)


NO_NEWS = LinkNews((), ())


def _moment(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None
    except ValueError:
        return None


def link_news(state: LinkState) -> LinkNews:
    """Confirmed-rejected codes, and size or hash changes recent enough to report."""
    rejected = tuple(
        RejectedCode(url, h.code.code, h.code.rejected_since, h.code.errno, h.code.detail, h.code.last_accepted)
        for url, h in sorted(state.links.items())
        if h.code is not None and h.code.standing == "rejected"
    )
    now = _moment(state.updated_at)
    changed = []
    for url, h in sorted(state.links.items()):
        for c in h.evidence.changes if h.evidence is not None else ():
            seen = _moment(c.at)
            if now is None or seen is None or now - seen <= timedelta(days=EVIDENCE_NEWS_DAYS):
                changed.append(ChangedFile(url, c.source, c.file, c.field, c.before, c.after, c.at))
    return LinkNews(rejected, tuple(changed))


_REPORTERS = {"gcs": "Google Cloud Storage", "huggingface": "the Hugging Face Hub", "baidu": "Baidu Netdisk"}


def _reporter(source: str) -> str:
    return _REPORTERS.get(source, source)


def fit(lines: Sequence[str], room: int, more: Callable[[int], str]) -> list[str]:
    """As many of `lines` as fit in `room` characters (newlines counted), in order; when some do
    not, the ones that fit and `more(number left out)`, which must fit too. Whole lines only:
    a line cut in the middle could end inside a code span and let server text out of it."""
    if sum(len(line) + 1 for line in lines) <= room:
        return list(lines)
    room -= len(more(len(lines))) + 1
    kept: list[str] = []
    for line in lines:
        if len(line) + 1 > room:
            break
        kept.append(line)
        room -= len(line) + 1
    return [*kept, more(len(lines) - len(kept))]


def news_markdown(news: LinkNews, guide: str, room: int = 1 << 62, full_report: str = "the full report") -> str:
    """The issue's sections for rejected codes and changed files ('' when there is none), in at
    most about `room` characters: each list keeps its first entries and counts the rest
    (codes first: a rejected code blocks downloads, a changed file only asks a question)."""
    codes_fixed = (
        [
            f"### Extraction codes rejected ({len(news.rejected_codes)})",
            "",
            "Baidu's verify endpoint rejected each of these codes on consecutive checks "
            "(errno -9: wrong code or a missing file; -12: no code). The share itself still opens.",
            "",
            "",
            "What to do: open the share in a browser and type the code. If Baidu says 提取码错误, "
            "find the right code where the mirror was published (or a new mirror), change `code` in "
            "`catalog/models.yaml`, run `python -m generator validate` and open a pull request; if no "
            f"code works, treat the link as dead. See {guide}.",
            "",
        ]
        if news.rejected_codes
        else []
    )
    files = len({(c.url, c.file) for c in news.changed_files})
    files_fixed = (
        [
            f"### Files that changed ({len(news.changed_files):,} changes in {files:,} files)",
            "",
            "A host now reports a different size or checksum for a file it reported before. "
            "Visitors compare their downloads with these values.",
            "",
            "",
            "What to do: find out why (a re-upload by the publisher, or a mirror that replaced its "
            "files); if the new file is not the same model, say so in the catalogue's `note` or remove "
            f"the link. These entries leave this issue {EVIDENCE_NEWS_DAYS} days after the change. "
            f"See {guide}.",
            "",
        ]
        if news.changed_files
        else []
    )
    room -= sum(len(line) + 1 for line in codes_fixed + files_fixed)
    code_lines = fit(
        [
            f"- {link_or_code(r.url)} code {code_span(r.code)}: rejected since {r.since or '?'}"
            f" (errno {r.errno if r.errno is not None else '?'}); "
            f"last accepted {r.last_accepted or 'never in the recorded history'}"
            for r in news.rejected_codes
        ],
        max(room, 0),
        lambda n: f"- … and {n:,} more rejected codes: see {full_report}.",
    )
    room -= sum(len(line) + 1 for line in code_lines)
    file_lines = fit(
        [
            f"- {link_or_code(c.url)}: {code_span(c.file)} {c.field} was {code_span(c.before)}, "
            f"now {code_span(c.after)} (seen {c.at}, as reported by {_reporter(c.source)})"
            for c in news.changed_files
        ],
        max(room, 0),
        lambda n: f"- … and {n:,} more changes: see {full_report}.",
    )
    lines = codes_fixed[:4] + code_lines + codes_fixed[4:] if codes_fixed else []
    lines += files_fixed[:4] + file_lines + files_fixed[4:] if files_fixed else []
    return "\n".join(lines)
