"""Read and validate every measurement file of a catalogue (catalog/measurements/*.json).

A file is refused (MeasurementInvalid, exit 3) when it is not a regular file of at most
MAX_FILE_BYTES (a FIFO, a device, a folder: refused unread, so nothing hangs), is not strict
JSON (NaN, Infinity, a duplicate key, nesting or an integer too deep or too long for Python),
breaks its schema (catalog/measurement.schema.json, or catalog/measurement-v1.schema.json for
version 1: numbers in plausible ranges, strings capped and free of control, bidi and
line-separator characters and of angle brackets), is not named for its machine, names a model
the catalogue does not have or one twice, says it is complete but is not, has runtimes whose
status, check and cells disagree, has quartiles out of order, or contradicts itself
(plausibility.py). Every problem of every file is reported at once, each prefixed with the file.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from ..catalog import Catalog
from ..fsutil import read_regular_file, read_text_or_fail
from .errors import MeasurementInvalid
from .plausibility import contradictions
from .record import (
    FORMAT_VERSION,
    READ_VERSIONS,
    STATUS_FAILED,
    STATUS_OK,
    Measurements,
    RuntimeInfo,
    RuntimeResult,
    from_document,
    to_document,
)
from .settings import SHAPES, THREAD_SETTINGS

CATALOG_DIR = Path(__file__).resolve().parents[2] / "catalog"
SCHEMA_PATH = CATALOG_DIR / "measurement.schema.json"
SCHEMA_PATHS = {1: CATALOG_DIR / "measurement-v1.schema.json", 2: SCHEMA_PATH}
FOLDER = "measurements"
"""The measurement files' folder inside the catalogue folder."""
MAX_FILE_BYTES = 1_000_000
"""A full file is about 150 kB (24 models, three runtimes); anything far larger is not one of ours."""
MAX_PROBLEM_CHARS = 300
"""A problem quotes at most this much (a schema message repeats the offending value)."""
CHECK_KIND = {"ort-fp32": "max_abs_diff", "ort-int8": "cosine_mean"}
"""Which figure each checked runtime's check gives (record.Check)."""


def measurements_dir(catalog_dir: Path) -> Path:
    return Path(catalog_dir) / FOLDER


@cache
def load_schema(version: int = FORMAT_VERSION) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        read_text_or_fail(SCHEMA_PATHS[version], MAX_FILE_BYTES, "a measurement schema", "restore it from git")
    )
    return schema  # our own file, checked by tests/workflows (a JSON Schema is an object)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


def _short(text: str) -> str:
    return text if len(text) <= MAX_PROBLEM_CHARS else text[:MAX_PROBLEM_CHARS] + "… (cut)"


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {_short(repr(key))} appears twice in one object")
        out[key] = value
    return out


MAX_DEPTH = 32
"""Deepest nesting of objects and arrays a measurement file may have; the schema needs six.
Deeper documents are refused before anything walks them recursively (jsonschema, repr, json.dumps
would each hit Python's recursion limit a few frames after the parser did not)."""


def nested_deeper_than(doc: Any, limit: int) -> bool:
    """Whether `doc` nests objects and arrays more than `limit` levels deep (walked without recursion)."""
    stack = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (value.values() if isinstance(value, dict) else value))
    return False


def parse_strict(raw: bytes) -> Any:
    """Strict JSON: ValueError (JSONDecodeError among them) or RecursionError otherwise."""
    return json.loads(
        raw.decode("utf-8"), parse_constant=_refuse_constant, object_pairs_hook=_no_duplicate_keys
    )


SCHEMA_VERDICTS_KEPT = 8
"""Schema verdicts kept in memory, by the document's canonical JSON: a build reads the same
files again and again (every rebuild of `mkdocs serve`), and validating a full file against
the schema costs a tenth of a second."""
_SCHEMA_VERDICTS: dict[str, tuple[str, ...]] = {}


def _schema_problems(doc: Any) -> list[str]:
    """The document's problems against its version's schema (by the canonical JSON of the
    document, computed once per process)."""
    key = json.dumps(doc, sort_keys=True, ensure_ascii=False)  # files are MAX_DEPTH deep at most
    if key not in _SCHEMA_VERDICTS:
        _SCHEMA_VERDICTS[key] = tuple(_validate(doc))
        while len(_SCHEMA_VERDICTS) > SCHEMA_VERDICTS_KEPT:
            del _SCHEMA_VERDICTS[next(iter(_SCHEMA_VERDICTS))]
    return list(_SCHEMA_VERDICTS[key])


def _validate(doc: Any) -> list[str]:
    import jsonschema  # here, not at the top: `params` and `--help` never read a measurement

    version = doc.get("format_version") if isinstance(doc, dict) else None
    if type(version) is not int or version not in READ_VERSIONS:
        return [
            f"format_version: {_short(repr(version))} is not a version this code reads "
            f"({', '.join(map(str, READ_VERSIONS))}); re-run `python -m generator measure`"
        ]
    name = SCHEMA_PATHS[version].name
    validator = jsonschema.Draft202012Validator(load_schema(version))
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    return [
        _short(f"{'.'.join(map(str, e.absolute_path)) or '(top level)'}: {_message(e)}")
        + f" (see catalog/{name})"
        for e in errors
    ]


def _message(error: Any) -> str:
    """jsonschema's message with the offending value shortened: it quotes the value first, and
    a 3 MB label would otherwise be the whole message (and hide what is wrong with it)."""
    value = repr(error.instance)
    if len(value) <= 80:
        return str(error.message)
    size = f"{len(error.instance):,} characters" if isinstance(error.instance, str) else "a value"
    return str(error.message).replace(value, f"{value[:40]}… ({size})")


def _cell_problems(where: str, result: RuntimeResult, info: RuntimeInfo) -> list[str]:
    problems = []
    latency = result.latency or {}
    have = {t: tuple(cells) for t, cells in latency.items()}
    want = {t: keys for t, keys in info.cells.items()}
    if {t: set(k) for t, k in have.items()} != {t: set(k) for t, k in want.items()}:
        problems.append(f"{where}.latency: has cells {have} but machine.runtimes says {want}")
    for threads, cells in latency.items():
        for shape, t in cells.items():
            if not t.min_ms <= t.q1_ms <= t.median_ms <= t.q3_ms:
                problems.append(
                    f"{where}.latency.{threads}.{shape}: min {t.min_ms} <= q1 {t.q1_ms} <= median "
                    f"{t.median_ms} <= q3 {t.q3_ms} does not hold"
                )
    return problems


def _runtime_problems(where: str, runtime: str, result: RuntimeResult, info: RuntimeInfo) -> list[str]:
    """Status, check, file size, error and cells must tell one story."""
    problems = []
    status, check = result.status, result.check
    if runtime == "torch":
        if status != STATUS_OK or check is not None:
            problems.append(
                f"{where}: torch is the reference every other runtime is checked against; its "
                f"status must be ok and it has no check"
            )
    elif status != STATUS_FAILED:
        kind = CHECK_KIND[runtime]
        if check is None or getattr(check, kind) is None:
            problems.append(f"{where}.check: a {runtime} result that was made must give its check ({kind})")
        elif check.passed != (status == STATUS_OK):
            verdict = "passed" if check.passed else "failed"
            problems.append(f"{where}.status: {status!r} but the check {verdict}")
        elif (check.cosine_min or 0) > (check.cosine_mean or 0):
            problems.append(
                f"{where}.check: cosine_min {check.cosine_min} is above cosine_mean {check.cosine_mean}"
            )
    if status == STATUS_OK:
        problems += _cell_problems(where, result, info)
    elif result.latency is not None:
        problems.append(f"{where}.latency: a {status} runtime was not timed; remove the latency")
    if status == STATUS_FAILED and result.error is None:
        problems.append(f"{where}.error: say why it failed")
    if status != STATUS_FAILED and result.error is not None:
        problems.append(f"{where}.error: only a failed runtime has an error")
    if status != STATUS_FAILED and result.file_bytes is None and runtime != "torch":
        problems.append(f"{where}.file_bytes: a {runtime} file was made; give its size")
    return problems


def _machine_problems(measurements: Measurements, catalog: Catalog, path: Path) -> list[str]:
    machine = measurements.machine
    problems = []
    if machine.id != path.stem:
        problems.append(
            f"machine.id is {machine.id!r} but the file is named {path.name}: "
            f"rename the file to {machine.id}.json"
        )
    suffix = "-quick" if machine.policy == "quick" else "-partial" if machine.partial else ""
    others = {"-quick", "-partial"} - {suffix}
    if (suffix and not machine.id.endswith(suffix)) or any(machine.id.endswith(s) for s in others):
        problems.append(
            f"machine.id {machine.id!r} must end in {suffix or 'neither -quick nor -partial'} "
            f"(policy {machine.policy}, partial {str(machine.partial).lower()})"
        )
    measured = {m.model_id for m in measurements.models}
    missing = [m.id for m in catalog.models if m.id not in measured]
    if not machine.partial and missing:
        named = ", ".join(missing[:3]) + (", …" if len(missing) > 3 else "")
        problems.append(
            f"machine.partial is false but {len(missing)} model(s) of the catalogue are not "
            f"measured ({named}); a subset is partial"
        )
    torch_cells = machine.runtimes["torch"].cells
    if any(set(torch_cells.get(t, ())) != {s.key for s in SHAPES} for t in THREAD_SETTINGS):
        problems.append("machine.runtimes.torch.cells: PyTorch is timed at every shape, 1 thread and all cores")
    return problems


def check_document(doc: Any, catalog: Catalog, path: Path) -> tuple[Measurements | None, list[str]]:
    """The measurements of one parsed file and its problems (without the file prefix)."""
    problems = _schema_problems(doc)
    if problems:
        return None, problems
    measurements = from_document(doc, path)
    if measurements.format_version == 1:  # read as version 2, so it meets version 2's bounds too
        problems = [f"{p} (read from format version 1)" for p in _schema_problems(to_document(measurements))]
        if problems:
            return None, problems
    problems = _machine_problems(measurements, catalog, path)
    shapes_of = {m.id: (m.layers, m.hidden) for m in catalog.models}
    seen: set[str] = set()
    runtimes = measurements.machine.runtimes
    for index, model in enumerate(measurements.models):
        if model.model_id not in shapes_of:
            problems.append(
                f"models.{index}.id: {model.model_id!r} is not a model of the catalogue "
                f"(catalog/models.yaml); remove it or correct the id"
            )
        if model.model_id in seen:
            problems.append(f"models.{index}.id: {model.model_id} is measured twice; keep one")
        seen.add(model.model_id)
        if set(model.runtimes) != set(runtimes):
            problems.append(
                f"models.{index}.runtimes: has {', '.join(model.runtimes)} but machine.runtimes "
                f"lists {', '.join(runtimes)}"
            )
        for runtime, result in model.runtimes.items():
            if runtime in runtimes:
                problems += _runtime_problems(
                    f"models.{index}.runtimes.{runtime}", runtime, result, runtimes[runtime]
                )
    if not problems:
        problems += [c.message for c in contradictions(measurements, shapes_of)]
    return (None if problems else measurements), problems


def read_measurement_file(path: Path, catalog: Catalog) -> tuple[Measurements | None, list[str]]:
    """One file's measurements, or None and its problems, each prefixed with the file name."""
    where = _display(path)
    try:
        doc = parse_strict(read_regular_file(path, MAX_FILE_BYTES))
    except OSError as exc:
        return None, [f"{where}: cannot read it ({exc.strerror or exc})"]
    except UnicodeDecodeError as exc:
        return None, [f"{where}: not UTF-8 text (byte {exc.start}); restore the file from git"]
    except json.JSONDecodeError as exc:
        return None, [
            f"{where}:{exc.lineno}: not valid JSON ({exc.msg}); re-run "
            f"`python -m generator measure` or restore the file from git"
        ]
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else _short(str(exc))
        return None, [
            f"{where}: not valid JSON for a measurement ({reason}); re-run "
            f"`python -m generator measure` or restore the file from git"
        ]
    if nested_deeper_than(doc, MAX_DEPTH):
        return None, [
            f"{where}: not valid JSON for a measurement (nested more than {MAX_DEPTH} levels deep); "
            f"re-run `python -m generator measure` or restore the file from git"
        ]
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
