"""Benchmark of `python -m generator params`: prints figures, asserts nothing about speed.

    .venv/bin/python bench/params.py [--repeat 3] [--catalog DIR]

Three whole processes, each run --repeat times in a fresh interpreter:
  naive   real weights: the same counting code with device="cpu", so every model is
          allocated and randomly initialised and the FLOPs pass runs on real tensors
  meta    `python -m generator params --no-cache`: meta device, nothing allocated
  cached  `python -m generator params` with a warm cache: imports neither torch nor transformers
plus, for context, the bare import of torch and transformers' BERT modules.

Wall time is the median of the runs, peak memory the largest maximum resident set size of the
child process (os.wait4's rusage, the per-child form of getrusage(RUSAGE_CHILDREN)), in MB
(10^6 bytes). Targets: meta at most 0.4x naive and 1.5x the bare import; cached under 0.3 s. The cache
lives in a temporary folder (LITTLE_BERTS_CACHE_DIR), so the repository's cache is untouched.
The naive and meta runs must print identical counts, or the benchmark fails.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

NAIVE_WORKER = """
import json, sys
from generator.catalog import load_catalog
from generator.params.count import count_models
catalog = load_catalog(sys.argv[1])
counts = count_models(catalog.models, sys.argv[2], device="cpu")
json.dump([c.to_record() for c in counts], sys.stdout)
"""
IMPORT_ONLY = (
    "import torch; from transformers.models.bert.modeling_bert import BertModel; "
    "from transformers.models.bert.configuration_bert import BertConfig"
)


@dataclass(frozen=True)
class Run:
    wall_s: float
    peak_mb: float
    stdout: str


def measure(argv: list[str], env: dict[str, str]) -> Run:
    """Run one whole process; its wall time, peak RSS and stdout. Fails loudly on a non-zero exit."""
    start = time.perf_counter()
    with tempfile.TemporaryFile(mode="w+") as out, tempfile.TemporaryFile(mode="w+") as err:
        process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            sys.exit(f"benchmark run failed ({process.returncode}): {' '.join(argv)}\n{err.read()}")
        return Run(wall_s=wall, peak_mb=usage.ru_maxrss * 1024 / 1e6, stdout=out.read())


def series(argv: list[str], env: dict[str, str], repeat: int) -> tuple[float, float, str]:
    runs = [measure(argv, env) for _ in range(repeat)]
    return (statistics.median(r.wall_s for r in runs), max(r.peak_mb for r in runs), runs[-1].stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (default: 3)")
    parser.add_argument("--catalog", type=Path, default=ROOT / "catalog", help="catalogue folder")
    args = parser.parse_args()

    python = sys.executable
    versions = f"torch {metadata.version('torch')}, transformers {metadata.version('transformers')}"
    with tempfile.TemporaryDirectory(prefix="params-bench-") as cache_dir:
        env = {**os.environ, "LITTLE_BERTS_CACHE_DIR": cache_dir}
        params = [python, "-m", "generator", "params", "--catalog", str(args.catalog), "--format", "json"]
        figures = {
            "import torch + transformers BERT only": series([python, "-c", IMPORT_ONLY], env, args.repeat),
            "naive: real weights on CPU": series(
                [python, "-c", NAIVE_WORKER, str(args.catalog), versions], env, args.repeat
            ),
            "meta: params --no-cache": series([*params, "--no-cache"], env, args.repeat),
        }
        measure(params, env)  # warm the cache (not measured)
        figures["cached: params (warm cache)"] = series(params, env, args.repeat)

    naive_counts = json.loads(figures["naive: real weights on CPU"][2])
    meta_models = json.loads(figures["meta: params --no-cache"][2])["models"]
    cached_models = json.loads(figures["cached: params (warm cache)"][2])["models"]
    for naive, meta in zip(naive_counts, meta_models, strict=True):
        meta_as_record = {
            ("model_id" if k == "id" else k): v
            for k, v in meta.items()
            if k not in ("name", "published", "params_backbone_mlm")
        }
        if naive != meta_as_record:
            sys.exit(f"naive and meta counts differ for {naive['model_id']}:\n{naive}\n{meta_as_record}")
    if cached_models != meta_models:
        sys.exit("cached and meta outputs differ")

    naive_wall = figures["naive: real weights on CPU"][0]
    print(
        f"params benchmark: {len(meta_models)} models from {args.catalog}; "
        f"Python {platform.python_version()}, {versions}; {os.cpu_count()} CPUs; "
        f"{args.repeat} runs each (median wall time, max peak RSS)"
    )
    print(f"{'whole process':<40}{'wall s':>8}{'peak RSS MB':>13}{'x naive':>9}")
    for label, (wall, peak, _out) in figures.items():
        print(f"{label:<40}{wall:>8.2f}{peak:>13.0f}{wall / naive_wall:>9.2f}")
    meta_ratio = figures["meta: params --no-cache"][0] / naive_wall
    warm = figures["cached: params (warm cache)"][0]
    print(f"target meta <= 0.40 x naive: {'met' if meta_ratio <= 0.4 else 'MISSED'} ({meta_ratio:.2f} x)")
    bare = figures["import torch + transformers BERT only"][0]
    cold_ratio = figures["meta: params --no-cache"][0] / bare
    print(
        f"target meta <= 1.5 x the bare import: {'met' if cold_ratio <= 1.5 else 'MISSED'} ({cold_ratio:.2f} x)"
    )
    print(f"target cached < 0.3 s: {'met' if warm < 0.3 else 'MISSED'} ({warm:.2f} s)")
    print("counts: naive (real weights) and meta runs agree on every field; cached output equals meta output")
    return 0


if __name__ == "__main__":
    sys.exit(main())
