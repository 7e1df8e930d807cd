"""Exit codes shared by every command (documented in the README and in --help)."""

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

HELP_EPILOG = """\
exit codes:
  0  success
  1  dead links found (check-links)
  2  usage error
  3  invalid catalogue or input (nothing written)
  4  nothing could be verified (for example no network)
  5  the GitHub CLI (gh) is missing or failed (link-issue)
  70 internal error: a bug, please report it with the traceback
"""
