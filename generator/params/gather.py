"""The params stage's one entry point: count every model (from the cache where possible) and
cross-check every count against the formula and the published figures."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..catalog import Catalog, Model
from ..failure import Failure
from .cache import (
    cache_key,
    cached_count,
    describe_versions,
    library_versions,
    load_entries,
    resolve_cache_path,
    save_entries,
)
from .check import FigureCheck, check_formula, check_published, formula_disagreements
from .count import count_models
from .result import ParamCount


class FlopsFromFormula(Failure):
    """FlopCounterMode failed (count.py falls back): the figures are right, the method is not
    the one the pages usually name."""

    summary = "FLOPs could not be measured with FlopCounterMode"
    consequence = "those models show the closed-form formula's figure, labelled as such"


def flops_notice(counts: tuple[ParamCount, ...]) -> FlopsFromFormula | None:
    """One notice for every model whose FLOPs fell back to the formula, or None."""
    fallen = [c.model_id for c in counts if c.flops_method == "formula"]
    if not fallen:
        return None
    return FlopsFromFormula(
        f"{len(fallen)} model(s) use the formula's FLOPs: {', '.join(fallen)} (a torch "
        "release may have broken FlopCounterMode on meta tensors: see params/count.py)"
    )


@dataclass(frozen=True)
class CountRun:
    """The counts of one catalogue and how they were obtained."""

    counts: tuple[ParamCount, ...]
    """One per model, in catalogue order."""
    checks: tuple[FigureCheck, ...]
    """Every published figure with the computed count it was compared with (all agree)."""
    from_cache: tuple[str, ...]
    """Ids of the models whose counts came from the cache."""
    instantiated: tuple[str, ...]
    """Ids of the models built with transformers in this run."""
    cache_path: Path | None
    """The cache file read and written, or None when the cache was not used."""
    notices: tuple[Failure, ...] = ()
    """What a person should act on although the counts are right (the cache could not be
    written); the command or the plugin prints each once, through generator/failure.py."""


def gather_counts(catalog: Catalog, use_cache: bool = True, cache_path: Path | str | None = None) -> CountRun:
    """Count every model, from the cache where possible, and cross-check everything.

    Raises TorchMissing (a count is not cached and torch cannot be imported), ConfigRejected
    (transformers refused a config), CountDisagreement (a count differs from the formula or
    from a published figure). With use_cache=False the cache is neither read nor written.
    """
    versions = library_versions()
    path = resolve_cache_path(cache_path) if use_cache else None
    entries = load_entries(path, versions) if path is not None else {}
    keys = {m.id: cache_key(m, versions) for m in catalog.models} if versions else {}

    found: dict[str, ParamCount] = {}
    for model in catalog.models:
        hit = cached_count(entries, keys[model.id], model) if path is not None and versions else None
        # A hit the formula contradicts was edited by hand or written by buggy code: recount.
        if hit is not None and not formula_disagreements(model, hit):
            found[model.id] = hit
    from_cache = tuple(found)
    missing: list[Model] = [m for m in catalog.models if m.id not in found]
    if missing:
        # count_models imports torch and transformers: reached only when something is missing.
        found.update((c.model_id, c) for c in count_models(missing, describe_versions(versions)))
    counts = tuple(found[m.id] for m in catalog.models)

    check_formula(catalog, counts)
    not_written = None
    if path is not None and versions and missing:
        not_written = save_entries(path, versions, entries, {keys[m.id]: (m, found[m.id]) for m in missing})
    checks = check_published(catalog, counts)
    return CountRun(
        counts=counts,
        checks=checks,
        from_cache=from_cache,
        instantiated=tuple(m.id for m in missing),
        cache_path=path,
        notices=tuple(n for n in (not_written, flops_notice(counts)) if n is not None),
    )
