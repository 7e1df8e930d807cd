"""The size chooser in Chromium (docs/theme/assets/javascripts/measure.js), on the measured site
(tests/site/conftest.py): a copy of the real catalogue with measurement files made for the tests,
so the figures checked against are the files', whatever catalog/measurements/ holds. These tests
read the machine on which every runtime passed its checks (PASSED)."""

from __future__ import annotations

from statistics import median
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.measure import REFERENCE_MODEL
from generator.params.formula import formula_counts

from .conftest import PASSED

pytestmark = pytest.mark.browser


@pytest.fixture
def measured(measured_site):
    """(catalog, measurements) of PASSED, the machine whose every runtime passed its checks."""
    catalog, files, _url = measured_site
    return catalog, files[PASSED]


def expected_order(catalog, measurements, max_ms, threads="1", glue_only=False):
    """The chooser's rule, restated: GLUE (highest first), then parameters (most first), then latency."""
    fitting = []
    for model in catalog.models:
        m = measurements.get(model.id)
        glue = catalog.glue_for(model.id)
        if m is None or m.timing(threads).median_ms > max_ms or (glue_only and glue is None):
            continue
        fitting.append(
            (
                glue is None,
                -(glue.score if glue else 0),
                -formula_counts(model).params_backbone,
                m.timing(threads).median_ms,
                model.id,
            )
        )
    return [row[-1] for row in sorted(fitting)]


def listed(page) -> list[str]:
    return page.locator("[data-lb-chooser-results] li").evaluate_all(
        "items => items.map(li => li.dataset.model)"
    )


def test_a_limit_lists_the_fitting_models_best_first_and_survives_a_reload(measured_page, measured):
    page = measured_page
    catalog, measurements = measured
    # PyTorch: the file has every runtime and the chooser would start with the fastest.
    page.goto(f"/en/models/?machine={measurements.machine.id}&runtime=torch")
    form = page.locator("[data-lb-chooser]")
    form.wait_for(state="visible")
    limit = round(median(m.timing("1").median_ms for m in measurements.models), 3)

    field = page.locator("input[name=max_ms]")
    field.focus()
    page.keyboard.type(str(limit))
    expected = expected_order(catalog, measurements, limit)
    assert 0 < len(expected) < len(measurements.models)
    page.wait_for_function(
        "n => document.querySelectorAll('[data-lb-chooser-results] li').length === n", arg=len(expected)
    )
    assert listed(page) == expected
    assert (
        page.locator("[data-lb-chooser-summary]").inner_text()
        == f"{len(expected)} of {len(measurements.models)} models fit."
    )
    # Speed relative to BERT-Base, printed as the tables print it (one decimal below 100).
    base_ms = measurements.get(REFERENCE_MODEL).timing("1").median_ms
    for model_id in expected:
        x = base_ms / measurements.get(model_id).timing("1").median_ms
        text = page.locator(f'[data-lb-chooser-results] li[data-model="{model_id}"]').inner_text()
        shown = f"×{x:.1f}" if x < 100 else f"×{x:.0f}"
        assert f"{shown} vs" in text, text

    # Keyboard only: Tab to the GLUE checkbox and tick it with the space bar.
    page.locator("input[name=glue]").focus()
    page.keyboard.press("Space")
    expected_glue = expected_order(catalog, measurements, limit, glue_only=True)
    page.wait_for_function(
        "n => document.querySelectorAll('[data-lb-chooser-results] li').length === n", arg=len(expected_glue)
    )
    assert listed(page) == expected_glue

    query = parse_qs(urlsplit(page.url).query)
    assert query["max_ms"] == [str(limit)] and query["glue"] == ["1"]
    page.reload()
    page.locator("[data-lb-chooser]").wait_for(state="visible")
    assert page.locator("input[name=max_ms]").input_value() == str(limit)
    assert page.locator("input[name=glue]").is_checked()
    assert listed(page) == expected_glue


def test_all_cores_and_an_impossible_limit(measured_page, measured):
    page = measured_page
    catalog, measurements = measured
    fastest = min(m.timing("all").median_ms for m in measurements.models)
    page.goto(f"/models/?machine={measurements.machine.id}&runtime=torch&threads=all&max_ms={fastest / 2}")
    page.locator("[data-lb-chooser]").wait_for(state="visible")
    assert listed(page) == []
    assert page.locator("[data-lb-chooser-summary]").inner_text() == "没有模型满足这些限制；请放宽其中一项。"
    page.locator("input[name=max_ms]").fill(str(fastest * 3))
    expected = expected_order(catalog, measurements, fastest * 3, threads="all")
    page.wait_for_function(
        "n => document.querySelectorAll('[data-lb-chooser-results] li').length === n", arg=len(expected)
    )
    assert listed(page) == expected


def test_without_javascript_the_full_table_shows_and_the_chooser_stays_hidden(browser, measured_site):
    _catalog, files, site_url = measured_site
    measurements = files[PASSED]
    context = browser.new_context(base_url=site_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/models/")
    block = page.locator(f'[data-lb-machine="{measurements.machine.id}"]')
    assert block.is_visible()
    # The speed table and the runtimes side by side: every model in each.
    tables = block.locator("table")
    assert tables.count() == 2
    for i in range(tables.count()):
        assert tables.nth(i).locator("tbody tr").count() == len(measurements.models)
    assert not page.locator("[data-lb-chooser]").is_visible()
    context.close()
