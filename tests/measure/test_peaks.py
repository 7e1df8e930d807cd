"""The machine's matrix-multiply peaks (generator/measure/peaks.py), on tiny sizes: what the
probes compute is the product they claim, and their rate is a finite positive number. How fast
this machine is belongs to bench/peaks.py, never to a test."""

from __future__ import annotations

import math

import numpy
import pytest

from generator.catalog import load_catalog
from generator.measure import load_measurements, peaks
from tests.measure.documents import plausible_document, write


def test_the_int8_probe_multiplies_uint8_by_int8_into_int32_in_onnx_runtime():
    """The graph is ONNX Runtime's own integer matmul (the kernel its dynamic int8 quantization
    runs), and its answer is the exact integer product: the probe times the arithmetic it names."""
    session, feeds, weights = peaks.int8_matmul(48, threads=1)
    [product] = session.run(None, feeds)
    assert product.dtype == numpy.int32 and feeds["A"].dtype == numpy.uint8 and weights.dtype == numpy.int8
    assert (product == feeds["A"].astype(numpy.int64) @ weights.astype(numpy.int64)).all()
    assert [node.op_type for node in peaks.int8_graph(weights).graph.node] == ["MatMulInteger"]


@pytest.mark.parametrize("threads", [1, 2])
def test_the_int8_probe_gives_a_rate_on_a_tiny_size(threads):
    rate = peaks.int8_gemm_gops(threads, sizes=(32, 64), repeats=2)
    assert math.isfinite(rate) and rate > 0


def test_the_float32_probe_gives_a_rate_on_a_tiny_size():
    import torch

    torch.set_num_threads(1)
    rate = peaks.gemm_gflops(torch, size=64, repeats=2)
    assert math.isfinite(rate) and rate > 0


def test_the_methods_say_how_the_peaks_were_measured_and_a_file_may_hold_them(catalog_copy):
    assert f"{peaks.PEAK_SIZE} x {peaks.PEAK_SIZE} float32" in peaks.PEAK_METHOD
    assert "MatMulInteger" in peaks.INT8_PEAK_METHOD and "uint8" in peaks.INT8_PEAK_METHOD
    assert all(f"{n} x {n}" in peaks.INT8_PEAK_METHOD for n in peaks.INT8_PEAK_SIZES)
    catalog = load_catalog(catalog_copy)
    doc = plausible_document(catalog)
    doc["machine"]["peak_gflops"]["method"] = peaks.PEAK_METHOD
    doc["machine"]["peak_int8_gops"]["method"] = peaks.INT8_PEAK_METHOD
    write(catalog.directory / "measurements", doc)
    [found] = load_measurements(catalog)  # the schema caps and filters a method's text
    assert found.machine.peak_int8.method == peaks.INT8_PEAK_METHOD


def test_the_method_says_five_runs_of_each_peak_product_in_a_full_run_and_one_in_a_quick_run():
    from generator.measure.settings import FULL, QUICK

    assert (
        peaks.peak_method(FULL.peak_repeats) == peaks.PEAK_METHOD
        and "best of 5 runs after" in peaks.PEAK_METHOD
    )
    assert "best of 5 runs after" in peaks.INT8_PEAK_METHOD
    assert "1 run after one warm-up" in peaks.peak_method(QUICK.peak_repeats)
    assert "1 run after one warm-up each" in peaks.int8_peak_method(QUICK.peak_repeats)
