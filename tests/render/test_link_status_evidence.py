"""The link-status page shows what no other source has: each Baidu code's standing and the
files every host reported, with their date, from the state file the checker wrote."""

from __future__ import annotations

import html
import re

from generator.render import render_site
from tests.evidence_state import DAYS, md5_of, sha256_of, size_of, write_catalogue_state

from .conftest import NO_STATE, to_html
from .model_evidence_state import write_evidence_state

PAGES = ("link-status.zh.md", "link-status.en.md")


def rows(html: str) -> list[str]:
    """The recorded-files table's body rows."""
    table = html.split('<table class="lb-files">', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><th scope=\"row\">.*?</tr>", table, re.DOTALL)


def test_every_baidu_code_shows_its_standing(real_catalog, tmp_path):
    pages = render_site(real_catalog, write_evidence_state(tmp_path / "state.json")).files
    zh, en = (pages[name].replace("\\", "") for name in PAGES)
    assert "code rejected since 2026-11-01" in en and "code verified on 2026-11-02" in en
    assert "提取码自 2026-11-01 起被拒绝" in zh and "提取码已于 2026-11-02 验证有效" in zh
    # The other Baidu links were never sent a code: they say so, one per coded link.
    coded = sum(1 for m in real_catalog.models for s in m.sources if s.code)
    coded += sum(1 for b in real_catalog.bundles if b.source and b.source.code)
    assert en.count("code not checked yet") == coded - 2 and zh.count("提取码尚未检查") == coded - 2


def test_a_code_rejected_once_is_not_settled_yet(real_catalog, tmp_path):
    state = write_catalogue_state(real_catalog, tmp_path / "state.json", days=DAYS[:1])
    en = render_site(real_catalog, state).files["link-status.en.md"].replace("\\", "")
    assert "code not settled yet (last checked 2026-11-01)" in en and "code rejected since" not in en
    assert "code verified on 2026-11-01" in en


def test_recorded_files_with_sizes_hashes_and_dates_in_both_languages(real_catalog, tmp_path):
    pages = render_site(real_catalog, write_catalogue_state(real_catalog, tmp_path / "state.json")).files
    # The table is raw HTML: names come as character references (generator/escape.html_text).
    zh, en = (html.unescape(to_html(pages[name])) for name in PAGES)
    zip_name = "uncased_L-2_H-128_A-2.zip"
    size = size_of(zip_name)
    assert f"{zip_name}, {size:,} bytes ({size / 1e6:,.1f} MB), MD5 <code>{md5_of(zip_name)}</code>" in en
    assert f"{size:,} 字节（{size / 1e6:,.1f} MB）" in zh
    assert "as reported by Google on 2026-11-02" in en and "由 Google 于 2026-11-02 提供" in zh
    # One row per link with evidence: GCS and the Hub for every model, the Baidu shares whose
    # code was accepted, and the two bundles with a link.
    with_evidence = [
        s for m in real_catalog.models for s in m.sources if s.kind.value in ("google_zip", "huggingface")
    ]
    assert len(rows(en)) == len(rows(zh)) >= len(with_evidence) + 2
    # A Hub tree folds under its count and total, computed from the recorded sizes.
    hub = "https://huggingface.co/google/bert_uncased_L-2_H-128_A-2"
    names = ("config.json", "vocab.txt", "pytorch_model.bin", "tf_model.h5", "flax_model.msgpack", "README.md")
    total = sum(size_of(hub + name) for name in names)
    assert f"<summary>6 files, {total / 1e6:,.1f} MB in total</summary>" in en
    assert f"<summary>6 个文件，共 {total / 1e6:,.1f} MB</summary>" in zh
    assert f"SHA-256 <code>{sha256_of(hub + 'pytorch_model.bin')}</code>" in en
    # The Baidu TensorFlow bundle lists every model's zip.
    bundle = next(r for r in rows(en) if "Baidu Netdisk TensorFlow pack" in r)
    assert f"<summary>{len(real_catalog.models)} files," in bundle
    assert all(f"{m.id}.zip" in bundle for m in real_catalog.models)
    # Model links lead to their pages, bundles to the downloads page (relative, from /link-status/).
    assert '<a href="../models/uncased_L-2_H-128_A-2/">uncased_L-2_H-128_A-2</a>' in en
    assert '<a href="../downloads/">' in bundle
    assert "list was longer; only the first part is shown)" in en


def test_host_file_names_are_inert_on_the_link_status_page(real_catalog, tmp_path):
    pages = render_site(real_catalog, write_evidence_state(tmp_path / "state.json")).files
    for name in PAGES:
        page = to_html(pages[name])
        assert "<img" not in page and 'href="javascript' not in page
        assert "&lt;img src=x onerror=alert&#40;1&#41;&gt;" in page  # as text, Markdown's ( ) as references
        assert "\\`" not in page.split("lb-files", 1)[1]  # raw HTML: no Markdown escapes shown


def test_without_a_check_the_section_says_nothing_is_recorded(real_catalog):
    pages = render_site(real_catalog, NO_STATE).files
    en, zh = pages["link-status.en.md"], pages["link-status.zh.md"]
    assert "## Recorded files" in en and "No sizes or checksums recorded yet" in en and "lb-files" not in en
    assert "## 已记录的文件" in zh and "尚未记录大小或校验值" in zh
    assert "code not checked yet" in en.replace("\\", "")
