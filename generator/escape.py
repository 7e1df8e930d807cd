"""The one escaping path: every untrusted value on its way to a page or a GitHub issue.

Catalogue fields come in through pull requests, measurement files from whoever ran the
benchmark, link-state text (details, file names) from the servers the checker asked. All of it
is untrusted: it must show as the text it is, never become markup, a script, a live link or a
request. Each destination has its own rules, so each has its own function here, and every
value is put through the one that matches where it lands:

  md_text     Markdown paragraph or table cell (backslash escapes, then HTML escapes)
  html_text   an HTML attribute value, or the text of a raw HTML element (character
              references for everything HTML or Markdown would act on)
  code_span   an inline code span in Markdown (a fence longer than any run inside)
  safe_href   a URL that may become a link: absolute http(s) with a host, else None
  href_attr   such a URL for an href attribute, else None (the page shows it as text)
  json_script JSON inside <script type="application/json">
  code_block  the inside of a fenced code block

All of them first make the value one line of printable characters (`one_line`): a newline in
a value could end a Markdown block and start another (`\\n\\n{: onfocus=...}` is an attribute
list, which Python-Markdown applies to the paragraph), bidi controls reorder what a reader
sees, and Python-Markdown's own placeholders are built from control characters.

Jinja's autoescape stays on for every template; these functions return Markup, so their
result is not escaped twice.
"""

from __future__ import annotations

import json
import math
import re
from urllib.parse import urlsplit

from markupsafe import Markup, escape

REPLACEMENT = "\ufffd"
"""Shown in place of a character no page may carry (a control, a bidi override)."""

# Python-Markdown's escapable characters (markdown.Markdown.ESCAPED_CHARS) plus `|`, which
# the tables extension adds, minus `>`, which HTML escaping turns into &gt; anyway. Escaping
# any other character would show its backslash.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.MULTILINE)

# What Markdown acts on, even inside an attribute: Python-Markdown runs its code span, escape
# and link patterns over a raw tag before it stashes the tag, so `[x](javascript:...)` in a
# title would become a link there; between two inline tags it formats as anywhere else. After
# HTML escaping (which leaves & # ; only in entities), a character reference is inert to both.
_MARKDOWN_ACTIVE = re.compile(r"[\\`*_{}\[\]()!|]")

SAFE_SCHEMES = ("http", "https")


def one_line(value: object, max_chars: int | None = None) -> str:
    """`value` as one line: runs of whitespace (newlines, U+2028/U+2029 included) become one
    space; every other character that is not printable (controls, bidi and other format
    characters) becomes U+FFFD. Longer than `max_chars`: cut, with an ellipsis."""
    flat = " ".join(str(value).split())
    if not flat.isprintable():  # rare: only then look at each character
        flat = "".join(ch if ch.isprintable() else REPLACEMENT for ch in flat)
    if max_chars is not None and len(flat) > max_chars:
        flat = flat[: max_chars - 1] + "…"
    return flat


def md_text(value: object) -> Markup:
    """`value` as literal text in a Markdown paragraph or table cell.

    Markdown escapes first, HTML escapes second: the other order would put backslashes into
    entities such as `&#39;`.
    """
    return Markup(escape(_MARKDOWN_SPECIAL.sub(r"\\\1", one_line(value))))


def html_text(value: object) -> Markup:
    """`value` for an HTML attribute (title, data-*, href) or a raw HTML element's text.

    Every character HTML or Markdown could act on becomes a numeric character reference: the
    browser shows (or uses) the character itself, and neither parser sees it.
    """
    return Markup(_MARKDOWN_ACTIVE.sub(_reference, str(escape(one_line(value)))))


def _reference(match: re.Match[str]) -> str:
    return f"&#{ord(match[0])};"


def code_span(value: object, *, in_table: bool = False, max_chars: int | None = None) -> Markup:
    """`value` as one inline code span (Markdown escapes its HTML itself).

    The fence is one backtick longer than the longest run inside (CommonMark's rule), padded
    with spaces when the text starts or ends with a backtick or a space, so it cannot join
    the fence. In a GitHub table `|` is escaped, because GitHub splits rows on it even inside
    code spans; the table reader removes the escape, so the reader sees a plain `|`.
    """
    flat = one_line(value, max_chars)
    if in_table:
        flat = flat.replace("|", "\\|")
    if not flat:
        return Markup("` `")
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat[0] in "` " or flat[-1] in "` " else ""
    return Markup(f"{fence}{pad}{flat}{pad}{fence}")


def safe_href(url: object) -> str | None:
    """`url` if it is an absolute http(s) URL with a host, else None (rendered as plain text).

    The schema already rejects other schemes; this is the render stage's own guard, so a
    schema change can never turn a `javascript:` value into a link. Where the URL lands in
    an attribute, `href_attr` escapes it.
    """
    if not isinstance(url, str) or not url or one_line(url) != url or " " in url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.hostname:
        return None
    return url


# Inside a raw tag only the patterns Python-Markdown runs before it stashes the tag can act:
# code spans (`), backslash escapes and links, images and references ([, then ] and ( ).
_URL_ACTIVE = re.compile(r"[\\`\[\]]")


def href_attr(url: object) -> Markup | None:
    """`url` ready for an href="..." attribute when it is a safe link (`safe_href`), else None.

    HTML escapes, plus character references for the few characters Markdown acts on inside a
    raw tag: a URL stays readable (and clickable, the browser decodes the references)."""
    href = safe_href(url)
    if href is None:
        return None
    return Markup(_URL_ACTIVE.sub(_reference, str(escape(href))))


_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _finite(node: object) -> object:
    """JSON has no NaN or Infinity (JSON.parse refuses the whole document): such a number is
    shown as missing. The measurement reader refuses them; this keeps the page working."""
    if isinstance(node, float) and not math.isfinite(node):
        return None
    if isinstance(node, dict):
        return {k: _finite(v) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return [_finite(v) for v in node]
    return node


def json_script(data: object) -> Markup:
    """`data` as JSON for the inside of a <script type="application/json"> element.

    `</script>` (any `<`) would end the element early, and `>`, `&` are escaped with it as
    Django's json_script does; U+2028/U+2029 are escaped so that no tool splitting lines on
    them breaks the document. Each escape is the same character to JSON.parse.
    """
    encoded = json.dumps(_finite(data), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return Markup(re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m[0]], encoded))


def code_block(text: str) -> Markup:
    """`text` for the inside of a fenced code block (highlighting escapes it later).

    A line starting with a fence would end the block early and let the rest render as
    Markdown; such text is a programming error here, never catalogue data, so it raises.
    Catalogue text can still reach a block inside a line (the paper's title in the BibTeX):
    what no page may carry becomes U+FFFD, as in `one_line`, and lines stay lines.
    """
    if _FENCE.search(text):
        raise ValueError("code block text contains a fence line: " + text[:60])
    return Markup("".join(ch if ch.isprintable() or ch in "\n\t" else REPLACEMENT for ch in text))
