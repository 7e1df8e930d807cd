#!/usr/bin/env python3
"""Little BERTs: time Google's BERT miniatures on your own CPU, in PyTorch and in ONNX Runtime.

Needs only torch, transformers, onnxruntime and onnx, and downloads nothing: every model is built
from its config (the MODELS table below, written from the Little BERTs catalogue) with random
weights, because speed does not depend on the weights' values. For each model you pick:

  1. PyTorch eager ("torch"): transformers' BertModel, float32, eval mode, torch.inference_mode();
  2. ONNX Runtime ("ort-fp32"): the same model exported with torch.onnx.export, its graph fused
     for BERT by ONNX Runtime's transformer optimizer (onnxruntime.transformers.optimizer);
  3. ONNX Runtime int8 ("ort-int8"): that graph with dynamic int8 quantization
     (onnxruntime.quantization.quantize_dynamic: weights int8, activations quantized at run time);
  4. each ONNX Runtime model's output is checked against PyTorch's on the same input before it is
     timed (float32: largest absolute difference of the last hidden state; int8: cosine similarity
     of each token's vector, mean and minimum). A runtime that fails its check is not timed;
  5. the runtimes that passed take turns in the same rounds, in one process (odd rounds in reverse
     order), so a slower minute of your machine slows them alike; the median of all runs is shown.

Then it prints one table: median latency (and its spread), speed-up against PyTorch, the check and
the size of the model file (the int8 file is what you would ship).

    python little_berts_speed.py --models tiny mini small medium base
    python little_berts_speed.py --models all --seq 32 --threads 4
    python little_berts_speed.py --list

The Little BERTs site shows the same table measured on its build machine. Your CPU is not that
machine: this script is how you find out what yours does.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# --- MODELS: written by the site's generator from catalog/models.yaml; do not edit by hand ---
MODELS: dict[str, dict[str, Any]] = {}
# --- end of MODELS ---

RUNTIMES = ("torch", "ort-fp32", "ort-int8")
FP32_TOLERANCE = 1e-4
"""Largest absolute difference of the last hidden state allowed between ONNX Runtime fp32 and
PyTorch: fused kernels sum in another order, which moves the last digits, not more."""
INT8_MIN_MEAN_COSINE = 0.999
"""Mean per-token cosine similarity int8 must reach against PyTorch's float32 output."""
FULL = {"rounds": 5, "seconds": 1.0, "max_runs": 500, "warmup_seconds": 0.2}
QUICK = {"rounds": 3, "seconds": 0.0, "max_runs": 3, "warmup_seconds": 0.0}
"""Timing budgets per runtime and model: `seconds` of timed runs spread over `rounds` turns."""
REWARM_BELOW_SECONDS = 0.05
"""A runtime faster than this gets one untimed pass at the start of each turn: the runtime before
it evicted its weights from the caches, and its first pass would time the refill."""


@dataclass(frozen=True)
class Row:
    model: str
    runtime: str
    check: str
    passed: bool
    file_bytes: int | None = None
    median_ms: float | None = None
    q1_ms: float | None = None
    q3_ms: float | None = None
    runs: int = 0


def names(model_id: str) -> set[str]:
    """What a visitor may type for a model: its id, its shape, its name with or without 'bert-'."""
    entry = MODELS[model_id]
    config = entry["config"]
    shape = f"l-{config['num_hidden_layers']}_h-{config['hidden_size']}"
    found = {model_id.lower(), shape, shape.replace("-", "").replace("_", "/")}
    if entry.get("name"):
        name = entry["name"].lower()
        found |= {name, name.removeprefix("bert-")}
    return found


def pick(wanted: list[str]) -> tuple[list[str], list[str]]:
    """(model ids, words that name no model), in the order given."""
    if [w.lower() for w in wanted] == ["all"]:
        return list(MODELS), []
    picked, unknown = [], []
    for word in wanted:
        match = [m for m in MODELS if word.lower() in names(m)]
        unknown += [] if match else [word]
        picked += [m for m in match if m not in picked]
    return picked, unknown


def machine_line(threads: int, batch: int, seq: int) -> str:
    import onnxruntime
    import torch
    import transformers

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    load = f", load average {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""
    return (
        f"Machine: {cpu}, {os.cpu_count()} logical CPUs, {platform.system()} {platform.release()}{load}; "
        f"Python {platform.python_version()}, torch {torch.__version__}, transformers "
        f"{transformers.__version__}, onnxruntime {onnxruntime.__version__}; "
        f"{threads} thread(s), batch {batch}, {seq} tokens"
    )


def build(model_id: str) -> Any:
    import torch
    from transformers import BertConfig, BertModel

    torch.manual_seed(0)
    model = BertModel(BertConfig(**MODELS[model_id]["config"]))
    return model.eval()  # type: ignore[no-untyped-call]  # transformers' BertModel leaves eval() unannotated


def inputs(batch: int, seq: int, vocab_size: int) -> dict[str, Any]:
    import torch

    generator = torch.Generator().manual_seed(batch * 1000 + seq)
    ids = torch.randint(1000, vocab_size, (batch, seq), generator=generator)
    return {"input_ids": ids, "attention_mask": torch.ones_like(ids)}


def export(model: Any, feeds: dict[str, Any], folder: Path) -> tuple[Path, Path]:
    """(fp32 optimised ONNX file, int8 ONNX file) of `model`."""
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer

    raw, fp32, int8 = folder / "exported.onnx", folder / "model.onnx", folder / "model-int8.onnx"
    axes = {0: "batch", 1: "sequence"}

    class Positional(torch.nn.Module):
        """BertModel with its two inputs in a fixed order and its outputs as a tuple: the exporter
        passes inputs by position, and BertModel's own argument order is not a stable API."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = model

        def forward(self, input_ids: Any, attention_mask: Any) -> tuple[Any, Any]:
            out = self.bert(input_ids=input_ids, attention_mask=attention_mask)
            return out.last_hidden_state, out.pooler_output

    with warnings.catch_warnings():
        # The TorchScript exporter (dynamo=False), deprecated since torch 2.9 but what needs no
        # package beyond torch and onnx: the torch.export-based one needs onnxscript too.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Positional(),
            (feeds["input_ids"], feeds["attention_mask"]),
            str(raw),
            input_names=["input_ids", "attention_mask"],
            output_names=["last_hidden_state", "pooler_output"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes},
            opset_version=17,
            dynamo=False,
        )
    config = model.config
    optimised = optimizer.optimize_model(
        str(raw), model_type="bert", num_heads=config.num_attention_heads, hidden_size=config.hidden_size
    )
    optimised.save_model_to_file(str(fp32))
    # The fused graph holds ONNX Runtime's own operators (Attention, SkipLayerNormalization),
    # whose outputs ONNX's shape inference cannot type: DefaultTensorType says they are float.
    logging.getLogger().setLevel(logging.ERROR)  # quantize_dynamic's advice to pre-process first
    quantize_dynamic(
        str(fp32),
        str(int8),
        weight_type=QuantType.QInt8,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    return fp32, int8


def session(path: Path, threads: int) -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def check(runtime: str, reference: Any, output: Any) -> tuple[bool, str]:
    """Compare a runtime's last hidden state with PyTorch's (numpy arrays, batch x seq x hidden)."""
    import numpy

    if runtime == "ort-fp32":
        worst = float(numpy.abs(output - reference).max())
        ok = worst <= FP32_TOLERANCE
        return ok, f"{'ok' if ok else 'FAILED'} max|diff| {worst:.1e}"
    a, b = reference.reshape(-1, reference.shape[-1]), output.reshape(-1, output.shape[-1])
    cosine = (a * b).sum(1) / (numpy.linalg.norm(a, axis=1) * numpy.linalg.norm(b, axis=1))
    mean, low = float(cosine.mean()), float(cosine.min())
    ok = mean >= INT8_MIN_MEAN_COSINE
    return ok, f"{'ok' if ok else 'FAILED'} cos {mean:.5f} (min {low:.5f})"


def time_rounds(runners: dict[str, Any], budget: dict[str, Any]) -> dict[str, list[float]]:
    """Seconds of every timed run of each runner, the runners taking turns round after round."""
    warm: dict[str, float] = {}
    for name, run in runners.items():
        spent, times = 0.0, list[float]()
        while not times or spent < budget["warmup_seconds"]:
            begin = time.perf_counter()
            run()
            times.append(time.perf_counter() - begin)
            spent += times[-1]
        warm[name] = statistics.median(times)
    per_turn = {
        name: max(
            1, min(budget["max_runs"] // budget["rounds"], round(budget["seconds"] / budget["rounds"] / w))
        )
        for name, w in warm.items()
    }
    results: dict[str, list[float]] = {name: [] for name in runners}
    order = list(runners)
    for round_ in range(budget["rounds"]):
        for name in order if round_ % 2 == 0 else reversed(order):
            run = runners[name]
            if warm[name] < REWARM_BELOW_SECONDS:
                run()
            for _ in range(per_turn[name]):
                begin = time.perf_counter()
                run()
                results[name].append(time.perf_counter() - begin)
    return results


def measure(model_id: str, runtimes: tuple[str, ...], args: argparse.Namespace, folder: Path) -> list[Row]:
    import torch

    torch.set_num_threads(args.threads)
    label = MODELS[model_id].get("name") or model_id
    model = build(model_id)
    feeds = inputs(args.batch, args.seq, MODELS[model_id]["config"]["vocab_size"])
    numpy_feeds = {k: v.numpy() for k, v in feeds.items()}
    with torch.inference_mode():
        reference = model(**feeds).last_hidden_state.numpy()
    model.save_pretrained(folder / "torch")  # the float32 weights as PyTorch users ship them
    weights = folder / "torch" / "model.safetensors"
    rows = {"torch": Row(label, "torch", "reference", True, weights.stat().st_size)}
    runners: dict[str, Any] = {}

    def run_torch() -> None:
        with torch.inference_mode():
            model(**feeds)

    runners["torch"] = run_torch
    files: dict[str, Path] = {}
    if {"ort-fp32", "ort-int8"} & set(runtimes):
        try:
            files["ort-fp32"], files["ort-int8"] = export(model, feeds, folder)
        except Exception as error:  # an exporter or optimizer failure for this model only
            first = str(error).splitlines()[0] if str(error) else ""
            text = f"FAILED export: {type(error).__name__}: {first[:60]}"
            rows.update({r: Row(label, r, text, False) for r in runtimes if r != "torch"})
    for runtime, path in files.items():
        if runtime not in runtimes:
            continue
        ort = session(path, args.threads)
        ok, text = check(runtime, reference, ort.run(["last_hidden_state"], numpy_feeds)[0])
        rows[runtime] = Row(label, runtime, text, ok, path.stat().st_size)
        if ok:
            runners[runtime] = lambda ort=ort: ort.run(None, numpy_feeds)
    timed = time_rounds({r: run for r, run in runners.items() if r in runtimes}, QUICK if args.quick else FULL)
    out = []
    for runtime in runtimes:
        row = rows[runtime]
        if runtime in timed:
            ms = sorted(t * 1e3 for t in timed[runtime])
            q1, median, q3 = statistics.quantiles(ms, n=4, method="inclusive") if len(ms) > 1 else ms * 3
            row = Row(**{**row.__dict__, "median_ms": median, "q1_ms": q1, "q3_ms": q3, "runs": len(ms)})
        out.append(row)
    return out


def fmt_ms(ms: float) -> str:
    return f"{ms:,.0f}" if ms >= 100 else f"{ms:.1f}" if ms >= 10 else f"{ms:.2f}" if ms >= 1 else f"{ms:.3f}"


def table(rows: list[Row]) -> str:
    """The table the site shows: one line per model and runtime."""
    header = ("model", "runtime", "median ms", "q1-q3 ms", "runs", "vs torch", "check", "file MB")
    lines = [header]
    torch_ms = {r.model: r.median_ms for r in rows if r.runtime == "torch"}
    for r in rows:
        base = torch_ms.get(r.model)
        lines.append(
            (
                r.model,
                r.runtime,
                fmt_ms(r.median_ms) if r.median_ms is not None else "-",
                f"{fmt_ms(r.q1_ms)}-{fmt_ms(r.q3_ms)}" if r.q1_ms is not None and r.q3_ms is not None else "-",
                str(r.runs) if r.runs else "-",
                f"x{base / r.median_ms:.2f}" if base and r.median_ms else "-",
                r.check,
                f"{r.file_bytes / 1e6:.1f}" if r.file_bytes is not None else "-",
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    right = {2, 3, 4, 5, 7}
    return "\n".join(
        "  ".join(
            cell.rjust(w) if i in right else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in lines
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--models",
        nargs="+",
        default=["tiny", "mini", "small", "medium", "base"],
        help="names (tiny, mini, small, medium, base), ids, shapes (L-4_H-256) or 'all'",
    )
    parser.add_argument("--runtimes", nargs="+", choices=RUNTIMES, default=list(RUNTIMES))
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--seq", type=int, default=128, help="tokens per sequence (at most 512)")
    parser.add_argument("--threads", type=int, default=1, help="threads for every runtime (default 1)")
    parser.add_argument("--quick", action="store_true", help="3 timed runs per runtime: to try the script")
    parser.add_argument(
        "--keep", type=Path, help="keep the ONNX files in this folder (one subfolder per model)"
    )
    parser.add_argument("--list", action="store_true", help="list the models and exit")
    args = parser.parse_args(argv)
    if args.list:
        for model_id, entry in MODELS.items():
            print(f"{model_id}  {entry.get('name') or ''}".rstrip())
        return 0
    if not 1 <= args.seq <= 512 or args.batch < 1 or args.threads < 1:
        parser.error("--seq must be 1-512, --batch and --threads at least 1")
    models, unknown = pick(args.models)
    if unknown:
        parser.error(
            f"unknown model {', '.join(map(repr, unknown))}: --list shows the {len(MODELS)} models "
            f"(a name such as tiny, an id such as {next(iter(MODELS), '?')}, "
            f"or a shape such as L-4_H-256)"
        )
    runtimes = tuple(r for r in RUNTIMES if r in args.runtimes or r == "torch")
    try:
        print(machine_line(args.threads, args.batch, args.seq), flush=True)
    except ImportError as error:
        print(
            f"error: {error.name} is missing: pip install torch transformers onnxruntime onnx", file=sys.stderr
        )
        return 1
    rows: list[Row] = []
    started = time.perf_counter()
    for model_id in models:
        label = MODELS[model_id].get("name") or model_id
        print(f"measuring {label} ({model_id}) ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix="little-berts-") as scratch:
            folder = args.keep / model_id if args.keep else Path(scratch)
            folder.mkdir(parents=True, exist_ok=True)
            rows += measure(model_id, runtimes, args, folder)
    print(table(rows))
    print(
        f"{len(models)} model(s) in {time.perf_counter() - started:.0f} s. Random weights; "
        f"'vs torch' is PyTorch's median divided by the runtime's (x2.00 = twice as fast)."
    )
    return 0 if all(r.passed for r in rows) else 3


if __name__ == "__main__":
    sys.exit(main())
