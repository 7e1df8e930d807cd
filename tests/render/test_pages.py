"""The rendered pages of the real catalogue: complete, in both languages, nothing untranslated."""

from __future__ import annotations

import json
import re

from markupsafe import escape

from generator.catalog import SCHEMA_PATH
from generator.measure import load_measurements
from generator.render.export import export_json

from .conftest import CJK, cited_texts, to_html
from .prose import english_runs

TOP = ["index", "models/index", "downloads", "link-status", "about"]


def test_every_page_exists_in_both_languages(real_pages, real_catalog):
    expected = {f"{page}.{lang}.md" for page in TOP for lang in ("zh", "en")}
    expected |= {f"models/{m.id}.{lang}.md" for m in real_catalog.models for lang in ("zh", "en")}
    expected |= {"catalog.json", "schema.json", "tools/little_berts_speed.py"}
    expected |= {f"measurements/{m.machine.id}.json" for m in load_measurements(real_catalog)}
    assert set(real_pages) == expected


def test_catalog_json_and_schema_are_the_published_files(real_pages, real_catalog):
    assert real_pages["catalog.json"] == export_json(real_catalog, load_measurements(real_catalog))
    assert json.loads(real_pages["schema.json"]) == json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def test_english_pages_have_no_chinese(real_pages):
    for path, text in real_pages.items():
        if path.endswith(".en.md"):
            # The front matter's search tags hold the Chinese size names (迷你 ...) on purpose:
            # a visitor may type them on an English page too. They are never shown.
            text = "\n".join(line for line in text.splitlines() if not line.startswith("tags: "))
            found = CJK.findall(text)
            assert not found, f"{path}: Chinese characters {''.join(found[:20])!r}"


def test_chinese_pages_have_no_english_prose(real_pages, real_catalog):
    c = real_catalog
    names = [c.paper.title, *c.paper.authors, c.glue.source_title, c.release.publisher]
    names += [f.source for f in c.parameter_figures]
    texts = cited_texts(c)
    names += texts + [str(escape(text)) for text in texts]  # as printed: HTML-escaped
    names += ["BertModel + ", "Hugging Face transformers", "Google Research"]
    for path, text in real_pages.items():
        if path.endswith(".zh.md"):
            runs = english_runs(text, names)
            assert runs == [], f"{path}: English prose {runs[:5]}"


def test_the_prose_check_catches_english(real_catalog):
    sentence = "and then this is an English sentence."
    assert english_runs(f"中文 {sentence}", []) == [sentence]


def test_parameter_counts_say_what_they_count(real_pages):
    tiny = real_pages["models/uncased_L-2_H-128_A-2.en.md"]
    assert "| **BertModel total** | **4,385,920** | embeddings + every encoder layer + pooler" in tiny
    row = next(line for line in tiny.replace("\\", "").splitlines() if line.startswith("- **4.4M** "))
    assert 'href="https://github.com/prajjwal1/generalize_lm_nli/blob/' in row and "file line 3072" in row
    assert row.startswith(
        "- **4.4M** (rounded: BertModel + masked-LM head, or BertForPreTraining): "
        "Computed here 4,433,210, agrees."
    )
    home = real_pages["index.zh.md"]
    assert "参数量（BertModel，含 pooler）" in home and "4,385,920" in home


def test_baidu_codes_sit_next_to_their_links_with_a_copy_button_and_pwd_link(real_pages, real_catalog):
    page = real_pages["models/uncased_L-2_H-128_A-2.zh.md"]
    for source in real_catalog.model("uncased_L-2_H-128_A-2").sources:
        if source.code:
            row = next(line for line in page.splitlines() if f'href="{source.url}"' in line)
            assert f'<code class="lb-code">{source.code}</code>' in row
            assert f'data-clipboard-text="{source.code}"' in row
            assert f'href="{source.url}?pwd={source.code}"' in row


def test_unpublished_bundle_is_shown_as_not_published_with_its_reason(real_pages, real_catalog):
    bundle = next(b for b in real_catalog.bundles if b.not_published)
    en = to_html(real_pages["downloads.en.md"])
    assert "lb-badge--unpublished" in en and " ".join(bundle.not_published.split()) in en
    zh = real_pages["downloads.zh.md"]
    assert "未发布：这个合集没有公开的链接和提取码" in zh and bundle.not_published[:20] not in zh


def test_every_model_page_has_its_sections(real_pages, real_catalog):
    for model in real_catalog.models:
        page = to_html(real_pages[f"models/{model.id}.en.md"])
        for section in ("Config", "Parameters", "Downloads", "Usage", "GLUE scores", "Citation"):
            assert f">{section}<" in page, (model.id, section)
        assert page.count('class="tabbed-block"') >= 4  # hub, local folder, TF1, TF2 (+ KerasHub)
        source = real_pages[f"models/{model.id}.en.md"]
        assert real_catalog.paper.bibtex in source
        assert json.dumps(model.hf_config, indent=2) in source


def test_glue_scores_only_where_published(real_pages, real_catalog):
    for model in real_catalog.models:
        page = real_pages[f"models/{model.id}.en.md"]
        row = real_catalog.glue_for(model.id)
        if row:
            assert f"| **{row.score:.1f}** |" in page
        else:
            assert "published no GLUE score for this model" in page


def test_model_pages_carry_their_search_words_in_the_front_matter(real_pages, real_catalog):
    """Material's search indexes front-matter tags with its highest boost (they are not shown)."""
    for model in real_catalog.models:
        for lang in ("zh", "en"):
            page = real_pages[f"models/{model.id}.{lang}.md"]
            line = next(line for line in page.splitlines() if line.startswith("tags: "))
            tags = json.loads(line.removeprefix("tags: "))
            assert model.id in tags and f"L{model.layers}/H{model.hidden}" in tags
            if model.name:
                assert model.name in tags and len(tags) == 3
            # No Chinese gloss of the name: none is sourced, and 小型 also names the whole family.
            assert not any(re.search(r"[\u4e00-\u9fff]", tag) for tag in tags)
            # No bare number: the trailing "_A-2" of a full-id query becomes "2*", which would match it.
            assert not any(re.search(r"(^|[-_/ ])\d+$", tag.replace(model.id, "")) for tag in tags)


def test_each_quick_download_label_ends_with_its_language_s_colon(real_pages):
    """English "label: link" with its space, Chinese full-width "：" (audit 2026-12 #20): the
    strings are stripped when read, so a colon string cannot carry the space itself."""
    en = real_pages["models/uncased_L-2_H-128_A-2.en.md"]
    zh = real_pages["models/uncased_L-2_H-128_A-2.zh.md"]
    assert "- **Baidu Netdisk, PyTorch**: <a " in en and "- **Google official zip**: <a " in en
    assert "- **百度网盘，PyTorch**：<a " in zh and "- **Google 官方 zip**：<a " in zh
