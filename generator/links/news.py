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

from dataclasses import dataclass
from datetime import datetime, timedelta

from .inert import code_span, link_or_code
from .state import LinkState

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
        for url, h in sorted(state.links.items()) if h.code is not None and h.code.standing == "rejected")
    now = _moment(state.updated_at)
    changed = []
    for url, h in sorted(state.links.items()):
        for c in h.evidence.changes if h.evidence is not None else ():
            seen = _moment(c.at)
            if now is None or seen is None or now - seen <= timedelta(days=EVIDENCE_NEWS_DAYS):
                changed.append(ChangedFile(url, c.source, c.file, c.field, c.before, c.after, c.at))
    return LinkNews(rejected, tuple(changed))


_REPORTERS = {"gcs": "Google Cloud Storage", "huggingface": "the Hugging Face Hub", "baidu": "Baidu Netdisk"}


def news_markdown(news: LinkNews, guide: str) -> str:
    """The issue's sections for rejected codes and changed files ('' when there is none)."""
    lines: list[str] = []
    if news.rejected_codes:
        lines += [f"### Extraction codes rejected ({len(news.rejected_codes)})", "",
                  "Baidu's verify endpoint rejected each of these codes on consecutive checks "
                  "(errno -9: wrong code or a missing file; -12: no code). The share itself still opens.", ""]
        for r in news.rejected_codes:
            lines.append(f"- {link_or_code(r.url)} code {code_span(r.code)}: rejected since {r.since or '?'}"
                         f" (errno {r.errno if r.errno is not None else '?'}); "
                         f"last accepted {r.last_accepted or 'never in the recorded history'}")
        lines += ["", "What to do: open the share in a browser and type the code. If Baidu says 提取码错误, "
                  "find the right code where the mirror was published (or a new mirror), change `code` in "
                  "`catalog/models.yaml`, run `python -m generator validate` and open a pull request; if no "
                  f"code works, treat the link as dead. See {guide}.", ""]
    if news.changed_files:
        lines += [f"### Files that changed ({len(news.changed_files)})", "",
                  "A host now reports a different size or checksum for a file it reported before. "
                  "Visitors compare their downloads with these values.", ""]
        for c in news.changed_files:
            who = _REPORTERS.get(c.source, c.source)
            lines.append(f"- {link_or_code(c.url)}: {code_span(c.file)} {c.field} was {code_span(c.before)}, "
                         f"now {code_span(c.after)} (seen {c.at}, as reported by {who})")
        lines += ["", "What to do: find out why (a re-upload by the publisher, or a mirror that replaced its "
                  "files); if the new file is not the same model, say so in the catalogue's `note` or remove "
                  f"the link. These entries leave this issue {EVIDENCE_NEWS_DAYS} days after the change. "
                  f"See {guide}.", ""]
    return "\n".join(lines)
