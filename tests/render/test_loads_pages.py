""" "Loading from Hugging Face" on the model pages, from a state file the checker's own state layer
wrote: each result in both languages (loads, no model_type, fails, not judged, never checked), the
code offered for each, and the checker's words kept inert."""

from __future__ import annotations

import re

import pytest

from generator.links.model import ConfigCheck, LinkReason, LinkResult, LoadVerdict, Verdict
from generator.links.state.file import save_state
from generator.links.state.history import LinkState, apply_run
from generator.render import render_site
from generator.render.i18n import Translator

from .conftest import NO_STATE, to_html
from .page_code import code_blocks

DAY = "2026-12-07T06:00:00Z"
HOSTILE = "ValueError: model type `x` ![x](javascript:alert(1)) <img src=x onerror=alert(1)> @octocat"
CHECKS = {
    "https://huggingface.co/google/bert_uncased_L-2_H-128_A-2": ConfigCheck(
        LoadVerdict.LOADS, "AutoConfig builds BertConfig", "5.25.0", "BertConfig"
    ),
    "https://huggingface.co/prajjwal1/bert-tiny": ConfigCheck(
        LoadVerdict.NO_MODEL_TYPE,
        "ValueError: Unrecognized model in prajjwal1/bert-tiny. Should "
        "have a `model_type` key in its config.json.",
        "5.25.0",
    ),
    "https://huggingface.co/google/bert_uncased_L-2_H-256_A-4": ConfigCheck(
        LoadVerdict.NO_MODEL_TYPE, "ValueError: no model_type", "5.25.0"
    ),
    "https://huggingface.co/google/bert_uncased_L-4_H-256_A-4": ConfigCheck(
        LoadVerdict.FAILS, "config.json is not a JSON object, so transformers cannot read it"
    ),
    "https://huggingface.co/prajjwal1/bert-mini": ConfigCheck(LoadVerdict.FAILS, HOSTILE, "5.25.0"),
    "https://huggingface.co/google/bert_uncased_L-4_H-512_A-8": ConfigCheck(
        LoadVerdict.UNSURE, "config.json not judged: the answer is over 65,536 bytes"
    ),
}
"""BERT-Tiny: the official repository loads, the community copy lacks model_type. L-2/H-256: the
official one lacks it too (its Hub tab then names the BERT classes). BERT-Mini: invalid JSON and a
refusal in transformers' words (hostile). BERT-Small: the official one not judged, the community
copy (prajjwal1/bert-small) never checked."""
TINY, L2_H256, MINI, SMALL = (
    f"models/uncased_{s}" for s in ("L-2_H-128_A-2", "L-2_H-256_A-4", "L-4_H-256_A-4", "L-4_H-512_A-8")
)


@pytest.fixture(scope="module")
def pages(real_catalog, tmp_path_factory) -> dict[str, str]:
    results = [
        LinkResult(url, Verdict.OK, LinkReason.from_code("http_200"), "ok", 200, DAY, loads=check)
        for url, check in CHECKS.items()
    ]
    path = tmp_path_factory.mktemp("loads") / "state.json"
    save_state(path, apply_run(LinkState(), results, now=DAY))
    return render_site(real_catalog, path).files


def section(page: str, lang: str) -> str:
    title = Translator.load(lang).plain("hub_loads.title")
    start = page.index(f"## {title}\n")
    return page[start : page.index("\n## ", start + 1)].replace("\\", "")  # Markdown escapes dropped


def blocks_after(text: str, repo: str) -> list[str]:
    return [b.text for b in code_blocks(text) if f"`{repo}`" in b.after]


def test_a_repository_that_loads_gets_the_auto_classes_and_one_without_model_type_the_bert_classes(pages):
    zh, en = section(pages[f"{TINY}.zh.md"], "zh"), section(pages[f"{TINY}.en.md"], "en")
    assert "loads with transformers 5.25.0 (AutoConfig reads its config.json; checked 2026-12-07)" in en
    assert "可用 transformers 5.25.0 加载（AutoConfig 能读取其 config.json；检查于 2026-12-07）" in zh
    assert "has no `model_type`, so `AutoModel.from_pretrained` does not load it with transformers 5.25.0" in en
    assert "缺少 `model_type`，因此 transformers 5.25.0 的 `AutoModel.from_pretrained` 无法加载" in zh
    for text in (zh, en):
        official = blocks_after(text, "google/bert_uncased_L-2_H-128_A-2")
        copy = blocks_after(text, "prajjwal1/bert-tiny")
        assert official == [
            "from transformers import AutoModel, AutoTokenizer\n\n"
            "tokenizer = AutoTokenizer.from_pretrained('google/bert_uncased_L-2_H-128_A-2')\n"
            "model = AutoModel.from_pretrained('google/bert_uncased_L-2_H-128_A-2')\n"
        ]
        assert copy == [
            "from transformers import BertModel, BertTokenizer\n\n"
            "tokenizer = BertTokenizer.from_pretrained('prajjwal1/bert-tiny')\n"
            "model = BertModel.from_pretrained('prajjwal1/bert-tiny')\n"
        ]
    html = to_html(pages[f"{TINY}.en.md"])
    assert "<code>prajjwal1/bert-tiny</code>" in html and "<li>" in html


def test_the_hub_tab_names_the_bert_classes_when_the_official_config_lacks_model_type(pages):
    hub = Translator.load("en").plain("tab.hub")
    tab = [b.text for b in code_blocks(pages[f"{L2_H256}.en.md"]) if b.tab == hub]
    assert tab and all("BertModel.from_pretrained(name)" in t and "AutoModel" not in t for t in tab)
    tiny = [b.text for b in code_blocks(pages[f"{TINY}.en.md"]) if b.tab == hub]
    assert tiny and all("AutoModel.from_pretrained(name)" in t for t in tiny)


def test_a_repository_that_fails_says_why_offers_no_code_and_keeps_the_words_inert(pages):
    for lang, unread, fails in (
        (
            "en",
            "does not load (checked 2026-12-07):",
            "does not load with transformers 5.25.0 (checked 2026-12-07):",
        ),
        ("zh", "无法加载（检查于 2026-12-07）：", "transformers 5.25.0 无法加载（检查于 2026-12-07）："),
    ):
        text = section(pages[f"{MINI}.{lang}.md"], lang)
        assert unread in text and "not a JSON object" in text and fails in text
        assert not blocks_after(text, "google/bert_uncased_L-4_H-256_A-4")
        assert not blocks_after(text, "prajjwal1/bert-mini")
        html = to_html(text)
        assert "<img" not in html and 'href="javascript' not in html and "&lt;img src=x" in html


def test_never_decided_and_never_checked_repositories_say_unchecked(pages):
    en, zh = section(pages[f"{SMALL}.en.md"], "en"), section(pages[f"{SMALL}.zh.md"], "zh")
    assert "not checked yet: the latest link check could not read its config.json (2026-12-07)" in en
    assert "over 65,536 bytes" in en
    assert "`prajjwal1/bert-small`: not checked yet; the next link check reads its config.json." in en
    assert "尚未检查：最近一次链接检查未能读取其 config.json（2026-12-07）" in zh
    assert "`prajjwal1/bert-small`：尚未检查；下一次链接检查会读取其 config.json。" in zh
    assert not code_blocks(en) and not code_blocks(zh)


def test_without_a_state_file_every_repository_is_unchecked_and_the_section_comes_before_usage(real_catalog):
    files = render_site(real_catalog, NO_STATE).files
    for lang in ("zh", "en"):
        page = files[f"{TINY}.{lang}.md"]
        t = Translator.load(lang)
        text = section(page, lang)
        assert text.count(t.plain("hub_loads.unchecked")) == 2 and not code_blocks(text)
        assert page.index(f"## {t.plain('hub_loads.title')}") < page.index(f"## {t.plain('model.usage')}")
    # A model without a Hugging Face repository has no such section.
    assert all(
        re.search(r"^## Loading from Hugging Face", files[name], re.MULTILINE) is None
        for name in files
        if name.endswith(".en.md") and "huggingface.co" not in files[name]
    )
