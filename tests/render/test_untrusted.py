"""Catalogue text is untrusted: HTML renders as text, and only http(s) URLs become links."""

from __future__ import annotations

import dataclasses

import pytest

from generator.catalog import load_catalog
from generator.params import gather_counts
from generator.render import render_site
from generator.render.context import site_data
from generator.render.linkstatus import read_state
from generator.render.pages import render_pages

from ..conftest import replace_once
from .conftest import NO_STATE, to_html

SCRIPT = "<script>alert('note')</script>"
MD_LINK = "[click me](javascript:alert(2))"
IMG = '<img src=x onerror="alert(3)">'


def hostile_copy(catalog_dir):
    """The real catalogue with markup in every kind of free-text field the pages show."""
    replace_once(
        catalog_dir / "models.yaml",
        '        code: "lnyy"\n',
        f'        code: "lnyy"\n        note: "{SCRIPT} {MD_LINK} **bold**"\n',
    )
    replace_once(
        catalog_dir / "published.yaml",
        "    not_published: >-\n",
        f"    not_published: >-\n      {IMG} {MD_LINK}\n",
    )
    replace_once(catalog_dir / "published.yaml", '  title: "Well-Read', '  title: "<b>Bold</b> Well-Read')
    replace_once(
        catalog_dir / "published.yaml",
        'quote: "bert-tiny (4.4M params)"',
        "quote: \"<script>alert('fig')</script>\"",
    )
    replace_once(
        catalog_dir / "references.yaml",
        "title: Hugging Face Hub, the google/bert_uncased_L-*_H-*_A-* repositories",
        'title: "<img src=x onerror=alert(1)> [x](javascript:alert(1))"',
    )
    return load_catalog(catalog_dir)


# Slow, for make test only: counts the parameters of 24 edited models afresh.
@pytest.mark.slow
def test_markup_in_catalogue_fields_renders_as_text(catalog_copy):
    pages = render_site(hostile_copy(catalog_copy), NO_STATE).files
    shown = 0
    for path, text in pages.items():
        if not path.endswith(".md"):
            continue
        html = to_html(text)
        for forbidden in ("<script", "<img", "<b>Bold", "<strong>bold", "javascript:"):
            # "javascript:" may appear as escaped text, but never inside an attribute
            if forbidden == "javascript:":
                assert 'href="javascript:' not in html, path
            else:
                assert forbidden not in html, (path, forbidden)
        shown += html.count("&lt;script&gt;alert(") + html.count("&lt;img src=x")
    assert shown >= 4  # the hostile text is shown (escaped), not dropped


def test_a_non_http_url_is_shown_as_text_not_linked(real_catalog):
    """The schema rejects such URLs; this is the render stage's own guard behind it."""
    model = real_catalog.models[0]
    evil = dataclasses.replace(model.sources[0], url="javascript:alert(document.cookie)")
    catalog = dataclasses.replace(
        real_catalog,
        models=(dataclasses.replace(model, sources=(evil, *model.sources[1:])), *real_catalog.models[1:]),
    )
    site = site_data(catalog, gather_counts(catalog), read_state(NO_STATE))
    assert site.models[0].links[0].href is None
    pages = render_pages(site, "{}")
    for lang in ("zh", "en"):
        html = to_html(pages[f"models/{model.id}.{lang}.md"])
        assert 'href="javascript:' not in html
        assert "javascript:alert(document.cookie)" in html  # still shown, as text
