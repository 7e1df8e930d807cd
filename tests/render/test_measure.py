"""Measurement files on the pages: tables, machine labels, relative speed, charts, chooser data
(generator/render/measure_*.py, templates/partials/measure-*.md.j2)."""

from __future__ import annotations

import json
import re

import pytest

from generator.catalog import load_catalog
from generator.measure import load_measurements
from generator.render import render_site
from generator.render.export import export_document
from generator.render.measure_charts import Point, pareto_front
from generator.render.measure_page import format_ms
from tests.measure.documents import MACHINE_ID, plausible_document, write
from tests.render.conftest import NO_STATE, to_html

MINI = "uncased_L-4_H-256_A-4"
BASE = "uncased_L-12_H-768_A-12"


@pytest.fixture
def measured(catalog_copy):
    """A catalogue copy with one plausible measurement file; (catalog, document, pages)."""
    catalog = load_catalog(catalog_copy)
    doc = plausible_document(catalog)
    write(catalog_copy / "measurements", doc)
    return catalog, doc, render_site(catalog, NO_STATE).files


def cell(doc, model_id, threads="1", shape="b1_s128"):
    return next(m for m in doc["models"] if m["id"] == model_id)["runtimes"]["torch"]["latency"][threads][shape]


def test_the_comparison_page_shows_each_figure_with_its_machine(measured):
    _catalog, doc, pages = measured
    for lang, label in (
        ("en", "Test CPU, 2 cores, torch 0\\.0\\.0, 2026\\-11\\-30"),
        ("zh", "Test CPU，2 核，torch 0\\.0\\.0，2026\\-11\\-30"),
    ):
        page = pages[f"models/index.{lang}.md"]
        assert label in page
        html = to_html(page)
        row = re.search(r'<a href="uncased_L-4_H-256_A-4.md">BERT-Mini</a>.*?</tr>', html, re.S)[0]
        mini, base = cell(doc, MINI)["median_ms"], cell(doc, BASE)["median_ms"]
        assert f">{mini:.1f}<br>" in row  # 10-100 ms: one decimal
        assert f"×{base / mini:.1f}" in row
        assert f"../measurements/{MACHINE_ID}.json" in html
        # Two charts per runtime (runtime_view): the default runtime's show, the switch shows the others.
        assert html.count('class="lb-chart lb-mchart"') == 2 * len(doc["machine"]["runtimes"])
        assert "lb-chart__front" in html
        assert "data-lb-chooser hidden" in html and "<noscript>" in html


def test_a_model_page_shows_every_shape_both_thread_settings_and_memory(measured):
    _catalog, doc, pages = measured
    html = to_html(pages[f"models/{MINI}.en.md"])
    start = html.index('id="speed"')
    section = html[start : html.index("<h2", start)]
    for shape in ("b1_s32", "b1_s128", "b1_s512", "b32_s128"):
        for threads in ("1", "all"):
            t = cell(doc, MINI, threads, shape)
            assert (
                f'{format_ms(t["median_ms"])}<br><span class="lb-iqr">{format_ms(t["q1_ms"])}–'
                f"{format_ms(t['q3_ms'])}</span>"
            ) in section
    mini = next(m for m in doc["models"] if m["id"] == MINI)
    assert f"{mini['weights_bytes'] / 1e6:,.1f} MB" in section
    assert "Test CPU, 2 cores" in section


def test_a_forward_pass_that_grew_no_memory_reads_under_a_tenth_not_zero(catalog_copy):
    catalog = load_catalog(catalog_copy)
    doc = plausible_document(catalog)
    mini = next(m for m in doc["models"] if m["id"] == MINI)
    mini["forward_peak_bytes"]["b1_s32"] = 0  # the pass fit in memory the process already held
    write(catalog_copy / "measurements", doc)
    html = to_html(render_site(catalog, NO_STATE).files[f"models/{MINI}.en.md"])
    row = re.search(r"<tr>\s*<td>batch 1, 32 tokens</td>.*?</tr>", html, re.S)[0]
    assert row.removesuffix("</tr>").rstrip().endswith('<td style="text-align: right;">&lt; 0.1 MB</td>')
    assert not re.search(r"(?<![\d.,])0\.0 MB", html)


def test_the_chooser_data_is_the_files_figures(measured):
    catalog, doc, pages = measured
    page = pages["models/index.en.md"]
    data = json.loads(
        re.search(r'<script type="application/json" id="lb-measure-data">(.*?)</script>', page, re.S)[1]
    )
    [machine] = data["machines"]
    assert machine["id"] == MACHINE_ID and data["reference"] == BASE
    by_id = {m["id"]: m for m in machine["models"]}
    assert set(by_id) == {m.id for m in catalog.models}
    assert by_id[MINI]["rt"]["torch"]["ms"] == {
        "1": cell(doc, MINI)["median_ms"],
        "all": cell(doc, MINI, "all")["median_ms"],
    }
    assert by_id[MINI]["glue"] == catalog.glue_for(MINI).score
    assert by_id["uncased_L-2_H-256_A-4"]["glue"] is None
    assert set(data["text"]) == {
        "fits",
        "fits_timed",
        "none_fit",
        "left_check_failed",
        "left_failed",
        "item",
        "item_other",
        "glue",
        "relative",
        "speedup",
        "default_runtime",
    }
    assert all(by_id[m]["left"] == {} for m in by_id)  # every runtime ok: no model is left out


def test_several_machines_get_a_picker_and_quick_runs_say_so(catalog_copy):
    catalog = load_catalog(catalog_copy)
    write(catalog_copy / "measurements", plausible_document(catalog))
    quick = plausible_document(catalog, "other-cpu-4cores-torch0.0.0-quick")
    quick["machine"]["policy"] = "quick"
    write(catalog_copy / "measurements", quick)
    pages = render_site(catalog, NO_STATE).files
    for path in ("models/index.en.md", f"models/{MINI}.en.md"):
        html = to_html(pages[path])
        assert html.count("data-lb-machine=") == 2 and "data-lb-picker hidden" in html
        assert "(quick run, 3 repeats: not for comparison)" in html
    published = {f"measurements/{MACHINE_ID}.json", "measurements/other-cpu-4cores-torch0.0.0-quick.json"}
    assert published <= set(pages)


def test_without_measurements_the_pages_say_so(catalog_copy):
    pages = render_site(load_catalog(catalog_copy), NO_STATE).files
    assert "No measurements yet" in pages["models/index.en.md"]
    assert "Not measured yet on any machine." in pages[f"models/{MINI}.en.md"]
    assert "lb-measure-data" not in pages["models/index.en.md"]


def test_catalog_json_carries_the_measurements_with_their_machine(measured):
    catalog, doc, pages = measured
    exported = json.loads(pages["catalog.json"])
    assert exported["measurements"] == [{"machine": doc["machine"], "models": doc["models"]}]
    assert export_document(catalog)["measurements"] == []
    assert json.loads(pages[f"measurements/{MACHINE_ID}.json"]) == doc
    assert len(load_measurements(catalog)) == 1


def test_the_pareto_front_is_the_fastest_model_at_each_quality_level():
    points = [
        Point("a", 1, 60, True),
        Point("b", 2, 58, True),
        Point("c", 3, 70, True),
        Point("d", 4, 65, True),
    ]
    assert [p.label for p in pareto_front(points)] == ["a", "c"]
