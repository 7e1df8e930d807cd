"""Escaping for untrusted catalogue text in the generated Markdown.

Catalogue fields are edited by hand and come in through pull requests, so the site treats
them as untrusted: HTML in any field must render as text, and only http(s) URLs may become
links. Jinja's autoescape handles HTML; Markdown needs more, because Python-Markdown turns
`[x](javascript:...)` into a live link and `*`, `_`, `#` ... into formatting.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from markupsafe import Markup, escape

# Python-Markdown's escapable characters (markdown.Markdown.ESCAPED_CHARS) plus `|`, which
# the tables extension adds, minus `>`, which HTML escaping turns into &gt; anyway. Escaping
# any other character would show its backslash.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.MULTILINE)

SAFE_SCHEMES = ("http", "https")


def md_text(value: object) -> Markup:
    """`value` as literal text in a Markdown paragraph or table cell.

    Markdown escapes first, HTML escapes second: the other order would put backslashes into
    entities such as `&#39;`. Newlines become spaces so a value cannot end a table row.
    """
    text = " ".join(str(value).split())
    return Markup(escape(_MARKDOWN_SPECIAL.sub(r"\\\1", text)))


def safe_href(url: object) -> str | None:
    """`url` if it is an absolute http(s) URL with a host, else None (rendered as plain text).

    The schema already rejects other schemes; this is the render stage's own guard, so a
    schema change can never turn a `javascript:` value into a link.
    """
    if not isinstance(url, str) or any(c.isspace() or ord(c) < 32 for c in url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return url


def code_block(text: str) -> Markup:
    """`text` for the inside of a fenced code block (highlighting escapes it later).

    A line starting with a fence would end the block early and let the rest render as
    Markdown; such text is a programming error here, never catalogue data, so it raises.
    """
    if _FENCE.search(text):
        raise ValueError("code block text contains a fence line: " + text[:60])
    return Markup(text)
