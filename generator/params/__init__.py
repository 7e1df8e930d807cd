"""Stage 2 of the pipeline: how big each model is, computed from its catalogue config.

    Catalog --cache hit?--> ParamCount            (warm: no torch, no transformers)
            --miss------->  BertModel + BertForPreTraining on the meta device --> ParamCount
    every ParamCount --> checked against formula.py and the published figures

    from generator.params import gather_counts
    run = gather_counts(catalog, use_cache=True)   # run.counts: one ParamCount per model, in order

Modules: gather.py (the orchestration: cache, counting, checks), result.py (ParamCount, what
each figure counts), count.py (instantiation, the only module that imports torch), formula.py
(closed-form counts and FLOPs), check.py (cross-checks), cache.py (the JSON cache and why it is
not committed), report.py (JSON and table output).
"""

from __future__ import annotations

from ..paths import CACHE_DIR_ENV
from .cache import DEFAULT_CACHE_PATH
from .check import FigureCheck
from .errors import ConfigRejected, CountDisagreement, ParamsError, TorchMissing, UnexpectedModelShape
from .gather import CountRun, gather_counts
from .result import COUNTS_NOTE, SEQUENCE_LENGTH, ParamCount

__all__ = [
    "CACHE_DIR_ENV",
    "COUNTS_NOTE",
    "DEFAULT_CACHE_PATH",
    "SEQUENCE_LENGTH",
    "ConfigRejected",
    "CountDisagreement",
    "CountRun",
    "FigureCheck",
    "ParamCount",
    "ParamsError",
    "TorchMissing",
    "UnexpectedModelShape",
    "gather_counts",
]
