"""Instantiate catalogue configs with transformers and count their parameters.

The configs come from the catalogue (`Model.hf_config`), never from a hub. Models are built
under `with torch.device("meta")`: every tensor has a shape and no storage, so even
BERT-Base costs no memory and no random initialisation. torch and transformers are imported
here, inside functions, and only when a count is not cached (see cache.py).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from ..catalog import Model
from .errors import ConfigRejected, TorchMissing, UnexpectedModelShape
from .formula import formula_flops
from .result import SEQUENCE_LENGTH, ParamCount


def import_torch_stack() -> tuple[ModuleType, Any, Any, Any]:
    """(torch, BertConfig, BertModel, BertForPreTraining), or TorchMissing saying how to install.

    Importing the BERT modules directly skips the lazy `transformers` namespace, which would
    otherwise resolve the same modules through an extra layer on every attribute access.
    """
    try:
        import torch
    except ImportError as exc:
        raise TorchMissing(f"torch ({exc})") from None
    try:
        from transformers.models.bert.configuration_bert import BertConfig
        from transformers.models.bert.modeling_bert import BertForPreTraining, BertModel
    except ImportError as exc:
        raise TorchMissing(f"transformers ({exc})") from None
    return torch, BertConfig, BertModel, BertForPreTraining


def count_models(models: tuple[Model, ...] | list[Model], counted_with: str,
                 device: str = "meta") -> tuple[ParamCount, ...]:
    """Count every model; raise ConfigRejected listing every config transformers refused.

    `device="cpu"` allocates and initialises real weights: only the benchmark's naive
    baseline uses it, so both sides of the comparison run this same code.
    """
    torch, config_cls, model_cls, pretraining_cls = import_torch_stack()
    counts: list[ParamCount] = []
    rejected: list[str] = []
    for model in models:
        try:
            # Eager attention spells attention out as matrix products, which FlopCounterMode
            # counts on every device; torch's CPU flash kernel for SDPA has no FLOP formula and
            # would silently drop attention from a real-weight measurement. Parameters are the
            # same for every attention implementation.
            config = config_cls(**model.hf_config, attn_implementation="eager")
            with torch.device(device):
                backbone = model_cls(config)
                pretraining = pretraining_cls(config)
        # transformers refuses a bad config with whatever its check raises (ValueError for
        # heads not dividing hidden, IndexError for an empty vocabulary, KeyError for an
        # unknown activation ...): any of them means "this config cannot be built".
        except Exception as exc:
            rejected.append(f"{model.id}: transformers cannot build this config: "
                            f"{type(exc).__name__}: {exc}")
            continue
        counts.append(_count_one(torch, model, backbone, pretraining, counted_with, device))
    if rejected:
        raise ConfigRejected(rejected)
    return tuple(counts)


def _distinct(module: Any, exclude: frozenset[int] = frozenset()) -> int:
    """Elements of the module's distinct parameters; `parameters()` yields a shared tensor once."""
    return sum(p.numel() for p in module.parameters() if id(p) not in exclude)


def _count_one(torch: ModuleType, model: Model, backbone: Any, pretraining: Any,
               counted_with: str, device: str) -> ParamCount:
    bert = pretraining.bert
    predictions = pretraining.cls.predictions
    word_embeddings = bert.embeddings.word_embeddings.weight
    if predictions.decoder.weight is not word_embeddings:
        # transformers ties the decoder to the word embeddings in post_init; should a
        # release stop doing so for this config, tie explicitly rather than count twice.
        pretraining.tie_weights()
        if predictions.decoder.weight is not word_embeddings:
            raise UnexpectedModelShape([
                f"{model.id}: the masked-LM decoder of BertForPreTraining is not tied to the word "
                "embeddings, so 'tied weights counted once' would be false; check the transformers "
                "version"])

    in_backbone = frozenset(id(p) for p in bert.parameters())
    params_backbone = _distinct(backbone)
    if _distinct(bert) != params_backbone:
        raise UnexpectedModelShape([
            f"{model.id}: BertForPreTraining's backbone has {_distinct(bert):,} parameters but "
            f"BertModel has {params_backbone:,}; both are built from the same config"])
    params_pretraining = _distinct(pretraining)
    measured = _measure_flops(torch, backbone, device)
    formula = formula_flops(model, SEQUENCE_LENGTH)
    return ParamCount(
        model_id=model.id, layers=model.layers, hidden=model.hidden, heads=model.heads,
        intermediate=model.intermediate,
        params_backbone=params_backbone,
        params_embeddings=_distinct(backbone.embeddings),
        params_encoder=_distinct(backbone.encoder),
        params_per_layer=_distinct(backbone.encoder.layer[0]) if len(backbone.encoder.layer) else 0,
        params_pooler=_distinct(backbone.pooler) if backbone.pooler is not None else 0,
        params_mlm_head=_distinct(predictions, exclude=in_backbone),
        params_nsp_head=_distinct(pretraining.cls.seq_relationship),
        params_pretraining=params_pretraining,
        size_fp32_mb=params_pretraining * 4 / 1_000_000,
        size_fp16_mb=params_pretraining * 2 / 1_000_000,
        flops_forward_128=formula if measured is None else measured,
        flops_method="formula" if measured is None else "measured",
        flops_formula_128=formula,
        counted_with=counted_with,
    )


def _measure_flops(torch: ModuleType, backbone: Any, device: str) -> int | None:
    """Forward FLOPs of one SEQUENCE_LENGTH-token sequence, or None if they cannot be measured.

    FlopCounterMode computes FLOPs from shapes alone, so meta tensors suffice: the forward
    pass runs without data. It is a young API; if a torch release breaks it on meta
    tensors (or the config cannot run 128 tokens), the caller falls back to the formula
    and labels the figure "formula".
    """
    from torch.utils.flop_counter import FlopCounterMode

    backbone.eval()
    input_ids = torch.zeros((1, SEQUENCE_LENGTH), dtype=torch.long, device=device)
    try:
        with torch.no_grad(), FlopCounterMode(display=False) as counter:
            backbone(input_ids=input_ids)
    except Exception:  # any failure here only means "not measurable": see the docstring
        return None
    return int(counter.get_total_flops())
