"""Rejected extraction codes and changed files in the link-rot issue, through the fake `gh`."""

from __future__ import annotations

from generator.links.inert import code_span
from generator.links.issue.news import EVIDENCE_NEWS_DAYS, link_news
from generator.links.model import CodeCheck, CodeVerdict, Evidence, FileFact, LinkReason, LinkResult, Verdict
from generator.links.state.file import save_state
from generator.links.state.history import LinkState, apply_run

SHARE = "https://pan.baidu.com/s/1AbCdEf"
HUB = "https://huggingface.co/google/bert_uncased_L-2_H-128_A-2"
HOSTILE = "x ## Injected heading @octocat <img src=https://evil.example/p.png> ` `` |pipe|\n[a](javascript:x)"


def week(state: LinkState, day: int, code: CodeVerdict, sha: str) -> LinkState:
    when = f"2026-11-{day:02d}T06:00:00Z"
    results = [
        LinkResult(
            SHARE,
            Verdict.OK,
            LinkReason.from_code("baidu_needs_code"),
            "asks",
            200,
            when,
            code=CodeCheck(code, -9 if code is CodeVerdict.REJECTED else 0, "d", code="lnyy"),
        ),
        LinkResult(
            HUB,
            Verdict.OK,
            LinkReason.from_code("http_200"),
            "ok",
            200,
            when,
            evidence=Evidence("huggingface", (FileFact(HOSTILE, size=5, sha256=sha),)),
        ),
    ]
    return apply_run(state, results, now=when)


def issue_calls(world) -> list[str]:
    return [c["argv"][1] for c in world.calls() if c["argv"][0] == "issue" and c["argv"][1] != "list"]


def test_a_confirmed_rejected_code_and_a_changed_file_open_the_issue_inertly(gh_world):
    state = week(LinkState(), 1, CodeVerdict.REJECTED, "a" * 64)
    save_state(gh_world.state, state)
    assert gh_world.run().returncode == 0 and issue_calls(gh_world) == []  # one rejection: no issue

    state = week(state, 8, CodeVerdict.REJECTED, "b" * 64)
    save_state(gh_world.state, state)
    result = gh_world.run()
    assert result.returncode == 0, result.stderr
    create = next(c for c in gh_world.calls() if c["argv"][:2] == ["issue", "create"])
    argv, body = create["argv"], create["stdin"]
    assert argv[argv.index("--title") + 1] == "Link rot: 1 extraction code rejected, 1 file changed"
    news = body.split("<details>")[0]
    assert f"- <{SHARE}> code `lnyy`: rejected since 2026-11-01T06:00:00Z (errno -9)" in news
    assert "提取码错误" in news and "catalog/models.yaml" in news  # what a maintainer should do
    assert f"sha256 was `{'a' * 64}`, now `{'b' * 64}` (seen 2026-11-08T06:00:00Z" in news
    # The hostile name sits inside one code span on one line: no heading, mention, image or link.
    line = next(ln for ln in news.splitlines() if "sha256 was" in ln)
    assert code_span(HOSTILE) in line and "\n## Injected" not in news and "\n[a]" not in news
    assert all(not ln.startswith("#") or ln.startswith("### ") for ln in news.splitlines())

    state = week(state, 15, CodeVerdict.ACCEPTED, "b" * 64)
    save_state(gh_world.state, state)
    assert gh_world.run().returncode == 0
    edit = [c for c in gh_world.calls() if c["argv"][:2] == ["issue", "edit"]][-1]["argv"]
    assert edit[edit.index("--title") + 1] == "Link rot: 1 file changed"  # the code recovered


def test_a_change_leaves_the_issue_after_the_news_window():
    state = week(week(LinkState(), 1, CodeVerdict.ACCEPTED, "a" * 64), 2, CodeVerdict.ACCEPTED, "b" * 64)
    assert len(link_news(state).changed_files) == 1
    later = apply_run(state, [], now=f"2026-12-{2 + EVIDENCE_NEWS_DAYS - 29:02d}T06:00:01Z")
    assert link_news(later).changed_files == ()
