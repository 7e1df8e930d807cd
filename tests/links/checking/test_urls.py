"""One view of a URL everywhere: each URL that readers could disagree on is refused by the
catalogue validator, by the --urls reader, and by the checker's guard (before any request,
and as a redirect target).

The checker side runs against a real loopback server: `{server}` in a case is its
address, so a request that slips through is seen arriving.
"""

from __future__ import annotations

import re

import pytest

from generator.catalog import CatalogInvalid, Source, SourceKind, load_catalog
from generator.links.inputs import UrlListInvalid, parse_url_list
from generator.links.model import Verdict
from generator.urlview import url_problem, whatwg_host
from tests.conftest import replace_once
from tests.links.loopback import Reply, probe, redirect

TINY_PT = "https://pan.baidu.com/s/19b1x0yJafaTcLa5qBysjEQ"

# (case id, catalogue URL, checker URL ({server}: the loopback server), words of the refusal)
CASES = [
    (
        "backslash-userinfo",
        "https://evil.example\\@pan.baidu.com/s/19b1x0yJafaTcLa5qBysjEQ",
        "http://{server}\\@pan.baidu.com/s/1x",
        "contains a backslash",
    ),
    (
        "backslash-path",
        "https://pan.baidu.com\\s\\19b1x0yJafaTcLa5qBysjEQ",
        "http://{server}\\x",
        "contains a backslash",
    ),
    (
        "credentials",
        "https://user:pass@pan.baidu.com/s/19b1x0yJafaTcLa5qBysjEQ",
        "http://user:pass@{server}/x",
        "carries user information",
    ),
    (
        "empty-userinfo",
        "https://@pan.baidu.com/s/19b1x0yJafaTcLa5qBysjEQ",
        "http://@{server}/x",
        "carries user information",
    ),
    ("zero-width-space", TINY_PT + "\u200b", "http://{server}/x\u200b", "invisible character U+200B"),
    (
        "bidi-override",
        "https://pan.baidu.com/s/\u202e19b1x0yJafaTcLa5qBysjEQ",
        "http://{server}/\u202ex",
        "invisible character U+202E",
    ),
    (
        "port-too-big",
        "https://pan.baidu.com:99999/s/19b1x0yJafaTcLa5qBysjEQ",
        "http://127.0.0.1:99999/x",
        "port '99999' is not a number from 0 to 65535",
    ),
    (
        "numeric-host",
        "https://0x7f.1/s/19b1x0yJafaTcLa5qBysjEQ",
        "http://0x7f.1:{port}/x",
        "read differently by different URL parsers",
    ),
]


@pytest.mark.parametrize("url, words", [(c[1], c[3]) for c in CASES], ids=[c[0] for c in CASES])
def test_the_catalogue_validator_refuses_it(catalog_copy, url, words):
    line = replace_once(catalog_copy / "models.yaml", f"url: {TINY_PT}\n", f'url: "{_yaml_escape(url)}"\n')
    with pytest.raises(CatalogInvalid) as raised:
        load_catalog(catalog_copy)
    problems = [str(p) for p in raised.value.problems]
    start = rf"{re.escape(str(catalog_copy / 'models.yaml'))}:{line}: models\[0\]\.sources\[\d+\]\.url: "
    assert any(re.match(start, p) and words in p for p in problems), problems


@pytest.mark.parametrize("url, words", [(c[2], c[3]) for c in CASES], ids=[c[0] for c in CASES])
def test_the_url_list_reader_refuses_it(url, words):
    line = url.format(server="127.0.0.1:8000", port=8000)
    with pytest.raises(UrlListInvalid) as raised:
        parse_url_list(f"# list\n{line}\n", "urls.txt")
    (problem,) = raised.value.problems
    assert problem.startswith("urls.txt:2: ") and words in problem


@pytest.mark.parametrize("url, words", [(c[2], c[3]) for c in CASES], ids=[c[0] for c in CASES])
def test_the_checker_refuses_it_without_a_request(server, url, words):
    server.fallback = Reply(200)
    target = url.format(server=f"127.0.0.1:{server.port}", port=server.port)
    result = probe(target, allow_private=True)
    assert (result.verdict, result.reason.code, result.requests) == (Verdict.UNSURE, "bad_url", 0), result
    assert words in result.detail
    assert server.seen == []


@pytest.mark.parametrize("url, words", [(c[2], c[3]) for c in CASES], ids=[c[0] for c in CASES])
def test_the_checker_refuses_it_as_a_redirect_target(proxy, url, words):
    proxy.fallback = Reply(200)
    location = url.format(server=f"127.0.0.1:{proxy.port}", port=proxy.port)
    if not location.isascii():  # a server sends UTF-8 bytes; HTTP clients read headers as Latin-1
        location, words = location.encode("utf-8").decode("latin-1"), "invisible character"
    proxy.route("/go", redirect(location))
    result = probe("http://mirror.example.org/go", allow_private=True)
    assert (result.verdict, result.reason.code) == (Verdict.UNSURE, "bad_redirect"), result
    assert words in result.detail
    assert [seen.path for seen in proxy.seen] == ["/go"]


def test_the_backslash_case_is_not_mistaken_for_a_public_baidu_page(server):
    # The most severe finding: urlsplit reads pan.baidu.com, a request goes to the loopback server.
    hostile = f"http://127.0.0.1:{server.port}\\@pan.baidu.com/s/1x"
    assert whatwg_host(hostile) == "127.0.0.1"
    server.fallback = Reply(200)
    result = probe(hostile)  # allow_private off
    assert result.verdict is Verdict.UNSURE and result.requests == 0 and server.seen == []


def test_a_pwd_in_the_url_that_the_code_field_also_gives_is_refused(catalog_copy):
    line = replace_once(catalog_copy / "models.yaml", f"url: {TINY_PT}\n", f"url: {TINY_PT}?pwd=zzzz\n")
    with pytest.raises(CatalogInvalid) as raised:
        load_catalog(catalog_copy)
    (problem,) = [str(p) for p in raised.value.problems]
    start = rf"{re.escape(str(catalog_copy / 'models.yaml'))}:{line}: models\[0\]\.sources\[\d+\]\.url: "
    assert re.match(start + r"the URL carries its own \?pwd= extraction code", problem), problem


def test_the_link_with_code_never_repeats_pwd():
    source = Source(kind=SourceKind.BAIDU_PYTORCH, url=TINY_PT + "?pwd=zzzz", code="lnyy")
    assert source.url_with_code.count("pwd=") == 1 and source.url_with_code.endswith("pwd=lnyy")


@pytest.mark.parametrize(
    "url",
    [
        TINY_PT,
        "https://huggingface.co/google/bert_uncased_L-2_H-128_A-2",
        "https://storage.googleapis.com/bert_models/2020_02_20/uncased_L-2_H-128_A-2.zip",
        "http://127.0.0.1:8000/x?a=1#f",
        "https://[::1]:443/",
        "https://pan.baidu.com./s/1x",
    ],
)
def test_plain_urls_pass(url):
    assert url_problem(url) is None


def _yaml_escape(text: str) -> str:
    return "".join(
        ch if ch.isascii() and ch.isprintable() and ch not in '"\\' else f"\\u{ord(ch):04x}" for ch in text
    )
