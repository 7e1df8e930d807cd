"""The size chooser's runtime field and the charts' runtime switch in Chromium
(docs/theme/assets/javascripts/measure.js), on a site with two measurement files: on one every
runtime passed its checks, on the other ONNX Runtime int8 failed its check for one model (the
measured site, tests/site/conftest.py). What the test expects is computed from the files as the
site loaded them, never typed."""

from __future__ import annotations

import math
from statistics import median
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.params.formula import formula_counts

from .conftest import FAILED_MODEL, FAILED_ONE, PASSED

pytestmark = pytest.mark.browser


@pytest.fixture
def page(measured_page):
    """The measured site's page (not the real site's, tests/site/conftest.py's `page`)."""
    return measured_page


def default_runtime(measurements) -> str:
    """The rule the page states, restated: of the runtimes timed at b1/s128 with 1 thread for
    every model, the one with the highest geometric-mean speed-up over PyTorch."""
    best, best_mean = "torch", 1.0
    for runtime in measurements.machine.runtimes:
        cells = [(m.runtime_timing("torch"), m.runtime_timing(runtime)) for m in measurements.models]
        if runtime == "torch" or any(c is None for _, c in cells):
            continue
        mean = math.exp(sum(math.log(t.median_ms / c.median_ms) for t, c in cells) / len(cells))
        if mean > best_mean:
            best, best_mean = runtime, mean
    return best


def expected(catalog, measurements, runtime, max_ms=math.inf, threads="1"):
    """The models the file says fit, best first: GLUE (highest first), parameters (most first), latency."""
    rows = []
    for model in catalog.models:
        m = measurements.get(model.id)
        timing = m.runtime_timing(runtime, threads) if m else None
        if timing is None or timing.median_ms > max_ms:
            continue
        glue = catalog.glue_for(model.id)
        rows.append(
            (
                glue is None,
                -(glue.score if glue else 0),
                -formula_counts(model).params_backbone,
                timing.median_ms,
                model.id,
            )
        )
    return [row[-1] for row in sorted(rows)]


def listed(page) -> list[str]:
    return page.locator("[data-lb-chooser-results] li").evaluate_all(
        "items => items.map(li => li.dataset.model)"
    )


def wait_listed(page, ids) -> None:
    page.wait_for_function(
        "ids => Array.from(document.querySelectorAll('[data-lb-chooser-results] li'))"
        ".map(li => li.dataset.model).join() === ids.join()",
        arg=ids,
    )


def visible_charts(page) -> set[str]:
    return set(
        page.locator("[data-lb-runtime-chart]:visible").evaluate_all(
            "els => els.map(e => e.dataset.lbRuntimeChart)"
        )
    )


@pytest.mark.parametrize("machine", [PASSED, FAILED_ONE])
def test_the_chooser_starts_with_the_fastest_runtime_that_passed_and_lists_what_the_file_says(
    page, measured_site, machine
):
    catalog, files, _url = measured_site
    measurements = files[machine]
    runtime = default_runtime(measurements)
    assert runtime == ("ort-int8" if machine == PASSED else "ort-fp32")  # the fixture does what it says
    page.goto(f"/en/models/?machine={machine}")
    page.locator("[data-lb-chooser]").wait_for(state="visible")
    assert page.locator("select[name=runtime]").input_value() == runtime
    assert visible_charts(page) == {runtime}
    limit = round(median(m.runtime_timing(runtime).median_ms for m in measurements.models), 4)
    page.locator("input[name=max_ms]").fill(str(limit))
    ids = expected(catalog, measurements, runtime, limit)
    assert 0 < len(ids) < len(measurements.models)
    wait_listed(page, ids)
    assert parse_qs(urlsplit(page.url).query)["runtime"] == [runtime]


def test_choosing_a_runtime_lists_only_models_that_passed_its_check_and_survives_a_reload(page, measured_site):
    catalog, files, _url = measured_site
    measurements = files[FAILED_ONE]
    page.goto(f"/models/?machine={FAILED_ONE}")
    page.locator("[data-lb-chooser]").wait_for(state="visible")
    page.locator("select[name=runtime]").select_option("ort-int8")
    ids = expected(catalog, measurements, "ort-int8")
    assert FAILED_MODEL not in ids and len(ids) == len(measurements.models) - 1
    wait_listed(page, ids)
    assert parse_qs(urlsplit(page.url).query)["runtime"] == ["ort-int8"]
    assert visible_charts(page) == {"ort-int8"}
    # The charts' switch moves the chooser too: one runtime for the page.
    page.locator(f'[data-lb-machine="{FAILED_ONE}"] [data-lb-runtime-switch] select').select_option("torch")
    wait_listed(page, expected(catalog, measurements, "torch"))
    assert page.locator("select[name=runtime]").input_value() == "torch"
    page.locator("select[name=runtime]").select_option("ort-int8")
    wait_listed(page, ids)
    page.reload()
    page.locator("[data-lb-chooser]").wait_for(state="visible")
    assert page.locator("select[name=runtime]").input_value() == "ort-int8"
    assert listed(page) == ids and visible_charts(page) == {"ort-int8"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_count_leaves_out_a_model_whose_runtime_failed_its_check_and_says_so(page, measured_site, lang):
    """A model whose int8 file failed its check against PyTorch has no int8 speed: it is neither
    counted as fitting nor silently counted as not fitting; the summary names it and says why."""
    catalog, files, _url = measured_site
    measurements = files[FAILED_ONE]
    page.goto(f"{'/en' if lang == 'en' else ''}/models/?machine={FAILED_ONE}&runtime=ort-int8")
    page.locator("[data-lb-chooser]").wait_for(state="visible")
    ids = expected(catalog, measurements, "ort-int8")
    wait_listed(page, ids)
    timed = [m for m in measurements.models if m.runtime_timing("ort-int8") is not None]
    small = catalog.model(FAILED_MODEL).name
    summary = page.locator("[data-lb-chooser-summary]").inner_text()
    if lang == "en":
        assert summary == (
            f"{len(ids)} of the {len(timed)} models timed in ONNX Runtime int8 fit. "
            f"Not counted: {small}, whose ONNX Runtime int8 output failed its check against "
            f"PyTorch (so it was not timed)."
        )
    else:
        assert summary == (
            f"在 ONNX Runtime int8 中计时的 {len(timed)} 个模型中有 {len(ids)} 个符合。未计入："
            f"{small}（ONNX Runtime int8 输出未通过与 PyTorch 的对照检查，因此没有计时）。"
        )
    # A limit only the fast models meet: the left-out model is still named, never counted.
    limit = sorted(m.runtime_timing("ort-int8").median_ms for m in timed)[2]
    page.locator("input[name=max_ms]").fill(str(limit))
    wait_listed(page, expected(catalog, measurements, "ort-int8", limit))
    assert small in page.locator("[data-lb-chooser-summary]").inner_text()
    # PyTorch timed every model: nothing is left out, and nothing is said about it.
    page.locator("select[name=runtime]").select_option("torch")
    wait_listed(page, expected(catalog, measurements, "torch", limit))
    assert small not in page.locator("[data-lb-chooser-summary]").inner_text()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_onnx_runtime_entry_says_its_memory_was_measured_in_pytorch(page, measured_site, lang):
    """Memory is measured in PyTorch only: beside an int8 latency and file, a bare "183 MB memory"
    would read as int8's own."""
    _catalog, files, _url = measured_site
    measurements = files[PASSED]
    base = measurements.get("uncased_L-12_H-768_A-12")
    memory = f"{base.memory_bytes / 1e6:,.0f}"
    said = {"en": f"{memory} MB memory in PyTorch", "zh": f"内存 {memory} MB（在 PyTorch 中测得）"}[lang]
    prefix = "/en" if lang == "en" else ""
    for runtime in ("ort-int8", "ort-fp32", "torch"):
        page.goto(f"{prefix}/models/?machine={PASSED}&runtime={runtime}")
        page.locator("[data-lb-chooser]").wait_for(state="visible")
        item = page.locator('[data-lb-chooser-results] li[data-model="uncased_L-12_H-768_A-12"]').inner_text()
        assert (said in item) == (runtime != "torch"), item


def test_a_model_page_table_shows_every_runtime(page, measured_site):
    _catalog, _files, _url = measured_site
    page.goto(f"/en/models/{FAILED_MODEL}/?machine={FAILED_ONE}")
    block = page.locator(f'[data-lb-machine="{FAILED_ONE}"]')
    block.wait_for(state="visible")
    assert "check failed, not timed" in block.inner_text()
    assert not page.locator(f'[data-lb-machine="{PASSED}"]').is_visible()


CLIPPED_OPTIONS = """sel => {
  // A select is as wide as its longest option unless max-width caps it: then the chosen text is cut.
  const now = sel.getBoundingClientRect().width;
  sel.style.maxWidth = "none";
  const whole = sel.getBoundingClientRect().width;
  sel.style.maxWidth = "";
  const options = Array.from(sel.options).map(o => o.textContent);
  return whole > now + 0.5 ? [options, Math.round(whole), Math.round(now)] : [];
}"""


@pytest.mark.parametrize(
    "path", ["/models/", "/en/models/", f"/models/{FAILED_MODEL}/", f"/en/models/{FAILED_MODEL}/"]
)
def test_on_a_phone_only_the_tables_scroll_sideways_never_the_page(browser, measured_site, path):
    """390 px wide: the wide tables scroll inside their own box, but the chooser's fields and the
    runtime and machine selects must stay within the column (a fieldset is min-content wide unless
    told otherwise), and a select's chosen text must show whole."""
    context = browser.new_context(base_url=measured_site[2], viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{path}?machine={FAILED_ONE}")
    page.locator(f'[data-lb-machine="{FAILED_ONE}"]').wait_for(state="visible")
    if path.endswith("/models/"):  # the comparison page; a model page has the runtimes' table only
        page.locator("[data-lb-chooser]").wait_for(state="visible")
        assert page.locator("[data-lb-runtime-switch] select:visible").count() == 1
        # The runtimes side by side fit the screen: no sideways scrolling to see int8.
        box = page.locator(f'[data-lb-machine="{FAILED_ONE}"] .lb-rt-table .md-typeset__scrollwrap')
        assert box.evaluate("el => el.scrollWidth <= el.clientWidth"), box.evaluate(
            "el => [el.scrollWidth, el.clientWidth]"
        )
        # A closed select cannot wrap its text: every option, the default's with its note, must
        # fit the box whole, or a phone reads "ONNX Runtime int8 (fastest that pass".
        clipped = page.locator("select[name=runtime]").evaluate(CLIPPED_OPTIONS)
        assert clipped == [], clipped
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
