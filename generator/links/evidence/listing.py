"""File evidence: the sizes and hashes hosts publish for a download.

Pure functions, no network. Three sources, none of which needs the file itself:

- Google Cloud Storage answers every HEAD with `Content-Length` and `x-goog-hash`
  (`crc32c=<base64>, md5=<base64>`; composite objects have no md5), documented at
  https://cloud.google.com/storage/docs/xml-api/reference-headers#xgooghash
- The Hugging Face Hub lists a repository with `GET /api/models/{repo}/tree/{revision}`
  (what `huggingface_hub.HfApi.list_repo_tree` calls): a JSON array of
  `{"type": "file", "path", "size", "oid", "lfs": {"oid": <sha256>, "size", "pointerSize"}}`,
  paginated with a `Link: <...>; rel="next"` header.
- Baidu's share listing (`share/list`, read after a code is accepted) gives names and sizes;
  its `md5` field is not the file's MD5, so it is not recorded.

Everything a host says is data: names are cut to a length and stripped of control
characters here, and every page and the issue body escape them again where they are shown.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Mapping
from urllib.parse import urljoin, urlsplit, urlunsplit

from .. import defaults
from ..checking.bounds import answer_json, header_number
from ..model import Answer, Evidence, FileFact

MAX_FILES = 200
"""Files kept from one listing (a model repository has about ten)."""
MAX_NAME = 200
"""Characters kept of one file name."""
MAX_SIZE = 2**53
"""Sizes beyond this are not sizes (JSON numbers above it lose precision)."""
HF_REVISION = "main"
# Pages of a Hub tree listing read per run: the Hub pages its tree API (`Link: <...>;
# rel="next"`), and a model repository fits on the first; a listing longer than this is kept as
# read and marked truncated. In defaults.py, since the run's time bound counts these requests.
MAX_TREE_PAGES = defaults.MAX_TREE_PAGES
MAX_LINK_HEADER = 8 * 1024
"""Longest `Link` header read: the Hub's is one URL of about 200 characters. A longer one is
not followed (the listing is marked truncated)."""

_HEX64 = re.compile(r"[0-9a-f]{64}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def clean_name(text: object) -> str | None:
    """A host's file name as plain text of bounded length, or None when it is not text."""
    if not isinstance(text, str):
        return None
    cleaned = _CONTROL.sub("", " ".join(text.split()))[:MAX_NAME].strip()
    return cleaned or None


def size_or_none(value: object) -> int | None:
    """A file size when `value` is one: an int (not a bool) from 0 to below MAX_SIZE."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < MAX_SIZE:
        return None
    return value


def name_from_url(url: str) -> str:
    return clean_name(urlsplit(url).path.rsplit("/", 1)[-1]) or "file"


def gcs_evidence(url: str, headers: Mapping[str, str]) -> Evidence | None:
    """Size, MD5 and CRC32C of a Cloud Storage object from a 2xx answer's headers (lower-case
    names); None when the answer carries neither a length nor a hash."""
    size = size_or_none(header_number(headers.get("content-length")))
    md5 = crc32c = None
    # Cloud Storage sends one header with both values, or the header twice (requests joins
    # repeated headers with ", "): split on commas either way.
    for part in headers.get("x-goog-hash", "").split(","):
        kind, _, value = part.strip().partition("=")
        try:
            raw = base64.b64decode(value.strip(), validate=True)
        except (binascii.Error, ValueError):
            continue
        if kind.strip().lower() == "md5" and len(raw) == 16:
            md5 = raw.hex()
        elif kind.strip().lower() == "crc32c" and len(raw) == 4:
            crc32c = raw.hex()
    if size is None and md5 is None and crc32c is None:
        return None
    return Evidence("gcs", (FileFact(name_from_url(url), size=size, md5=md5, crc32c=crc32c),))


def hub_repo_of(url: str) -> str | None:
    """'google/bert_uncased_L-2_H-128_A-2' for a model repository's page URL, else None."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) != 2 or segments[0] in ("api", "datasets", "spaces", "docs"):
        return None
    if not all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}", s) for s in segments):
        return None
    return "/".join(segments)


def hub_tree_url(url: str) -> str | None:
    """The Hub API's tree URL for a repository page URL (same scheme and host), or None."""
    repo = hub_repo_of(url)
    if repo is None:
        return None
    parts = urlsplit(url)
    return urlunsplit(
        (parts.scheme, parts.netloc, f"/api/models/{repo}/tree/{HF_REVISION}", "recursive=true", "")
    )


def hub_evidence(body: str, *, has_next_page: bool) -> Evidence | None:
    """The files of a one-page tree answer; None when the body is not the documented JSON array
    (an answer cut at the byte cap does not parse and gives no evidence rather than half of it)."""
    files = hub_files(answer_json(body))
    return None if files is None else hub_listing(files, truncated=has_next_page)


def hub_listing(files: list[FileFact], *, truncated: bool) -> Evidence:
    """The evidence of the files read from one or more tree pages, sorted and bounded; a name
    listed twice (pages that repeat themselves) is kept once."""
    unique = list({f.name: f for f in reversed(files)}.values())  # the first reading of a name wins
    truncated = truncated or len(unique) > MAX_FILES
    return Evidence("huggingface", tuple(sorted(unique, key=lambda f: f.name)[:MAX_FILES]), truncated=truncated)


# Linear patterns: a target holds no angle bracket and its parameters run to the next one, so no
# position is scanned twice (`<([^>]*)>` rescanned the rest of a header of 65,000 "<" from each).
_LINK = re.compile(r"<([^<>]*)>([^<]*)")
_REL = re.compile(r';\s*rel\s*=\s*("[^"]*"|[^";,\s]*)', re.IGNORECASE)


def next_page(current: str, link_header: str) -> str | None:
    """The `rel="next"` target of a `Link` header (RFC 8288), resolved against `current`, or
    None without one (or when the header is longer than MAX_LINK_HEADER)."""
    if len(link_header) > MAX_LINK_HEADER:
        return None
    for found in _LINK.finditer(link_header):
        target, params = found.groups()
        if any("next" in rel.strip('"').lower().split() for rel in _REL.findall(params)):
            return str(urljoin(current, target.strip()))
    return None


def same_origin(url: str, other: str) -> bool:
    """Whether `url` has the scheme and host (with port) of `other` and no whitespace: the only
    next pages followed, so a host's header never sends the checker elsewhere."""
    a, b = urlsplit(url), urlsplit(other)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc) and not any(c.isspace() for c in url)


def hub_files(entries: object) -> list[FileFact] | None:
    """The files of one tree page's parsed JSON, or None when it is not the documented array."""
    if not isinstance(entries, list):
        return None
    files: list[FileFact] = []
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("type") != "file":
            continue
        name = clean_name(entry.get("path"))
        if name is None:
            continue
        lfs = entry.get("lfs")
        sha256 = None
        if isinstance(lfs, dict) and isinstance(lfs.get("oid"), str) and _HEX64.fullmatch(lfs["oid"]):
            sha256 = lfs["oid"]
        files.append(FileFact(name, size=size_or_none(entry.get("size")), sha256=sha256))
    return files


def hub_tree(url: str, get: Callable[[str], Answer | None]) -> Evidence | None:
    """The files of a Hub tree listing that starts at `url`, following its `rel="next"` pages on
    the same host, at most MAX_TREE_PAGES. `get(url)` is one request (None: no answer). A first
    page that fails gives no evidence; a later one keeps what was read, marked truncated, as
    is a listing longer than the bound, or pages that lead back to a page already read."""
    files: list[FileFact] = []
    seen = {url}
    for page in range(MAX_TREE_PAGES):
        got = get(url)
        read = hub_files(got.data) if got is not None and 200 <= got.status < 300 else None
        if got is None or read is None:
            return hub_listing(files, truncated=True) if page else None
        files += read
        following = next_page(url, got.headers.get("link", ""))
        if following is None:
            return hub_listing(files, truncated=False)
        if not same_origin(following, url) or following in seen or len(files) > MAX_FILES:
            break
        seen.add(following)
        url = following
    return hub_listing(files, truncated=True)


def baidu_listing(data: Mapping[str, object]) -> Evidence | None:
    """Names and sizes of a share/list answer's `list`; None without one."""
    entries = data.get("list")
    if not isinstance(entries, list):
        return None
    files = [
        FileFact(name, size=size_or_none(e.get("size")))
        for e in entries
        if isinstance(e, dict)
        and not e.get("isdir")
        and (name := clean_name(e.get("server_filename"))) is not None
    ]
    return Evidence("baidu", tuple(files[:MAX_FILES]), truncated=len(files) > MAX_FILES)


def evidence_json(evidence: Evidence) -> dict[str, object]:
    return {
        "source": evidence.source,
        "truncated": evidence.truncated,
        "files": [
            {"name": f.name, "size": f.size, "md5": f.md5, "crc32c": f.crc32c, "sha256": f.sha256}
            for f in evidence.files
        ],
    }
