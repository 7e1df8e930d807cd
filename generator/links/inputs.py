"""What to check: the catalogue's links (with the models they serve) or a plain URL list."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ..catalog import Catalog
from ..failure import Failure
from ..fsutil import read_regular_file
from .checking.urls import http_url_problem
from .model import Owner, Target

MAX_URL_LIST_BYTES = 16 * 1024 * 1024
"""Largest --urls file read: far more URLs than any polite run could check."""


class UrlListInvalid(Failure):
    """A --urls file that cannot be used; `.problems` holds one message per bad line."""

    def __init__(self, problems: list[str]):
        super().__init__(problems, f"{len(problems)} problem(s) in the URL list")


def targets_from_catalog(catalog: Catalog) -> list[Target]:
    """Every catalogued URL once, in catalogue order, with every model or bundle it serves."""
    model_ids = {model.id for model in catalog.models}
    owners: dict[str, list[Owner]] = {}
    codes: dict[str, str] = {}
    for owner_id, kind, source in catalog.links():
        owner = Owner(id=owner_id, kind=kind, type="model" if owner_id in model_ids else "bundle")
        owners.setdefault(source.url.strip(), []).append(owner)
        if source.code:
            codes.setdefault(source.url.strip(), source.code)
    return [Target(url=url, owners=tuple(found), code=codes.get(url)) for url, found in owners.items()]


def code_in_url(url: str) -> str | None:
    """The extraction code a share URL carries as ?pwd=xxxx (Baidu's own form), or None."""
    try:
        found = parse_qs(urlsplit(url).query).get("pwd")
    except ValueError:
        return None
    return found[-1] if found and found[-1] else None


def parse_url_list(text: str, name: str) -> list[Target]:
    """One URL per line; blank lines and lines starting with # are ignored; duplicates once."""
    problems: list[str] = []
    urls: dict[str, None] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        problem = http_url_problem(entry)
        if problem:
            problems.append(f"{name}:{number}: {entry!r} {problem} (fix or remove the line)")
        else:
            urls.setdefault(entry, None)
    if problems:
        raise UrlListInvalid(problems)
    if not urls:
        raise UrlListInvalid(
            [
                f"{name}: no URLs found (write one http(s) URL per line; blank lines "
                "and lines starting with # are ignored)"
            ]
        )
    return [Target(url=url, code=code_in_url(url)) for url in urls]


def read_url_list(path: Path | str) -> list[Target]:
    """The targets of a --urls file; UrlListInvalid says which line is wrong and how to fix it."""
    name = str(path)
    try:
        # A regular file only (a FIFO would block, /dev/zero never ends), and a capped size.
        text = read_regular_file(path, MAX_URL_LIST_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UrlListInvalid(
            [f"{name}: not UTF-8 text ({error.reason} at byte {error.start}); save the list as UTF-8"]
        ) from None
    except OSError as error:
        raise UrlListInvalid(
            [
                f"{name}: cannot read the URL list: {error.strerror or error} "
                "(pass a readable text file with one URL per line)"
            ]
        ) from None
    return parse_url_list(text, name)
