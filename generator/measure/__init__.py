"""The measure stage: latency and memory of every model on this machine, as data.

    Catalog --run.measure_models--> Measurements --load.check_document--> catalog/measurements/<machine>.json
    catalog/measurements/*.json --load.load_measurements--> (Measurements, ...) for the site and catalog.json

Models are built from their catalogue configs with random weights (latency and memory do not
depend on the weights' values, so nothing is downloaded) and run in eval mode under
torch.inference_mode() on the CPU. Modules: settings.py (shapes, threads, repeats),
worker.py (the forward passes, in child processes; the only importer of torch), run.py
(children, progress, machine record), record.py (the file as dataclasses), load.py
(schema and checks), plausibility.py (the rule a file must not contradict), machine.py.
"""

from __future__ import annotations

from .errors import MeasureError, MeasureFailed, MeasurementInvalid
from .load import load_measurements, measurements_dir
from .record import Machine, Measurements, ModelMeasurement, Timing
from .settings import (
    ALL_CORES,
    FULL,
    HEADLINE,
    ONE_THREAD,
    QUICK,
    REFERENCE_MODEL,
    SHAPES,
    THREAD_SETTINGS,
    Shape,
)

__all__ = [
    "ALL_CORES",
    "FULL",
    "HEADLINE",
    "ONE_THREAD",
    "QUICK",
    "REFERENCE_MODEL",
    "SHAPES",
    "THREAD_SETTINGS",
    "Machine",
    "MeasureError",
    "MeasureFailed",
    "MeasurementInvalid",
    "Measurements",
    "ModelMeasurement",
    "Shape",
    "Timing",
    "load_measurements",
    "measurements_dir",
]
