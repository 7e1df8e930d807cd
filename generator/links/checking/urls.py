"""URL helpers: hosts, the private-address guard and the http(s) check for inputs.

Hosts are read the way browsers and urllib3 read them (generator/urlview.py, the WHATWG
URL Standard), so the guard judges the host a request would really go to.

Pure functions, no network: in particular no name is resolved here. The guard only looks at
what the URL itself says, so `http://127.0.0.1/` and `http://localhost/` are refused while a
public name that happens to resolve to a private address is not (resolving would mean a
second, different DNS answer from the one requests gets, which proves nothing).
"""

from __future__ import annotations

import ipaddress
import re
import socket

from ...urlview import HTTP_SCHEMES, url_problem, whatwg_host

__all__ = ["HTTP_SCHEMES", "host_matches", "host_of", "http_url_problem", "private_host"]

# Forms the C library's inet_aton accepts without DNS: 2130706433, 127.1, 0x7f.0.0.1.
# getaddrinfo takes them as addresses too, so they must be caught like dotted quads.
_NUMERIC_HOST = re.compile(r"[0-9a-fx.]+")


def host_of(url: str) -> str:
    """The host a browser would contact, lower-case ASCII, without brackets or a trailing
    dot ('' if none)."""
    return whatwg_host(url)


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
    """What is wrong with `text` as an absolute http(s) URL, or None when it is one that every
    reader (urlsplit, browsers, urllib3) reads alike; see generator/urlview.py."""
    return url_problem(text)
