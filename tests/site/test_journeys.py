"""The three things visitors come for, tried in Chromium at desktop and phone widths, in both
languages: compare (the models table), download (the quick-download block), find (search).

Every wait is on a condition (a selector, a URL, a class), never a fixed sleep.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from generator.catalog import load_catalog
from generator.paths import CATALOG_DIR

from .conftest import REPOSITORY

pytestmark = pytest.mark.browser

DESKTOP = (1280, 900)
PHONE = (390, 844)
LANGUAGES = {"zh": "", "en": "/en"}
TINY, MINI, SMALL = "uncased_L-2_H-128_A-2", "uncased_L-4_H-256_A-4", "uncased_L-4_H-512_A-8"
MEDIUM, BASE = "uncased_L-8_H-512_A-8", "uncased_L-12_H-768_A-12"
TABLE_PAGES = ("/models/", f"/models/{TINY}/", f"/models/{BASE}/", "/downloads/", "/link-status/")
MAX_ROW_HEIGHT = 160
QUICK_KINDS = {"baidu_pytorch", "baidu_tensorflow", "huggingface", "google_zip", "tfhub"}

TABLE_GEOMETRY = """() => [...document.querySelectorAll('.md-content table')].map(table => {
    const box = table.closest('.lb-scroll, .md-typeset__scrollwrap') || table.parentElement;
    return {
        columns: table.rows[0].cells.length,
        boxScroll: box.scrollWidth, boxClient: box.clientWidth,
        tableScroll: table.scrollWidth, tableClient: table.clientWidth,
        tallest: Math.max(...[...table.rows].map(row => row.getBoundingClientRect().height)),
    };
})"""


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", TABLE_PAGES)
def test_no_table_hides_columns_at_1280_and_no_row_is_taller_than_160px(open_page, lang, path):
    page = open_page(*DESKTOP)
    page.goto(LANGUAGES[lang] + path)
    tables = page.evaluate(TABLE_GEOMETRY)
    assert tables, path
    for table in tables:
        assert table["boxScroll"] <= table["boxClient"] + 1, (path, table)  # nothing hidden to the right
        assert table["tableScroll"] <= table["tableClient"] + 1, (path, table)
        assert table["tallest"] <= MAX_ROW_HEIGHT, (path, table)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", TABLE_PAGES)
def test_rows_stay_short_on_a_phone(open_page, lang, path):
    page = open_page(*PHONE)
    page.goto(LANGUAGES[lang] + path)
    for table in page.evaluate(TABLE_GEOMETRY):
        assert table["tallest"] <= MAX_ROW_HEIGHT, (path, table)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("model", [TINY, BASE])
def test_the_pytorch_extraction_code_is_within_two_phone_screens(open_page, lang, model):
    page = open_page(*PHONE)
    page.goto(f"{LANGUAGES[lang]}/models/{model}/")
    quick = page.locator("#quick-download").locator("xpath=..")
    code = quick.locator("li").first.locator("code.lb-code")
    top = code.evaluate("el => el.getBoundingClientRect().top + window.scrollY")
    assert top + code.bounding_box()["height"] <= 2 * PHONE[1]
    # Before any config table, and the first line is Baidu's PyTorch share with its ?pwd= link.
    first_table = page.locator(".md-content table").first.evaluate(
        "el => el.getBoundingClientRect().top + scrollY"
    )
    assert top < first_table
    assert quick.locator("li").first.locator('a[href*="?pwd="]').count() == 1
    assert quick.locator("li").first.locator("button.lb-copy").count() == 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_quick_download_holds_every_route_and_the_mirror_form(open_page, lang):
    page = open_page(*DESKTOP)
    page.goto(f"{LANGUAGES[lang]}/models/{MINI}/")
    block = page.locator(".lb-quick")
    items = block.locator("li")
    # One line per live link of the quick-download kinds (Kaggle sits beside TF Hub), read from
    # the catalogue the site was built from, so a maintainer's added mirror keeps this true.
    model = next(m for m in load_catalog(CATALOG_DIR).models if m.id == MINI)
    quick = [s for s in model.sources if s.kind.value in QUICK_KINDS]
    baidu = [s for s in quick if s.kind.value.startswith("baidu_")]
    assert len(baidu) >= 2 and items.count() == len(quick)
    assert block.locator("a.lb-code, code.lb-code").count() == len(baidu)
    commands = [text.strip() for text in block.locator("pre code").all_inner_texts()]
    repo = f"google/bert_{MINI}"
    download = f"hf download {repo} config.json vocab.txt pytorch_model.bin --local-dir {MINI}"
    assert commands == [download, f"HF_ENDPOINT=https://hf-mirror.com {download}"]
    tf2 = items.nth(items.count() - 1)
    assert tf2.locator('a[href^="https://tfhub.dev/"]').count() == 1
    assert tf2.locator('a[href^="https://www.kaggle.com/models/"]').count() == 1
    assert "hf-mirror.com" in block.inner_text() and "HF_ENDPOINT" in block.inner_text()


def test_report_a_broken_link_opens_a_prefilled_issue(open_page):
    page = open_page(*DESKTOP)
    page.goto(f"/models/{TINY}/")
    report = page.locator(".lb-quick a.lb-report")
    href = report.get_attribute("href")
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"https://github.com/{REPOSITORY}/issues/new"
    query = parse_qs(parts.query)
    assert TINY in query["title"][0]
    body = query["body"][0]
    assert f"/models/{TINY}/" in body
    assert "https://pan.baidu.com/s/19b1x0yJafaTcLa5qBysjEQ (提取码 lnyy)" in body
    footer = page.locator(".md-footer .lb-repository a")
    assert footer.get_attribute("href") == f"https://github.com/{REPOSITORY}"


def visible_models(page) -> list[str]:
    return page.locator(".lb-models tbody tr:not([hidden])").evaluate_all("rows => rows.map(r => r.dataset.id)")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_filters_and_sort_live_in_the_url_and_survive_a_reload(open_page, lang):
    # Expected rows come from the catalogue the site was built from: adding a model keeps this true.
    models = load_catalog(CATALOG_DIR).models
    four_layers = [m for m in models if m.layers == 4]
    named = [m for m in four_layers if m.name]
    by_params_desc = [m.id for m in sorted(named, key=lambda m: (m.hidden, m.intermediate), reverse=True)]
    page = open_page(*DESKTOP)
    page.goto(f"{LANGUAGES[lang]}/models/")
    form = page.locator("#lb-filters")
    form.wait_for()  # shown by the script
    assert visible_models(page) == [m.id for m in models]
    for layers in ("2", "6", "8", "10", "12"):
        form.locator(f'input[name="layers"][value="{layers}"]').uncheck()
    page.wait_for_url("**/models/?layers=4")
    assert visible_models(page) == [m.id for m in four_layers]
    form.locator('input[name="named"]').check()
    page.wait_for_url("**named=1*")
    assert visible_models(page) == [m.id for m in named] and {MINI, SMALL} <= set(visible_models(page))

    page.locator('.lb-models th[data-key="params"] button').click()
    page.locator('.lb-models th[data-key="params"] button').click()
    page.wait_for_url("**dir=desc*")
    assert visible_models(page) == by_params_desc
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"layers": ["4"], "named": ["1"], "sort": ["params"], "dir": ["desc"]}

    page.reload()
    form.wait_for()
    assert visible_models(page) == by_params_desc
    assert page.locator('.lb-models th[data-key="params"]').get_attribute("aria-sort") == "descending"
    assert form.locator('input[name="layers"][value="2"]').is_checked() is False

    # A parameter range, typed: 10M to 30M among all models.
    form.locator("button[type=reset]").click()
    page.wait_for_function("() => !location.search.includes('named')")
    form.locator('input[name="pmin"]').fill("10")
    form.locator('input[name="pmax"]').fill("30")
    page.wait_for_url("**pmax=30*")
    rows = page.locator(".lb-models tbody tr:not([hidden])")
    params = rows.evaluate_all("rows => rows.map(r => Number(r.dataset.params))")
    assert params and all(10e6 <= p <= 30e6 for p in params)
    every = page.locator(".lb-models tbody tr").evaluate_all("rows => rows.map(r => Number(r.dataset.params))")
    assert len(params) == sum(10e6 <= p <= 30e6 for p in every)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_phone_the_model_column_stays_and_the_scroll_is_signalled(open_page, lang):
    page = open_page(*PHONE)
    page.goto(f"{LANGUAGES[lang]}/models/")
    box = page.locator(".lb-models")
    page.wait_for_function(
        "() => document.querySelector('.lb-models').classList.contains('lb-scroll--overflow')"
    )
    assert page.locator(".lb-scroll-hint").is_visible()
    first = page.locator(".lb-models tbody tr:first-child > :first-child")
    left = first.bounding_box()["x"]
    box.evaluate("el => el.scrollBy(300, 0)")
    page.wait_for_function("() => document.querySelector('.lb-models').scrollLeft > 0")
    assert abs(first.bounding_box()["x"] - left) < 1  # sticky
    box.evaluate("el => el.scrollTo(el.scrollWidth, 0)")
    page.wait_for_function("() => document.querySelector('.lb-models').classList.contains('lb-scroll--end')")


META_IDLE = "/初始化|Initializing|键入|Type to start/"
"""What Material's result header says before a query has results (loading, or an empty box)."""


def search(page, text: str) -> list[str]:
    """Type a query into the real search box; the result pages (paths), best first, once each.

    The box is emptied first and the header must say "type to start" again, so the results
    read afterwards belong to this query, never to the one before."""
    field = page.locator("input[data-md-component=search-query]")
    field.click()
    field.fill("")
    page.keyboard.press("End")
    page.wait_for_function(
        "() => /键入|Type to start/.test(document.querySelector('.md-search-result__meta').textContent)"
    )
    # insertText sends no key events and Material listens to them: the key press makes it count.
    page.keyboard.insert_text(text)
    page.keyboard.press("End")
    page.wait_for_function(
        f"() => !{META_IDLE}.test(document.querySelector('.md-search-result__meta').textContent)"
    )
    links = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
    pages: list[str] = []
    for link in links:
        path = urlsplit(link).path
        if path not in pages:
            pages.append(path)
    return pages


# (query, model id, must be first). Names in any case and spelling,
# full ids and the three ways of writing a shape, for several models.
SEARCHES = [
    ("tiny", TINY, False),
    ("BERT-Tiny", TINY, False),
    ("bert tiny", TINY, False),
    ("BERT-MINI", MINI, False),
    ("bert medium", MEDIUM, False),
    ("Base", BASE, False),
    ("uncased_L-10_H-512_A-8", "uncased_L-10_H-512_A-8", True),
    (MEDIUM, MEDIUM, True),
    ("uncased_L-2_H-128_A-2", TINY, True),
    ("L-6_H-256", "uncased_L-6_H-256_A-4", True),
    ("L6/H256", "uncased_L-6_H-256_A-4", True),
    ("L6 H256", "uncased_L-6_H-256_A-4", True),
    ("L-4_H-128", "uncased_L-4_H-128_A-2", True),
    ("L12/H768", BASE, True),
    ("l2 h512", "uncased_L-2_H-512_A-8", True),
]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_finds_each_model_by_name_alias_id_and_shape(open_page, lang):
    page = open_page(*DESKTOP)
    page.goto(f"{LANGUAGES[lang]}/")
    missed = []
    for query, model, first in SEARCHES:
        results = search(page, query)
        wanted = f"{LANGUAGES[lang]}/models/{model}/"
        top = results[:1] if first else results[:3]
        if wanted not in top:
            missed.append((query, wanted, results[:3]))
    assert missed == []


def scheme(page) -> str:
    return page.locator("body").get_attribute("data-md-color-scheme")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dark_mode_follows_the_system_and_the_toggle_persists(open_page, lang):
    page = open_page(*DESKTOP, color_scheme="dark")
    page.goto(f"{LANGUAGES[lang]}/models/{TINY}/")
    assert scheme(page) == "slate"  # follows prefers-color-scheme until the visitor chooses

    page = open_page(*DESKTOP, color_scheme="light")
    page.goto(f"{LANGUAGES[lang]}/")
    assert scheme(page) == "default"
    for _ in range(3):  # the toggle cycles: system -> light -> dark
        if scheme(page) == "slate":
            break
        page.locator("form[data-md-component=palette] label:not([hidden])").click()
    assert scheme(page) == "slate"
    page.goto(f"{LANGUAGES[lang]}/models/")  # another page, the same choice
    assert scheme(page) == "slate"
    page.reload()
    assert scheme(page) == "slate"


def test_a_model_page_prints_whole_without_buttons(open_page):
    page = open_page(800, 1100)
    page.goto(f"/models/{SMALL}/")
    page.emulate_media(media="print")
    assert page.locator("button.lb-copy").first.is_hidden()
    assert page.locator(".md-clipboard").first.is_hidden()
    assert page.locator(".md-header").is_hidden()
    for table in page.evaluate(TABLE_GEOMETRY):
        assert table["tableScroll"] <= table["tableClient"] + 1, table
    # Every usage tab's code is printed, not only the selected one.
    blocks = page.locator(".tabbed-block")
    assert blocks.count() >= 4 and all(blocks.nth(i).is_visible() for i in range(blocks.count()))
