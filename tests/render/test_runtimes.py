"""Every runtime beside PyTorch on the pages (generator/render/runtime_view.py and the measure
partials): speed-ups, checks, file sizes, the default runtime, the overhead-bound models in words.
Expected figures come from the measurement file and generator/measure/efficiency.py, never typed."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.catalog import load_catalog
from generator.measure import load_measurements
from generator.measure.efficiency import OVERHEAD_BOUND_BELOW_PERCENT, efficiency
from generator.render import render_site
from generator.render.measure_page import percent
from tests.conftest import FULL_CATALOG
from tests.measure.documents import plausible_document, v1_document, write
from tests.render.conftest import NO_STATE, to_html

MINI = "uncased_L-4_H-256_A-4"
TINY = "uncased_L-2_H-128_A-2"


def chooser_json(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="lb-measure-data">(.*?)</script>', page, re.S)
    assert found, "no chooser data on the page"
    return json.loads(found[1])


class Sites:
    """One copy of the fixture catalogue for the module, and its site for each measurement
    document, rendered once per document (several tests read the same document's pages)."""

    def __init__(self, catalog_dir: Path):
        self.catalog_dir = catalog_dir
        self.catalog = load_catalog(catalog_dir)
        self._rendered: dict[str, tuple] = {}

    def measurements(self, doc):
        folder = self.catalog_dir / "measurements"
        shutil.rmtree(folder, ignore_errors=True)
        write(folder, doc)
        return load_measurements(self.catalog)[0]

    def __call__(self, doc):
        key = json.dumps(doc, sort_keys=True)
        if key not in self._rendered:
            measurements = self.measurements(doc)
            self._rendered[key] = (self.catalog, measurements, render_site(self.catalog, NO_STATE).files)
        return self._rendered[key]


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    target = tmp_path_factory.mktemp("runtimes") / "catalog"
    target.mkdir()
    for file in FULL_CATALOG.glob("*.yaml"):
        shutil.copy(file, target / file.name)
    return Sites(target)


def fail_int8_check(doc, model_id):
    model = next(m for m in doc["models"] if m["id"] == model_id)
    model["runtimes"]["ort-int8"] = {
        "status": "check_failed",
        "file_bytes": 1_000_000,
        "check": {"cosine_mean": 0.97, "cosine_min": 0.81, "threshold": 0.999},
    }


@pytest.fixture
def runtimes_site(sites):
    return sites(plausible_document(sites.catalog))


def runtime_table(html: str) -> str:
    start = html.index("PyTorch and ONNX Runtime side by side")
    return html[start : html.index("</table>", start)]


def test_the_comparison_page_shows_every_runtime_with_its_speedup_check_and_file(runtimes_site):
    catalog, measurements, pages = runtimes_site
    html = to_html(pages["models/index.en.md"])
    table = runtime_table(html)
    headers = re.findall(r"<th[^>]*>([^<]+)</th>", table)
    assert headers[1:] == ["PyTorch", "ONNX Runtime fp32", "ONNX Runtime int8"]
    row = re.search(rf'<a href="{MINI}.md">BERT-Mini</a>.*?</tr>', table, re.S)[0]
    mini = measurements.get(MINI)
    torch_ms = mini.runtime_timing("torch").median_ms
    for runtime in ("ort-fp32", "ort-int8"):
        ms = mini.runtime_timing(runtime).median_ms
        share = efficiency(measurements, catalog.model(MINI), runtime).percent_of_peak
        size = mini.runtimes[runtime].file_bytes / 1e6
        gflops = efficiency(measurements, catalog.model(MINI), runtime).gflops
        text = re.sub(r"<[^>]+>", "", row)
        pct = f"{percent(share)}\u00a0% of peak"  # a no-break space: the % never wraps alone
        cell = f"×{torch_ms / ms:.1f} · {gflops:.1f} GFLOP/s · {pct} · ✓ · {size:,.1f} MB"
        assert cell in text, text


def test_a_runtime_that_failed_its_check_is_not_timed_shown_or_chosen(sites):
    doc = plausible_document(sites.catalog)
    fail_int8_check(doc, MINI)
    _catalog, _measurements, pages = sites(doc)
    html = to_html(pages["models/index.en.md"])
    row = re.search(rf'<a href="{MINI}.md">BERT-Mini</a>.*?</tr>', runtime_table(html), re.S)[0]
    assert "check failed, not timed" in row and "cosine 0.9700 &lt; 0.999" in row, row  # the figure that failed
    int8 = row.split("</td>")[-2]
    assert "GFLOP/s" not in int8 and "% of peak" not in int8, int8  # a failed check is never a speed
    [machine] = chooser_json(pages["models/index.en.md"])["machines"]
    mini = next(m for m in machine["models"] if m["id"] == MINI)
    assert set(mini["rt"]) == {"torch", "ort-fp32"}
    # int8 is the fastest runtime, but it failed a check: the default is the fastest that passed.
    assert machine["default_runtime"] == "ort-fp32"
    model_page = to_html(pages[f"models/{MINI}.en.md"])
    assert (
        "check failed, not timed: cosine similarity per token 0.9700 on average (at least 0.999 needed), "
        "lowest 0.8100" in model_page
    )


def test_the_default_runtime_is_the_fastest_that_passed_every_check(runtimes_site):
    _catalog, measurements, pages = runtimes_site
    [machine] = chooser_json(pages["models/index.en.md"])["machines"]
    speed = {
        r: sum(m.runtime_timing(r).median_ms for m in measurements.models)
        for r in ("torch", "ort-fp32", "ort-int8")
    }
    assert machine["default_runtime"] == min(speed, key=speed.__getitem__)
    assert [r["id"] for r in machine["runtimes"]] == ["torch", "ort-fp32", "ort-int8"]
    html = to_html(pages["models/index.en.md"])
    # One chart pair per runtime; only the default's shows without JavaScript.
    shown = re.findall(r'<figure class="lb-figure lb-mfigure" data-lb-runtime-chart="([^"]+)">', html)
    hidden = re.findall(
        r'<figure class="lb-figure lb-mfigure" data-lb-runtime-chart="([^"]+)" hidden[^>]*>', html
    )
    assert set(shown) == {machine["default_runtime"]} and len(shown) == 2
    assert set(hidden) == {"torch", "ort-fp32", "ort-int8"} - set(shown)
    # Every chart names its runtime and its machine (the SVG's title is not shown).
    for runtime in ("PyTorch", "ONNX Runtime fp32", "ONNX Runtime int8"):
        caption = f"<figcaption>{runtime}, batch 1, 128 tokens, 1 thread. Measured on Test CPU, 2 cores"
        assert html.count(caption) == 2


PEAK_KEY = {"torch": "peak_gflops", "ort-int8": "peak_int8_gops"}
"""Where the file records the peak of each runtime's arithmetic (float32, int8)."""
PEAK_WORDS = {
    ("torch", "en"): "float32 matrix-multiply peak",
    ("torch", "zh"): "float32 矩阵乘法峰值",
    ("ort-int8", "en"): "int8 matrix-multiply peak",
    ("ort-int8", "zh"): "int8 矩阵乘法峰值",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("runtime", ["torch", "ort-int8"])
def test_the_overhead_bound_models_are_named_from_the_figures(sites, lang, runtime):
    """Against the peak of the runtime's own arithmetic: the float32 one for PyTorch, the int8 one
    for ONNX Runtime int8."""
    catalog = sites.catalog
    doc = plausible_document(catalog)
    # A peak that puts some models below the line and some above it, whatever the fixture's speeds.
    measurements = sites.measurements(doc)
    gflops = sorted(efficiency(measurements, m, runtime).gflops for m in catalog.models)
    middle = gflops[len(gflops) // 2]
    doc["machine"][PEAK_KEY[runtime]]["1"] = round(middle / (OVERHEAD_BOUND_BELOW_PERCENT / 100), 3)
    catalog, measurements, pages = sites(doc)
    bound = [(m, efficiency(measurements, m, runtime)) for m in catalog.models]
    bound = sorted(
        ((m, e) for m, e in bound if e.percent_of_peak < OVERHEAD_BOUND_BELOW_PERCENT),
        key=lambda p: p[1].percent_of_peak,
    )
    assert 0 < len(bound) < len(catalog.models)
    sep, item = {"en": (", ", "{} ({}\u00a0%)"), "zh": ("、", "{}（{}\u00a0%）")}[lang]
    listed = sep.join(
        item.format(m.name or f"L{m.layers}/H{m.hidden}", percent(e.percent_of_peak)) for m, e in bound
    )
    page = pages[f"models/index.{lang}.md"].replace("\\", "")
    label = {"torch": "PyTorch", "ort-int8": "ONNX Runtime int8"}[runtime]
    start = page.index({"en": f"In {label}, per-operator", "zh": f"在 {label} 中，有"}[lang])
    sentence = page[start : page.index("\n", start)]
    assert listed in sentence, (listed, sentence)
    assert PEAK_WORDS[runtime, lang] in sentence
    # The sentence about the other models follows as the language joins sentences (none after 。).
    others = {"en": "suggests. The other ", "zh": "幅度。其余 "}[lang]
    assert others in sentence
    tiny = dict(bound).get(catalog.model(TINY))
    model_page = text_of(to_html(pages[f"models/{TINY}.{lang}.md"]))
    start = model_page.index({"en": f"In {label}, BERT-Tiny reaches", "zh": f"在 {label} 中，BERT-Tiny"}[lang])
    about_tiny = model_page[start : model_page.index({"en": "it.", "zh": "。"}[lang], start)]
    # Joined to the sentence before it as the language joins sentences (no space after 。).
    gap = {"en": ". ", "zh": "。"}[lang]
    assert model_page[start - len(gap) : start] == gap, model_page[start - 20 : start]
    word = {"en": "per-operator overhead rather than arithmetic bounds", "zh": "受逐算子开销而不是算力"}[lang]
    assert (word in about_tiny) == (tiny is not None), about_tiny
    assert PEAK_WORDS[runtime, lang] in about_tiny


def test_a_version_1_file_shows_pytorch_alone(sites):
    _catalog, _measurements, pages = sites(v1_document(sites.catalog))
    html = to_html(pages["models/index.en.md"])
    assert "PyTorch and ONNX Runtime side by side" not in html and "data-lb-runtime-switch" not in html
    [machine] = chooser_json(pages["models/index.en.md"])["machines"]
    assert machine["default_runtime"] == "torch" and [r["id"] for r in machine["runtimes"]] == ["torch"]
    assert "per-operator overhead" not in html  # a version 1 file has no peak to compare with


def test_a_runtime_that_failed_shows_the_files_reason_as_text(sites):
    doc = plausible_document(sites.catalog)
    model = next(m for m in doc["models"] if m["id"] == MINI)
    reason = "export failed: *Unsupported* [op](javascript:x)"  # Markdown in it stays text
    model["runtimes"]["ort-fp32"] = {"status": "failed", "error": reason}
    model["runtimes"]["ort-int8"] = {"status": "failed", "error": "no ort-fp32 graph to quantize"}
    _catalog, _measurements, pages = sites(doc)
    table = runtime_table(to_html(pages["models/index.en.md"]))
    row = re.search(rf'<a href="{MINI}.md">BERT-Mini</a>.*?</tr>', table, re.S)[0]
    assert row.count(">failed</span>") == 2 and "GFLOP/s" not in row.split("</td>", 2)[2]
    model_page = to_html(pages[f"models/{MINI}.en.md"])
    assert f"failed: {reason}" in model_page
    assert "<em>" not in model_page.split("PyTorch and ONNX Runtime side by side")[1].split("</table>")[0]
    assert 'href="javascript' not in model_page
    [machine] = chooser_json(pages["models/index.en.md"])["machines"]
    assert set(next(m for m in machine["models"] if m["id"] == MINI)["rt"]) == {"torch"}


INT8_NOTE = {
    "en": (
        "ONNX Runtime int8's share is of this machine's int8 matrix-multiply peak ({peak} billion integer "
        "operations per second with 1 thread: ONNX Runtime's MatMulInteger, measured in the same run), not "
        "of the float32 one."
    ),
    "zh": "ONNX Runtime int8 的比例是相对本机 int8 矩阵乘法峰值（1 个线程时每秒 {peak} 十亿次整数运算："
    "ONNX Runtime 的 MatMulInteger，在同一次运行中测得）而言的，不是相对 float32 峰值。",
}
NO_INT8_PEAK = {
    "en": (
        "ONNX Runtime int8 shows no share of peak: this measurement records no int8 matrix-multiply peak, "
        "and int8 products run several times faster than float32 ones, so a share of the float32 peak "
        "would pass 100\u00a0% and mean nothing."
    ),
    "zh": "ONNX Runtime int8 不显示占峰值的比例：这次测量没有记录 int8 矩阵乘法峰值，"
    "而 int8 乘法比 float32 快好几倍，相对 float32 峰值的比例会超过 100\u00a0%，没有意义。",
}


def text_of(html: str) -> str:
    """The text a reader sees, with runs of breakable white space as one space (a no-break space
    stays what it is)."""
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def int8_cells(html: str) -> list[str]:
    """The ONNX Runtime int8 column of the comparison page's runtime table (the last one)."""
    start = html.index('<div class="lb-rt-table"')
    rows = re.findall(r"<tr>(.*?)</tr>", html[start : html.index("</table>", start)], re.S)[1:]
    return [text_of(re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[-1]) for row in rows]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_int8_cells_are_a_share_of_the_int8_peak_the_file_records(sites, lang):
    doc = plausible_document(sites.catalog)
    catalog, measurements, pages = sites(doc)
    html = to_html(pages[f"models/index.{lang}.md"])
    mini = efficiency(measurements, catalog.model(MINI), "ort-int8")
    assert mini.percent_of_peak == pytest.approx(100 * mini.gflops / measurements.machine.peak_int8.one)
    pct = "{}\u00a0% of peak" if lang == "en" else "峰值的 {}\u00a0%"
    assert all(("% of peak" if lang == "en" else "峰值的") in cell for cell in int8_cells(html))
    assert any(pct.format(percent(mini.percent_of_peak)) in cell for cell in int8_cells(html))
    note = INT8_NOTE[lang].format(peak=f"{measurements.machine.peak_int8.one:.1f}")
    assert note in text_of(html)
    assert note in text_of(to_html(pages[f"models/{MINI}.{lang}.md"]))
    assert NO_INT8_PEAK[lang] not in text_of(html)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_without_an_int8_peak_int8_cells_show_no_share_and_say_why(sites, lang):
    """A file measured before the int8 probe: int8's GFLOP/s stay, its share of the float32 peak
    (which went past 100 %) goes, and one sentence says why."""
    doc = plausible_document(sites.catalog)
    del doc["machine"]["peak_int8_gops"]
    catalog, measurements, pages = sites(doc)
    html = to_html(pages[f"models/index.{lang}.md"])
    share = "% of peak" if lang == "en" else "峰值的"
    assert all("GFLOP/s" in cell and share not in cell for cell in int8_cells(html)), int8_cells(html)
    assert NO_INT8_PEAK[lang] in text_of(html)
    # Joined to the sentence before it as each language joins sentences: no space after 。
    joined = {"zh": "。", "en": ". "}[lang] + NO_INT8_PEAK[lang]
    assert joined in text_of(html)
    model_page = to_html(pages[f"models/{MINI}.{lang}.md"])
    summary = model_page[model_page.index('class="lb-rt-summary"') :]
    int8_row = re.search(r"<tr>\s*<td[^>]*>ONNX Runtime int8</td>(.*?)</tr>", summary, re.S)[1]
    gflops = efficiency(measurements, catalog.model(MINI), "ort-int8").gflops
    assert f"{gflops:.1f}" in int8_row and "%" not in text_of(int8_row), int8_row
    assert NO_INT8_PEAK[lang] in text_of(model_page)
    assert INT8_NOTE[lang].split("{")[0] not in text_of(html)


def test_a_model_pages_inputs_say_1_thread_and_2_threads(runtimes_site):
    """Not '1 thread(s)': the count is known, so the word agrees with it."""
    _catalog, measurements, pages = runtimes_site
    page = text_of(to_html(pages[f"models/{MINI}.en.md"]))
    cores = measurements.machine.threads["all"]
    assert "batch 1, 32 tokens, 1 thread " in page and f"batch 32, 128 tokens, {cores} threads " in page
    assert "thread(s)" not in page
