"""The built site in a real browser (Debian's Chromium through Playwright), served on loopback.

Every test's page refuses and reports any request that would leave 127.0.0.1 (conftest.py).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from generator.catalog import load_catalog
from generator.paths import CATALOG_DIR

pytestmark = pytest.mark.browser

TINY = "uncased_L-2_H-128_A-2"
MINI = "uncased_L-4_H-256_A-4"


def search(page, text: str) -> list[str]:
    """Type a query as a person would and return the result links (paths)."""
    field = page.locator("input[data-md-component=search-query]")
    field.click()
    # insertText sends no key events, and Material's search listens to key events:
    # a key press after it makes the query count, as a real IME commit would.
    page.keyboard.insert_text(text)
    page.keyboard.press("End")
    meta = page.locator(".md-search-result__meta")
    meta.filter(has_not_text="初始化").filter(has_not_text="Initializing").wait_for()
    page.wait_for_function(
        "() => !/键入|Type to start/.test(document.querySelector('.md-search-result__meta').textContent)"
    )
    links = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
    return [urlsplit(link).path for link in links]


def test_chinese_search_finds_model_pages(page):
    page.goto("/")
    results = search(page, "小型")
    assert any(path.startswith(f"/models/{TINY[:8]}") for path in results), results
    assert not any(path.startswith("/en/") for path in results), results

    page.goto("/")
    results = search(page, "提取码")
    assert any(path.startswith("/models/uncased_") for path in results), results
    assert "/downloads/" in results


def test_english_search_returns_english_pages_only(page):
    page.goto("/en/")
    results = search(page, "extraction code")
    assert results and all(path.startswith("/en/") for path in results), results
    assert any(path.startswith("/en/models/uncased_") for path in results), results

    page.goto("/en/")
    assert search(page, "提取码") == []  # the Chinese pages are not in the English index


def test_language_switcher_leads_to_the_same_model_in_english(page):
    page.goto(f"/models/{MINI}/")
    assert page.locator("html").get_attribute("lang") == "zh"
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="en"]').click()
    page.wait_for_url(f"**/en/models/{MINI}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "BERT-Mini" in page.locator("h1").inner_text()

    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="zh"]').click()
    page.wait_for_url(f"**/models/{MINI}/")
    assert urlsplit(page.url).path == f"/models/{MINI}/"


def first_column(page) -> list[str]:
    return page.locator(".lb-models tbody tr > :first-child").all_inner_texts()


def params_column(page) -> list[int]:
    return page.locator(".lb-models tbody tr").evaluate_all("rows => rows.map(r => Number(r.dataset.params))")


def test_models_table_sorts_when_a_header_is_clicked(page):
    # Expected orders come from the catalogue the site was built from: adding a model keeps this true.
    catalog = load_catalog(CATALOG_DIR)
    page.goto("/models/")
    before = first_column(page)
    assert before == [f"L{m.layers}/H{m.hidden}" for m in catalog.models]  # catalogue order
    header = page.locator('.lb-models th[data-key="params"]')
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    ascending = first_column(page)
    params = params_column(page)
    assert sorted(ascending) == sorted(before) and params == sorted(params)
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert first_column(page) == ascending[::-1]

    glue = page.locator('.lb-models th[data-key="glue"]')
    glue.locator("button").click()
    scored = [catalog.model(row.model_id) for row in sorted(catalog.glue.rows, key=lambda row: row.score)]
    # lowest score first
    assert first_column(page)[: len(scored)] == [f"L{m.layers}/H{m.hidden}" for m in scored]


def test_copy_button_copies_the_extraction_code(page):
    page.goto(f"/models/{TINY}/")
    button = page.locator('.lb-quick button.lb-copy[data-clipboard-text="lnyy"]')
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == "lnyy"
    page.locator(".md-dialog__inner", has_text="已复制").wait_for()  # Material's own confirmation


def test_no_request_leaves_loopback(page):
    for path in (
        "/",
        "/models/",
        f"/models/{TINY}/",
        "/downloads/",
        "/link-status/",
        "/about/",
        "/en/",
        f"/en/models/{TINY}/",
    ):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert len(page.requests) > 20  # pages, styles, scripts, search index, worker: all recorded
    assert {urlsplit(url).hostname for url in page.requests} == {"127.0.0.1"}


def test_no_request_of_a_page_view_fails(page):
    """Every file a page asks for exists. Per-page `<link rel="alternate" hreflang>` tags made
    Material fetch a sitemap.xml beside each alternate: three 404s on every page view."""
    failed: list[str] = []
    page.on(
        "response",
        lambda response: failed.append(f"{response.status} {response.url}") if response.status >= 400 else None,
    )
    for path in (
        "/",
        "/models/",
        f"/models/{TINY}/",
        "/downloads/",
        "/link-status/",
        "/about/",
        "/en/",
        f"/en/models/{MINI}/",
        "/en/link-status/",
    ):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert failed == []
