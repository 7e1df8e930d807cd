"""A measurement file as frozen dataclasses, and back to plain data (JSON).

One file per machine under catalog/measurements/, described by catalog/measurement.schema.json
(format version 2; docs/design/measure.md gives the format field by field). Every figure is in
the file with the machine, the software and the runtime it was measured with, so a reader can
judge it and re-run it. Version 1 files (PyTorch only, catalog/measurement-v1.schema.json) are
read as a file with one runtime, `torch`, and no matrix-multiply peak (`from_v1_document`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .settings import ARITHMETIC, HEADLINE, RUNTIMES, SHAPES, THREAD_SETTINGS

FORMAT = "little-berts-measurements"
FORMAT_VERSION = 2
READ_VERSIONS = (1, 2)

STATUS_OK, STATUS_FAILED, STATUS_CHECK_FAILED = "ok", "failed", "check_failed"


@dataclass(frozen=True)
class Timing:
    """Latency of one (model, runtime, shape, threads) cell, over `runs` timed forward passes."""

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
class Check:
    """A runtime's output against PyTorch's (last_hidden_state) on the same inputs, made
    before the runtime is timed. float32 runtimes: the largest absolute difference against a
    tolerance; int8 ones: the cosine similarity per token, its mean against a threshold (and
    its minimum, recorded)."""

    max_abs_diff: float | None = None
    tolerance: float | None = None
    cosine_mean: float | None = None
    cosine_min: float | None = None
    threshold: float | None = None

    @property
    def passed(self) -> bool:
        if self.max_abs_diff is not None and self.tolerance is not None:
            return self.max_abs_diff <= self.tolerance
        mean, threshold = self.cosine_mean, self.threshold
        return mean is not None and threshold is not None and mean >= threshold


@dataclass(frozen=True)
class RuntimeResult:
    """One model in one runtime: status, the shipped file's size, the check, the timings."""

    status: str
    """'ok' (checked, then timed), 'check_failed' (not timed) or 'failed' (see `error`)."""
    file_bytes: int | None = None
    """Size of the model file a person ships with this runtime (None when none was made)."""
    check: Check | None = None
    """None for `torch`, the reference every other runtime is checked against."""
    error: str | None = None
    latency: dict[str, dict[str, Timing]] | None = None
    """Thread setting -> shape key -> timing; the cells of machine.runtimes[id].cells when ok."""

    @property
    def ok(self) -> bool:
        return self.status == STATUS_OK

    def timing(self, threads: str = "1", shape_key: str = HEADLINE.key) -> Timing | None:
        """The cell, or None when this runtime was not timed there (or not at all)."""
        return (self.latency or {}).get(threads, {}).get(shape_key)


@dataclass(frozen=True)
class RuntimeInfo:
    """What a runtime is in this file: library versions, what was done to each model, which
    file `file_bytes` measures, how the output is checked, and which cells were timed."""

    versions: dict[str, str]
    steps: tuple[str, ...]
    file: str
    cells: dict[str, tuple[str, ...]]
    """Thread setting -> shape keys timed (the torch runtime: every shape at both settings)."""
    check: str | None = None


@dataclass(frozen=True)
class Peak:
    """A matrix-multiply peak of the machine, measured in the same run (peaks.py): float32 in
    GFLOP/s, or int8 in 10^9 integer operations per second (a multiply-add counted as 2 either way)."""

    one: float
    """With 1 thread."""
    all: float
    """With all cores (machine.threads['all'])."""
    method: str

    def of(self, threads: str) -> float:
        return self.one if threads == "1" else self.all


@dataclass(frozen=True)
class ModelMeasurement:
    model_id: str
    runtimes: dict[str, RuntimeResult]
    """Runtime id ('torch', 'ort-fp32', 'ort-int8') -> result; every runtime of the machine."""
    runtime_rss_bytes: int
    """PyTorch: resident set of the measuring process before the model was built (Python, torch,
    transformers): what any model costs on top of its own memory."""
    weights_bytes: int
    """Bytes of the model's parameters and buffers (float32), counted from the tensors."""
    weights_rss_bytes: int
    """How much the process's resident set grew when the model was built."""
    forward_peak_bytes: dict[str, int]
    """Shape key -> peak resident-set growth during one PyTorch forward pass (1 thread)."""

    @property
    def latency(self) -> dict[str, dict[str, Timing]]:
        """PyTorch's timings: thread setting ('1', 'all') -> shape key ('b1_s128') -> timing."""
        return self.runtimes["torch"].latency or {}

    def timing(self, threads: str = "1", shape_key: str = HEADLINE.key) -> Timing:
        """PyTorch's timing of a cell (every cell is measured in PyTorch)."""
        return self.latency[threads][shape_key]

    def runtime_timing(self, runtime: str, threads: str = "1", shape_key: str = HEADLINE.key) -> Timing | None:
        """A runtime's timing of a cell; None when it failed, was not checked ok or not timed there."""
        result = self.runtimes.get(runtime)
        return result.timing(threads, shape_key) if result is not None and result.ok else None

    @property
    def memory_bytes(self) -> int:
        """Weights resident plus the forward pass's peak at the headline shape: what running
        the model at batch 1 / 128 tokens in PyTorch costs beyond the Python and torch runtime."""
        return self.weights_rss_bytes + self.forward_peak_bytes[HEADLINE.key]


@dataclass(frozen=True)
class Machine:
    """Where and with what software a file was measured."""

    id: str
    """The file's name without .json: CPU, cores and torch version ('amd-epyc-2cores-torch2.13.0'),
    then '-quick' or '-partial' for such runs."""
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
    """Thread setting -> thread count (torch.set_num_threads, ORT's intra_op_num_threads)."""
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
    runtimes: dict[str, RuntimeInfo]
    """The runtimes measured, in the order they are shown ('torch' first)."""
    partial: bool = False
    """A subset of the catalogue's models or of the runtimes: never the site's default machine."""
    peak: Peak | None = None
    """The float32 peak; None only in files read from format version 1."""
    peak_int8: Peak | None = None
    """ONNX Runtime's int8 peak; None in files measured before it was (the int8 cells then have no
    share of peak) and in runs without ort-int8."""
    note: str | None = None

    def peak_for(self, runtime: str) -> Peak | None:
        """The peak of the arithmetic `runtime` does (settings.ARITHMETIC): an int8 runtime's share
        of the float32 peak would pass 100 % and mean nothing, so it has the int8 one or none."""
        return self.peak_int8 if ARITHMETIC[runtime] == "int8" else self.peak


@dataclass(frozen=True)
class Measurements:
    """One file: a machine and the models measured on it."""

    machine: Machine
    models: tuple[ModelMeasurement, ...]
    path: Path | None = None
    format_version: int = FORMAT_VERSION

    def get(self, model_id: str) -> ModelMeasurement | None:
        return next((m for m in self.models if m.model_id == model_id), None)

    @property
    def can_be_default(self) -> bool:
        """Only a full run of every model (not --quick, not a subset) may be the machine a
        page shows first."""
        return self.machine.policy == "full" and not self.machine.partial


def default_measurements(found: tuple[Measurements, ...]) -> Measurements | None:
    """The file the site shows first: the newest full, complete run; None if there is none
    (quick and partial files are still shown, labelled, but never first)."""
    candidates = [m for m in found if m.can_be_default]
    return max(candidates, key=lambda m: m.machine.date, default=None)


def _check_document(check: Check) -> dict[str, float]:
    return {k: v for k, v in asdict(check).items() if v is not None}


def _result_document(result: RuntimeResult) -> dict[str, Any]:
    out: dict[str, Any] = {"status": result.status}
    if result.file_bytes is not None:
        out["file_bytes"] = result.file_bytes
    if result.check is not None:
        out["check"] = _check_document(result.check)
    if result.error is not None:
        out["error"] = result.error
    if result.latency is not None:
        out["latency"] = {t: {s: asdict(c) for s, c in cells.items()} for t, cells in result.latency.items()}
    return out


def _info_document(info: RuntimeInfo) -> dict[str, Any]:
    out: dict[str, Any] = {"versions": dict(info.versions), "steps": list(info.steps), "file": info.file}
    if info.check is not None:
        out["check"] = info.check
    out["cells"] = {t: list(keys) for t, keys in info.cells.items()}
    return out


def to_document(measurements: Measurements) -> dict[str, Any]:
    """The version 2 document (a file read from version 1 is written as version 2)."""
    m = measurements.machine
    machine: dict[str, Any] = {
        k: v for k, v in asdict(m).items() if v is not None and k not in ("runtimes", "peak", "peak_int8")
    }
    for key, peak in (("peak_gflops", m.peak), ("peak_int8_gops", m.peak_int8)):
        if peak is not None:
            machine[key] = {"1": peak.one, "all": peak.all, "method": peak.method}
    machine["runtimes"] = {r: _info_document(info) for r, info in m.runtimes.items()}
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "machine": machine,
        "models": [
            {
                "id": model.model_id,
                "runtime_rss_bytes": model.runtime_rss_bytes,
                "weights_bytes": model.weights_bytes,
                "weights_rss_bytes": model.weights_rss_bytes,
                "forward_peak_bytes": dict(model.forward_peak_bytes),
                "runtimes": {r: _result_document(res) for r, res in model.runtimes.items()},
            }
            for model in measurements.models
        ],
    }


def _latency(cells: dict[str, Any]) -> dict[str, dict[str, Timing]]:
    order = [s.key for s in SHAPES]
    return {
        t: {s: Timing(**cells[t][s]) for s in sorted(cells[t], key=order.index)}
        for t in THREAD_SETTINGS
        if t in cells
    }


def _result(doc: dict[str, Any]) -> RuntimeResult:
    return RuntimeResult(
        status=doc["status"],
        file_bytes=doc.get("file_bytes"),
        check=Check(**doc["check"]) if "check" in doc else None,
        error=doc.get("error"),
        latency=_latency(doc["latency"]) if "latency" in doc else None,
    )


def _ordered(runtimes: dict[str, Any]) -> list[str]:
    return sorted(runtimes, key=RUNTIMES.index)


def from_document(doc: dict[str, Any], path: Path | None = None) -> Measurements:
    """Build the dataclasses from a version 2 document the schema accepted (load.py checks
    it first)."""
    if doc.get("format_version") == 1:
        return from_v1_document(doc, path)
    machine = dict(doc["machine"])
    peaks = {
        key: Peak(p["1"], p["all"], p["method"]) if (p := machine.pop(key, None)) else None
        for key in ("peak_gflops", "peak_int8_gops")
    }
    runtimes = machine.pop("runtimes")
    infos = {
        r: RuntimeInfo(
            versions=dict(runtimes[r]["versions"]),
            steps=tuple(runtimes[r]["steps"]),
            file=runtimes[r]["file"],
            check=runtimes[r].get("check"),
            cells={t: tuple(k) for t, k in runtimes[r]["cells"].items()},
        )
        for r in _ordered(runtimes)
    }
    models = tuple(
        ModelMeasurement(
            model_id=m["id"],
            runtimes={r: _result(m["runtimes"][r]) for r in _ordered(m["runtimes"])},
            runtime_rss_bytes=m["runtime_rss_bytes"],
            weights_bytes=m["weights_bytes"],
            weights_rss_bytes=m["weights_rss_bytes"],
            forward_peak_bytes={s.key: m["forward_peak_bytes"][s.key] for s in SHAPES},
        )
        for m in doc["models"]
    )
    return Measurements(
        machine=Machine(
            **machine, runtimes=infos, peak=peaks["peak_gflops"], peak_int8=peaks["peak_int8_gops"]
        ),
        models=models,
        path=path,
    )


TORCH_FILE = "model.safetensors: the float32 weights as save_pretrained writes them"


def torch_steps(attn_implementation: str) -> tuple[str, ...]:
    return (
        "transformers BertModel(BertConfig(**config)) with random weights (torch.manual_seed(0))",
        f"eval(), torch.inference_mode(), float32, attention implementation {attn_implementation}",
    )


def from_v1_document(doc: dict[str, Any], path: Path | None = None) -> Measurements:
    """A version 1 file (PyTorch only; catalog/measurement-v1.schema.json accepted it): one
    runtime, `torch`, every cell timed; no peak, no file size (version 1 did not record them)."""
    machine = dict(doc["machine"])
    info = RuntimeInfo(
        versions={"torch": machine["torch"], "transformers": machine["transformers"]},
        steps=torch_steps(machine["attn_implementation"]),
        file=TORCH_FILE,
        cells={t: tuple(s.key for s in SHAPES) for t in THREAD_SETTINGS},
    )
    models = tuple(
        ModelMeasurement(
            model_id=m["id"],
            runtimes={"torch": RuntimeResult(status=STATUS_OK, latency=_latency(m["latency"]))},
            runtime_rss_bytes=m["runtime_rss_bytes"],
            weights_bytes=m["weights_bytes"],
            weights_rss_bytes=m["weights_rss_bytes"],
            forward_peak_bytes={s.key: m["forward_peak_bytes"][s.key] for s in SHAPES},
        )
        for m in doc["models"]
    )
    return Measurements(
        machine=Machine(**machine, runtimes={"torch": info}, partial=machine["id"].endswith("-partial")),
        models=models,
        path=path,
        format_version=1,
    )


def document_text(doc: dict[str, Any]) -> str:
    """The file's text: one key per line, so a re-measurement diffs readably in git. NaN and
    infinities are refused (JSON has none; a reader would take them for a figure)."""
    return json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
