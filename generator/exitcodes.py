"""Exit codes shared by every command (documented in the README; --help lists them from here)."""

OK = 0
"""Success."""
DEAD_LINKS = 1
"""check-links found at least one dead link."""
USAGE = 2
"""The command line was wrong (argparse's own code)."""
INVALID_INPUT = 3
"""The catalogue or another input is invalid; nothing was written."""
UNVERIFIED = 4
"""Nothing could be verified, for example no network at all."""
GH_FAILED = 5
"""link-issue only: the GitHub CLI (gh) is missing, failed, or answered something unreadable."""
INTERNAL_ERROR = 70
"""A bug: an unexpected exception (traceback on stderr). Never 1, which means dead links."""
INTERRUPTED = 130
"""Stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it); every child process was
stopped too, and nothing was half-written."""

MEANINGS: dict[int, str] = {
    OK: "success",
    DEAD_LINKS: "dead links found (check-links)",
    USAGE: "usage error",
    INVALID_INPUT: "invalid catalogue or input (nothing written)",
    UNVERIFIED: "nothing could be verified (for example no network)",
    GH_FAILED: "the GitHub CLI (gh) is missing or failed (link-issue)",
    INTERNAL_ERROR: "internal error: a bug, please report it with the traceback",
    INTERRUPTED: "interrupted (Ctrl-C or SIGTERM); nothing half-written",
}
"""One line per code, as --help prints it."""

HELP_EPILOG = "exit codes:\n" + "".join(f"  {code:<2} {meaning}\n" for code, meaning in MEANINGS.items())
