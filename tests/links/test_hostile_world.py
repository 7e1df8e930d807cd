"""End to end: check-links against a world of hostile hosts, twice, then the site build.

The weekly check must survive any answer: the state file the first run writes is one the
second run and `build` accept, no link's check is a bug (exit 70), and a well-behaved link
checked meanwhile keeps its honest verdict (no false timeout from another link's parse).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from generator.links.checking import bounds
from generator.links.defaults import DEFAULT_MAX_REDIRECTS, MAX_EXTRA_REQUESTS
from generator.links.model import Verdict
from generator.links.state.file import load_state
from tests.links.answers import paged_tree
from tests.links.hostile_world import CONTROL, GONE_ZIP, WORLD_OPTIONS, hostile_catalogue, serve_hostile_world
from tests.links.loopback import Reply, html, probe, redirect
from tests.running import proxy_env, run_generator

JSON_RUN = (*WORLD_OPTIONS, "--format", "json")


def generator(*args: str, proxy_url: str, cache: Path) -> subprocess.CompletedProcess[str]:
    """A command through the hostile world's proxy, with its own params cache."""
    env = {**proxy_env(proxy_url), "LITTLE_BERTS_CACHE_DIR": str(cache)}
    return run_generator(*args, env=env, timeout=600)


# Slow, for make test only: two check-links runs and a site build, each a fresh interpreter.
@pytest.mark.slow
def test_two_runs_and_a_build_survive_a_world_of_hostile_hosts(proxy, tmp_path):
    catalog = hostile_catalogue(tmp_path / "catalog")
    state = catalog / "link-state.json"
    serve_hostile_world(proxy)

    first = generator(
        "check-links", "--catalog", str(catalog), *JSON_RUN, proxy_url=proxy.base, cache=tmp_path / "cache"
    )
    assert first.returncode in (0, 1), first.stderr[-3000:]  # 1: the gzip-bombed zip is a 404
    assert "internal error" not in first.stderr and "Traceback" not in first.stderr
    links = {r["url"]: r for r in json.loads(first.stdout)["links"]}
    control = links[f"http://storage.googleapis.com{CONTROL}"]
    assert (control["verdict"], control["reason"]) == ("ok", "http_200"), control["detail"]
    assert all(len(r["detail"]) <= bounds.MAX_DETAIL_CHARS for r in links.values())
    assert state.stat().st_size < 256 * 1024

    second = generator(
        "check-links", "--catalog", str(catalog), *JSON_RUN, proxy_url=proxy.base, cache=tmp_path / "cache"
    )
    assert second.returncode in (0, 1), second.stderr[-3000:]
    assert "internal error" not in second.stderr and "history written" in second.stderr
    history = load_state(state)
    assert history.get(f"http://storage.googleapis.com{GONE_ZIP}").confirmed_dead

    built = generator(
        "build",
        "--catalog",
        str(catalog),
        "--state",
        str(state),
        "--output",
        str(tmp_path / "generated"),
        proxy_url=proxy.base,
        cache=tmp_path / "cache",
    )
    assert built.returncode == 0, built.stderr[-3000:]


def test_the_most_requests_one_link_sends_are_the_ones_the_time_bound_counts(proxy):
    """A HEAD chain and a GET chain of MAX_REDIRECTS redirects each, then the Hub's tree pages:
    the stated bound counts 2 x (MAX_REDIRECTS + 1) attempts per retry round and
    MAX_EXTRA_REQUESTS more (it once counted the chains only)."""
    hops = [f"/google/hop{i}" for i in range(DEFAULT_MAX_REDIRECTS)]
    for here, there in zip(hops, [*hops[1:], "/google/bert_uncased_L-2_H-128_A-2"], strict=True):
        proxy.route(here, redirect(there))
    proxy.route(
        "/google/bert_uncased_L-2_H-128_A-2", lambda seen: Reply(405) if seen.method == "HEAD" else html("card")
    )
    tree = "/api/models/google/bert_uncased_L-2_H-128_A-2/tree/main"
    endless = {
        ("" if i == 0 else f"p{i}"): (b"[]", f'<{tree}?recursive=true&cursor=p{i + 1}>; rel="next"')
        for i in range(20)
    }
    proxy.route(tree, paged_tree(endless))
    result = probe(f"http://huggingface.co{hops[0]}", retries=0)
    assert result.verdict is Verdict.OK and result.evidence is not None
    chains = 2 * (DEFAULT_MAX_REDIRECTS + 1)
    assert chains < result.requests <= chains + MAX_EXTRA_REQUESTS
