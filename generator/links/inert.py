"""Text from servers, made inert for GitHub Markdown (the link-rot issue and the Markdown report).

A redirect target or an error page is chosen by whoever runs the server. Put verbatim into
an issue it could add headings, load images (`<img src=…>` is fetched by every reader's
browser through GitHub's proxy) or notify people (`@name`). A code span shows all of that as
literal text: GitHub renders no Markdown, HTML or mention inside one.
"""

from __future__ import annotations

import re

MAX_CHARS = 300
"""Longer server text is cut: it is evidence for a maintainer, not content."""

_SAFE_AUTOLINK = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]!$&'()*+,;=%]+")
"""A URL GitHub can show as <autolink> without any character that could end it early."""


def code_span(text: object, *, in_table: bool = False) -> str:
    """`text` as one inline code span: one line, at most MAX_CHARS characters.

    The fence is one backtick longer than the longest run inside (CommonMark's rule), padded
    with spaces when the text starts or ends with a backtick or a space, so it cannot join
    the fence. In a table `|` is escaped, because GitHub splits rows on it even inside code
    spans; the table reader removes the escape, so the reader sees a plain `|`.
    """
    flat = " ".join(str(text).split())
    flat = "".join(ch if ch.isprintable() else "\ufffd" for ch in flat)
    if len(flat) > MAX_CHARS:
        flat = flat[: MAX_CHARS - 1] + "…"
    if in_table:
        flat = flat.replace("|", "\\|")
    if not flat:
        return "` `"
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat[0] in "` " or flat[-1] in "` " else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def plain_url(url: str) -> bool:
    """True when every character of `url` is plain URL text (no <, >, `, space, quote ...)."""
    return bool(_SAFE_AUTOLINK.fullmatch(url)) and len(url) <= MAX_CHARS


def link_or_code(url: str, *, in_table: bool = False) -> str:
    """A clickable <url> when it is plain URL text, else a code span."""
    return f"<{url}>" if plain_url(url) else code_span(url, in_table=in_table)
