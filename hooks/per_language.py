"""MkDocs hook: keep each language's search index and 404 page its own.

mkdocs-static-i18n builds the default language into the site root and then every other
language into <lang>/, reusing one site folder. Two outputs do not follow that layout:
  * the search index: the plugin merges every language's entries into the one root
    search/search_index.json, so a search would return each page twice, once per language;
    it is split back into one index per language (generator/render/search_index.py);
  * 404.html: each language's build writes it to the site root, so the last language built
    (English) would replace the default (Chinese) one.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority

from generator.fsutil import write_if_changed
from generator.render import DEFAULT_LANGUAGE, LANGUAGES
from generator.render.search_index import split_search_index

INDEX = Path("search") / "search_index.json"
NOT_FOUND = "404.html"


def on_post_template(output_content, template_name, config):
    """Another language's 404 page goes to <lang>/404.html; the root keeps the default one."""
    language = config.theme["language"]  # set per build by mkdocs-static-i18n
    if template_name != NOT_FOUND or language == DEFAULT_LANGUAGE.code:
        return output_content
    write_if_changed(Path(config.site_dir) / language / NOT_FOUND, output_content)
    root = Path(config.site_dir) / NOT_FOUND
    return root.read_text(encoding="utf-8") if root.exists() else output_content


# After mkdocs-static-i18n's on_post_build (priority -100), which builds the other languages
# and then writes every language's entries into the one root index.
@event_priority(-200)
def on_post_build(config):
    root = Path(config.site_dir) / INDEX
    if not root.exists():  # search disabled
        return
    others = tuple(lang.code for lang in LANGUAGES if not lang.default)
    split = split_search_index(json.loads(root.read_text(encoding="utf-8")), DEFAULT_LANGUAGE.code, others)
    for lang, document in split.items():
        target = root if lang == DEFAULT_LANGUAGE.code else Path(config.site_dir) / lang / INDEX
        write_if_changed(target, json.dumps(document, ensure_ascii=False, separators=(",", ":")))
