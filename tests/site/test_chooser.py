"""The size chooser in Chromium (docs/theme/assets/javascripts/measure.js), on a site built
around a copy of the real catalogue with a measurement file made for the test: the figures the
test checks against are the file's, whatever catalog/measurements/ holds."""

from __future__ import annotations

import shutil
from statistics import median
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.catalog import load_catalog
from generator.measure import REFERENCE_MODEL, load_measurements
from generator.params.formula import formula_counts
from tests.conftest import REAL_CATALOG
from tests.measure.documents import plausible_document, write

from .conftest import mkdocs_build, project_copy, serve_folder

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def measured_site(tmp_path_factory, params_cache):
    """(catalog, measurements, base URL) of a built and served site with one measurement file."""
    root = tmp_path_factory.mktemp("chooser")
    catalog_dir = root / "catalog"
    catalog_dir.mkdir()
    for file in REAL_CATALOG.glob("*.yaml"):
        shutil.copy(file, catalog_dir / file.name)
    write(catalog_dir / "measurements", plausible_document(load_catalog(catalog_dir)))
    project = project_copy(root / "project", catalog_dir)
    done = mkdocs_build(project / "mkdocs.yml", root / "site", params_cache,
                        {"LITTLE_BERTS_CATALOG": str(project / "catalog"),
                         "LITTLE_BERTS_LINK_STATE": str(root / "no-state.json")})
    assert done.returncode == 0, done.stderr[-3000:]
    catalog = load_catalog(project / "catalog")
    [measurements] = load_measurements(catalog)
    with serve_folder(root / "site") as url:
        yield catalog, measurements, url


@pytest.fixture
def measured(measured_site):
    return measured_site[:2]


@pytest.fixture
def chooser_page(browser, measured_site):
    context = browser.new_context(base_url=measured_site[2], viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1"
                  else route.abort())
    yield context.new_page()
    context.close()


def expected_order(catalog, measurements, max_ms, threads="1", glue_only=False):
    """The chooser's rule, restated: GLUE (highest first), then parameters (most first), then latency."""
    fitting = []
    for model in catalog.models:
        m = measurements.get(model.id)
        glue = catalog.glue_for(model.id)
        if m is None or m.timing(threads).median_ms > max_ms or (glue_only and glue is None):
            continue
        fitting.append((glue is None, -(glue.score if glue else 0), -formula_counts(model).params_backbone,
                        m.timing(threads).median_ms, model.id))
    return [row[-1] for row in sorted(fitting)]


def listed(page) -> list[str]:
    return page.locator("[data-lb-chooser-results] li").evaluate_all(
        "items => items.map(li => li.dataset.model)")


def test_a_limit_lists_the_fitting_models_best_first_and_survives_a_reload(chooser_page, measured):
    page = chooser_page
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
    page.wait_for_function("n => document.querySelectorAll('[data-lb-chooser-results] li').length === n",
                           arg=len(expected))
    assert listed(page) == expected
    assert page.locator("[data-lb-chooser-summary]").inner_text() == \
        f"{len(expected)} of {len(measurements.models)} models fit."
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
    page.wait_for_function("n => document.querySelectorAll('[data-lb-chooser-results] li').length === n",
                           arg=len(expected_glue))
    assert listed(page) == expected_glue

    query = parse_qs(urlsplit(page.url).query)
    assert query["max_ms"] == [str(limit)] and query["glue"] == ["1"]
    page.reload()
    page.locator("[data-lb-chooser]").wait_for(state="visible")
    assert page.locator("input[name=max_ms]").input_value() == str(limit)
    assert page.locator("input[name=glue]").is_checked()
    assert listed(page) == expected_glue


def test_all_cores_and_an_impossible_limit(chooser_page, measured):
    page = chooser_page
    catalog, measurements = measured
    fastest = min(m.timing("all").median_ms for m in measurements.models)
    page.goto(f"/models/?machine={measurements.machine.id}&runtime=torch&threads=all&max_ms={fastest / 2}")
    page.locator("[data-lb-chooser]").wait_for(state="visible")
    assert listed(page) == []
    assert page.locator("[data-lb-chooser-summary]").inner_text() == "没有模型满足这些限制；请放宽其中一项。"
    page.locator("input[name=max_ms]").fill(str(fastest * 3))
    expected = expected_order(catalog, measurements, fastest * 3, threads="all")
    page.wait_for_function("n => document.querySelectorAll('[data-lb-chooser-results] li').length === n",
                           arg=len(expected))
    assert listed(page) == expected


def test_without_javascript_the_full_table_shows_and_the_chooser_stays_hidden(browser, measured_site):
    _catalog, measurements, site_url = measured_site
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
