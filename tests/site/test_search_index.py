"""One search index per language, split from the merged index mkdocs-static-i18n writes."""

from __future__ import annotations

from generator.site.search_index import split_search_index


def test_split_by_language_prefix():
    merged = {
        "config": {"lang": ["zh", "en"], "separator": "x"},
        "docs": [
            {"location": "", "title": "首页", "text": ""},
            {"location": "models/a/#config", "title": "配置", "text": ""},
            {"location": "en/", "title": "Home", "text": ""},
            {"location": "en/models/a/#config", "title": "Config", "text": ""},
            {"location": "english-page/", "title": "not a language prefix", "text": ""},
        ],
    }
    split = split_search_index(merged, "zh", ("en",))
    assert [d["location"] for d in split["zh"]["docs"]] == ["", "models/a/#config", "english-page/"]
    assert [d["location"] for d in split["en"]["docs"]] == ["", "models/a/#config"]
    assert [d["title"] for d in split["en"]["docs"]] == ["Home", "Config"]
    assert split["zh"]["config"] == {"lang": ["zh", "en"], "separator": "x"}
    assert split["en"]["config"] == {"lang": ["en"], "separator": "x"}
    assert merged["docs"][2]["location"] == "en/"  # input untouched
