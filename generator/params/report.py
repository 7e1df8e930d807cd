"""The two outputs of `python -m generator params`: JSON for programs, a table for people.

Both are built from the same CountRun ("gather, then print"); nothing here computes a count.
"""

from __future__ import annotations

import json
from typing import Any

from ..catalog import Catalog
from .check import COUNTS_LABEL
from .gather import CountRun
from .result import COUNT_FIELDS, COUNTS_NOTE, SEQUENCE_LENGTH

JSON_FORMAT = 1


def json_document(run: CountRun, catalog: Catalog) -> dict[str, Any]:
    """{"format_version", "sequence_length", "counts_note", "models": [one record per model]}.

    An object rather than a bare list, so that what each figure counts is said once, next
    to the records, instead of 24 times inside them.
    """
    checks_by_model: dict[str, list[dict[str, Any]]] = {}
    for check in run.checks:
        f = check.figure
        checks_by_model.setdefault(f.model_id, []).append(
            {
                "published": f.published,
                "counts": f.counts,
                "source": f.source,
                "computed": check.computed,
                "agrees_with_nsp": check.agrees_with_nsp,
            }
        )
    models = []
    for model, count in zip(catalog.models, run.counts, strict=True):
        record = count.to_record()
        record = {
            "id": record.pop("model_id"),
            "name": model.name,
            **record,
            "params_backbone_mlm": count.params_backbone_mlm,
            "published": checks_by_model.get(model.id, []),
        }
        models.append(record)
    return {
        "format_version": JSON_FORMAT,
        "sequence_length": SEQUENCE_LENGTH,
        "counts_note": {
            **COUNTS_NOTE,
            "published": "published figures of this model, each with "
            "the count computed in the same convention (all agree within the "
            "figure's rounding, or the command fails)",
        },
        "models": models,
    }


def json_text(run: CountRun, catalog: Catalog) -> str:
    return json.dumps(json_document(run, catalog), indent=2, ensure_ascii=False) + "\n"


TABLE_COLUMNS_EXPLAINED = (
    ("backbone", "params_backbone"),
    ("+MLM", "params_backbone_mlm"),
    ("pretraining", "params_pretraining"),
    ("fp32 MB", "size_fp32_mb"),
    ("fp16 MB", "size_fp16_mb"),
    ("GFLOPs", "flops_forward_128"),
)
"""The table's less obvious columns and the field each shows; the header explains them from
COUNT_FIELDS, so the table says what a count includes in the same words as the JSON."""

TABLE_HEADER = "\n".join(
    [
        "Parameter counts computed from the catalogue's configs (transformers, meta device; "
        "tied weights counted once).",
        *(f"  {column:<11} {COUNT_FIELDS[field].note}" for column, field in TABLE_COLUMNS_EXPLAINED),
    ]
)

COLUMNS = (
    "model",
    "name",
    "L",
    "H",
    "A",
    "embeddings",
    "encoder",
    "pooler",
    "backbone",
    "+MLM",
    "pretraining",
    "fp32 MB",
    "fp16 MB",
    "GFLOPs",
)


def table_text(run: CountRun, catalog: Catalog) -> str:
    rows = []
    for model, c in zip(catalog.models, run.counts, strict=True):
        flops = f"{c.flops_forward_128 / 1e9:.3f}" + ("*" if c.flops_method == "formula" else "")
        rows.append(
            (
                c.model_id,
                model.name or "",
                str(c.layers),
                str(c.hidden),
                str(c.heads),
                f"{c.params_embeddings:,}",
                f"{c.params_encoder:,}",
                f"{c.params_pooler:,}",
                f"{c.params_backbone:,}",
                f"{c.params_backbone_mlm:,}",
                f"{c.params_pretraining:,}",
                f"{c.size_fp32_mb:.1f}",
                f"{c.size_fp16_mb:.1f}",
                flops,
            )
        )
    widths = [max(len(col), *(len(r[i]) for r in rows)) for i, col in enumerate(COLUMNS)]
    left = {0, 1}  # text columns; numbers align right

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            c.ljust(w) if i in left else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    out = [TABLE_HEADER, "", line(COLUMNS), line(tuple("-" * w for w in widths))]
    out += [line(r) for r in rows]
    methods = {c.flops_method for c in run.counts}
    out.append("")
    out.append(
        "GFLOPs measured with torch.utils.flop_counter.FlopCounterMode on meta tensors"
        if methods == {"measured"}
        else "GFLOPs marked * come from the closed-form formula (measuring failed); others are measured"
    )
    if run.checks:
        out.append("Published figures (each agrees with the count in its own convention):")
        for check in run.checks:
            f = check.figure
            out.append(
                f"  {f.model_id:<24} {f.published:>12}  {COUNTS_LABEL[f.counts]:<34} "
                f"computed {check.computed:,}  ({f.source})"
            )
    return "\n".join(out) + "\n"
