"""Split Material's one search index into one index per language. Pure.

mkdocs-static-i18n builds each language in turn and merges every language's entries into
the single search/search_index.json Material loads, so a search on a Chinese page would also
list every English page (and the other way round). The site instead publishes one index per
language: the default language's at search/search_index.json, each other language's at
<lang>/search/search_index.json with locations relative to that folder (the theme override
points those pages' search at their folder; see docs/theme/main.html).
"""

from __future__ import annotations

from typing import Any


def split_search_index(
    document: dict[str, Any], default: str, others: tuple[str, ...]
) -> dict[str, dict[str, Any]]:
    """{language: index document}. Entries under '<lang>/' go to that language, the rest to `default`.

    The default language's index keeps the configured search languages (Chinese pages carry
    English names and code); another language's index is set to that language only, so the
    browser does not load stemmers it cannot use.
    """
    config = document.get("config", {})
    split: dict[str, list[dict[str, Any]]] = {lang: [] for lang in (default, *others)}
    for entry in document.get("docs", []):
        location = entry.get("location", "")
        lang = next((o for o in others if location == o or location.startswith(f"{o}/")), default)
        if lang != default:
            entry = {**entry, "location": location[len(lang) + 1 :]}
        split[lang].append(entry)
    return {
        lang: {
            "config": {**config, "lang": config.get("lang", [lang]) if lang == default else [lang]},
            "docs": entries,
        }
        for lang, entries in split.items()
    }
