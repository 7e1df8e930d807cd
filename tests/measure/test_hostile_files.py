"""Hostile measurement files: refused with the file and the field named, exit 3, in bounded time
and memory; never a hang, a traceback or a file that validates but breaks the site (issues 18, 22)."""

from __future__ import annotations

import json
import os
import sys

import pytest

from generator.catalog import load_catalog
from generator.measure import MeasurementInvalid, load_measurements
from generator.measure.load import MAX_DEPTH, MAX_PROBLEM_CHARS
from tests.measure.documents import MACHINE_ID, plausible_document, with_change, write


@pytest.fixture
def catalog(catalog_copy):
    return load_catalog(catalog_copy)


def problems_of(catalog) -> list[str]:
    with pytest.raises(MeasurementInvalid) as refused:
        load_measurements(catalog)
    return [str(p) for p in refused.value.problems]


def _median(value):
    def change(doc):
        doc["models"][0]["runtimes"]["torch"]["latency"]["1"]["b1_s128"]["median_ms"] = value

    return change


def _machine(field, value):
    def change(doc):
        doc["machine"][field] = value

    return change


def _failed_with(error):
    def change(doc):
        doc["models"][0]["runtimes"]["ort-int8"] = {"status": "failed", "error": error}

    return change


TORCH_CELL = "models.0.runtimes.torch.latency.1.b1_s128.median_ms"
# (what, change of a plausible document, text every refusal must hold)
VALUES = [
    ("1.7e308 ms", _median(1.7e308), f"{TORCH_CELL}: 1.7e+308 is greater than the maximum of 3600000"),
    ("5e-324 ms", _median(5e-324), f"{TORCH_CELL}: 5e-324 is less than the minimum of 0.0001"),
    ("negative ms", _median(-3.0), f"{TORCH_CELL}: -3.0 is less than the minimum of 0.0001"),
    ("a string for a number", _median("2.5"), f"{TORCH_CELL}: '2.5' is not of type 'number'"),
    (
        "a huge integer",
        lambda d: d["models"][1]["runtimes"]["ort-fp32"].update(file_bytes=10**30),
        "models.1.runtimes.ort-fp32.file_bytes: 1000000000000000000000000000000 is greater than the maximum",
    ),
    (
        "a huge run count",
        lambda d: d["models"][0]["runtimes"]["torch"]["latency"]["all"]["b1_s32"].update(runs=10**9),
        "models.0.runtimes.torch.latency.all.b1_s32.runs: 1000000000 is greater than the maximum of 100000",
    ),
    ("a boolean for an integer", _machine("cores", True), "machine.cores: True is not of type 'integer'"),
    (
        "a huge peak",
        lambda d: d["machine"]["peak_gflops"].update({"1": 1e300}),
        "machine.peak_gflops.1: 1e+300 is greater than the maximum of 1000000",
    ),
    (
        "a huge int8 peak",
        lambda d: d["machine"]["peak_int8_gops"].update({"all": 1e300}),
        "machine.peak_int8_gops.all: 1e+300 is greater than the maximum of 1000000",
    ),
    (
        "a string for the int8 peak",
        lambda d: d["machine"]["peak_int8_gops"].update({"1": "fast"}),
        "machine.peak_int8_gops.1: 'fast' is not of type 'number'",
    ),
    (
        "HTML in the CPU label",
        _machine("cpu", "<img src=x onerror=alert(1)>"),
        "machine.cpu: '<img src=x onerror=alert(1)>' does not match",
    ),
    (
        "</script> in the note",
        _machine("note", "fine</script><script>alert(1)</script>"),
        "machine.note: 'fine</script>",
    ),
    (
        "U+2028 in the CPU label",
        _machine("cpu", "AMD\u2028EPYC"),
        "machine.cpu: 'AMD\\u2028EPYC' does not match",
    ),
    ("U+2029 in the OS label", _machine("os", "Linux\u2029"), "machine.os: 'Linux\\u2029' does not match"),
    ("NUL in the CPU label", _machine("cpu", "AMD\x00"), "machine.cpu: 'AMD\\x00' does not match"),
    ("ESC in the CPU label", _machine("cpu", "\x1b[31mAMD"), "machine.cpu: '\\x1b[31mAMD' does not match"),
    ("RLO in the CPU label", _machine("cpu", "AMD\u202eCPYE"), "machine.cpu: 'AMD\\u202eCPYE' does not match"),
    (
        "a 100 kB CPU label",
        _machine("cpu", "A" * 100_000),
        "AAAAAAAAAAAAAAAAAAAA… (100,000 characters) is too long",
    ),
    (
        "a control character in an error",
        _failed_with("bad\x07"),
        "models.0.runtimes.ort-int8.error: 'bad\\x07' does not match",
    ),
    (
        "HTML in a runtime step",
        lambda d: d["machine"]["runtimes"]["ort-fp32"]["steps"].append("<b>x</b>"),
        "machine.runtimes.ort-fp32.steps.2: '<b>x</b>' does not match",
    ),
    (
        "an unknown runtime",
        lambda d: d["machine"]["runtimes"].update({"tvm": d["machine"]["runtimes"]["torch"]}),
        "machine.runtimes: 'tvm' is not one of",
    ),
    (
        "an unknown model",
        lambda d: d["models"][0].update(id="uncased_L-3_H-128_A-2"),
        "models.0.id: 'uncased_L-3_H-128_A-2' is not a model of the catalogue",
    ),
    (
        "a model twice",
        lambda d: d["models"].append(d["models"][0]),
        "models.24.id: uncased_L-2_H-128_A-2 is measured twice; keep one",
    ),
    (
        "an id with HTML",
        lambda d: d["models"][0].update(id="<script>"),
        "models.0.id: '<script>' does not match",
    ),
]


@pytest.mark.parametrize(("what", "change", "expected"), VALUES, ids=[v[0] for v in VALUES])
def test_a_hostile_value_is_refused_naming_file_and_field(catalog, what, change, expected):
    write(catalog.directory / "measurements", with_change(plausible_document(catalog), change), MACHINE_ID)
    problems = problems_of(catalog)
    assert any(expected in p for p in problems), problems
    assert all(p.split(": ")[0].endswith(f"{MACHINE_ID}.json") for p in problems)
    assert all(len(p) < MAX_PROBLEM_CHARS + 200 for p in problems)  # a 100 kB label is not repeated


RAW = [
    (
        "NaN",
        lambda text: text.replace('"median_ms": 0.', '"median_ms": NaN, "x": 0.', 1),
        "not valid JSON for a measurement (NaN is not a number JSON allows)",
    ),
    (
        "Infinity",
        lambda text: text.replace('"median_ms": 0.', '"median_ms": -Infinity, "x": 0.', 1),
        "not valid JSON for a measurement (-Infinity is not a number JSON allows)",
    ),
    (
        "a duplicate key",
        lambda text: text.replace('"cores": 2,', '"cores": 2, "cores": 64,', 1),
        "not valid JSON for a measurement (the key 'cores' appears twice in one object)",
    ),
    (
        "a 5000-digit integer",
        lambda text: text.replace('"cores": 2,', '"cores": 1' + "0" * 5000 + ",", 1),
        "not valid JSON for a measurement (Exceeds the limit (4300 digits)",
    ),
    (
        "nesting 100000 deep",
        lambda text: "[" * 100_000 + "]" * 100_000,
        "not valid JSON for a measurement (nested too deeply)",
    ),
    ("not UTF-8", lambda text: text.replace("Test CPU", "Test \udcff CPU"), "not UTF-8 text"),
    (
        "larger than 1 MB",
        lambda text: text.replace('"Test CPU"', '"' + "A" * 1_100_000 + '"'),
        "cannot read it (it is larger than 1,000,000 bytes)",
    ),
]


@pytest.mark.parametrize(("what", "edit", "expected"), RAW, ids=[r[0] for r in RAW])
def test_text_that_is_not_strict_json_is_refused(catalog, what, edit, expected):
    folder = catalog.directory / "measurements"
    path = write(folder, plausible_document(catalog))
    path.write_bytes(edit(path.read_text(encoding="utf-8")).encode("utf-8", "surrogateescape"))
    [problem] = problems_of(catalog)
    assert problem.startswith(f"{path.name}: " if not problem.startswith("/") else str(path)), problem
    assert expected in problem, problem


def test_a_fifo_and_a_device_are_refused_unread_by_validate(cli, catalog):
    """Before: validate hung on a FIFO under catalog/measurements/ (and read /dev/zero forever)."""
    folder = catalog.directory / "measurements"
    folder.mkdir()
    os.mkfifo(folder / "fifo.json")
    (folder / "zero.json").symlink_to("/dev/zero")
    (folder / "folder.json").mkdir()
    result = cli("validate", "--catalog", str(catalog.directory))
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for name, what in (("fifo", "a FIFO"), ("zero", "a device"), ("folder", "a folder")):
        expected = f"{name}.json: cannot read it (it is {what}, not a regular file)"
        assert any(line.endswith(expected) for line in lines)


def test_validate_refuses_a_hostile_file_with_exit_3(cli, catalog):
    write(
        catalog.directory / "measurements",
        with_change(plausible_document(catalog), _machine("cpu", "AMD\u2028<script>")),
    )
    result = cli("validate", "--catalog", str(catalog.directory))
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert f"{MACHINE_ID}.json: machine.cpu: 'AMD\\u2028<script>' does not match" in result.stderr
    assert json.dumps("\u2028") not in result.stdout


def test_a_refused_file_is_refused_on_every_read_and_its_fix_is_read(catalog):
    """Schema verdicts are kept per document in a process (measure/load.py): the same bad file
    gives the same problems each time, and the corrected file is read afresh."""
    doc = plausible_document(catalog)
    bad = with_change(doc, lambda d: d["machine"].update(cores="two"))
    write(catalog.directory / "measurements", bad)
    first, second = problems_of(catalog), problems_of(catalog)
    assert first == second and any("machine.cores" in p for p in first)
    write(catalog.directory / "measurements", doc)
    [measurements] = load_measurements(catalog)
    assert measurements.machine.cores == doc["machine"]["cores"]


def test_json_nested_up_to_the_recursion_limit_is_refused_never_a_crash(catalog):
    """A file nested just below the depth at which parsing fails: the reader turns it into a
    problem at every depth (keeping a verdict by the document's JSON once raised RecursionError
    at one depth, a few frames deeper than the parse)."""
    folder = catalog.directory / "measurements"
    folder.mkdir(exist_ok=True)
    limit = sys.getrecursionlimit()
    for depth in range(limit - 250, limit + 5):
        (folder / "deep.json").write_text('{"format_version": 2, "a": ' + "[" * depth + "]" * depth + "}")
        with pytest.raises(MeasurementInvalid):
            load_measurements(catalog)


def test_a_file_nested_deeper_than_any_measurement_is_refused_by_name(catalog):
    folder = catalog.directory / "measurements"
    folder.mkdir(exist_ok=True)
    (folder / "deep.json").write_text('{"format_version": 2, "a": ' + "[" * 40 + "]" * 40 + "}")
    [problem] = problems_of(catalog)
    assert "deep.json" in problem and f"nested more than {MAX_DEPTH} levels deep" in problem
