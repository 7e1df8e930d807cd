"""Read and validate every measurement file of a catalogue (catalog/measurements/*.json).

A file is refused (MeasurementInvalid, exit 3) when it is not JSON, breaks
catalog/measurement.schema.json, is not named for its machine, names a model the catalogue
does not have, has quartiles out of order, or contradicts itself (plausibility.py). Every
problem of every file is reported at once, each prefixed with the file it is in.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from ..catalog import Catalog
from .errors import MeasurementInvalid
from .plausibility import contradictions
from .record import Measurements, from_document

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "catalog" / "measurement.schema.json"
FOLDER = "measurements"
"""The measurement files' folder inside the catalogue folder."""
MAX_FILE_BYTES = 4_000_000
"""A full file is about 40 kB; anything far larger is not one of ours."""


def measurements_dir(catalog_dir: Path) -> Path:
    return Path(catalog_dir) / FOLDER


@cache
def load_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def check_document(doc: Any, catalog: Catalog, path: Path) -> tuple[Measurements | None, list[str]]:
    """The measurements of one parsed file and its problems (without the file prefix)."""
    import jsonschema  # here, not at the top: `params` and `--help` never read a measurement

    validator = jsonschema.Draft202012Validator(load_schema())
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        return None, [f"{'.'.join(map(str, e.absolute_path)) or '(top level)'}: {e.message} "
                      f"(see catalog/measurement.schema.json)" for e in errors]
    measurements = from_document(doc, path)
    problems = []
    if measurements.machine.id != path.stem:
        problems.append(f"machine.id is {measurements.machine.id!r} but the file is named {path.name}: "
                        f"rename the file to {measurements.machine.id}.json")
    shapes_of = {m.id: (m.layers, m.hidden) for m in catalog.models}
    seen: set[str] = set()
    for index, model in enumerate(measurements.models):
        if model.model_id not in shapes_of:
            problems.append(f"models.{index}.id: {model.model_id!r} is not a model of the catalogue "
                            f"(catalog/models.yaml); remove it or correct the id")
        if model.model_id in seen:
            problems.append(f"models.{index}.id: {model.model_id} is measured twice; keep one")
        seen.add(model.model_id)
        for threads, cells in model.latency.items():
            for shape, t in cells.items():
                if not t.min_ms <= t.q1_ms <= t.median_ms <= t.q3_ms:
                    problems.append(f"models.{index}.latency.{threads}.{shape}: min {t.min_ms} <= q1 "
                                    f"{t.q1_ms} <= median {t.median_ms} <= q3 {t.q3_ms} does not hold")
    if not problems:
        problems += [c.message for c in contradictions(measurements, shapes_of)]
    return (None if problems else measurements), problems


def read_measurement_file(path: Path, catalog: Catalog) -> tuple[Measurements | None, list[str]]:
    """One file's measurements, or None and its problems, each prefixed with the file name."""
    where = _display(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, [f"{where}: larger than {MAX_FILE_BYTES:,} bytes; not a measurement file"]
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{where}: cannot read it ({exc})"]
    except json.JSONDecodeError as exc:
        return None, [f"{where}:{exc.lineno}: not valid JSON ({exc.msg}); re-run "
                      f"`python -m generator measure` or restore the file from git"]
    measurements, problems = check_document(doc, catalog, path)
    return measurements, [f"{where}: {p}" for p in problems]


def load_measurements(catalog: Catalog, directory: Path | None = None) -> tuple[Measurements, ...]:
    """Every file of the catalogue's measurements folder, sorted by name; raise
    MeasurementInvalid listing every problem of every file. No folder means no measurements."""
    folder = measurements_dir(catalog.directory) if directory is None else Path(directory)
    found, problems = [], []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        measurements, file_problems = read_measurement_file(path, catalog)
        problems += file_problems
        if measurements is not None:
            found.append(measurements)
    if problems:
        raise MeasurementInvalid(problems)
    return tuple(found)
