"""Untrusted catalogue text renders as text; only http(s) URLs become links."""

from __future__ import annotations

import html
import re

import pytest

from generator.render.markup import code_block, md_text, safe_href

from .conftest import to_html

HOSTILE = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(2))",
    "**bold** _em_ `code` # not a heading",
    "a | b | c",
    '<img src=x onerror="alert(3)">',
    "back\\slash & ampersand 'quotes' \"double\"",
    "1. not a list + - * !",
    "{: .injected-class } ~~strike~~ ==mark==",
    "https://example.com/auto_link-not?a=b&c=d",
    "line one\nline two\n\n| new | row |",
]


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.mark.parametrize("value", HOSTILE)
def test_text_survives_markdown_as_literal_text(value):
    rendered = to_html(f"Before {md_text(value)} after.")
    assert re.fullmatch(r"<p>[^<>]*</p>", rendered), rendered  # no element at all besides <p>
    assert text_of(rendered) == "Before " + " ".join(value.split()) + " after."


@pytest.mark.parametrize("value", HOSTILE)
def test_text_in_a_table_cell_stays_in_its_cell(value):
    rendered = to_html(f"| a | b |\n| --- | --- |\n| {md_text(value)} | second |\n")
    cells = re.findall(r"<td>(.*?)</td>", rendered, re.S)
    assert [text_of(c) for c in cells] == [" ".join(value.split()), "second"]
    assert "<script" not in rendered and "<img" not in rendered and "<strong>" not in rendered


@pytest.mark.parametrize("url", ["https://pan.baidu.com/s/1abc", "http://example.com/x?y=1&z=2",
                                 "HTTPS://EXAMPLE.COM/"])
def test_http_urls_are_links(url):
    assert safe_href(url) == url


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>",
                                 "vbscript:x", "//example.com/x", "/relative", "https://", "ftp://x.y/z",
                                 "https://x.y/a b", "https://x.y/\nz", "", None, 42])
def test_other_urls_are_not_links(url):
    assert safe_href(url) is None


def test_code_block_refuses_a_fence_that_would_end_the_block():
    assert code_block("print('ok')\n") == "print('ok')\n"
    with pytest.raises(ValueError, match="fence"):
        code_block("x = 1\n```\n<script>alert(1)</script>")
