"""The parameters-vs-GLUE chart: an inline SVG with a complete text alternative."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from generator.render.chart import ChartPoint, render_chart
from generator.render.i18n import Translator

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
        assert len(svg.findall(f"{SVG}circle[@class='lb-chart__rug']")) == 24 - scored


def test_point_labels_are_escaped():
    points = (ChartPoint("<script>x</script>", 4_000_000, 60.0), ChartPoint("b", 9_000_000, None))
    svg = render_chart(points, Translator("en").plain, "test set")
    assert "<script>" not in svg and "&lt;script&gt;x&lt;/script&gt; (60)" in svg
    ET.fromstring(str(svg))  # well-formed


def test_no_scores_no_chart():
    with pytest.raises(ValueError, match="no model has both"):
        render_chart((ChartPoint("a", 1_000_000, None),), Translator("en").plain, "test set")
