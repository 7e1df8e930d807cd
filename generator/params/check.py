"""Cross-checks: every computed count against the closed-form formula and the published figures.

The formula check covers every parameter count, the sizes, and the measured FLOPs: a
FlopCounterMode that stops counting an operation (or starts counting another) is an error,
not a quietly different figure on the site.

Published figures count different things (see catalog/published.yaml): 'backbone' figures
(KerasHub) are compared with `params_backbone`, 'backbone_mlm' figures (rounded, e.g.
BERT-Tiny's 4.4M) with backbone + masked-LM head. No source says what the rounded figures
count: they match backbone + MLM head by arithmetic only (backbone alone would not round to
them). The next-sentence head is at most 1,538 parameters (BERT-Base), far below the
+/- 50,000 of a figure rounded to 0.1M, so adding it changes no verdict and the figures cannot
tell those two conventions apart; `FigureCheck.agrees_with_nsp` records the other verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from ..catalog import Catalog, Model, ParameterFigure
from .errors import CountDisagreement
from .formula import FormulaCounts, formula_counts, formula_flops
from .result import COUNT_FIELDS, SEQUENCE_LENGTH, ParamCount

COUNTS_LABEL = {counts: COUNT_FIELDS[f"params_{counts}"].label for counts in ("backbone", "backbone_mlm")}
"""A published figure's `counts` -> the computed count it is compared with, as messages name it."""


def formula_disagreements(model: Model, count: ParamCount) -> list[str]:
    """One line per count that differs from the closed-form formula; [] when all agree."""
    expected = formula_counts(model)
    out = []
    for f in fields(FormulaCounts):
        computed, formula = getattr(count, f.name), getattr(expected, f.name)
        if computed != formula:
            out.append(
                f"{model.id}: {f.name} is {computed:,} as instantiated ({count.counted_with}) "
                f"but {formula:,} by the closed-form formula in generator/params/formula.py"
            )
    derived = {
        "layers": model.layers,
        "hidden": model.hidden,
        "heads": model.heads,
        "intermediate": model.intermediate,
        "size_fp32_mb": expected.params_pretraining * 4 / 1e6,
        "size_fp16_mb": expected.params_pretraining * 2 / 1e6,
    }
    for name, value in derived.items():
        if getattr(count, name) != value:
            out.append(f"{model.id}: {name} is {getattr(count, name)} but the config gives {value}")
    # A measurement that misses (or adds) an operation would put a wrong figure on the site.
    if count.flops_method == "measured" and count.flops_forward_128 != count.flops_formula_128:
        out.append(
            f"{model.id}: flops_forward_128 is {count.flops_forward_128:,} as measured by "
            f"FlopCounterMode ({count.counted_with}) but {count.flops_formula_128:,} by the "
            "closed-form formula in generator/params/formula.py"
        )
    if count.flops_formula_128 != formula_flops(model, SEQUENCE_LENGTH):
        out.append(
            f"{model.id}: flops_formula_128 is {count.flops_formula_128:,} but the formula gives "
            f"{formula_flops(model, SEQUENCE_LENGTH):,}"
        )
    return out


def check_formula(catalog: Catalog, counts: tuple[ParamCount, ...]) -> None:
    """Raise CountDisagreement listing every count that differs from the formula."""
    problems = [
        line
        for model, count in zip(catalog.models, counts, strict=True)
        for line in formula_disagreements(model, count)
    ]
    if problems:
        raise CountDisagreement(problems)


@dataclass(frozen=True)
class FigureCheck:
    """One published figure next to the count computed in the same convention."""

    figure: ParameterFigure
    computed: int
    """params_backbone for 'backbone' figures, backbone + MLM head for 'backbone_mlm' ones."""
    agrees: bool
    """Within the figure's printed rounding (ParameterFigure.agrees_with)."""
    agrees_with_nsp: bool
    """Whether it would still agree if the next-sentence head were counted too."""


def figure_checks(catalog: Catalog, counts: tuple[ParamCount, ...]) -> tuple[FigureCheck, ...]:
    by_id = {c.model_id: c for c in counts}
    out = []
    for figure in catalog.parameter_figures:
        count = by_id.get(figure.model_id)
        if count is None:
            continue
        computed = count.in_convention(figure.counts)
        out.append(
            FigureCheck(
                figure=figure,
                computed=computed,
                agrees=figure.agrees_with(computed),
                agrees_with_nsp=figure.agrees_with(computed + count.params_nsp_head),
            )
        )
    return tuple(out)


def check_published(catalog: Catalog, counts: tuple[ParamCount, ...]) -> tuple[FigureCheck, ...]:
    """The checks of every published figure; raise CountDisagreement naming each one that fails."""
    checks = figure_checks(catalog, counts)
    problems = []
    for check in checks:
        if check.agrees:
            continue
        f = check.figure
        accepted = (
            f"exactly {f.value:,}"
            if f.tolerance == 0
            else f"{f.value - f.tolerance:,} to {f.value + f.tolerance:,}"
        )
        problems.append(
            f"{f'{f.at}: ' if f.at else ''}{f.model_id}: computed {COUNTS_LABEL[f.counts]} "
            f"{check.computed:,} disagrees with the published {f.published} ({f.source}; "
            f"that figure means {accepted}); correct the figure or its `counts` in the catalogue"
        )
    if problems:
        raise CountDisagreement(problems)
    return checks
