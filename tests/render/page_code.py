"""The code blocks of a rendered page, as a visitor copies them: the tests run these texts, not
the functions that made them, so what is tested is what the page shows."""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = re.compile(r"^( *)``` ?([a-z]+)$")
_TAB = re.compile(r'^=== "(.*)"$')


@dataclass(frozen=True)
class CodeBlock:
    language: str
    text: str
    tab: str | None
    """The content tab the block sits in (`=== "title"`), None outside tabs."""
    after: str
    """The last non-empty line of prose before the block (a bullet, a heading)."""


def code_blocks(page: str) -> list[CodeBlock]:
    """Every fenced block of a Markdown page, its indentation removed, in page order."""
    blocks: list[CodeBlock] = []
    lines = page.splitlines()
    tab: str | None = None
    prose = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if found := _TAB.match(line):
            tab = found.group(1)
        elif line.startswith("#"):
            tab = None if line.startswith("## ") else tab
        opening = _OPEN.match(line)
        if not opening:
            if line.strip():
                prose = line.strip()
            i += 1
            continue
        indent, language = len(opening.group(1)), opening.group(2)
        body: list[str] = []
        i += 1
        while lines[i] != " " * indent + "```":
            body.append(lines[i][indent:])
            i += 1
        blocks.append(CodeBlock(language, "\n".join(body) + "\n", tab, prose))
        i += 1
    return blocks


def only(blocks: list[CodeBlock], *, contains: str) -> list[CodeBlock]:
    """The blocks whose text contains `contains`."""
    return [block for block in blocks if contains in block.text]
