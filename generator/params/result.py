"""What the params stage returns: one frozen ParamCount per model, and what each figure counts."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Literal

FlopsMethod = Literal["measured", "formula"]

SEQUENCE_LENGTH = 128
"""Tokens in the one sequence whose forward pass `flops_forward_128` counts."""


@dataclass(frozen=True)
class ParamCount:
    """Parameter counts of one catalogue model, from its config instantiated on the meta device.

    Every count is of distinct parameter tensors: a weight shared by two modules (the
    masked-LM decoder is the word-embedding matrix) is counted once.
    """

    model_id: str
    layers: int
    hidden: int
    heads: int
    intermediate: int
    params_backbone: int
    """BertModel: embeddings + every encoder layer + pooler (what KerasHub's preset pages print)."""
    params_embeddings: int
    """Word, position and token-type embeddings plus their LayerNorm."""
    params_encoder: int
    """All encoder layers together."""
    params_per_layer: int
    """One encoder layer: self-attention (Q, K, V, output) + LayerNorm + feed-forward + LayerNorm."""
    params_pooler: int
    """The dense layer on the first token's hidden state."""
    params_mlm_head: int
    """What the masked-LM head adds: transform dense + LayerNorm + output bias (decoder is tied)."""
    params_nsp_head: int
    """The next-sentence classifier (hidden x 2 + 2)."""
    params_pretraining: int
    """BertForPreTraining: backbone + masked-LM head + next-sentence head, tied weights once."""
    size_fp32_mb: float
    """BertForPreTraining weights at 4 bytes each, MB = 10^6 bytes."""
    size_fp16_mb: float
    """BertForPreTraining weights at 2 bytes each, MB = 10^6 bytes."""
    flops_forward_128: int
    """Forward FLOPs of BertModel for one 128-token sequence (a multiply-add is 2 FLOPs)."""
    flops_method: FlopsMethod
    """'measured' by torch's FlopCounterMode on meta tensors, or 'formula' when that failed."""
    flops_formula_128: int
    """The closed-form FLOPs figure (formula.py), reported beside the measured one."""
    counted_with: str
    """The library versions that instantiated the model, e.g. 'torch 2.13.0, transformers 5.23.0'."""

    @property
    def params_backbone_mlm(self) -> int:
        """Backbone + masked-LM head: the sum rounded figures such as BERT-Tiny's 4.4M match
        (by arithmetic; their source does not say what it counts)."""
        return self.params_backbone + self.params_mlm_head

    def in_convention(self, counts: str) -> int:
        """The count a published figure with this `counts` value ('backbone' or
        'backbone_mlm', see ParameterFigure) must be compared with."""
        return self.params_backbone if counts == "backbone" else self.params_backbone_mlm

    def to_record(self) -> dict[str, Any]:
        """Plain data for the cache file (field name -> value)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_record(cls, record: Any) -> ParamCount | None:
        """The ParamCount a cache record holds, or None if the record is not exactly one.

        A record written by an older version of this code (a field added or renamed) is a
        cache miss, never a crash.
        """
        if not isinstance(record, dict) or set(record) != {f.name for f in fields(cls)}:
            return None
        for f in fields(cls):
            value = record[f.name]
            if f.name.startswith("size_"):
                ok = isinstance(value, float)
            elif f.name in ("model_id", "counted_with"):
                ok = isinstance(value, str)
            elif f.name == "flops_method":
                ok = value in ("measured", "formula")
            else:
                ok = isinstance(value, int) and not isinstance(value, bool)
            if not ok:
                return None
        return cls(**record)


@dataclass(frozen=True)
class CountField:
    """One figure of a ParamCount: how people name it, and what exactly it counts."""

    label: str
    """Short name, as check messages say it ("backbone + masked-LM head")."""
    note: str
    """What it counts, in full."""


COUNT_FIELDS: dict[str, CountField] = {
    "params_backbone": CountField(
        "backbone (BertModel incl. pooler)",
        "BertModel incl. pooler: embeddings + encoder + pooler (the figure KerasHub prints, e.g. "
        "4,385,920 for BERT-Tiny)",
    ),
    "params_embeddings": CountField(
        "embeddings", "word + position + token-type embeddings and their LayerNorm"
    ),
    "params_encoder": CountField("encoder", "all encoder layers"),
    "params_per_layer": CountField(
        "one layer", "one encoder layer (attention Q/K/V/output, feed-forward, two LayerNorms)"
    ),
    "params_pooler": CountField("pooler", "pooler dense layer (hidden x hidden + hidden)"),
    "params_mlm_head": CountField(
        "masked-LM head",
        "what the masked-LM head adds: transform dense + LayerNorm + output bias; its decoder "
        "matrix is the word-embedding matrix and is not counted again",
    ),
    "params_nsp_head": CountField("next-sentence head", "next-sentence-prediction classifier (hidden x 2 + 2)"),
    "params_backbone_mlm": CountField(
        "backbone + masked-LM head",
        "backbone + masked-LM head (rounded figures such as 4.4M match it by arithmetic only)",
    ),
    "params_pretraining": CountField(
        "BertForPreTraining",
        "BertForPreTraining: backbone + masked-LM head + next-sentence head, tied weights counted once",
    ),
    "size_fp32_mb": CountField(
        "fp32 MB", "BertForPreTraining weights at 4 bytes per parameter, MB = 10^6 bytes"
    ),
    "size_fp16_mb": CountField(
        "fp16 MB", "BertForPreTraining weights at 2 bytes per parameter, MB = 10^6 bytes"
    ),
    "flops_forward_128": CountField(
        "GFLOPs",
        f"forward FLOPs of BertModel for one {SEQUENCE_LENGTH}-token sequence, a multiply-add counted "
        "as 2 FLOPs (matrix products only, as torch's FlopCounterMode counts)",
    ),
    "flops_method": CountField(
        "FLOPs method",
        "'measured' with torch.utils.flop_counter.FlopCounterMode on meta tensors, or 'formula' "
        "when measuring failed",
    ),
    "flops_formula_128": CountField(
        "formula FLOPs",
        f"the same FLOPs from the closed-form formula L x (8 S H^2 + 4 S H I + 4 S^2 H) + 2 H^2, "
        f"S = {SEQUENCE_LENGTH}",
    ),
}
"""What each figure counts, said once: the JSON output, the table header, the check messages
and the site's strings (one key per field, tests/params check it) all read it here."""

COUNTS_NOTE: dict[str, str] = {name: field.note for name, field in COUNT_FIELDS.items()}
"""field -> what it counts, as the JSON output prints it."""
