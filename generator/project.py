"""Where the project lives: its GitHub repository, one setting for the site and the link checker.

The repository is named once, by `GITHUB_REPOSITORY` ("owner/name"), which GitHub Actions sets
in every workflow run; a maintainer building elsewhere sets the same variable. The site links
the repository from every page and opens prefilled "report a broken link" issues on it; the
link checker names it in its User-Agent, so a site operator who sees our requests knows whom
to ask. Without the variable no repository is invented: the site leaves those links out and
the User-Agent names the tool only. A placeholder address would send visitors and operators
to someone else's repository.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from .failure import Failure

REPOSITORY_ENV = "GITHUB_REPOSITORY"
"""Set by GitHub Actions in every run ("owner/name"); the one place the repository is named."""

_SLUG = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")
"""GitHub's rules for an owner (letters, digits, hyphens; at most 39) and a repository name."""

TOOL = "little-berts-linkcheck/0.1"


class RepositoryInvalid(Failure):
    """GITHUB_REPOSITORY is set but is not owner/name (exit 3, like any bad input)."""

    summary = "GITHUB_REPOSITORY is not a GitHub repository"


@dataclass(frozen=True)
class Project:
    repository: str | None
    """'owner/name', or None when no repository is configured."""

    @property
    def url(self) -> str | None:
        return f"https://github.com/{self.repository}" if self.repository else None

    @property
    def user_agent(self) -> str:
        return f"{TOOL} (+{self.url})" if self.url else TOOL

    def new_issue_url(self, title: str, body: str, labels: tuple[str, ...] = ()) -> str | None:
        """A link that opens GitHub's new-issue form with title, body (and labels) filled in."""
        if not self.url:
            return None
        query = {"title": title, "body": body}
        if labels:
            query["labels"] = ",".join(labels)
        return f"{self.url}/issues/new?{urlencode(query)}"


NO_PROJECT = Project(None)
"""No repository configured: the site shows no repository links."""


def project_from_env(environ: dict[str, str] | None = None) -> Project:
    """The project as the environment configures it; raises RepositoryInvalid on a malformed value."""
    value = (os.environ if environ is None else environ).get(REPOSITORY_ENV, "").strip()
    if not value:
        return Project(None)
    if not _SLUG.fullmatch(value):
        raise RepositoryInvalid(f"{REPOSITORY_ENV}={value!r} is not a GitHub repository; "
                                f"set it to owner/name (for example octo-org/little-berts) or unset it")
    return Project(value)
