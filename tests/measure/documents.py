"""Measurement documents built for tests: plausible figures derived from each model's shape."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from generator.catalog import Catalog
from generator.measure.settings import SHAPES

MACHINE_ID = "test-cpu-2cores-torch0.0.0"


def timing(median_ms: float, spread: float = 0.02) -> dict:
    return {"median_ms": median_ms, "q1_ms": median_ms * (1 - spread), "q3_ms": median_ms * (1 + spread),
            "min_ms": median_ms * (1 - 2 * spread), "runs": 5, "warmup_runs": 1}


def model_latency_ms(layers: int, hidden: int, batch: int, seq: int, threads: str) -> float:
    """Proportional to the work, so a bigger model is always slower."""
    work = layers * (12 * hidden * hidden * seq + 2 * seq * seq * hidden) * batch
    return 0.05 + work / (4e7 if threads == "1" else 7e7)


def plausible_document(catalog: Catalog, machine_id: str = MACHINE_ID, model_ids=None) -> dict:
    models = [m for m in catalog.models if model_ids is None or m.id in model_ids]
    return {
        "format": "little-berts-measurements", "format_version": 1,
        "machine": {
            "id": machine_id, "cpu": "Test CPU", "cores": 2, "logical_cpus": 2, "memory_bytes": 8 * 2**30,
            "os": "Linux test", "python": "3.11.0", "torch": "0.0.0", "transformers": "0.0.0",
            "threads": {"1": 1, "all": 2}, "interop_threads": 2, "attn_implementation": "sdpa",
            "date": "2026-11-30T10:00:00Z", "duration_seconds": 100.0, "policy": "full",
            "load_average": {"start": [0.1, 0.1, 0.1], "end": [0.2, 0.1, 0.1]},
            "command": "python -m generator measure"},
        "models": [
            {"id": m.id,
             "latency": {t: {s.key: timing(model_latency_ms(m.layers, m.hidden, s.batch, s.seq, t))
                             for s in SHAPES} for t in ("1", "all")},
             "runtime_rss_bytes": 270_000_000,
             "weights_bytes": m.layers * 12 * m.hidden**2 * 4 + 30522 * m.hidden * 4,
             "weights_rss_bytes": m.layers * 12 * m.hidden**2 * 4 + 30522 * m.hidden * 4 + 1_000_000,
             "forward_peak_bytes": {s.key: s.batch * s.seq * m.hidden * 4 * 8 for s in SHAPES}}
            for m in models],
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
