"""English prose in a page: what the language tests of the rendered pages (tests/render) and of
the built site (tests/site) look for."""

from __future__ import annotations

import re


def english_runs(text: str, allowed: list[str]) -> list[str]:
    """Runs of 4+ English words in a page's prose (code, tags, URLs and names removed)."""
    text = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"^( {4})?``` ?\w*.*?^\1```", " ", text, flags=re.S | re.M)  # fenced code
    text = re.sub(r"<svg.*?</svg>", " ", text, flags=re.S)  # chart: checked through its strings
    text = re.sub(r"`[^`]*`|<[^>]+>|https?://\S+|\]\([^)]*\)", " ", text)
    text = text.replace("\\", "")
    for name in sorted(allowed, key=len, reverse=True):
        text = text.replace(name, " ")
    return re.findall(r"[A-Za-z][A-Za-z.'-]*(?:[ /+][A-Za-z][A-Za-z.'-]*){3,}", text)
