"""Why measuring or reading measurements failed: every problem, one line each (exit 3,
through the project's one error path, generator/failure.py)."""

from __future__ import annotations

from .. import exitcodes
from ..failure import Failure


class MeasureError(Failure):
    """Measuring failed or a measurement file is refused; `problems` lists every reason."""

    summary = "measuring failed"


class MeasurementInvalid(MeasureError):
    """A file under catalog/measurements/ breaks its schema, names an unknown model, or
    contradicts itself (see plausibility.py)."""

    summary = "measurement file(s) refused"


class Interrupted(MeasureError):
    """Ctrl-C or SIGTERM stopped `measure`; its children were ended first (run.py)."""

    exit_code = exitcodes.INTERRUPTED
    summary = "interrupted"


class MeasureFailed(MeasureError):
    """A model could not be measured (transformers refused its config, a child process died)."""

    summary = "a model could not be measured"
