"""Link status on the pages, from the link checker's state file."""

from __future__ import annotations

import json

from generator.links.model import LinkReason
from generator.render import render_site
from tests.state_history import write_history

from .conftest import NO_STATE, to_html

TINY_BAIDU = "https://pan.baidu.com/s/19b1x0yJafaTcLa5qBysjEQ"
TINY_ZIP = "https://storage.googleapis.com/bert_models/2020_02_20/uncased_L-2_H-128_A-2.zip"
TINY_HUB = "https://huggingface.co/google/bert_uncased_L-2_H-128_A-2"
TINY_TFHUB = "https://tfhub.dev/tensorflow/small_bert/bert_en_uncased_L-2_H-128_A-2/2"


def record(verdict, reason, detail, *, confirmed=False, status=200, since="2026-11-01T06:00:00Z"):
    return {
        "verdict": verdict,
        "reason": reason,
        "detail": detail,
        "http_status": status,
        "since": since,
        "last_checked": "2026-11-24T06:00:00Z",
        "last_ok": None,
        "consecutive_dead": 2 if confirmed else 0,
        "confirmed_dead": confirmed,
    }


def write_state(path):
    path.write_text(
        json.dumps(
            {
                "format_version": 1,
                "updated_at": "2026-11-24T06:00:00Z",
                "dead_after_runs": 2,
                "links": {
                    TINY_BAIDU: record("ok", "baidu_needs_code", "share asks for its extraction code"),
                    TINY_ZIP: record(
                        "dead", "gcs_no_such_key", "NoSuchKey: the object is gone", confirmed=True, status=404
                    ),
                    TINY_HUB: record("dead", "http_404", "404 Not Found", status=404),
                    TINY_TFHUB: record("unsure", "anti_bot", "a <b>captcha</b> page", status=403),
                },
            }
        ),
        encoding="utf-8",
    )
    return path


def test_badges_dates_and_reasons_come_from_the_state_file(real_catalog, tmp_path):
    pages = render_site(real_catalog, write_state(tmp_path / "link-state.json")).files
    zh = pages["models/uncased_L-2_H-128_A-2.zh.md"]
    # The downloads table (rows start with "|") and the quick-download block (list items).
    for prefix in ("|", "- "):
        lines = [line for line in zh.splitlines() if line.startswith(prefix)]
        row = next(line for line in lines if f'href="{TINY_BAIDU}"' in line)
        assert "lb-badge--ok" in row and ("2026-11-24 06:00 UTC" in row or prefix == "- ")
        for url, badge in ((TINY_ZIP, "dead"), (TINY_HUB, "failing"), (TINY_TFHUB, "unsure")):
            row = next(line for line in lines if f'href="{url}"' in line)
            assert f"lb-badge--{badge}" in row, url

    status_zh = pages["link-status.zh.md"].replace("\\", "")  # drop Markdown escapes
    assert "最近一次更新于 2026-11-24 06:00 UTC" in status_zh and "连续 2 次检查都失效" in status_zh
    assert "文件不存在（NoSuchKey）" in status_zh and "HTTP 状态码 404" in status_zh
    assert "被反爬虫机制拦截" in status_zh and "captcha" not in status_zh  # English detail stays off zh pages
    rows = [line for line in status_zh.splitlines() if line.startswith("| [")]
    badges = [r.split("lb-badge--")[1].split('"')[0] for r in rows]
    assert badges == ["dead", "failing", "unsure"] + ["unchecked"] * (len(rows) - 4) + ["ok"]  # worst first

    status_en = to_html(pages["link-status.en.md"])
    assert "NoSuchKey: the object is gone" in status_en and "&lt;b&gt;captcha&lt;/b&gt;" in status_en
    assert "2026-11-01 06:00 UTC" in status_en  # since


def test_without_a_state_file_every_link_is_not_checked_yet(real_pages, real_catalog):
    assert "链接检查还没有运行过" in real_pages["link-status.zh.md"]
    tiny = real_catalog.model("uncased_L-2_H-128_A-2")
    page = real_pages["models/uncased_L-2_H-128_A-2.en.md"].splitlines()
    table = [line for line in page if line.startswith("|")]  # the downloads table: one row per source
    assert sum(line.count("lb-badge--unchecked") for line in table) == len(tiny.sources)
    block = page[page.index('<div class="lb-quick" markdown>') :]
    quick = [line for line in block[: block.index("</div>")] if line.startswith("- **")]  # quick download
    assert quick and all("lb-badge--unchecked" in line for line in quick)
    assert not any("lb-badge--ok" in line for line in page)
    assert "lb-badge--ok" not in real_pages["models/index.zh.md"]
    assert not NO_STATE.exists()


def test_a_confirmed_dead_link_stays_dead_through_an_unsure_run():
    from generator.links import Verdict
    from generator.links.state.history import LinkHistory
    from generator.render.linkstatus import status_of

    def history(verdict, confirmed):
        return LinkHistory(
            verdict=verdict,
            reason=LinkReason.from_code("captcha"),
            detail="redirected to a captcha page",
            http_status=302,
            since="2026-11-24T06:00:00Z",
            last_checked="2026-11-24T06:00:00Z",
            last_ok=None,
            consecutive_dead=2 if confirmed else 0,
            confirmed_dead=confirmed,
        )

    assert status_of(history(Verdict.UNSURE, confirmed=True)).badge == "dead"
    assert status_of(history(Verdict.UNSURE, confirmed=False)).badge == "unsure"
    assert status_of(history(Verdict.OK, confirmed=False)).badge == "ok"


def test_a_confirmed_dead_link_shows_its_dead_streak_not_this_runs_captcha(tmp_path):
    # Written by the checker's own state layer: dead on 11-03 and 11-10, a captcha on 11-17.
    from generator.render.linkstatus import read_state

    path = write_history(tmp_path / "link-state.json", TINY_BAIDU)
    status = read_state(path).status(TINY_BAIDU)
    assert (status.badge, status.since, status.reason, status.detail, status.last_checked) == (
        "dead",
        "2026-11-03T06:00:00Z",
        LinkReason.from_code("baidu_share_cancelled"),
        "baidu_share_cancelled: the page said so",
        "2026-11-17T06:00:00Z",
    )


def test_reasons_the_checker_never_writes_are_shown_as_written(real_catalog, tmp_path):
    """A hand-edited or foreign state file: a bare `http` or `baidu_errno` (no number), a number
    spelled another way, an unknown name. Each is shown as its code; none stops the build."""
    codes = {TINY_BAIDU: "http", TINY_ZIP: "baidu_errno", TINY_HUB: "http_099", TINY_TFHUB: "made_up"}
    path = tmp_path / "link-state.json"
    path.write_text(
        json.dumps(
            {
                "format_version": 1,
                "updated_at": "2026-11-24T06:00:00Z",
                "dead_after_runs": 2,
                "links": {url: record("unsure", code, "d") for url, code in codes.items()},
            }
        ),
        encoding="utf-8",
    )
    status_zh = to_html(render_site(real_catalog, path).files["link-status.zh.md"]).replace("&#95;", "_")
    for code in codes.values():
        assert f"<code>{code}</code>" in status_zh, code
