"""This machine's matrix-multiply peaks, float32 and int8, with 1 thread and all cores: the
probes `python -m generator measure` runs in its latency process (generator/measure/peaks.py),
without the 15-minute measurement around them.

    .venv/bin/python bench/peaks.py [--rounds 3]

Each round measures, per thread setting, the float32 peak (torch.matmul, 2048 x 2048, best of 5
after a warm-up) and the int8 peak (ONNX Runtime's MatMulInteger, uint8 x int8, 1024 and 2048,
best of 5 after a warm-up each); the last lines give the best of all rounds, as the measure stage
keeps the best of its two probes per setting. The load average before and after says how much
else ran: on a shared machine the peaks come out low, never high.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.measure.machine import cpu_model, load_average  # noqa: E402
from generator.measure.peaks import INT8_PEAK_METHOD, PEAK_METHOD, gemm_gflops, int8_gemm_gops  # noqa: E402
from generator.measure.settings import THREAD_SETTINGS, cores_available  # noqa: E402


def _threads(count: int) -> str:
    return "1 thread" if count == 1 else f"{count} threads"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of both probes (default 3)")
    args = parser.parse_args()
    import onnxruntime
    import torch

    threads = {"1": 1, "all": cores_available()}
    print(
        f"{cpu_model()}, {threads['all']} cores; torch {torch.__version__}, "
        f"onnxruntime {onnxruntime.__version__}"
    )
    print(f"load average at the start: {load_average()}")
    best: dict[tuple[str, str], float] = {}
    for round_ in range(1, args.rounds + 1):
        figures = []
        for setting in THREAD_SETTINGS:
            torch.set_num_threads(threads[setting])
            fp32, int8 = gemm_gflops(torch), int8_gemm_gops(threads[setting])
            best[setting, "fp32"] = max(best.get((setting, "fp32"), 0.0), fp32)
            best[setting, "int8"] = max(best.get((setting, "int8"), 0.0), int8)
            figures.append(f"{_threads(threads[setting])}: float32 {fp32:7.1f} GFLOP/s, int8 {int8:7.1f} GOP/s")
        print(f"round {round_}: " + "; ".join(figures))
    print(f"load average at the end: {load_average()}")
    for setting in THREAD_SETTINGS:
        fp32, int8 = best[setting, "fp32"], best[setting, "int8"]
        print(
            f"best, {_threads(threads[setting])}: float32 {fp32:.1f} GFLOP/s, int8 {int8:.1f} GOP/s "
            f"(int8 / float32 = {int8 / fp32:.2f})"
        )
    print(f"float32: {PEAK_METHOD}\nint8: {INT8_PEAK_METHOD}")


if __name__ == "__main__":
    main()
