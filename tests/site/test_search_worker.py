"""Search can find every word the site indexes, however many numbers it holds.

lunr 2.3.9, bundled in Material's search worker, can build a wrong word automaton when the index
holds many numbers: words are lost, others invented, and a query whose wildcard reaches an
invented word finds nothing at all (the English site found nothing for uncased_L-2_H-128_A-2).
The site runs Material's worker through docs/theme/assets/javascripts/workers/search-lunr-fix.js,
which fixes the one lunr function at fault; docs/design/site.md ("Search and numbers") has the
evidence. These tests run the workers in Chromium (tests/site/search_worker.py).
"""

from __future__ import annotations

import json
import random

import pytest

from .search_worker import run_search

pytestmark = pytest.mark.browser

LANGUAGES = {"zh": "", "en": "en"}
TINY = "uncased_L-2_H-128_A-2"
MODEL_IDS = (TINY, "uncased_L-4_H-256_A-4", "uncased_L-6_H-512_A-8", "uncased_L-12_H-768_A-12")


def site_index(built_site, lang: str) -> dict:
    path = built_site / LANGUAGES[lang] / "search" / "search_index.json"
    return json.loads(path.read_text(encoding="utf-8"))


def clean(report: dict) -> bool:
    return report["automaton"]["lost"] == [] and report["automaton"]["phantom"] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sites_worker_accepts_exactly_the_words_of_each_languages_index(page, built_site, lang):
    page.goto(f"/{LANGUAGES[lang]}")
    report = run_search(page, site_index(built_site, lang), [TINY])
    assert report["worker"].split("?")[0].endswith("/assets/javascripts/workers/search-lunr-fix.js")
    assert report["automaton"]["words"] > 1000  # the whole index, not an empty one
    assert clean(report), report["automaton"]
    assert report["results"][TINY][:1] == [f"models/{TINY}/"]


def numbers_page(rows: int) -> dict:
    """A page holding a table of `rows` measured-looking figures (a median and its range, as
    the runtime tables print them), drawn with a fixed seed: the same page on every run."""
    draw = random.Random(21)
    cells = []
    for _ in range(rows):
        ms = draw.uniform(0.5, 300)
        cells += [f"{ms:.2f}", f"{ms * 0.97:.2f}–{ms * 1.04:.2f}"]
    body = "".join(f"<tr><td>{cell}</td></tr>" for cell in cells)
    return {"location": "numbers/", "title": "Numbers", "text": f"<table><tbody>{body}</tbody></table>"}


def test_a_page_full_of_numbers_breaks_materials_own_worker_but_not_the_sites(page, built_site):
    """A small index with the site's search settings (separator, pipeline): four model pages and a
    table of numbers. Material's worker as shipped loses words and finds nothing for a model's id;
    the site's worker finds it first. If Material's own worker stops failing here, its lunr has
    been fixed: search-lunr-fix.js can go."""
    page.goto("/en/")
    config = site_index(built_site, "en")["config"]
    models = [
        {"location": f"models/{model}/", "title": model, "text": f"<p>{model}, a miniature.</p>"}
        for model in MODEL_IDS
    ]
    numbered = {"config": config, "docs": [*models, numbers_page(2000)]}

    shipped = run_search(page, numbered, [TINY], which="material")
    assert not clean(shipped)
    assert shipped["results"][TINY] == []

    fixed = run_search(page, numbered, [TINY])
    assert clean(fixed), fixed["automaton"]
    assert fixed["results"][TINY][:1] == [f"models/{TINY}/"]
