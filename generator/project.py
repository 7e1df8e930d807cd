"""Where the project lives: its GitHub repository and its published address, read and checked once.

The repository is named once, by `GITHUB_REPOSITORY` ("owner/name"), which GitHub Actions sets
in every workflow run; a maintainer building elsewhere sets the same variable. The site links
the repository from every page and opens prefilled "report a broken link" issues on it; the
link checker names it in its User-Agent, so a site operator who sees our requests knows whom
to ask. Without the variable no repository is invented: the site leaves those links out and
the User-Agent names the tool only. A placeholder address would send visitors and operators
to someone else's repository.

The published address is named by `LITTLE_BERTS_SITE_URL`, which .github/workflows/pages.yml
sets to the address GitHub Pages reports; the MkDocs plugin makes it the site's `site_url`
(canonical links, sitemap.xml, the 404 page's base). Without it the site names no address.

Both come from the environment, so both are untrusted text that ends up in pages and request
headers: `project_from_env` is the one place that reads them, and it refuses a malformed value
(exit 3, like any bad input) instead of one reader ignoring it while another refuses it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from .failure import Failure

REPOSITORY_ENV = "GITHUB_REPOSITORY"
"""Set by GitHub Actions in every run ("owner/name"); the one place the repository is named."""
SITE_URL_ENV = "LITTLE_BERTS_SITE_URL"
"""The published address (pages.yml passes the one GitHub Pages reports); unset locally."""

_SLUG = re.compile(r"(?P<owner>[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38})/(?P<name>[A-Za-z0-9._-]{1,100})")
"""GitHub's rules for an owner (letters, digits, single inner hyphens; at most 39) and a
repository name (letters, digits, `.`, `_`, `-`; never `.` or `..`, checked apart)."""

_SITE_URL = re.compile(
    r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?"
    r"(?:/[A-Za-z0-9._~%-]*)*"
)
"""An absolute http(s) address: a host name, an optional port and a path of plain URL
characters. No credentials, query, fragment, quotes, spaces or markup: it is written into
every page's canonical link and the 404 page's base."""

TOOL = "little-berts-linkcheck/0.1"


class RepositoryInvalid(Failure):
    """GITHUB_REPOSITORY is set but is not owner/name (exit 3, like any bad input)."""

    summary = "GITHUB_REPOSITORY is not a GitHub repository"


class SiteUrlInvalid(Failure):
    """LITTLE_BERTS_SITE_URL is set but is not a plain absolute http(s) address (exit 3)."""

    summary = "LITTLE_BERTS_SITE_URL is not a published address"


@dataclass(frozen=True)
class Project:
    repository: str | None
    """'owner/name', or None when no repository is configured."""
    site_url: str | None = None
    """The published address, ending in '/'; None for a local build."""

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
    """The project as the environment configures it.

    Raises RepositoryInvalid or SiteUrlInvalid on a malformed value; an unset or blank
    variable means "none"."""
    env = os.environ if environ is None else environ
    return Project(_repository(env.get(REPOSITORY_ENV, "")), _site_url(env.get(SITE_URL_ENV, "")))


def _repository(raw: str) -> str | None:
    value = raw.strip()
    if not value:
        return None
    match = _SLUG.fullmatch(value)
    if not match or match["name"] in (".", ".."):
        raise RepositoryInvalid(
            f"{REPOSITORY_ENV}={value!r} is not a GitHub repository; "
            f"set it to owner/name (for example octo-org/little-berts) or unset it"
        )
    return value


def _site_url(raw: str) -> str | None:
    value = raw.strip()
    if not value:
        return None
    if not _SITE_URL.fullmatch(value) or "/../" in f"{value}/" or "/./" in f"{value}/":
        shown = value if len(value) <= 200 else value[:199] + "…"
        raise SiteUrlInvalid(
            f"{SITE_URL_ENV}={shown!r} is not a plain absolute http(s) address; set it to "
            f"the address the site is published at (for example "
            f"https://octo-org.github.io/little-berts/), without credentials, query or "
            f"fragment, or unset it"
        )
    return value if value.endswith("/") else value + "/"
