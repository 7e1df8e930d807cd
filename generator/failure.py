"""One error path for every expected failure (as click's ClickException and mkdocs' Abort do it).

An expected failure is bad input or a missing tool, never a bug: an invalid catalogue, a
parameter count that disagrees with a published figure, a malformed link state file or URL
list, an unusable output folder, a failing `gh`. Each is a `Failure` carrying every problem
found (one line each, most with file and line), a one-line summary and an exit code. Stages
raise it; `generator.cli` prints it and exits in one place, and the MkDocs plugin turns the same
failure into a PluginError. Anything else that escapes is a bug (exit 70, with its traceback).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from . import exitcodes


class Failure(Exception):
    """An expected failure: every problem, a one-line summary and the exit code to leave with."""

    exit_code: ClassVar[int] = exitcodes.INVALID_INPUT
    summary: str = "the input is invalid"
    """One line, lower case, no full stop: the CLI prints `error: <summary>; <what was not done>`."""
    problems: Sequence[object]
    """Every problem found, each printed on its own line (str() of each)."""
    consequence: ClassVar[str | None] = None
    """What was not done, when it is not what the command says for its failures (check-links'
    "no link was checked" is wrong once every link was checked and only the history failed)."""

    def __init__(self, problems: str | Iterable[object], summary: str | None = None):
        self.problems = (problems,) if isinstance(problems, str) else tuple(problems)
        if summary is not None:
            self.summary = summary
        super().__init__("\n".join(str(p) for p in self.problems) or self.summary)

    def warning_lines(self) -> list[str]:
        """The same failure when the run carries on (a notice a person should act on): each
        problem, then `warning: <summary>` (with the consequence, when the class names one)."""
        tail = f"; {self.consequence}" if self.consequence else ""
        return [*(str(p) for p in self.problems), f"warning: {self.summary}{tail}"]

    def lines(self, consequence: str) -> list[str]:
        """What a user reads: each problem, then `error: <summary>; <consequence>`."""
        return [*(str(p) for p in self.problems), f"error: {self.summary}; {self.consequence or consequence}"]
