"""Each page's language alternates, for `<link rel="alternate" hreflang>` in its <head>.

Search engines pair a page with its translation through these links (Google Search Central,
"Tell Google about localized versions of your page":
https://developers.google.com/search/docs/specialty/international/localized-versions).
Every page lists every language, itself included, and `x-default` (the default language,
which is served at the site root). Computed here from the page's path, so the theme only
prints them (docs/theme/main.html) and the generator never asks MkDocs where a page lives.

URLs follow MkDocs' directory URLs: `models/index` is served at `models/`, `about` at
`about/`; a language other than the default lives under `<code>/`. With the published
address (LITTLE_BERTS_SITE_URL) the hrefs are absolute, as Google and Lighthouse require;
without one (a local build) they are relative to the page, so they still lead somewhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .i18n import DEFAULT_LANGUAGE, LANGUAGES, Language

FRONT_MATTER_KEY = "alternates"
"""The generated pages' front-matter key the theme reads (docs/theme/main.html)."""


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    """A BCP 47 tag (zh-Hans, en) or x-default."""
    href: str


def page_url(path: str, language: Language) -> str:
    """The URL of a page, relative to the site root: ('models/index', en) -> 'en/models/'."""
    folder = "" if path == "index" else path.removesuffix("/index")
    url = f"{folder}/" if folder else ""
    return url if language.default else f"{language.code}/{url}"


def alternates(path: str, language: Language, site_url: str | None) -> tuple[Alternate, ...]:
    """The alternates of one page as seen from its `language` version: absolute under
    `site_url` (which ends with '/'), else relative to that page's own URL."""
    here = page_url(path, language)
    root = site_url if site_url else "../" * here.count("/") or "./"
    links = [Alternate(lang.tag, root + page_url(path, lang)) for lang in LANGUAGES]
    links.append(Alternate("x-default", root + page_url(path, DEFAULT_LANGUAGE)))
    return tuple(links)


def with_alternates(page: str, path: str, language: Language, site_url: str | None) -> str:
    """`page` (generated Markdown that starts with front matter) with its alternates added
    to the front matter, as JSON (valid YAML) so no href needs quoting rules."""
    if not page.startswith("---\n"):
        raise ValueError(f"{path}.{language.code}.md has no front matter to hold its alternates")
    links = [{"hreflang": a.hreflang, "href": a.href} for a in alternates(path, language, site_url)]
    return f"---\n{FRONT_MATTER_KEY}: {json.dumps(links)}\n{page[4:]}"
