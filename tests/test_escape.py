"""generator/escape.py: untrusted text renders as text wherever it lands; only http(s) URLs
become links. Each destination is checked through the site's real Markdown (tests/render)."""

from __future__ import annotations

import html
import json
import re

import pytest

from generator.escape import (
    REPLACEMENT,
    code_block,
    code_span,
    html_text,
    json_script,
    md_text,
    one_line,
    safe_href,
)
from tests.render.conftest import to_html

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
    "x\n\n{: tabindex=0 autofocus onfocus=alert(4) }",
    "x\n\n*e*{: tabindex=0 autofocus onfocus=alert(5) }",
    "x\u2028\u2029y \u202eevil\u202c \x00\x1b \x02wzxhzdk:0\x03",
]


def shown(value: str) -> str:
    """What a reader should see: one line, controls replaced."""
    return one_line(value)


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.mark.parametrize("value", HOSTILE)
def test_text_survives_markdown_as_literal_text(value):
    rendered = to_html(f"Before {md_text(value)} after.")
    assert re.fullmatch(r"<p>[^<>]*</p>", rendered), rendered  # no element at all besides <p>
    assert text_of(rendered) == "Before " + shown(value) + " after."


@pytest.mark.parametrize("value", HOSTILE)
def test_text_in_a_table_cell_stays_in_its_cell(value):
    rendered = to_html(f"| a | b |\n| --- | --- |\n| {md_text(value)} | second |\n")
    cells = re.findall(r"<td>(.*?)</td>", rendered, re.S)
    assert [text_of(c) for c in cells] == [shown(value), "second"]
    assert "<script" not in rendered and "<img" not in rendered and "<strong>" not in rendered


@pytest.mark.parametrize(
    "url", ["https://pan.baidu.com/s/1abc", "http://example.com/x?y=1&z=2", "HTTPS://EXAMPLE.COM/"]
)
def test_http_urls_are_links(url):
    assert safe_href(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<b>x</b>",
        "vbscript:x",
        "//example.com/x",
        "/relative",
        "https://",
        "ftp://x.y/z",
        "https://x.y/a b",
        "https://x.y/\nz",
        "",
        None,
        42,
    ],
)
def test_other_urls_are_not_links(url):
    assert safe_href(url) is None


def test_code_block_refuses_a_fence_that_would_end_the_block():
    assert code_block("print('ok')\n") == "print('ok')\n"
    assert code_block("title = {a\u202eb\x1b}\n\tx\n") == f"title = {{a{REPLACEMENT}b{REPLACEMENT}}}\n\tx\n"
    with pytest.raises(ValueError, match="fence"):
        code_block("x = 1\n```\n<script>alert(1)</script>")


def test_one_line_joins_lines_and_replaces_what_no_page_may_carry():
    assert one_line("a\n\nb\u2028c\u2029d\te") == "a b c d e"
    assert one_line("\u202eevil\u202c\x00\x1b\x7f\u200f") == REPLACEMENT + "evil" + REPLACEMENT * 5
    assert one_line("中文，标点。 BERT-Tiny") == "中文，标点。 BERT-Tiny"  # legitimate text unchanged
    assert one_line("x" * 10, max_chars=5) == "xxxx…"


@pytest.mark.parametrize("value", HOSTILE)
def test_an_attribute_holds_the_text_and_nothing_else(value):
    rendered = to_html(f'Before <span title="{html_text(value)}">badge</span> after.')
    [span] = re.findall(r"<span[^>]*>badge</span>", rendered)
    assert re.fullmatch(r'<span title="[^"<>]*">badge</span>', span), rendered
    assert html.unescape(re.search(r'title="([^"]*)"', span)[1]) == shown(value)
    assert re.fullmatch(r"<p>Before <span[^>]*>badge</span> after\.</p>", rendered), rendered


@pytest.mark.parametrize("value", HOSTILE)
def test_raw_html_text_stays_text(value):
    rendered = to_html(f'<div class="x">\n<p>{html_text(value)}</p>\n</div>\n\nNext')
    assert html.unescape(re.search(r"<p>(.*?)</p>", rendered, re.S)[1]) == shown(value), rendered


@pytest.mark.parametrize("value", [*HOSTILE, "a ` b `` c", "`edge`", " "])
def test_a_code_span_shows_its_text_verbatim(value):
    rendered = to_html(f"Before {code_span(value)} after.")
    [code] = re.findall(r"<code>(.*?)</code>", rendered, re.S)
    assert html.unescape(code) == (shown(value).strip() or "")
    assert re.fullmatch(r"<p>Before <code>.*</code> after\.</p>", rendered, re.S), rendered


def test_embedded_json_cannot_end_its_script_element_and_parses_back():
    data = {"label": "</script><script>alert(1)</script> & <!-- \u2028\u2029 \u202e", "n": [1.5, None]}
    encoded = json_script(data)
    assert not re.search("[<>&\u2028\u2029]", encoded)
    assert json.loads(encoded) == data
    assert json.loads(json_script({"ms": float("nan"), "x": [float("inf")]})) == {"ms": None, "x": [None]}
