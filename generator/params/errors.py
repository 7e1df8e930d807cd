"""Why counting failed. Each error carries every problem found, one line each, so a
maintainer fixes them all in one go; the CLI prints them and exits 3."""

from __future__ import annotations

from ..failure import Failure

INSTALL_HINT = 'run `make venv`, or `pip install torch==2.13.0 "transformers>=5,<6"` in your environment'


class ParamsError(Failure):
    """Counting parameters failed; `problems` lists every reason, one line each."""

    summary = "parameter counting failed"


class TorchMissing(ParamsError):
    """torch or transformers cannot be imported, and a count is not in the cache."""

    summary = "torch and transformers are needed to count parameters that are not cached"

    def __init__(self, reason: str):
        super().__init__([f"cannot import {reason}; {INSTALL_HINT}"])


class ConfigRejected(ParamsError):
    """transformers refused to build a model from a catalogue config."""

    summary = "transformers rejected catalogue config(s); fix the model entries named above"


class CountDisagreement(ParamsError):
    """A computed count differs from the closed-form formula or from a published figure."""

    summary = "computed parameter counts disagree with a formula or a published figure"


class UnexpectedModelShape(ParamsError):
    """transformers built a BERT whose structure the counting code does not expect."""

    summary = "transformers' BERT no longer has the structure these counts assume"
