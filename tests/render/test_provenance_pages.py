"""What the site shows of provenance, in both languages: citations with locators, unverified
figures with their reason, third-party copies, and link history after a documented edit."""

from generator.catalog import load_catalog
from generator.render import render_site
from tests.maintainer_docs import apply_documented_edit

from .conftest import NO_STATE

BASE = "models/uncased_L-12_H-768_A-12"


def test_link_history_says_replaced_on_date_in_both_languages(catalog_copy):
    apply_documented_edit(catalog_copy, "Replacing a dead link")
    pages = render_site(load_catalog(catalog_copy), NO_STATE).files
    for lang, words in (("en", "replaced on 2026\\-12\\-01"), ("zh", "2026\\-12\\-01 已替换")):
        model = pages[f"models/uncased_L-12_H-128_A-2.{lang}.md"]
        history = model.split("### ")[-1]
        assert words in history and "<del>https://pan\\.baidu\\.com/s/1ttj1iEsDsHvXNXafIcJcEA</del>" in history
        assert ("cancelled" in history) == (lang == "en")  # the reason is English free text
        assert words in pages[f"link-status.{lang}.md"]
        # The dead link is history only: it is not offered among the downloads any more.
        downloads = model.split("### ")[0]
        assert 'href="https://pan.baidu.com/s/1ttj1iEsDsHvXNXafIcJcEA' not in downloads


def test_no_link_history_without_retired_links(real_pages):
    assert "lb-unverified" not in real_pages["models/uncased_L-2_H-256_A-4.en.md"].split("## ")[0]
    for lang in ("en", "zh"):
        assert "<del>" not in real_pages[f"models/uncased_L-2_H-128_A-2.{lang}.md"]


def test_unverified_facts_are_marked_with_their_reason_in_both_languages(real_pages, real_catalog):
    """A figure no source prints is not listed at all (validation refuses it); facts a source does
    not quite say (the GLUE pair order) are shown with the unverified badge."""
    assert all(f.citation.verified for f in real_catalog.parameter_figures)
    assert not real_catalog.glue.pairs.citation.verified
    for lang, badge in (("en", ">unverified<"), ("zh", ">未核实<")):
        page = real_pages[f"models/uncased_L-2_H-128_A-2.{lang}.md"]
        row = next(line for line in page.splitlines() if "MRPC, QQP" in line or "MRPC、QQP" in line)
        assert badge in row and "lb-unverified" in row
        about = real_pages[f"about.{lang}.md"]
        assert badge in about and "graph\\_plots\\_paper\\.ipynb" in about  # every figure's locator


def page_about(pages):
    return pages["about.en.md"]


def test_cited_figures_link_their_source_with_a_locator(real_pages):
    page = real_pages["models/uncased_L-2_H-128_A-2.en.md"]
    assert '<a href="https://github.com/prajjwal1/generalize_lm_nli/blob/' in page
    assert "file line 3072" in page
    assert "bert\\-tiny \\(4\\.4M params\\)" in page_about(real_pages)  # quotes: on the About page
    pinned = "https://github.com/keras-team/keras-hub/blob/0b8b7aff40ebcfcb0fffe155cf1c2ad71dd41e2d"
    assert f'<a href="{pinned}/keras_hub/src/models/bert/' in page


def test_third_party_copies_say_so(real_pages):
    for lang, words in (("en", "third party's conversion"), ("zh", "第三方转换的副本")):
        page = real_pages[f"models/uncased_L-2_H-128_A-2.{lang}.md"]
        rows = [line for line in page.splitlines() if "prajjwal1/bert-tiny" in line and line.startswith("|")]
        assert rows and all(words in row for row in rows)


def test_kerashub_base_snippet_says_its_weights_are_the_2018_checkpoint(real_pages):
    assert "google-bert/bert-base-uncased" in real_pages[f"{BASE}.en.md"]
    assert "2018 年原版 BERT-Base" in real_pages[f"{BASE}.zh.md"]
    assert "google-bert/bert-base-uncased" not in real_pages["models/uncased_L-2_H-128_A-2.en.md"]


def test_the_name_guide_is_in_both_languages(real_pages):
    en, zh = real_pages["about.en.md"], real_pages["about.zh.md"]
    assert "Is BERT-Tiny the same as TinyBERT?" in en and "BERT-Tiny 和 TinyBERT 是同一个模型吗？" in zh
    for page in (en, zh):
        assert "arXiv:1909\\.10351" in page and "uer/chinese_roberta_L-4_H-256" in page
