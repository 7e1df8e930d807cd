"""Reports from one gathered structure, and the catalogue's targets (owners, one entry per URL)."""

from __future__ import annotations

import dataclasses
import json

from generator.catalog import load_catalog
from generator.links.checking.check import CheckRun
from generator.links.inputs import targets_from_catalog
from generator.links.model import LinkReason, LinkResult, Owner, Target, Verdict
from generator.links.report import build_report, to_json, to_markdown, to_text
from generator.links.state.history import LinkState, apply_run

T1, T2 = "2026-11-17T06:00:00Z", "2026-11-24T06:00:00Z"
GONE = "https://storage.googleapis.com/bert_models/2020_02_20/uncased_L-2_H-128_A-2.zip"
NEW_DEAD = "https://pan.baidu.com/s/1Expired"
BUSY = "https://pan.baidu.com/s/1Busy"
FINE = "https://huggingface.co/google/bert_uncased_L-2_H-128_A-2"
TARGETS = [
    Target(FINE, (Owner("uncased_L-2_H-128_A-2", "huggingface"),)),
    Target(BUSY, (Owner("uncased_L-4_H-256_A-4", "baidu_pytorch"),)),
    Target(NEW_DEAD, (Owner("baidu-tensorflow-all", "baidu_tensorflow", "bundle"),)),
    Target(GONE, (Owner("uncased_L-2_H-128_A-2", "google_zip"),)),
]


def res(url: str, verdict: str, reason: str, when: str = T2) -> LinkResult:
    status = 404 if verdict == "dead" else 200
    return LinkResult(url, Verdict(verdict), LinkReason.from_code(reason), f"{reason} detail", status, when)


def two_runs() -> tuple[CheckRun, LinkState]:
    first = [res(GONE, "dead", "gcs_no_such_key", T1), res(FINE, "ok", "http_200", T1)]
    state = apply_run(LinkState(), first, now=T1)
    second = (
        res(FINE, "ok", "http_200"),
        res(BUSY, "unsure", "captcha"),
        res(NEW_DEAD, "dead", "baidu_share_expired"),
        res(GONE, "dead", "gcs_no_such_key"),
    )
    return CheckRun(T2, T2, second), apply_run(state, second, now=T2)


def test_markdown_puts_confirmed_dead_first_then_first_time_dead_with_owners():
    run, state = two_runs()
    markdown = to_markdown(
        build_report(run, TARGETS, state=state, state_path="catalog/link-state.json", state_written=True)
    )
    order = [
        markdown.index(h)
        for h in (
            "### Confirmed dead (1)",
            "### Dead this run, not yet confirmed (1)",
            "### Unsure (1)",
            "<details><summary>OK (1)</summary>",
        )
    ]
    assert order == sorted(order)
    confirmed = markdown[order[0] : order[1]]
    assert f"- <{GONE}> — `gcs_no_such_key`: `gcs_no_such_key detail`" in confirmed
    assert (
        "serves uncased_L-2_H-128_A-2 (google_zip); dead on 2 consecutive runs; failing since " + T1
    ) in confirmed
    failing = markdown[order[1] : order[2]]
    assert NEW_DEAD in failing and "serves baidu-tensorflow-all (bundle, baidu_tensorflow)" in failing
    assert "failing since " + T2 in failing
    assert "history in `catalog/link-state.json`." in markdown


def test_markdown_without_state_has_plain_dead_section():
    run, _ = two_runs()
    markdown = to_markdown(build_report(run, TARGETS, state=None, state_path=None, state_written=False))
    assert "### Dead this run (2)" in markdown and "Confirmed" not in markdown


def test_json_keeps_input_order_and_carries_history():
    run, state = two_runs()
    document = json.loads(
        to_json(build_report(run, TARGETS, state=state, state_path="s.json", state_written=True))
    )
    assert [r["url"] for r in document["links"]] == [FINE, BUSY, NEW_DEAD, GONE]
    assert document["summary"] == {"total": 4, "ok": 1, "dead": 2, "unsure": 1, "confirmed_dead": 1}
    gone = document["links"][3]
    history = (gone["consecutive_dead"], gone["confirmed_dead"], gone["since"], gone["last_ok"])
    assert history == (2, True, T1, None)
    assert gone["owners"] == [{"id": "uncased_L-2_H-128_A-2", "type": "model", "kind": "google_zip"}]


def test_text_is_worst_first_with_a_summary_line():
    run, state = two_runs()
    report = build_report(run, TARGETS, state=state, state_path="s.json", state_written=True)
    lines = to_text(report).splitlines()
    assert lines[0].startswith("DEAD*") and GONE in lines[0]
    assert lines[2].startswith("DEAD ") and NEW_DEAD in lines[2]
    assert lines[-1] == "4 links: 1 ok, 2 dead (1 confirmed), 1 unsure"


def test_catalogue_targets_carry_owners_and_each_url_once(small_catalog):
    catalog = load_catalog(small_catalog)
    targets = targets_from_catalog(catalog)
    assert len(targets) == len({t.url for t in targets}) == len(catalog.links())
    bundle = next(t for t in targets if t.owners[0].id == "google-all")
    assert bundle.owners == (Owner("google-all", "google_zip", "bundle"),)
    # A URL listed twice (the validator forbids it today) would still be checked once, for both.
    tiny_zip = catalog.models[0].sources[0]
    twice = dataclasses.replace(catalog, bundles=(dataclasses.replace(catalog.bundles[0], source=tiny_zip),))
    shared = next(t for t in targets_from_catalog(twice) if t.url == tiny_zip.url)
    assert [o.id for o in shared.owners] == ["uncased_L-2_H-128_A-2", "google-all"]


def test_an_unsure_run_inside_a_dead_streak_reports_the_streak():
    first = apply_run(LinkState(), [res(GONE, "dead", "gcs_no_such_key", T1)], now=T1)
    run = CheckRun(T2, T2, (res(GONE, "unsure", "captcha"),))
    report = build_report(
        run, TARGETS, state=apply_run(first, run.results, now=T2), state_path="s.json", state_written=True
    )
    assert (
        f"dead on 1 run; dead since {T1} (gcs_no_such_key); unsure since {T2}; never ok in the recorded history"
    ) in to_text(report)
    gone = json.loads(to_json(report))["links"][0]
    assert (gone["since"], gone["dead_since"], gone["dead_reason"]) == (T2, T1, "gcs_no_such_key")


def test_a_runs_news_is_its_own_even_when_two_runs_share_a_second():
    """The changes a report calls news are the ones this run found, not every change stamped
    with the same second (runs a second apart once showed an earlier run's changes again)."""
    from generator.links.model import Evidence, FileFact
    from generator.links.state.history import record_run

    def reading(md5: str) -> LinkResult:
        return LinkResult(
            GONE,
            Verdict.OK,
            LinkReason.from_code("http_200"),
            "ok",
            200,
            T1,
            evidence=Evidence("gcs", (FileFact("a.zip", size=1, md5=md5),)),
        )

    state = apply_run(LinkState(), [reading("aa")], now=T1)
    state = apply_run(state, [reading("bb")], now=T1)  # a change, stamped T1
    quiet = record_run(state, [reading("bb")], now=T1)  # same second, nothing new
    assert quiet.changes == {}
    report = build_report(
        CheckRun(T1, T1, (reading("bb"),)),
        TARGETS,
        state=quiet.state,
        state_path="s.json",
        state_written=True,
        changes=quiet.changes,
    )
    assert "changed from" not in to_markdown(report) and report.rows[0].evidence_changes == ()
    back = record_run(quiet.state, [reading("aa")], now=T1)
    report = build_report(
        CheckRun(T1, T1, (reading("aa"),)),
        TARGETS,
        state=back.state,
        state_path="s.json",
        state_written=True,
        changes=back.changes,
    )
    assert "### Extraction codes and files (1)" in to_markdown(report)
    assert [(c.before, c.after) for c in report.rows[0].evidence_changes] == [("bb", "aa")]
