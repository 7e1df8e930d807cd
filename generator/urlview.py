"""One view of a URL, the one browsers and urllib3 take, for the catalogue and the link checker.

Python's `urlsplit` and the WHATWG URL Standard (browsers; urllib3 follows it for the
host) disagree on hostile input: `https://evil.example\\@pan.baidu.com/s/1x` has the host
`pan.baidu.com` for urlsplit but `evil.example` for a browser, which reads the backslash as
a slash. A check made with one parser and a request made with the other is no check. So the
host is read with ada (the WHATWG parser Node.js uses), and URLs on which readers could
disagree are refused outright: backslashes, user information, invisible or control
characters, ports outside 0-65535, and anything else on which urlsplit and WHATWG differ.

`url_problem` is the validator's rule (catalogue URLs and --urls lines); `whatwg_host` is
the host every later decision uses (host allowlists, the private-address guard, per-host
pacing).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

import ada_url

HTTP_SCHEMES = ("http", "https")

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp", "Zs"})
"""Control, format (zero-width, bidi), private-use, unassigned, surrogate, separators."""


def whatwg_host(url: str) -> str:
    """The host a browser would contact for `url`: lower-case ASCII (IDNA), IPv4 in dotted
    form, no brackets, no trailing dot; '' when the URL does not parse."""
    try:
        host = ada_url.URL(url).hostname or ""
    except ValueError:
        return ""
    return host.strip("[]").rstrip(".").lower()


def _invisible(text: str) -> str | None:
    for ch in text:
        if unicodedata.category(ch) in _INVISIBLE_CATEGORIES and ch != " ":
            name = unicodedata.name(ch, "unnamed")
            return f"contains the invisible character U+{ord(ch):04X} ({name})"
    return None


def url_problem(text: str) -> str | None:
    """What is wrong with `text` as an absolute http(s) URL that every reader reads alike,
    or None. Each answer is a phrase that follows the URL: "'x' contains white space"."""
    if any(ch.isspace() for ch in text):
        return "contains white space"
    invisible = _invisible(text)
    if invisible:
        return invisible
    scheme = _SCHEME.match(text)
    if not scheme or scheme.group(1).lower() not in HTTP_SCHEMES:
        return "is not an http(s) URL"
    if "\\" in text:
        read_as = whatwg_host(text)
        return (
            "contains a backslash, which browsers read as a slash"
            + (f" (they would contact {read_as})" if read_as else "")
            + "; use / or %5C"
        )
    rest = text[scheme.end() :]
    if not rest.startswith("//"):
        return "must start with http:// or https://"
    authority = re.split(r"[/?#]", rest[2:], maxsplit=1)[0]
    if "@" in authority:
        return "carries user information (user:password@ before the host); remove it"
    host_and_port = authority.rsplit("]", 1)[-1] if authority.startswith("[") else authority
    if ":" in host_and_port:
        port = host_and_port.rsplit(":", 1)[1]
        if not port.isascii() or not port.isdigit() or int(port) > 65535:
            return f"is not a valid URL (the port {port!r} is not a number from 0 to 65535)"
    if not authority or authority.startswith(":"):
        return "has no host name"
    try:
        view = ada_url.URL(text)
    except ValueError:
        return "is not a valid URL (the WHATWG URL parser, which browsers use, refuses it)"
    host = whatwg_host(view.href)
    if not host:
        return "has no host name"
    try:
        split_host = (urlsplit(text).hostname or "").rstrip(".")
    except ValueError as error:
        return f"is not a valid URL ({error})"
    if split_host and _ascii_host(split_host) != host:
        return (
            f"is read differently by different URL parsers (host {split_host!r} or {host!r}); "
            "write the host plainly"
        )
    return None


def _ascii_host(host: str) -> str:
    """urlsplit's host in the form WHATWG gives it: IDNA-encoded, lower-case."""
    if host.isascii():
        return host.lower()
    try:
        encoded = ada_url.idna_to_ascii(host)
    except ValueError:
        return host
    return (encoded.decode("ascii") if isinstance(encoded, bytes) else encoded).lower()
