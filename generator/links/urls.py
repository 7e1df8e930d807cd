"""URL helpers: hosts, the private-address guard and the http(s) check for inputs.

Pure functions, no network: in particular no name is resolved here. The guard only looks at
what the URL itself says, so `http://127.0.0.1/` and `http://localhost/` are refused while a
public name that happens to resolve to a private address is not (resolving would mean a
second, different DNS answer from the one requests gets, which proves nothing).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import urlsplit

HTTP_SCHEMES = ("http", "https")

# Forms the C library's inet_aton accepts without DNS: 2130706433, 127.1, 0x7f.0.0.1.
# getaddrinfo takes them as addresses too, so they must be caught like dotted quads.
_NUMERIC_HOST = re.compile(r"[0-9a-fx.]+")


def host_of(url: str) -> str:
    """The URL's host name, lower-case, without brackets or a trailing dot ('' if none)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".")


def host_matches(host: str, names: frozenset[str] | tuple[str, ...]) -> bool:
    """True when `host` is one of `names` or a subdomain of one."""
    return any(host == name or host.endswith("." + name) for name in names)


def _literal_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if _NUMERIC_HOST.fullmatch(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))  # parses only, never resolves
        except OSError:
            return None
    return None


def private_host(host: str) -> str | None:
    """Why `host` is refused without --allow-private ('loopback address' ...), or None."""
    host = host.lower().strip("[]").rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return "localhost"
    ip = _literal_ip(host)
    if ip is None:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_unspecified:
        return "an unspecified address (it reaches this machine)"
    if ip.is_private:
        return "a private address"
    return None


def http_url_problem(text: str) -> str | None:
    """What is wrong with `text` as an absolute http(s) URL, or None when it is one."""
    if any(ch.isspace() for ch in text):
        return "contains white space"
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError as error:
        return f"is not a valid URL ({error})"
    if parts.scheme.lower() not in HTTP_SCHEMES:
        return "is not an http(s) URL"
    if not parts.hostname:
        return "has no host name"
    return None
