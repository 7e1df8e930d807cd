"""What a reader of the link-rot issue sees: its Markdown rendered as GitHub renders it (CommonMark,
tables and raw HTML on), and the check that server-provided text in it stays inert."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt


def rendered(markdown: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


def assert_inert(html: str) -> None:
    outside_code = re.sub(r"<code>.*?</code>", "", html, flags=re.DOTALL)
    assert "<img" not in html
    assert "evil.example" not in outside_code
    assert "@octocat" not in outside_code
    assert "Injected heading" not in outside_code and "Second heading" not in outside_code
    assert "<strong>bold</strong>" not in html and "<!-- comment" not in outside_code
