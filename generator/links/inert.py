"""Text from servers, made inert for GitHub Markdown (the link-rot issue and the Markdown report).

A redirect target or an error page is chosen by whoever runs the server. Put verbatim into
an issue it could add headings, load images (`<img src=…>` is fetched by every reader's
browser through GitHub's proxy) or notify people (`@name`). A code span shows all of that as
literal text: GitHub renders no Markdown, HTML or mention inside one. The span itself is
generator/escape.py's, the one escaping path the site uses too.
"""

from __future__ import annotations

import re

from .. import escape

MAX_CHARS = 300
"""Longer server text is cut: it is evidence for a maintainer, not content."""

_SAFE_AUTOLINK = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]!$&'()*+,;=%]+")
"""A URL GitHub can show as <autolink> without any character that could end it early."""


def code_span(text: object, *, in_table: bool = False) -> str:
    """`text` as one inline code span: one line, at most MAX_CHARS characters (the one rule of
    generator/escape.py, as the site uses it)."""
    return str(escape.code_span(text, in_table=in_table, max_chars=MAX_CHARS))


def plain_url(url: str) -> bool:
    """True when every character of `url` is plain URL text (no <, >, `, space, quote ...)."""
    return bool(_SAFE_AUTOLINK.fullmatch(url)) and len(url) <= MAX_CHARS


def link_or_code(url: str, *, in_table: bool = False) -> str:
    """A clickable <url> when it is plain URL text, else a code span."""
    return f"<{url}>" if plain_url(url) else code_span(url, in_table=in_table)
