"""A measurement file as frozen dataclasses, and back to plain data (JSON).

One file per machine under catalog/measurements/, described by
catalog/measurement.schema.json. Every figure is in the file with the machine and the
software it was measured with, so a reader can judge it and re-run it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .settings import HEADLINE, SHAPES, THREAD_SETTINGS

FORMAT = "little-berts-measurements"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Timing:
    """Latency of one (model, shape, threads) cell, over `runs` timed forward passes."""

    median_ms: float
    q1_ms: float
    """Lower quartile: the interquartile range q1..q3 is the spread the plausibility rule uses."""
    q3_ms: float
    min_ms: float
    runs: int
    warmup_runs: int

    @property
    def iqr_ms(self) -> float:
        return self.q3_ms - self.q1_ms


@dataclass(frozen=True)
class ModelMeasurement:
    model_id: str
    latency: dict[str, dict[str, Timing]]
    """Thread setting ('1', 'all') -> shape key ('b1_s128') -> timing."""
    runtime_rss_bytes: int
    """Resident set of the measuring process before the model was built (Python, torch,
    transformers): what any model costs on top of its own memory."""
    weights_bytes: int
    """Bytes of the model's parameters and buffers (float32), counted from the tensors."""
    weights_rss_bytes: int
    """How much the process's resident set grew when the model was built."""
    forward_peak_bytes: dict[str, int]
    """Shape key -> peak resident-set growth during one forward pass (1 thread)."""

    def timing(self, threads: str = "1", shape_key: str = HEADLINE.key) -> Timing:
        return self.latency[threads][shape_key]

    @property
    def memory_bytes(self) -> int:
        """Weights resident plus the forward pass's peak at the headline shape: what running
        the model at batch 1 / 128 tokens costs beyond the Python and torch runtime."""
        return self.weights_rss_bytes + self.forward_peak_bytes[HEADLINE.key]


@dataclass(frozen=True)
class Machine:
    """Where and with what software a file was measured."""

    id: str
    """The file's name without .json: CPU, cores and torch version ('amd-epyc-2cores-torch2.13.0')."""
    cpu: str
    cores: int
    """Cores the measuring process could run on: the 'all cores' thread count."""
    logical_cpus: int
    memory_bytes: int
    os: str
    python: str
    torch: str
    transformers: str
    threads: dict[str, int]
    """Thread setting -> torch.set_num_threads value."""
    interop_threads: int
    attn_implementation: str
    date: str
    """UTC start of the run, ISO 8601."""
    duration_seconds: float
    policy: str
    """'full' or 'quick' (settings.RepeatPolicy)."""
    load_average: dict[str, list[float]]
    """os.getloadavg() at 'start' and 'end' of the run: above 0 means other work shared the CPU."""
    command: str
    note: str | None = None


@dataclass(frozen=True)
class Measurements:
    """One file: a machine and the models measured on it."""

    machine: Machine
    models: tuple[ModelMeasurement, ...]
    path: Path | None = None

    def get(self, model_id: str) -> ModelMeasurement | None:
        return next((m for m in self.models if m.model_id == model_id), None)


def to_document(measurements: Measurements) -> dict[str, Any]:
    machine = {k: v for k, v in asdict(measurements.machine).items() if v is not None}
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "machine": machine,
        "models": [
            {"id": m.model_id,
             "latency": {t: {s: asdict(cell) for s, cell in shapes.items()} for t, shapes in m.latency.items()},
             "runtime_rss_bytes": m.runtime_rss_bytes,
             "weights_bytes": m.weights_bytes,
             "weights_rss_bytes": m.weights_rss_bytes,
             "forward_peak_bytes": dict(m.forward_peak_bytes)}
            for m in measurements.models
        ],
    }


def from_document(doc: dict[str, Any], path: Path | None = None) -> Measurements:
    """Build the dataclasses from a document the schema accepted (load.py checks it first)."""
    models = tuple(
        ModelMeasurement(
            model_id=m["id"],
            latency={t: {s.key: Timing(**m["latency"][t][s.key]) for s in SHAPES} for t in THREAD_SETTINGS},
            runtime_rss_bytes=m["runtime_rss_bytes"], weights_bytes=m["weights_bytes"],
            weights_rss_bytes=m["weights_rss_bytes"],
            forward_peak_bytes={s.key: m["forward_peak_bytes"][s.key] for s in SHAPES})
        for m in doc["models"])
    return Measurements(machine=Machine(**doc["machine"]), models=models, path=path)


def document_text(doc: dict[str, Any]) -> str:
    """The file's text: one key per line, so a re-measurement diffs readably in git."""
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
