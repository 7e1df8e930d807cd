"""Closed-form parameter counts and FLOPs of a BERT config: pure Python, no torch.

The instantiated counts (count.py) are checked against these, so a transformers release
that changes BERT's modules, or a broken cache entry, cannot slip a wrong figure onto
the site. With V vocabulary, P positions, T token types, H hidden, I intermediate, L layers:

    embeddings   V*H + P*H + T*H + 2H                       (three tables + LayerNorm)
    per layer    4(H*H + H)       attention Q, K, V and output projections
               + 2H               attention LayerNorm
               + H*I + I + I*H + H feed-forward in and out
               + 2H               output LayerNorm
                 = 4H^2 + 2HI + 9H + I
    pooler       H*H + H
    backbone     embeddings + L * per layer + pooler        (BertModel)
    MLM head     H*H + H + 2H + V  transform dense + LayerNorm + output bias; the decoder
                                   matrix is the word-embedding matrix, counted once
    NSP head     H × 2 + 2
    pretraining  backbone + MLM head + NSP head             (BertForPreTraining)

FLOPs count a multiply-add as 2 and only matrix products, like torch's FlopCounterMode, for
one sequence of S tokens:

    per layer    8 S H^2   Q, K, V and output projections
               + 4 S H I   feed-forward in and out
               + 4 S^2 H   attention scores (Q K^T) and their weighted sum over V
    pooler       2 H^2     one dense layer on the first token
    total        L * per layer + pooler
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import Model


@dataclass(frozen=True)
class FormulaCounts:
    """The closed-form counts of one config, field names matching ParamCount's."""

    params_embeddings: int
    params_per_layer: int
    params_encoder: int
    params_pooler: int
    params_backbone: int
    params_mlm_head: int
    params_nsp_head: int
    params_pretraining: int


def formula_counts(model: Model) -> FormulaCounts:
    h, i, v = model.hidden, model.intermediate, model.shared.vocab_size
    embeddings = (v + model.shared.max_position_embeddings + model.shared.type_vocab_size) * h + 2 * h
    per_layer = 4 * h * h + 2 * h * i + 9 * h + i
    encoder = model.layers * per_layer
    pooler = h * h + h
    backbone = embeddings + encoder + pooler
    mlm_head = h * h + 3 * h + v
    nsp_head = 2 * h + 2
    return FormulaCounts(
        params_embeddings=embeddings,
        params_per_layer=per_layer,
        params_encoder=encoder,
        params_pooler=pooler,
        params_backbone=backbone,
        params_mlm_head=mlm_head,
        params_nsp_head=nsp_head,
        params_pretraining=backbone + mlm_head + nsp_head,
    )


def formula_flops(model: Model, tokens: int) -> int:
    """Forward FLOPs of BertModel (pooler included) for one sequence of `tokens` tokens."""
    s, h, i = tokens, model.hidden, model.intermediate
    per_layer = 8 * s * h * h + 4 * s * h * i + 4 * s * s * h
    return model.layers * per_layer + 2 * h * h
