"""Every generated string exists in both languages; no page mixes languages."""

from __future__ import annotations

import re

import pytest

from generator.render.i18n import LANGUAGES, MissingString, Translator, check_strings, strings

from .conftest import CJK


def test_both_languages_have_the_same_keys_and_placeholders():
    assert check_strings() == []
    assert len(strings("zh")) > 150


def test_a_missing_key_is_an_error_not_a_blank():
    with pytest.raises(MissingString, match=r"no string 'no\.such\.key' in en\.yaml"):
        Translator.load("en")("no.such.key")


def test_values_are_escaped_but_the_string_itself_is_markdown():
    t = Translator.load("en")
    assert t("code.label") == "Code"
    assert str(t("copy.title", code="<b>x</b>")) == "Copy extraction code &lt;b&gt;x&lt;/b&gt;"
    assert t.plain("copy.title", code="<b>x</b>") == "Copy extraction code <b>x</b>"


def test_english_strings_have_no_chinese_and_chinese_strings_are_chinese():
    english = strings("en")
    assert {k: v for k, v in english.items() if CJK.search(v)} == {}
    chinese = strings("zh")
    # A Chinese string may be only a name (PyTorch, TF Hub, Pooler); prose ones must be Chinese.
    prose = {k: v for k, v in chinese.items() if len(re.findall(r"[A-Za-z]+", v)) >= 4 and not CJK.search(v)}
    assert prose == {}


def test_chinese_is_the_default_language():
    assert [lang.code for lang in LANGUAGES] == ["zh", "en"]
    assert [lang.code for lang in LANGUAGES if lang.default] == ["zh"]


def test_the_site_explains_only_counts_the_params_stage_defines():
    """What each count includes is defined once (generator/params/result.py); the site's strings
    translate those definitions, one key per field, and invent no count of their own."""
    from generator.params.result import COUNT_FIELDS
    from generator.render.i18n import LANGUAGES, strings

    for language in LANGUAGES:
        explained = {key.split(".", 1)[1] for key in strings(language.code) if key.startswith("counts.")}
        assert explained and explained <= set(COUNT_FIELDS), (language.code, explained - set(COUNT_FIELDS))


@pytest.mark.parametrize("lang", [language.code for language in LANGUAGES])
def test_a_percent_sign_never_wraps_away_from_its_number(lang):
    """At 390 px a line could end between "25.8" and "%": a no-break space joins them."""
    breakable = {k: v for k, v in strings(lang).items() if re.search(r"[\d}] +%", v)}
    assert breakable == {}
    assert any("}\u00a0%" in v for v in strings(lang).values())
