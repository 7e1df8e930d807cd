"""Parameter counts for the site, from the params stage (`generator.params`, issue 3).

The site is built by several stages developed side by side; while the params stage is not
installed the pages say "not computed" instead of inventing figures. That is the only
degradation: any error *inside* the params stage propagates, so a broken count never turns
silently into a missing one.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from ..catalog import Catalog

PARAMS_MODULE = "generator.params"


@dataclass(frozen=True)
class CountsResult:
    """Counts keyed by model id, or none at all with the reason why."""

    by_model: dict[str, Any]
    """model id -> generator.params.ParamCount (typed loosely: that module may be absent)."""
    missing_reason: str | None = None
    """Why there are no counts (for the build report); None when counts are present."""


def load_counts(catalog: Catalog, module_name: str = PARAMS_MODULE) -> CountsResult:
    """Call `count_parameters(catalog, use_cache=True)` of the params stage if it is installed."""
    try:
        params = importlib.import_module(module_name)
    except ModuleNotFoundError as missing:
        # Only the params package itself being absent counts as "not computed"; a missing
        # dependency deeper down (torch, say) is a real error and must surface.
        if missing.name is None or not module_name.startswith(missing.name):
            raise
        return CountsResult(by_model={}, missing_reason=f"{module_name} is not installed")
    count_parameters = getattr(params, "count_parameters", None)
    if count_parameters is None:  # a package folder without its entry point yet
        return CountsResult(by_model={}, missing_reason=f"{module_name} has no count_parameters")
    counts = count_parameters(catalog, use_cache=True)
    return CountsResult(by_model={c.model_id: c for c in counts})
