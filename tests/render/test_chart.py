"""The parameters-vs-GLUE chart: an inline SVG with a complete text alternative."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET

import pytest

from generator.params import gather_counts
from generator.render.chart import ChartPoint, render_chart
from generator.render.context import site_data
from generator.render.i18n import Translator
from generator.render.linkstatus import read_state
from generator.render.pages import render_pages

from .conftest import NO_STATE

SVG = "{http://www.w3.org/2000/svg}"


def test_home_page_chart_is_an_svg_with_title_and_desc(real_pages, real_catalog):
    for lang, phrase in (("zh", "参数量与 GLUE 分数"), ("en", "Parameters and GLUE score")):
        page = real_pages[f"index.{lang}.md"]
        svg = ET.fromstring(re.search(r"<svg.*?</svg>", page, re.S)[0])
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert phrase in title.text
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        for row in real_catalog.glue.rows:
            label = real_catalog.model(row.model_id).name
            assert f"{label}" in desc.text and f"GLUE {row.score:g}" in desc.text
        scored = len(real_catalog.glue.rows)
        assert len(svg.findall(f"{SVG}circle[@class='lb-chart__point']")) == scored
        assert len(svg.findall(f"{SVG}circle[@class='lb-chart__rug']")) == len(real_catalog.models) - scored


def test_point_labels_are_escaped():
    points = (ChartPoint("<script>x</script>", 4_000_000, 60.0), ChartPoint("b", 9_000_000, None))
    svg = render_chart(points, Translator.load("en").plain, "test set")
    assert "<script>" not in svg and "&lt;script&gt;x&lt;/script&gt; (60)" in svg
    ET.fromstring(str(svg))  # well-formed


def test_no_scores_no_chart():
    with pytest.raises(ValueError, match="no model has both"):
        render_chart((ChartPoint("a", 1_000_000, None),), Translator.load("en").plain, "test set")


def test_a_catalogue_without_glue_scores_says_so_instead_of_a_chart(real_catalog):
    """The schema allows an empty score list; the only case with no chart."""
    catalog = dataclasses.replace(real_catalog, glue=dataclasses.replace(real_catalog.glue, rows=()))
    pages = render_pages(site_data(catalog, gather_counts(catalog), read_state(NO_STATE)), "{}")
    for lang, text in (
        ("en", "No model in the catalogue has a published GLUE score yet"),
        ("zh", "目录中还没有任何模型公布 GLUE 分数"),
    ):
        home = pages[f"index.{lang}.md"]
        assert text in home and "<svg" not in home
        assert "4,385,920" in home  # the counts are there all the same
