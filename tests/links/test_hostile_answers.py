"""Hostile server answers, one class per test: each is refused or made inert, named, within the
link's bounds, and whatever the run keeps is a state file the next run and `build` accept.

`kept(result)` saves the result the way check-links does and reads it back with the reader every
later run (and the site build) uses: a value the reader refuses would stop the weekly check.
"""

from __future__ import annotations

import json
import re
import zlib

import pytest

from generator.links.baidu import share as baidu
from generator.links.checking import bounds
from generator.links.evidence import listing as evidence
from generator.links.model import CodeVerdict, LinkReason, LinkResult, Verdict
from generator.links.state.file import load_state, save_state
from generator.links.state.history import LinkHistory, LinkState, apply_run
from tests.links import baidu_pages as pages
from tests.links.answers import HUB, SHARE, TREE, answer_json, file_page, paged_tree, serve_share, tree_json
from tests.links.loopback import Reply, html, probe, redirect

PAN = "http://pan.baidu.com"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def kept(result: LinkResult, tmp_path) -> LinkHistory:
    """The result as the next run reads it back, after one save; fails on any refusal."""
    path = tmp_path / "link-state.json"
    state = apply_run(LinkState(), [result], now="2026-12-07T06:00:00Z")
    save_state(path, state)
    history = load_state(path).get(result.url)
    assert history is not None
    for text in (
        history.detail,
        history.reason.code,
        history.dead_detail or "",
        history.code.detail if history.code else "",
    ):
        assert len(text) <= bounds.MAX_DETAIL_CHARS and not _UNSAFE.search(text), text[:200]
    return history


def no_bug(result: LinkResult) -> None:
    assert result.reason.code != "internal_error", result.detail


# ---- numbers where the state file has ranges -------------------------------------------


@pytest.mark.parametrize("errno", [10**23, 2**63, -(10**19), True])
def test_a_verify_errno_out_of_range_is_unsure_and_never_stored(proxy, tmp_path, errno):
    serve_share(proxy, answer_json({"errno": errno, "request_id": 1}))
    result = probe(SHARE, code="lnyy")
    no_bug(result)
    assert result.code.verdict is CodeVerdict.UNSURE and result.code.errno is None
    assert "errno" in result.code.detail
    assert kept(result, tmp_path).code.errno is None


@pytest.mark.parametrize("errno", ["10" * 20, "1e400", "NaN", "-Infinity", '"0"', "false"])
def test_a_share_page_errno_that_is_no_small_integer_decides_nothing(proxy, tmp_path, errno):
    data = '{"errno": ' + errno + ', "file_list": [{"server_filename": "a.zip", "size": 1}]}'
    proxy.route(
        "/s/1Num",
        html(
            pages.page("百度网盘", "<div id='app'></div>").replace(
                "</body>", f"<script>locals.mset({data});</script></body>"
            )
        ),
    )
    result = probe(f"{PAN}/s/1Num")
    no_bug(result)
    assert (result.verdict, result.reason.code) == (Verdict.UNSURE, "baidu_unrecognised")
    kept(result, tmp_path)


@pytest.mark.parametrize("status", [600, 799, 999])
def test_a_status_outside_http_is_unsure_and_never_stored(server, tmp_path, status):
    result = probe(server.route("/odd", Reply(status)), allow_private=True)
    no_bug(result)
    assert result.verdict is Verdict.UNSURE and result.http_status is None
    assert str(status) in result.detail
    kept(result, tmp_path)


@pytest.mark.parametrize("where", ["content-length", "gcs-content-length", "retry-after"])
@pytest.mark.parametrize("value", ["9" * 5000, "\u00b2", "1e999"])
def test_strings_where_header_numbers_belong_are_ignored(proxy, tmp_path, where, value):
    # "²" passes str.isdigit() but not int(); 5,000 digits pass isdigit() but not int() either.
    if where == "retry-after":
        proxy.route("/n", Reply(429, b"", {"Retry-After": value}))
    else:  # a 404 is read with GET, whose connection is kept when the length is small
        proxy.route("/n", Reply(200 if where.startswith("gcs") else 404, b"", {"Content-Length": value}))
    host = "storage.googleapis.com" if where.startswith("gcs") else "example.org"
    result = probe(f"http://{host}/n")
    no_bug(result)
    kept(result, tmp_path)


# ---- sizes: details, redirect chains, files --------------------------------------------


def test_a_redirect_loop_through_60_kb_urls_keeps_a_short_detail(server, tmp_path):
    long_a, long_b = "/a" + "x" * 60_000, "/b" + "y" * 60_000
    server.route(long_a, redirect(long_b))
    server.route(long_b, redirect(long_a))
    result = probe(server.url(long_a), allow_private=True)
    assert (result.verdict, result.reason.code) == (Verdict.UNSURE, "redirect_loop")
    history = kept(result, tmp_path)
    assert history.detail.startswith("redirect loop: ")
    # The URL checked is the file's key (an input); what the servers said adds little.
    assert (tmp_path / "link-state.json").stat().st_size < len(result.url) + 8 * 1024


def test_control_and_bidi_characters_never_reach_stored_text(server, tmp_path):
    # http.client reads headers as Latin-1: UTF-8 bytes of U+202E arrive as C1 controls.
    target = "file:///etc/passwd\x1b[2J\u202egnp.exe"
    server.route("/r", Reply(302, b"", {"Location": target.encode().decode("latin-1")}))
    result = probe(server.url("/r"), allow_private=True)
    assert (result.verdict, result.reason.code) == (Verdict.UNSURE, "bad_redirect")
    assert not _UNSAFE.search(result.detail), result.detail
    kept(result, tmp_path)


@pytest.mark.parametrize("target", ["file:///etc/passwd", "FILE:/etc/shadow", "gopher://x/1"])
def test_a_redirect_to_a_file_url_is_refused(server, tmp_path, target):
    result = probe(server.route("/f", redirect(target)), allow_private=True)
    assert (result.verdict, result.reason.code) == (Verdict.UNSURE, "bad_redirect")
    kept(result, tmp_path)


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/x",
        "http://[::ffff:169.254.0.1]/",
        "http://2851995905/",
    ],
)
def test_a_redirect_to_a_link_local_address_is_refused_unrequested(proxy, tmp_path, target):
    proxy.route("/hop", redirect(target))
    result = probe("http://example.org/hop")
    assert (result.verdict, result.reason.code) == (Verdict.UNSURE, "private_address")
    assert [s.path for s in proxy.seen] == ["/hop"]
    kept(result, tmp_path)


def test_endless_headers_are_unsure_not_a_crash(server, tmp_path):
    server.route("/h", Reply(200, b"", {f"X-H{i}": "v" for i in range(500)}))
    result = probe(server.url("/h"), allow_private=True)
    no_bug(result)
    assert result.verdict is Verdict.UNSURE
    kept(result, tmp_path)


def gzip_bomb(mebibytes: int) -> bytes:
    """`mebibytes` MiB of zeros, gzipped (about a thousandth of the size), never held whole."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: the gzip container
    block = b"\0" * (1024 * 1024)
    return b"".join([*(packer.compress(block) for _ in range(mebibytes)), packer.flush()])


def test_a_gzip_bomb_is_read_only_to_the_cap(proxy, tmp_path):
    bomb = gzip_bomb(64)
    proxy.route("/s/1Bomb", Reply(200, bomb, {"Content-Type": "text/html", "Content-Encoding": "gzip"}))
    result = probe(f"{PAN}/s/1Bomb", body_cap=128 * 1024)
    no_bug(result)
    assert (result.verdict, result.reason.code) == (Verdict.UNSURE, "baidu_unrecognised")
    assert result.bytes_read <= 128 * 1024
    kept(result, tmp_path)


# ---- parsing: depth and CPU ------------------------------------------------------------

DEEP = "[" * 200_000


@pytest.mark.parametrize("where", ["share-page", "bare-json", "verify", "listing", "hub-tree"])
def test_deeply_nested_json_anywhere_is_not_json_not_a_crash(proxy, tmp_path, where):
    deep = Reply(
        200, ('{"errno": 0, "randsk": "sk", "x": ' + DEEP).encode(), {"Content-Type": "application/json"}
    )
    if where == "share-page":
        proxy.route(
            "/s/1Deep",
            html(
                pages.page("百度网盘", "<p></p>").replace(
                    "</body>", '<script>locals.mset({"errno": 0, "file_list": ' + DEEP + "</script></body>"
                )
            ),
        )
        url = f"{PAN}/s/1Deep"
    elif where == "bare-json":
        proxy.route(
            "/s/1Deep", Reply(200, ('{"errno": 0, "x": ' + DEEP).encode(), {"Content-Type": "application/json"})
        )
        url = f"{PAN}/s/1Deep"
    elif where in ("verify", "listing"):
        ok = answer_json({"errno": 0, "randsk": "sk"})
        serve_share(proxy, deep if where == "verify" else ok, deep if where == "listing" else None)
        url = SHARE
    else:
        proxy.route("/google/bert_uncased_L-2_H-128_A-2", html("card"))
        proxy.route(TREE, Reply(200, DEEP.encode(), {"Content-Type": "application/json"}))
        url = HUB
    result = probe(url, code="lnyy")
    no_bug(result)
    kept(result, tmp_path)


def test_a_512_kb_page_no_rule_can_parse_is_unsure(proxy, tmp_path):
    # Each `"list":{` once sent a regex scanning to the end of the page: minutes of CPU in all.
    hostile = 'locals.mset(x "errno":0 ' + '"list":{x' * (512 * 1024 // 9)
    proxy.route("/s/1Slow", html(hostile))
    result = probe(f"{PAN}/s/1Slow")
    no_bug(result)
    assert result.verdict is Verdict.UNSURE
    kept(result, tmp_path)


def test_a_cut_off_page_still_counts_its_file_list():
    # The regex fallback for a page cut at the byte cap keeps working after it was made linear.
    cut = 'locals.mset({"errno":0,"file_list":{"errno":0,"list":[{"server_filename":"a.zip","si'
    assert baidu.page_facts(cut) == (0, True)
    assert baidu.page_facts('locals.mset({"errno":0,"file_list":[{"fs_id":1,') == (0, True)
    assert baidu.page_facts('locals.mset({"errno":0,"file_list":[],"x":') == (0, None)


def test_an_oversized_link_header_is_not_followed():
    assert evidence.next_page("http://huggingface.co/api/x", '</api/x?cursor=2>; rel="next"') is not None
    padded = '</api/x?cursor=2>; rel="next"' + " " * 65_000
    assert evidence.next_page("http://huggingface.co/api/x", padded) is None


@pytest.mark.parametrize(
    "header", ["<" * 65_000, "<x>" + ";" * 65_000, "<" + "a" * 65_000, '<x>; rel="next' + " " * 65_000]
)
def test_a_65_kb_link_header_gives_no_next_page(header):
    assert evidence.next_page("http://huggingface.co/api/x", header) is None


# ---- the Hub's pages -------------------------------------------------------------------


def tree_page(body: bytes, link: str | None) -> Reply:
    return Reply(200, body, {"Content-Type": "application/json", **({"Link": link} if link else {})})


def test_a_next_page_pointing_at_itself_is_read_once(proxy, tmp_path):
    proxy.route("/google/bert_uncased_L-2_H-128_A-2", html("card"))
    proxy.route(TREE, tree_page(tree_json(), f'<{TREE}?recursive=true>; rel="next"'))
    result = probe(HUB)
    names = [f.name for f in result.evidence.files]
    assert names == ["config.json", "pytorch_model.bin"] and result.evidence.truncated
    assert proxy.count(TREE) == 1
    kept(result, tmp_path)


def test_a_loop_of_pages_lists_each_file_once(proxy):
    proxy.route("/google/bert_uncased_L-2_H-128_A-2", html("card"))
    proxy.route(
        TREE,
        paged_tree(
            {
                "": (tree_json(), f'<{TREE}?recursive=true&cursor=b>; rel="next"'),
                "b": (file_page("vocab.txt"), f'<{TREE}?recursive=true>; rel="next"'),
            }
        ),
    )
    result = probe(HUB)
    names = [f.name for f in result.evidence.files]
    assert names == ["config.json", "pytorch_model.bin", "vocab.txt"] and result.evidence.truncated
    assert proxy.count(TREE) == 2


def test_hub_numbers_that_are_not_sizes_are_dropped(proxy, tmp_path):
    body = (
        '[{"type":"file","path":"a.bin","size":1e400},{"type":"file","path":"b.bin","size":"12"},'
        '{"type":"file","path":"c.bin","size":' + "9" * 30 + '},{"type":"file","path":"d.bin","size":-1},'
        '{"type":"file","path":"e.bin","size":true}]'
    )
    proxy.route("/google/bert_uncased_L-2_H-128_A-2", html("card"))
    proxy.route(TREE, tree_page(body.encode(), None))
    result = probe(HUB)
    assert [(f.name, f.size) for f in result.evidence.files] == [(f"{n}.bin", None) for n in "abcde"]
    kept(result, tmp_path)


def test_a_listing_of_hostile_names_is_kept_bounded(proxy, tmp_path):
    names = [f"\u202e{i:04d}\x00" + "n" * 500 for i in range(300)]
    listing = {"errno": 0, "list": [{"server_filename": n, "size": 2**60, "isdir": 0} for n in names]}
    serve_share(proxy, answer_json({"errno": 0, "randsk": "sk"}), answer_json(listing))
    result = probe(SHARE, code="lnyy")
    files = result.code.listing.files
    assert len(files) <= evidence.MAX_FILES and result.code.listing.truncated
    assert all(len(f.name) <= evidence.MAX_NAME and not _UNSAFE.search(f.name) for f in files)
    assert all(f.size is None for f in files)
    history = kept(result, tmp_path)
    assert json.dumps(history.evidence.evidence.files[0].name)


# ---- the last net: a state the reader would refuse is never written -----------------------


def test_a_state_the_reader_would_refuse_is_not_written_and_the_old_file_stays(tmp_path):
    from dataclasses import replace

    from generator.links.state.file import StateNotSaved

    path = tmp_path / "link-state.json"
    ok = LinkResult(
        "https://example.org/a",
        Verdict.OK,
        LinkReason.from_code("http_200"),
        "HTTP 200",
        200,
        "2026-12-07T06:00:00Z",
    )
    good = apply_run(LinkState(), [ok], now="2026-12-07T06:00:00Z")
    save_state(path, good)
    before = path.read_text(encoding="utf-8")
    history = good.links["https://example.org/a"]
    bad = replace(good, links={"https://example.org/a": replace(history, http_status=999)})
    with pytest.raises(StateNotSaved, match="http_status: 999 is out of range"):
        save_state(path, bad)
    assert path.read_text(encoding="utf-8") == before
