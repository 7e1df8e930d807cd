"""The built site: every page in both languages, one search index per language, nothing external."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from generator.catalog import SCHEMA_PATH, load_catalog
from generator.measure import load_measurements
from generator.render.export import export_json
from generator.render.speed_script import SITE_PATH as SPEED_SCRIPT
from generator.render.speed_script import install_command, script_text

from ..render.conftest import CJK, cited_texts
from ..render.prose import english_runs


class Links(HTMLParser):
    """Every URL an HTML page references, by tag and attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        rel = dict(attrs).get("rel") or ""
        for name, value in attrs:
            # <link rel="canonical"> and sitemap entries name the published URL; nothing loads them.
            if name in ("href", "src") and value is not None and rel != "canonical":
                self.refs.append((tag, name, value))


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_pages_are_generated_once_per_build_not_once_per_language(site_build):
    """mkdocs-static-i18n's nested English build reuses the pages the first one generated."""
    built_site, log = site_build
    generated = re.findall(r"little_berts: pages generated from .*", log)
    assert len(generated) == 1, log[-3000:]
    assert (built_site / "en" / "models" / "uncased_L-2_H-128_A-2" / "index.html").exists()


def test_every_page_exists_in_both_languages(built_site):
    catalog = load_catalog()
    for prefix in ("", "en/"):
        for page in ("", "models/", "downloads/", "link-status/", "about/"):
            assert (built_site / prefix / page / "index.html").exists(), prefix + page
        for model in catalog.models:
            assert (built_site / prefix / "models" / model.id / "index.html").exists()
    assert 'lang="zh"' in (built_site / "index.html").read_text(encoding="utf-8")
    assert 'lang="en"' in (built_site / "en" / "index.html").read_text(encoding="utf-8")
    # The root 404 page is the default language's, although English is built last.
    assert '<html lang="zh"' in (built_site / "404.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in (built_site / "en" / "404.html").read_text(encoding="utf-8")


def test_one_search_index_per_language(built_site):
    zh = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    en = json.loads((built_site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert len(zh["docs"]) > 100 and len(en["docs"]) > 100
    assert not any(doc["location"].startswith("en/") for doc in zh["docs"])
    for doc in zh["docs"]:
        if "#" not in doc["location"]:  # a page's own entry: its text is Chinese
            assert CJK.search(doc["title"] + doc["text"]), doc["location"]
        assert (built_site / unquote(doc["location"].split("#")[0]) / "index.html").exists(), doc["location"]
    for doc in en["docs"]:
        assert not CJK.search(doc["title"] + doc["text"]), doc["location"]
        target = built_site / "en" / unquote(doc["location"].split("#")[0]) / "index.html"
        assert target.exists(), doc["location"]
    assert "\\u200b" in zh["config"]["separator"] and zh["config"]["lang"] == ["zh", "en"]
    assert en["config"]["lang"] == ["en"]
    text = json.dumps(zh["docs"], ensure_ascii=False)
    assert "\u200b提取码\u200b" in text and "\u200b百度网盘" in text  # jieba with the user dictionary


def test_english_pages_show_no_chinese_but_the_language_name(built_site):
    for page in html_pages(built_site / "en"):
        html = page.read_text(encoding="utf-8")
        visible = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.S).replace("简体中文", "")
        found = CJK.findall(visible)
        assert not found, f"{page}: {''.join(found[:30])}"


def test_chinese_pages_show_no_english_prose(built_site):
    catalog = load_catalog()
    names = [
        catalog.paper.title,
        *catalog.paper.authors,
        catalog.glue.source_title,
        catalog.release.publisher,
        *(f.source for f in catalog.parameter_figures),
        "MkDocs",
        "Material for MkDocs",
        "Little BERTs",
        *cited_texts(catalog),
    ]
    for page in html_pages(built_site):
        if page.is_relative_to(built_site / "en"):
            continue
        html = page.read_text(encoding="utf-8")
        visible = re.sub(r"<(script|pre|code|svg|title|style)\b.*?</\1>|<[^>]+>", " ", html, flags=re.S)
        runs = english_runs(unescape(visible), names)
        assert runs == [], f"{page}: {runs[:5]}"


def test_no_resource_comes_from_outside_the_site(built_site):
    for page in html_pages(built_site):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, attr, url in parser.refs:
            if tag != "a":  # scripts, stylesheets, icons, images: all self-hosted
                assert not re.match(r"(https?:)?//", url), f"{page}: <{tag} {attr}={url}>"
    for asset in [*built_site.rglob("*.css"), *built_site.rglob("*.html")]:
        text = asset.read_text(encoding="utf-8")
        for host in ("fonts.googleapis.com", "fonts.gstatic.com", "cdn.jsdelivr.net", "unpkg.com"):
            assert host not in text, f"{asset} mentions {host}"


def test_internal_links_resolve(built_site):
    checked = 0
    for page in html_pages(built_site):
        url = "/" + page.relative_to(built_site).as_posix()
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for _tag, _attr, ref in parser.refs:
            if re.match(r"(https?:|mailto:|//|#|data:)", ref):
                continue
            path = unquote(urlsplit(urljoin(url, ref)).path)
            target = built_site / path.lstrip("/")
            assert target.exists() or (target / "index.html").exists(), f"{url}: {ref}"
            checked += 1
    assert checked > 1000


def test_pages_have_a_title_and_a_description(built_site):
    for page in html_pages(built_site):
        if page.name == "404.html":
            continue
        html = page.read_text(encoding="utf-8")
        assert re.search(r"<title>[^<]+</title>", html), page
        assert re.search(r'<meta name="description" content="[^"]{40,}">', html), page


def test_catalog_json_and_schema_are_published_and_linked_from_about(built_site):
    catalog = load_catalog()
    expected = export_json(catalog, load_measurements(catalog))
    assert (built_site / "catalog.json").read_text(encoding="utf-8") == expected
    assert (built_site / "schema.json").read_text(encoding="utf-8") == SCHEMA_PATH.read_text(encoding="utf-8")
    assert 'href="../catalog.json"' in (built_site / "about" / "index.html").read_text(encoding="utf-8")
    en_about = (built_site / "en" / "about" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../schema.json"' in en_about
    assert (built_site / "robots.txt").exists() and (built_site / "sitemap.xml").exists()


def test_a_normal_build_is_quiet(site_build):
    """No library chatter: jieba's dictionary messages and mkdocs-static-i18n's expected
    per-language overrides stay out of a normal build's log."""
    _site, log = site_build
    assert "Building prefix dict" not in log and "Prefix dict has been built" not in log, log
    assert "Overriding '" not in log and "Updating '" not in log, log


def test_jieba_keeps_its_cache_in_the_project_cache_folder(site_build, build_tmpdir, params_cache):
    """Not in the system temp folder, which every user of the machine shares."""
    assert not list(build_tmpdir.rglob("jieba.cache"))
    assert (params_cache / "jieba" / "jieba.cache").is_file()


def test_the_speed_script_is_published_and_offered_on_the_models_page_in_both_languages(built_site):
    expected = script_text(load_catalog())
    assert (built_site / SPEED_SCRIPT).read_text(encoding="utf-8") == expected
    for prefix in ("", "en/"):
        html = (built_site / prefix / "models" / "index.html").read_text(encoding="utf-8")
        section = html[html.index('id="your-machine"') :]
        link = re.search(r'<a[^>]*href="([^"]+little_berts_speed\.py)"[^>]*>', section)
        assert link and 'download="little_berts_speed.py"' in link[0], section[:2000]
        target = built_site / unquote(urlsplit(urljoin(f"/{prefix}models/", link[1])).path).lstrip("/")
        assert target.read_text(encoding="utf-8") == expected
        text = unescape(re.sub(r"<[^>]+>", "", section))
        for line in install_command().splitlines():  # the install line as pyproject.toml pins it
            assert line in text
        # ...kept out of the search index: nobody searches for a pip line (measure-yours.md.j2).
        index = json.loads((built_site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert not [d["location"] for d in index["docs"] if "download.pytorch.org" in d["text"]]
