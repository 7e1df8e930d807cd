"""Why measuring or reading measurements failed: every problem, one line each (exit 3)."""

from __future__ import annotations


class MeasureError(Exception):
    """Measuring failed or a measurement file is refused; `problems` lists every reason."""

    summary = "measurement failed"

    def __init__(self, problems: list[str] | tuple[str, ...]):
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


class MeasurementInvalid(MeasureError):
    """A file under catalog/measurements/ breaks its schema, names an unknown model, or
    contradicts itself (see plausibility.py)."""

    summary = "measurement file(s) refused; nothing was written"


class MeasureFailed(MeasureError):
    """A model could not be measured (transformers refused its config, a child process died)."""

    summary = "measuring failed; nothing was written"
