"""`link-issue`: open, update or close the one link-rot issue through the GitHub CLI (`gh`).

Run by the scheduled link-check workflow after `check-links`; the decision is the pure
`generator.links.issue.plan.plan`, this module only talks to `gh`.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
from pathlib import Path

from .. import children, exitcodes
from ..failure import Failure
from ..fsutil import read_regular_file
from ..links.issue.plan import (
    DEFAULT_LABEL,
    LABEL_COLOR,
    LABEL_DESCRIPTION,
    Action,
    IssuePlan,
    OpenIssue,
    plan,
    read_state_summary,
)
from ..links.state.file import DEFAULT_STATE_PATH
from .common import Subparsers

GH_TIMEOUT_SECONDS = 120.0
"""A gh call's deadline: gh retries nothing itself, and one API call answers in seconds."""


def positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= 3600:  # NaN fails too
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds between 0 and 3600")
    return value


class GhFailed(Failure):
    """A `gh` call failed; the problem names the command and what gh said."""

    exit_code = exitcodes.GH_FAILED
    summary = "the GitHub CLI (gh) failed"


class ReportUnreadable(Failure):
    summary = "the check-links report cannot be read"


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "link-issue",
        help="open, update or close the one link-rot GitHub issue",
        description="Read the link state file: when links are confirmed dead, open ONE issue labelled "
        "LABEL with REPORT (or update the open one); when none is, close it. Needs the "
        "GitHub CLI `gh` on PATH, authenticated (GH_TOKEN in GitHub Actions).",
        epilog=exitcodes.HELP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--state",
        metavar="PATH",
        type=Path,
        default=DEFAULT_STATE_PATH,
        help="link state file written by check-links (default: %(default)s)",
    )
    parser.add_argument(
        "--report",
        metavar="FILE",
        type=Path,
        required=True,
        help="Markdown report from `check-links --format markdown`, quoted in the issue",
    )
    parser.add_argument(
        "--label", default=DEFAULT_LABEL, help="label that marks the managed issue (default: %(default)s)"
    )
    parser.add_argument(
        "--repo",
        metavar="OWNER/NAME",
        help="repository to file in (default: gh's own choice, from the git remote)",
    )
    parser.add_argument("--run-url", metavar="URL", help="link to the workflow run, quoted in the issue")
    parser.add_argument(
        "--gh-timeout",
        metavar="SECONDS",
        type=positive_seconds,
        default=GH_TIMEOUT_SECONDS,
        help="stop a gh call (and all it started) after this long (default: %(default)s)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="list the open issues, then print what would be done instead of doing it",
    )
    parser.set_defaults(func=run, on_failure="the link-rot issue was not updated")


MAX_REPORT_BYTES = 16 * 1024 * 1024
"""Largest --report read; the issue quotes at most a GitHub body's worth of it anyway."""


def run(args: argparse.Namespace) -> int:
    summary = read_state_summary(args.state)
    try:
        report = read_regular_file(args.report, MAX_REPORT_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise ReportUnreadable(f"{args.report}: cannot read the report: {reason}") from None
    gh = GitHubCli(args.repo, args.gh_timeout)
    decided = plan(summary, gh.open_issues(args.label), report, args.run_url, args.repo)
    if args.dry_run:
        print(describe(decided, dry_run=True))
        if decided.body:
            print(decided.body)
    else:
        print(carry_out(gh, decided, args.label))
    for number in decided.ignored:
        print(f"note: issue #{number} also has the label {args.label!r}; left alone", file=sys.stderr)
    return exitcodes.OK


def carry_out(gh: GitHubCli, decided: IssuePlan, label: str) -> str:
    """Do what the plan says; return one line for stdout."""
    # plan() gives OPEN and UPDATE a title and a body, CLOSE a comment.
    title, body, comment = decided.title or "", decided.body or "", decided.comment or ""
    if decided.action is Action.OPEN:
        # The label must exist before an issue can carry it; --force makes this idempotent.
        gh.call(
            ["label", "create", label, "--color", LABEL_COLOR, "--description", LABEL_DESCRIPTION, "--force"]
        )
        url = gh.call(
            ["issue", "create", "--title", title, "--label", label, "--body-file", "-"], stdin=body
        ).strip()
        return f"opened {url or 'the issue'}: {decided.title}"
    if decided.action is Action.UPDATE:
        gh.call(["issue", "edit", str(decided.number), "--title", title, "--body-file", "-"], stdin=body)
    elif decided.action is Action.CLOSE:
        gh.call(["issue", "close", str(decided.number), "--comment", comment])
    return describe(decided, dry_run=False)


def describe(decided: IssuePlan, *, dry_run: bool) -> str:
    would = "would " if dry_run else ""
    if decided.action is Action.OPEN:
        return f"{would}open an issue: {decided.title}"
    if decided.action is Action.UPDATE:
        return f"{would}{'update' if dry_run else 'updated'} issue #{decided.number}: {decided.title}"
    if decided.action is Action.CLOSE:
        return f"{would}{'close' if dry_run else 'closed'} issue #{decided.number}: every link recovered"
    return "nothing to do: no link is confirmed dead and no link-rot issue is open"


class GitHubCli:
    """The few `gh` calls this command needs, each failing with GhFailed (never a traceback)."""

    def __init__(self, repo: str | None, timeout: float = GH_TIMEOUT_SECONDS) -> None:
        self.repo = repo
        self.timeout = timeout

    def call(self, args: list[str], stdin: str | None = None) -> str:
        argv = ["gh", *args, *(["--repo", self.repo] if self.repo else [])]
        try:
            done = children.run(argv, stdin=stdin, timeout=self.timeout)
        except FileNotFoundError:
            raise GhFailed(
                "`gh` (the GitHub CLI) is not on PATH: install it from https://cli.github.com "
                "(GitHub's runners have it) and authenticate with GH_TOKEN"
            ) from None
        except subprocess.TimeoutExpired:
            raise GhFailed(
                f"`{shlex.join(argv)}` gave no answer within {self.timeout:g} s; "
                "it was stopped with everything it started"
            ) from None
        if done.returncode != 0:
            said = done.stderr.strip() or done.stdout.strip() or "no message"
            raise GhFailed(f"`{shlex.join(argv)}` failed with exit {done.returncode}: {said}")
        return done.stdout

    def open_issues(self, label: str) -> list[OpenIssue]:
        out = self.call(
            ["issue", "list", "--label", label, "--state", "open", "--json", "number,title", "--limit", "100"]
        )
        try:
            return [OpenIssue(int(item["number"]), str(item["title"])) for item in json.loads(out)]
        except (json.JSONDecodeError, TypeError, KeyError, ValueError):
            raise GhFailed(
                f"`gh issue list` answered something that is not a JSON list of issues: {out[:200]!r}"
            ) from None
