"""`measure`: latency and memory of every model on this machine, into catalog/measurements/."""

from __future__ import annotations

import argparse
import shlex
import tempfile
from pathlib import Path

from .. import exitcodes
from ..catalog import load_catalog
from ..measure.settings import RUNTIMES
from .common import Subparsers, add_catalog_option

DESCRIPTION = """\
Build each model from its catalogue config with random weights (nothing is downloaded), run
it in eval mode under torch.inference_mode() on the CPU, and time batch 1 at 32, 128 and 512
tokens and batch 32 at 128 tokens, with 1 thread and with all cores, in each runtime:
  torch     PyTorch eager (the reference)
  ort-fp32  ONNX Runtime: the model exported to ONNX and optimised for BERT
  ort-int8  that graph with dynamic int8 quantization (batch 1 shapes only, as ort-fp32)
Each ONNX Runtime file is checked against PyTorch's output first (float32: max absolute
difference; int8: cosine similarity per token); one that fails its check is recorded, not
timed. All models and runtimes are timed in one process, taking turns over 3 rounds, so a
slow minute slows them alike; each gets warm-up first, then repeats budgeted by time,
reported as median, quartiles and run count. The float32 matrix-multiply peak is measured in
the same process. Memory is the resident-set growth of a fresh child process per model
(PyTorch: weights, and the peak of one forward pass per shape). The machine and software
are recorded with the figures. Every child process has a deadline; Ctrl-C or SIGTERM ends
them all (exit 130).

Writes CATALOG/measurements/<cpu>-<N>cores-torch<version>.json atomically, after checking it
against catalog/measurement.schema.json and the plausibility rule (a bigger model may not be
faster beyond the spread, in any runtime). A --quick run adds -quick to the name, a --models
or --runtimes subset -partial, so neither replaces the full measurement. A full run takes
about 20 minutes on 2 quiet cores.

Exit 3 when the catalogue is invalid, a model id is unknown, a model cannot be measured in
PyTorch, or the result contradicts itself (nothing is written then). A model whose export,
optimisation or quantization fails is recorded with that runtime failed; the others are
measured all the same.
"""


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "measure",
        help="measure latency and memory of every model on this machine",
        description=DESCRIPTION,
        epilog=exitcodes.HELP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_catalog_option(parser)
    parser.add_argument(
        "--models", metavar="ID", nargs="+", help="measure only these model ids (the file is named ...-partial)"
    )
    parser.add_argument(
        "--runtimes",
        metavar="ID",
        nargs="+",
        choices=RUNTIMES,
        help=f"measure only these runtimes ({', '.join(RUNTIMES)}; torch, the reference, "
        "always; the file is named ...-partial)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="three timed runs per cell (one per round), whatever the spread: for "
        "tests and trying the command (the file is named ...-quick)",
    )
    parser.add_argument(
        "--note",
        metavar="TEXT",
        help="a remark kept in the machine record and shown with the figures, for "
        "example what else ran on the machine",
    )
    parser.set_defaults(func=run, on_failure="nothing was written")


def run(args: argparse.Namespace) -> int:
    from ..cli import Terminated
    from ..fsutil import atomic_write_text
    from ..measure import FULL, QUICK, MeasureError, MeasurementInvalid, measurements_dir
    from ..measure.errors import Interrupted
    from ..measure.load import check_document
    from ..measure.record import document_text, to_document
    from ..measure.run import measure_models

    catalog = load_catalog(args.catalog)
    known = {m.id: m for m in catalog.models}
    if args.models:
        unknown = [i for i in args.models if i not in known]
        if unknown:
            raise MeasureError(
                [f"--models: {i!r} is not a model of the catalogue" for i in unknown]
                + [f"known ids: {', '.join(known)}"]
            )
    models = tuple(m for m in catalog.models if not args.models or m.id in args.models)
    command = shlex.join(
        [
            "python",
            "-m",
            "generator",
            "measure",
            *(["--quick"] if args.quick else []),
            *(["--models", *args.models] if args.models else []),
            *(["--runtimes", *args.runtimes] if args.runtimes else []),
        ]
    )
    try:
        measured = measure_models(
            catalog,
            models,
            QUICK if args.quick else FULL,
            command,
            note=args.note,
            runtimes=tuple(args.runtimes or RUNTIMES),
        )
    except (KeyboardInterrupt, Terminated):
        raise Interrupted(["measure was interrupted; every measuring process was ended"]) from None
    path = measurements_dir(catalog.directory) / f"{measured.machine.id}.json"
    doc = to_document(measured)
    _ok, problems = check_document(doc, catalog, path)
    if problems:
        # Kept outside the catalogue for a look (what contradicted what, by how much): a refused
        # result never enters catalog/measurements/.
        aside = Path(tempfile.gettempdir()) / f"little-berts-refused-{measured.machine.id}.json"
        atomic_write_text(aside, document_text(doc))
        raise MeasurementInvalid(
            [f"{path}: {p}" for p in problems]
            + [
                "the machine was probably busy: re-run on a quieter machine",
                f"the refused result is kept at {aside} (not a measurement file)",
            ]
        )
    atomic_write_text(path, document_text(doc))
    print(f"wrote {path} ({len(models)} models, {measured.machine.duration_seconds:.0f} s)")
    return exitcodes.OK
