"""Measurement documents built for tests: plausible figures derived from each model's shape.

`plausible_document` is format version 2 with every runtime (settings.RUNTIMES), each ok;
`v1_document` is the same machine in format version 1 (PyTorch only), which is still read.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from generator.catalog import Catalog
from generator.measure.settings import RUNTIMES, SHAPES, runtime_cells

MACHINE_ID = "test-cpu-2cores-torch0.0.0"
RUNTIME_SPEED = {"torch": 1.0, "ort-fp32": 0.85, "ort-int8": 0.4}
"""A runtime's latency as a share of PyTorch's, in the documents built here."""


def timing(median_ms: float, spread: float = 0.02) -> dict:
    return {
        "median_ms": median_ms,
        "q1_ms": median_ms * (1 - spread),
        "q3_ms": median_ms * (1 + spread),
        "min_ms": median_ms * (1 - 2 * spread),
        "runs": 5,
        "warmup_runs": 1,
    }


def model_latency_ms(layers: int, hidden: int, batch: int, seq: int, threads: str) -> float:
    """Proportional to the work, so a bigger model is always slower."""
    work = layers * (12 * hidden * hidden * seq + 2 * seq * seq * hidden) * batch
    return 0.05 + work / (4e7 if threads == "1" else 7e7)


def _weights_bytes(m) -> int:
    return m.layers * 12 * m.hidden**2 * 4 + 30522 * m.hidden * 4


def runtime_infos(runtimes=RUNTIMES) -> dict:
    infos = {
        "torch": {
            "versions": {"torch": "0.0.0", "transformers": "0.0.0"},
            "steps": ["BertModel with random weights", "eval(), torch.inference_mode(), float32"],
            "file": "model.safetensors",
        },
        "ort-fp32": {
            "versions": {"onnxruntime": "0.0.0", "onnx": "0.0.0", "torch": "0.0.0"},
            "steps": ["torch.onnx.export", "onnxruntime.transformers.optimizer (bert)"],
            "file": "model.onnx",
            "check": "max abs difference of last_hidden_state",
        },
        "ort-int8": {
            "versions": {"onnxruntime": "0.0.0", "onnx": "0.0.0", "torch": "0.0.0"},
            "steps": ["the ort-fp32 graph", "quantize_dynamic QInt8"],
            "file": "model-int8.onnx",
            "check": "cosine similarity per token",
        },
    }
    return {r: {**infos[r], "cells": {t: list(k) for t, k in runtime_cells(r).items()}} for r in runtimes}


def runtime_result(m, runtime: str) -> dict:
    cells = runtime_cells(runtime)
    size = int(_weights_bytes(m) * (0.26 if runtime == "ort-int8" else 1.0))
    out: dict = {"status": "ok", "file_bytes": size}
    if runtime == "ort-fp32":
        out["check"] = {"max_abs_diff": 2e-6, "tolerance": 1e-4}
    elif runtime == "ort-int8":
        out["check"] = {"cosine_mean": 0.9999, "cosine_min": 0.9995, "threshold": 0.999}
    by_key = {s.key: s for s in SHAPES}
    out["latency"] = {
        t: {
            k: timing(
                RUNTIME_SPEED[runtime] * model_latency_ms(m.layers, m.hidden, by_key[k].batch, by_key[k].seq, t)
            )
            for k in keys
        }
        for t, keys in cells.items()
    }
    return out


def _machine(machine_id: str) -> dict:
    return {
        "id": machine_id,
        "cpu": "Test CPU",
        "cores": 2,
        "logical_cpus": 2,
        "memory_bytes": 8 * 2**30,
        "os": "Linux test",
        "python": "3.11.0",
        "torch": "0.0.0",
        "transformers": "0.0.0",
        "threads": {"1": 1, "all": 2},
        "interop_threads": 2,
        "attn_implementation": "sdpa",
        "date": "2026-11-30T10:00:00Z",
        "duration_seconds": 100.0,
        "policy": "full",
        "load_average": {"start": [0.1, 0.1, 0.1], "end": [0.2, 0.1, 0.1]},
        "command": "python -m generator measure",
    }


def _memory(m) -> dict:
    return {
        "runtime_rss_bytes": 270_000_000,
        "weights_bytes": _weights_bytes(m),
        "weights_rss_bytes": _weights_bytes(m) + 1_000_000,
        "forward_peak_bytes": {s.key: s.batch * s.seq * m.hidden * 4 * 8 for s in SHAPES},
    }


def plausible_document(
    catalog: Catalog, machine_id: str = MACHINE_ID, model_ids=None, runtimes=RUNTIMES
) -> dict:
    models = [m for m in catalog.models if model_ids is None or m.id in model_ids]
    return {
        "format": "little-berts-measurements",
        "format_version": 2,
        "machine": {
            **_machine(machine_id),
            "partial": machine_id.endswith("-partial"),
            "peak_gflops": {"1": 100.0, "all": 190.0, "method": "torch.matmul, float32, best of 10"},
            "peak_int8_gops": {
                "1": 400.0,
                "all": 760.0,
                "method": "onnxruntime MatMulInteger, uint8 x int8, best of 5",
            },
            "runtimes": runtime_infos(runtimes),
        },
        "models": [
            {"id": m.id, **_memory(m), "runtimes": {r: runtime_result(m, r) for r in runtimes}} for m in models
        ],
    }


def v1_document(catalog: Catalog, machine_id: str = MACHINE_ID) -> dict:
    """Format version 1: PyTorch only, latency beside the memory, no runtimes, no peak."""
    return {
        "format": "little-berts-measurements",
        "format_version": 1,
        "machine": _machine(machine_id),
        "models": [
            {
                "id": m.id,
                "latency": {
                    t: {s.key: timing(model_latency_ms(m.layers, m.hidden, s.batch, s.seq, t)) for s in SHAPES}
                    for t in ("1", "all")
                },
                **_memory(m),
            }
            for m in catalog.models
        ],
    }


def with_change(doc: dict, change) -> dict:
    changed = copy.deepcopy(doc)
    change(changed)
    return changed


def write(folder: Path, doc: dict, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name or doc['machine']['id']}.json"
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path
