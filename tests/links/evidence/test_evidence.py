"""File evidence: GCS headers from the HEAD already sent, the Hub's tree API, and changes."""

from __future__ import annotations

import json

import pytest

from generator.links.evidence import changes as evidence_changes
from generator.links.evidence import listing as evidence
from generator.links.model import Evidence, FileFact, Verdict
from tests.links.answers import (
    CONTENT,
    GCS,
    HUB,
    MD5_HEX,
    SHA,
    TREE,
    ZIP,
    file_page,
    goog_hash,
    paged_tree,
    tree_json,
)
from tests.links.loopback import Reply, html, probe


def test_gcs_head_records_size_md5_and_crc32c_without_downloading(proxy):
    proxy.route(ZIP, Reply(200, CONTENT, {"x-goog-hash": goog_hash(), "Content-Type": "application/zip"}))
    result = probe(GCS)
    assert result.verdict is Verdict.OK
    assert result.evidence == Evidence(
        "gcs", (FileFact("uncased_L-2_H-128_A-2.zip", size=len(CONTENT), md5=MD5_HEX, crc32c="9f6632e4"),)
    )
    assert proxy.count(ZIP, "HEAD") == 1 and proxy.count(ZIP, "GET") == 0
    assert result.requests == 1 and proxy.bytes_sent[ZIP] == 0


def test_gcs_without_x_goog_hash_records_the_size_only(proxy):
    proxy.route(ZIP, Reply(200, CONTENT, {"Content-Type": "application/zip"}))
    result = probe(GCS)
    assert result.evidence.files == (FileFact("uncased_L-2_H-128_A-2.zip", size=len(CONTENT)),)


def test_gcs_headers_twice_and_garbage_values():
    # Composite objects have no md5; requests joins a repeated header with ", ".
    found = evidence.gcs_evidence(GCS, {"content-length": "12", "x-goog-hash": "crc32c=AAAAAA==, md5=!!notb64"})
    assert found.files == (FileFact("uncased_L-2_H-128_A-2.zip", size=12, crc32c="00000000"),)
    assert evidence.gcs_evidence(GCS, {"x-goog-hash": "md5=short"}) is None


def test_hub_tree_gives_sizes_and_lfs_sha256(proxy):
    proxy.route("/google/bert_uncased_L-2_H-128_A-2", html("<title>model card</title>"))
    proxy.route(TREE, Reply(200, tree_json(), {"Content-Type": "application/json"}))
    result = probe(HUB)
    assert result.verdict is Verdict.OK and result.requests == 3  # the page, the tree, config.json
    assert result.evidence == Evidence(
        "huggingface",
        (FileFact("config.json", size=570), FileFact("pytorch_model.bin", size=17_733_185, sha256=SHA)),
    )
    tree = next(s for s in proxy.seen if s.path == TREE)
    assert (tree.method, tree.host, tree.query) == ("GET", "huggingface.co", "recursive=true")


def test_hub_tree_follows_its_next_pages(proxy):
    proxy.route("/google/bert_uncased_L-2_H-128_A-2", html("card"))
    proxy.route(
        TREE,
        paged_tree(
            {
                "": (tree_json(), f'<http://huggingface.co{TREE}?recursive=true&cursor=p2>; rel="next"'),
                # A relative target, with another relation listed first.
                "p2": (
                    file_page("tf_model.h5"),
                    f'<{HUB}>; rel="prev", <{TREE}?recursive=true&cursor=p3>; rel="next"',
                ),
                "p3": (file_page("vocab.txt"), None),
            }
        ),
    )
    result = probe(HUB)
    names = [f.name for f in result.evidence.files]
    assert names == ["config.json", "pytorch_model.bin", "tf_model.h5", "vocab.txt"]
    assert not result.evidence.truncated
    assert proxy.count(TREE) == 3 and result.requests == 5  # the page, 3 tree pages, config.json
    assert [s.query for s in proxy.seen if s.path == TREE] == [
        "recursive=true",
        "recursive=true&cursor=p2",
        "recursive=true&cursor=p3",
    ]


def test_hub_tree_pages_are_bounded_and_the_rest_is_marked_truncated(proxy):
    proxy.route("/google/bert_uncased_L-2_H-128_A-2", html("card"))
    endless = {
        ("" if i == 0 else f"p{i}"): (
            file_page(f"f{i}.bin"),
            f'<{TREE}?recursive=true&cursor=p{i + 1}>; rel="next"',
        )
        for i in range(evidence.MAX_TREE_PAGES + 3)
    }
    proxy.route(TREE, paged_tree(endless))
    result = probe(HUB)
    assert proxy.count(TREE) == evidence.MAX_TREE_PAGES
    assert result.evidence.truncated and len(result.evidence.files) == evidence.MAX_TREE_PAGES


def test_hub_tree_next_page_on_another_host_is_not_followed(proxy):
    proxy.route("/google/bert_uncased_L-2_H-128_A-2", html("card"))
    proxy.route(TREE, paged_tree({"": (tree_json(), '<http://elsewhere.example/steal?cursor=p2>; rel="next"')}))
    proxy.fallback = Reply(500)
    result = probe(HUB)
    assert result.evidence.truncated and len(result.evidence.files) == 2
    assert proxy.count(TREE) == 1 and not any(s.host == "elsewhere.example" for s in proxy.seen)


def test_hub_tree_later_page_failing_keeps_the_first_marked_truncated(proxy):
    proxy.route("/google/bert_uncased_L-2_H-128_A-2", html("card"))
    gone = f'<http://huggingface.co{TREE}?recursive=true&cursor=gone>; rel="next"'
    proxy.route(TREE, paged_tree({"": (tree_json(), gone)}))
    result = probe(HUB)
    assert (result.verdict, result.reason.code) == (Verdict.OK, "http_200")
    assert result.evidence.truncated and len(result.evidence.files) == 2
    assert proxy.count(TREE) == 2


def test_next_page_reads_rfc_8288_link_headers():
    here = "https://huggingface.co/api/models/a/b/tree/main?recursive=true"
    assert (
        evidence.next_page(here, '<https://huggingface.co/api/x?cursor=1>; rel="next"')
        == "https://huggingface.co/api/x?cursor=1"
    )
    assert evidence.next_page(here, "</api/x?cursor=2>; REL=next") == "https://huggingface.co/api/x?cursor=2"
    assert evidence.next_page(here, '<https://h/a>; rel="prev last"') is None
    assert evidence.next_page(here, "") is None
    assert evidence.same_origin("https://huggingface.co/api/x", here)
    assert not evidence.same_origin("http://huggingface.co/api/x", here)
    assert not evidence.same_origin("https://huggingface.co:8443/api/x", here)


def test_hub_tree_cut_at_the_byte_cap_gives_no_evidence_and_no_verdict_change(proxy):
    proxy.route("/google/bert_uncased_L-2_H-128_A-2", html("card"))
    big = [{"type": "file", "size": 1, "path": f"f{i:06d}.txt", "oid": "d" * 40} for i in range(5000)]
    proxy.route(TREE, Reply(200, json.dumps(big).encode(), {"Content-Type": "application/json"}))
    result = probe(HUB, body_cap=16 * 1024)
    assert (result.verdict, result.evidence) == (Verdict.OK, None)


def test_hub_tree_failure_gives_no_evidence(proxy):
    proxy.route("/google/bert_uncased_L-2_H-128_A-2", html("card"))
    proxy.route(TREE, Reply(401, b'{"error":"Repository not found"}'))
    result = probe(HUB)
    assert (result.verdict, result.reason.code, result.evidence) == (Verdict.OK, "http_200", None)


HOSTILE = "<img src=x onerror=alert(1)> @octocat | `tick` ## head\n[x](javascript:alert(1))\u202e\x00"


def test_hub_tree_hostile_strings_are_bounded_data():
    body = json.dumps(
        [
            {"type": "file", "path": HOSTILE, "size": 1, "lfs": {"oid": "<b>not-a-sha</b>", "size": 1}},
            {"type": "file", "path": "x" * 5000, "size": True},
            {"type": "file", "path": 42, "size": 1},
            {"type": "file", "path": "neg", "size": -5},
            "not an object",
        ]
    )
    found = evidence.hub_evidence(body, has_next_page=False)
    names = [f.name for f in found.files]
    assert len(names) == 3 and all(len(n) <= evidence.MAX_NAME for n in names)
    hostile = next(f for f in found.files if f.name.startswith("<img"))
    assert "\n" not in hostile.name and "\x00" not in hostile.name and "\u202e" not in hostile.name
    assert hostile.sha256 is None  # not 64 hex digits
    assert all(f.size in (1, None) for f in found.files)
    assert evidence.hub_evidence('{"error": "x"}', has_next_page=False) is None


def test_hub_repo_urls_only():
    assert evidence.hub_tree_url("https://huggingface.co/google/bert_uncased_L-2_H-128_A-2") == (
        "https://huggingface.co/api/models/google/bert_uncased_L-2_H-128_A-2/tree/main?recursive=true"
    )
    for url in (
        "https://huggingface.co/google",
        "https://huggingface.co/datasets/x/y",
        "https://huggingface.co/a/b/tree/main",
        "https://huggingface.co/a/../b",
    ):
        assert evidence.hub_tree_url(url) is None


def test_a_changed_hash_or_size_is_news_and_a_missing_one_is_not():
    before = Evidence("gcs", (FileFact("a.zip", size=10, md5="0" * 32, crc32c="00000000"),))
    after = Evidence("gcs", (FileFact("a.zip", size=11, md5="1" * 32, crc32c=None),))
    changes = evidence_changes.compare(before, after, "2026-11-30T10:00:00Z")
    assert [(c.file, c.field, c.before, c.after) for c in changes] == [
        ("a.zip", "size", "10", "11"),
        ("a.zip", "md5", "0" * 32, "1" * 32),
    ]
    history, news = evidence_changes.advance_evidence(None, before, "T1")
    assert news == () and history.seen_since == "T1"
    same, news = evidence_changes.advance_evidence(history, before, "T2")
    assert news == () and (same.seen_since, same.last_seen) == ("T1", "T2")
    changed, news = evidence_changes.advance_evidence(same, after, "T3")
    assert len(news) == 2 and changed.seen_since == "T3" and changed.changes == news
    kept, news = evidence_changes.advance_evidence(changed, None, "T4")
    assert kept is changed and news == ()


# The Hub's rules (a 404 is "no such Hugging Face page"; a 2xx page has its tree read) apply to
# one host list. hf-mirror.com is a third party's mirror, not Hugging Face, and the site says it
# does not check it: a --urls line naming it gets the plain rules from both.
@pytest.mark.parametrize(("host", "hub"), [("huggingface.co", True), ("hf-mirror.com", False)])
def test_the_404_rule_and_the_tree_reading_name_the_same_hugging_face_hosts(proxy, host, hub):
    page = "/google/bert_uncased_L-2_H-128_A-2"
    proxy.route(page, html("card"))
    proxy.route(TREE, Reply(200, tree_json(), {"Content-Type": "application/json"}))
    read = probe(f"http://{host}{page}")
    assert (read.evidence is not None, proxy.count(TREE)) == ((True, 1) if hub else (False, 0))
    proxy.route(page, Reply(404, b"gone"))
    gone = probe(f"http://{host}{page}")
    assert gone.verdict is Verdict.DEAD
    assert ("Hugging Face" in gone.detail) is hub


def test_one_hugging_face_host_list_for_the_catalogue_and_the_checker():
    from generator.catalog.sources import HUGGINGFACE_HOSTS, KIND_HOSTS, SourceKind
    from generator.links.checking import classify, fetch

    assert HUGGINGFACE_HOSTS == ("huggingface.co",)
    assert KIND_HOSTS[SourceKind.HUGGINGFACE] is KIND_HOSTS[SourceKind.HUGGINGFACE_COMMUNITY]
    assert classify.HUGGINGFACE_HOSTS is fetch.HUGGINGFACE_HOSTS is KIND_HOSTS[SourceKind.HUGGINGFACE]
    assert not hasattr(evidence, "HUGGINGFACE_HOSTS")
