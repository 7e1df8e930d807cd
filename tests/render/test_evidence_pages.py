"""Code checks and file evidence on the model pages, from a state file the checker's own state
layer wrote: dates beside codes, evidence per source, size notes, the verify snippet, and
hostile host strings rendered inert."""

from __future__ import annotations

import re

from generator.render import render_site

from .conftest import NO_STATE, to_html
from .model_evidence_state import MD5, SHA, TINY, write_evidence_state


def test_code_dates_evidence_and_snippet_in_both_languages(real_catalog, tmp_path):
    pages = render_site(real_catalog, write_evidence_state(tmp_path / "state.json")).files
    # Markdown escapes dropped: the rendered text is what a visitor reads.
    zh, en = pages[f"{TINY}.zh.md"].replace("\\", ""), pages[f"{TINY}.en.md"].replace("\\", "")
    assert "提取码自 2026-11-01 起被拒绝" in zh and "提取码已于 2026-11-02 验证有效" in zh
    assert "code rejected since 2026-11-01" in en and "code verified on 2026-11-02" in en
    html = to_html(en)
    assert "as reported by Google on 2026-11-02" in html
    assert "16,937,472 bytes (16.9 MB)" in html and f"MD5 <code>{MD5}</code>" in html
    assert f"SHA-256 <code>{SHA}</code>" in html and "as reported by Hugging Face on 2026-11-02" in html
    assert "由 Google 于 2026-11-02 提供" in zh and "## 校验下载文件" in zh
    # The snippet checks Google's zip and the Hub's weights; Baidu's repack gets a plain note.
    assert f'echo "{MD5}  uncased_L-2_H-128_A-2.zip" | md5sum -c -' in en
    assert f'echo "{SHA}  pytorch_model.bin" | sha256sum -c -' in en
    assert "lists uncased_L-2_H-128_A-2.zip at 16,000,123 bytes" in en
    assert "config.json, 570 bytes" in en and "570 bytes (0.0 MB)" not in en
    assert "a repack is legitimate" in en and "重新打包是正常的" in zh


def test_hostile_names_from_a_host_are_inert_text_and_never_a_shell_line(real_catalog, tmp_path):
    pages = render_site(real_catalog, write_evidence_state(tmp_path / "state.json")).files
    for lang in ("zh", "en"):
        page = pages[f"{TINY}.{lang}.md"]
        html = to_html(page)
        assert "<img" not in html and 'href="javascript' not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
        shell = [line for line in page.splitlines() if "sum -c -" in line]
        assert len(shell) == 2 and not any("rm -rf" in line for line in shell)


def test_a_changed_hash_is_shown_with_its_date(real_catalog, tmp_path):
    state = write_evidence_state(tmp_path / "state.json", zip_md5_day2="f" * 32)
    pages = render_site(real_catalog, state).files
    en = to_html(pages[f"{TINY}.en.md"])
    assert f"changed on 2026-11-02: uncased_L-2_H-128_A-2.zip md5 was {MD5}, now {'f' * 32}" in en
    assert "2026-11-02 发生变化" in pages[f"{TINY}.zh.md"].replace("\\", "")


def test_without_evidence_the_page_says_so_and_shows_no_check_that_cannot_print_ok(real_catalog):
    """With no recorded checksum there is nothing for `-c` to check: the page says how to print
    a checksum in prose, and never promises "each line prints OK" over a bare `md5sum FILE`."""
    pages = render_site(real_catalog, NO_STATE).files
    for lang, none, intro in (
        ("en", "No checksum recorded yet", "each line prints OK"),
        ("zh", "尚未记录校验值", "每行输出 OK"),
    ):
        page = pages[f"{TINY}.{lang}.md"]
        assert none in page and intro not in page
        assert not re.search(r"^(md5sum|sha256sum) ", page, re.MULTILINE)
        assert "&amp;#" not in page  # nothing escaped twice
    assert "code verified" not in pages[f"{TINY}.en.md"] and "提取码已于" not in pages[f"{TINY}.zh.md"]
