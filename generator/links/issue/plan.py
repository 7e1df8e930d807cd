"""The one link-rot issue: decide from the link state what to do with it, and write its text.

Pure functions over plain data; `commands/link_issue.py` asks the GitHub CLI which issues are
open and carries the plan out. The state file is read with `generator.links.state.file.load_state`
(its format is documented there): only links with `confirmed_dead: true` (dead on
`dead_after_runs` consecutive runs) open or keep the issue; a link dead on one run only never
does, so one bad night at Baidu does not file an issue.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from pathlib import Path

from ..inert import code_span, plain_url
from ..state.file import LinkStateInvalid, load_state
from ..state.history import LinkState, Standing
from .news import NO_NEWS, LinkNews, fit, link_news, news_markdown

DEFAULT_LABEL = "link-rot"
"""The label that marks the one issue this command manages (it is found by label, not title)."""
LABEL_COLOR = "B60205"
LABEL_DESCRIPTION = "Download links the scheduled link check confirmed dead"
MAX_BODY_CHARS = 60_000
"""GitHub refuses issue bodies over 65,536 characters (and link-issue would then fail every
week): the body is built to stay below, whatever the news."""
NEWS_ROOM = 12_000
"""Characters kept for the codes and files news after the dead links (the dead links come first
and may take the rest)."""
GUIDE_PATH = "docs/maintainers.md"
GUIDE_SECTION = "Responding to a link-rot issue"
GUIDE_ANCHOR = "responding-to-a-link-rot-issue"
"""The maintainer's guide section the issue points at (GitHub's anchor for that heading)."""
_REPO_NAME = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
UNKNOWN_DEAD_REASON = "unknown"
UNKNOWN_DEAD_DETAIL = (
    "not recorded: the state file predates dead_reason and the latest run was unsure; "
    "the next dead run records it"
)


@dataclass(frozen=True)
class DeadLink:
    """One link the checker confirmed dead, as the issue lists it."""

    url: str
    reason: str
    """The reason of the dead verdict (not of this run's, which may be unsure)."""
    detail: str
    since: str | None
    """When the dead streak began (None: not recorded)."""
    last_ok: str | None
    consecutive_dead: int


@dataclass(frozen=True)
class StateSummary:
    """What the issue needs from catalog/link-state.json."""

    updated_at: str | None
    dead_after_runs: int
    links_checked: int
    confirmed_dead: tuple[DeadLink, ...]
    dead_unconfirmed: int
    """Links dead on this run only: mentioned, never enough to open the issue."""
    news: LinkNews = NO_NEWS
    """Confirmed-rejected extraction codes and recently changed files: they open the issue too."""


@dataclass(frozen=True)
class OpenIssue:
    number: int
    title: str


class Action(enum.Enum):
    OPEN = "open"
    UPDATE = "update"
    CLOSE = "close"
    NOTHING = "nothing"


@dataclass(frozen=True)
class IssuePlan:
    action: Action
    number: int | None = None
    """The issue to update or close (None for OPEN and NOTHING)."""
    title: str | None = None
    body: str | None = None
    comment: str | None = None
    """The closing comment (CLOSE only)."""
    ignored: tuple[int, ...] = ()
    """Further open issues with the label: left alone, since only the oldest is managed."""


def read_state_summary(path: Path) -> StateSummary:
    """Read the state file with the link checker's own reader; LinkStateInvalid says what is wrong.

    Unlike the site, this command refuses a missing file: reading "nothing checked" as "nothing
    dead" would close an open issue because of a mistyped path.
    """
    path = Path(path)
    if not path.exists():  # anything else that is there (a FIFO, a folder) load_state refuses by name
        raise LinkStateInvalid(
            f"{path}: no such file (run `python -m generator check-links --state "
            f"{path}` first; it writes the state file)"
        )
    return summarize(load_state(path))


def summarize(state: LinkState) -> StateSummary:
    """What the issue needs from the state: the confirmed dead links, sorted by URL."""
    standings = {url: history.standing for url, history in sorted(state.links.items())}
    confirmed = tuple(
        DeadLink(
            url=url,
            reason=(standing.reason.code if standing.reason else "") or UNKNOWN_DEAD_REASON,
            detail=standing.detail or UNKNOWN_DEAD_DETAIL,
            since=standing.since,
            last_ok=state.links[url].last_ok,
            consecutive_dead=state.links[url].consecutive_dead,
        )
        for url, standing in standings.items()
        if standing.standing is Standing.DEAD
    )
    unconfirmed = sum(1 for standing in standings.values() if standing.standing is Standing.FAILING)
    return StateSummary(
        updated_at=state.updated_at,
        dead_after_runs=state.dead_after_runs,
        links_checked=len(state.links),
        confirmed_dead=confirmed,
        dead_unconfirmed=unconfirmed,
        news=link_news(state),
    )


def plan(
    summary: StateSummary,
    open_issues: list[OpenIssue],
    report: str,
    run_url: str | None = None,
    repo: str | None = None,
) -> IssuePlan:
    """Open, update, close or leave the link-rot issue; the oldest open one is "the" issue."""
    ordered = sorted(open_issues, key=lambda issue: issue.number)
    current = ordered[0] if ordered else None
    ignored = tuple(issue.number for issue in ordered[1:])
    if summary.confirmed_dead or summary.news:
        title, body = issue_title(summary), issue_body(summary, report, run_url, repo)
        if current is None:
            return IssuePlan(Action.OPEN, title=title, body=body)
        return IssuePlan(Action.UPDATE, number=current.number, title=title, body=body, ignored=ignored)
    if current is not None:
        return IssuePlan(
            Action.CLOSE, number=current.number, comment=close_comment(summary, run_url), ignored=ignored
        )
    return IssuePlan(Action.NOTHING)


def issue_title(summary: StateSummary) -> str:
    count = len(summary.confirmed_dead)
    parts = [f"{count} download link{'' if count == 1 else 's'} confirmed dead"] if count else []
    if summary.news.rejected_codes:
        n = len(summary.news.rejected_codes)
        parts.append(f"{n} extraction code{'' if n == 1 else 's'} rejected")
    if summary.news.changed_files:
        n = len({(c.url, c.file) for c in summary.news.changed_files})
        parts.append(f"{n} file{'' if n == 1 else 's'} changed")
    return "Link rot: " + ", ".join(parts)


def guide_link(repo: str | None) -> str:
    """The maintainer's guide section, as a link into `repo` (OWNER/NAME) when it is known."""
    where = f"the maintainer's guide, “{GUIDE_SECTION}”"
    if repo and _REPO_NAME.fullmatch(repo):
        return f"[{where}](https://github.com/{repo}/blob/HEAD/{GUIDE_PATH}#{GUIDE_ANCHOR})"
    return f"{where} (`{GUIDE_PATH}`)"


def issue_body(summary: StateSummary, report: str, run_url: str | None = None, repo: str | None = None) -> str:
    """The issue text, at most MAX_BODY_CHARS characters whatever the news: the confirmed dead
    links first (as many as fit, the rest counted), then the codes and files news summarised,
    what to do, and as much of this run's report as fits, cut between lines."""
    count = len(summary.confirmed_dead)
    full_report = f"the workflow run's summary ({run_url})" if run_url else "the check-links report"
    intro = [
        "<!-- Written by `python -m generator link-issue`; every scheduled link check rewrites this text. -->",
        f"**{count} of {summary.links_checked} catalogued links confirmed dead**: each was dead on "
        f"{summary.dead_after_runs} consecutive scheduled checks "
        f"(latest check: {summary.updated_at or 'unknown'}).",
        "",
    ]
    footer = []
    if summary.dead_unconfirmed:
        footer += [
            f"{summary.dead_unconfirmed} more link(s) were dead on this run only; they are listed "
            "here once a second run confirms them.",
            "",
        ]
    footer += [
        "This issue is updated by every scheduled check and closed automatically once every link "
        f"recovers. How to respond: see {guide_link(repo)} (find a new mirror, edit "
        "`catalog/models.yaml`, run `python -m generator validate`, open a pull request).",
        "",
    ]
    if run_url:
        footer += [f"Workflow run: {run_url}", ""]
    opening = "<details><summary>Full report of the latest check</summary>\n\n"
    tail = "\n\n</details>\n"
    room = MAX_BODY_CHARS - _length(intro) - _length(footer) - len(opening) - len(tail)
    news_room = min(NEWS_ROOM, room // 4) if summary.news else 0
    rows = fit(
        [_dead_row(link) for link in summary.confirmed_dead],
        room - news_room,
        lambda n: f"| … and {n:,} more confirmed dead links: see {full_report} | | | | |",
    )
    lines = [*intro]
    if rows:
        lines += [
            "| link | dead since | last seen working | reason | detail |",
            "| --- | --- | --- | --- | --- |",
            *rows,
        ]
    lines.append("")
    room -= _length(lines) - _length(intro)
    if summary.news:
        news = news_markdown(summary.news, guide_link(repo), room=room, full_report=full_report)
        lines.append(news)
        room -= len(news) + 1
    kept = fit(
        report.strip().splitlines(),
        max(room, 0),
        lambda n: f"\n… ({n:,} more lines cut to fit an issue; {full_report} has all of it)",
    )
    body = "\n".join(lines + footer) + opening + "\n".join(kept) + tail
    return body if len(body) <= MAX_BODY_CHARS else _last_resort(body)


def _dead_row(link: DeadLink) -> str:
    # Reason and detail come from the server (and the state file): code spans keep them inert
    # (no heading, image, link or @mention); see inert.py.
    url = link.url if plain_url(link.url) else code_span(link.url, in_table=True)
    return (
        f"| {url} | {_cell(link.since or '?')} | {_cell(link.last_ok or 'never')} "
        f"| {code_span(link.reason, in_table=True)} | {code_span(link.detail, in_table=True)} |"
    )


def _length(lines: list[str]) -> int:
    return sum(len(line) + 1 for line in lines)


def _last_resort(body: str) -> str:
    """A body over the limit (the fixed text alone outgrew it: never, with the bounds above),
    cut at a line boundary so no code span is left open."""
    cut = body[: MAX_BODY_CHARS - 100].rsplit("\n", 1)[0]
    return cut + "\n\n… (cut to fit an issue)\n"


def close_comment(summary: StateSummary, run_url: str | None = None) -> str:
    text = (
        f"Every link recovered: the link check of {summary.updated_at or 'the latest run'} found no "
        f"confirmed dead link among {summary.links_checked}. Closing automatically; a new issue "
        "opens if a link is confirmed dead again."
    )
    return f"{text}\n\nWorkflow run: {run_url}" if run_url else text


def _cell(text: str) -> str:
    """A date from the state file as one table cell: as is when it looks like one, else inert."""
    text = str(text)
    return text if _DATE.fullmatch(text) or text in ("?", "never") else code_span(text, in_table=True)


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9:.]+Z?)?")
