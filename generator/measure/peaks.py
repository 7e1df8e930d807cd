"""The machine's matrix-multiply limits, measured in the latency process of the same run: what
each latency cell's share of peak is taken against (efficiency.py).

* float32: torch.matmul of two square float32 matrices, the arithmetic PyTorch and ONNX
  Runtime fp32 do;
* int8: ONNX Runtime's own integer matrix multiply (the ONNX operator MatMulInteger, uint8
  activations times int8 weights into int32), the kernel family its dynamic int8 quantization
  runs a model's weight products in. int8 products run several times faster than float32 on a
  CPU with VNNI, so a share of the float32 peak would pass 100 % and say nothing.

Both are timed alike (time.perf_counter around each product, one warm-up, the best of
RepeatPolicy.peak_repeats runs: 5 in a full run, 1 in a quick one) at the start and at the end
of each thread setting's cells (worker.measure_latency),
and both count a multiply-add as 2 operations, as the params stage counts FLOPs. Runs in child
processes and in bench/peaks.py; imports torch, onnx and onnxruntime only when called.
"""

from __future__ import annotations

import time
from typing import Any

from .settings import FULL

PEAK_SIZE = 2048
"""The float32 product's size."""
INT8_PEAK_SIZES = (1024, 2048)
"""Two large sizes, the best counting: a 2048 product runs about 40 ms with 1 thread, a 1024 one
5 ms, which a busy moment preempts less often (on the shared 2-core build machine at load 5 the
1024 product's best came within 5 % of the quiet rate, the 2048 one's at half of it)."""


def _runs(repeats: int) -> str:
    return f"best of {repeats} runs" if repeats > 1 else "1 run"  # RepeatPolicy refuses 0


def peak_method(repeats: int = FULL.peak_repeats) -> str:
    """How the float32 peak is measured, as the measurement file records it."""
    return (
        f"torch.matmul of two {PEAK_SIZE} x {PEAK_SIZE} float32 matrices (2 x {PEAK_SIZE}^3 FLOPs), "
        f"{_runs(repeats)} after one warm-up, at the start and at the end of each thread "
        "setting's cells, in the latency process; the best counts"
    )


def int8_peak_method(repeats: int = FULL.peak_repeats) -> str:
    """How the int8 peak is measured, as the measurement file records it."""
    return (
        "onnxruntime MatMulInteger (uint8 x int8 into int32, the weights a constant initializer), "
        + " and ".join(f"{n} x {n}" for n in INT8_PEAK_SIZES)
        + f" (2 x n^3 operations), {_runs(repeats)} after one warm-up each, intra-op threads = the "
        "thread setting, at the start and at the end of each thread setting's cells; the best counts"
    )


PEAK_METHOD, INT8_PEAK_METHOD = peak_method(), int8_peak_method()
"""A full run's methods."""


def _best_seconds(run: Any, repeats: int) -> float:
    run()  # warm-up: the first product allocates and packs
    best = float("inf")
    for _ in range(repeats):
        begin = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - begin)
    return best


def gemm_gflops(torch: Any, size: int = PEAK_SIZE, repeats: int = FULL.peak_repeats) -> float:
    """The float32 matrix-multiply rate at torch's current thread count, GFLOP/s."""
    a, b = torch.randn(size, size), torch.randn(size, size)
    return 2 * size**3 / _best_seconds(lambda: torch.matmul(a, b), repeats) / 1e9


def int8_graph(weights: Any) -> Any:
    """An ONNX model of one MatMulInteger: input A (uint8, n x k) times the constant `weights`
    (int8, k x m), output Y (int32). A constant B is what ONNX Runtime prepacks, as it does a
    quantized model's weights."""
    from onnx import TensorProto, helper, numpy_helper

    k, m = weights.shape
    graph = helper.make_graph(
        [helper.make_node("MatMulInteger", ["A", "B"], ["Y"])],
        "int8_peak",
        [helper.make_tensor_value_info("A", TensorProto.UINT8, ["n", k])],
        [helper.make_tensor_value_info("Y", TensorProto.INT32, ["n", m])],
        initializer=[numpy_helper.from_array(weights, "B")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8  # what opset 17 needs; a newer onnx would write one an older onnxruntime refuses
    return model


def int8_matmul(size: int, threads: int) -> tuple[Any, dict[str, Any], Any]:
    """(session, feeds, weights) of a size x size integer product on `threads` intra-op threads,
    with the session options the ONNX Runtime runtimes are timed with (ort.session)."""
    import numpy

    from .ort import session

    rng = numpy.random.default_rng(size)
    weights = rng.integers(-128, 128, (size, size), dtype=numpy.int8)
    feeds = {"A": rng.integers(0, 256, (size, size), dtype=numpy.uint8)}
    return session(int8_graph(weights).SerializeToString(), threads), feeds, weights


def int8_gemm_gops(
    threads: int, sizes: tuple[int, ...] = INT8_PEAK_SIZES, repeats: int = FULL.peak_repeats
) -> float:
    """ONNX Runtime's int8 matrix-multiply rate on `threads` threads, 10^9 operations per second
    (the best over `sizes`)."""
    best = 0.0
    for size in sizes:
        runner, feeds, _weights = int8_matmul(size, threads)
        best = max(best, 2 * size**3 / _best_seconds(lambda r=runner, f=feeds: r.run(None, f), repeats) / 1e9)
    return best
