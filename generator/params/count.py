"""Instantiate catalogue configs with transformers and count their parameters.

The configs come from the catalogue (`Model.hf_config`), never from a hub. Models are built
under `with torch.device("meta")`: every tensor has a shape and no storage, so even
BERT-Base costs no memory and no random initialisation. torch and transformers are imported
here, inside functions, and only when a count is not cached (see cache.py).

Each model is built once, as BertForPreTraining, whose `bert` is the BertModel backbone. Forward
FLOPs are measured once per distinct (hidden, heads, intermediate) shape, on a one-layer
BertModel: a model's L layers are identical, so its FLOPs are that model's plus L - 1 layers.
The closed-form formula (formula.py) then checks every model's total exactly.
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


def count_models(
    models: tuple[Model, ...] | list[Model], counted_with: str, device: str = "meta"
) -> tuple[ParamCount, ...]:
    """Count every model; raise ConfigRejected listing every config transformers refused.

    `device="cpu"` allocates and initialises real weights: only the benchmark's naive
    baseline uses it, so both sides of the comparison run this same code.
    """
    torch, config_cls, model_cls, pretraining_cls = import_torch_stack()
    counts: list[ParamCount] = []
    rejected: list[str] = []
    flops_by_shape: dict[tuple[int, int, int], tuple[int, int] | None] = {}
    for model in models:
        try:
            # Eager attention spells attention out as matrix products, which FlopCounterMode
            # counts on every device; torch's CPU flash kernel for SDPA has no FLOP formula and
            # would silently drop attention from a real-weight measurement. Parameters are the
            # same for every attention implementation.
            config = config_cls(**model.hf_config, attn_implementation="eager")
            with torch.device(device):
                pretraining = pretraining_cls(config)
            shape = (model.hidden, model.heads, model.intermediate)
            if shape not in flops_by_shape:
                flops_by_shape[shape] = _layer_flops(torch, model_cls, config_cls, model, device)
        # transformers refuses a bad config with whatever its check raises (ValueError for
        # heads not dividing hidden, IndexError for an empty vocabulary, KeyError for an
        # unknown activation ...): any of them means "this config cannot be built".
        except Exception as exc:
            rejected.append(f"{model.id}: transformers cannot build this config: {type(exc).__name__}: {exc}")
            continue
        counts.append(_count_one(model, pretraining, flops_by_shape[shape], counted_with))
    if rejected:
        raise ConfigRejected(rejected)
    return tuple(counts)


def _distinct(module: Any, exclude: frozenset[int] = frozenset()) -> int:
    """Elements of the module's distinct parameters; `parameters()` yields a shared tensor once."""
    return sum(p.numel() for p in module.parameters() if id(p) not in exclude)


def _count_one(
    model: Model, pretraining: Any, layer_flops: tuple[int, int] | None, counted_with: str
) -> ParamCount:
    backbone = pretraining.bert  # BertForPreTraining's BertModel, pooler included
    predictions = pretraining.cls.predictions
    word_embeddings = backbone.embeddings.word_embeddings.weight
    if predictions.decoder.weight is not word_embeddings:
        # transformers ties the decoder to the word embeddings in post_init; should a
        # release stop doing so for this config, tie explicitly rather than count twice.
        pretraining.tie_weights()
        if predictions.decoder.weight is not word_embeddings:
            raise UnexpectedModelShape(
                [
                    f"{model.id}: the masked-LM decoder of BertForPreTraining is not tied to the word "
                    "embeddings, so 'tied weights counted once' would be false; check the transformers "
                    "version"
                ]
            )
    if backbone.pooler is None:
        raise UnexpectedModelShape([f"{model.id}: BertForPreTraining's BertModel has no pooler"])

    in_backbone = frozenset(id(p) for p in backbone.parameters())
    params_pretraining = _distinct(pretraining)
    formula = formula_flops(model, SEQUENCE_LENGTH)
    measured = None
    if layer_flops is not None:
        # L identical layers, plus what lies outside them (the pooler; embeddings are lookups)
        one_layer_model, per_layer = layer_flops
        measured = one_layer_model + (model.layers - 1) * per_layer
    return ParamCount(
        model_id=model.id,
        layers=model.layers,
        hidden=model.hidden,
        heads=model.heads,
        intermediate=model.intermediate,
        params_backbone=_distinct(backbone),
        params_embeddings=_distinct(backbone.embeddings),
        params_encoder=_distinct(backbone.encoder),
        params_per_layer=_distinct(backbone.encoder.layer[0]) if len(backbone.encoder.layer) else 0,
        params_pooler=_distinct(backbone.pooler),
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


def _layer_flops(
    torch: ModuleType, model_cls: Any, config_cls: Any, model: Model, device: str
) -> tuple[int, int] | None:
    """(FLOPs of a one-layer BertModel of this shape, FLOPs of its layer) for one
    SEQUENCE_LENGTH-token sequence, or None if they cannot be measured.

    FLOPs depend on the hidden size, heads and intermediate size, never on the number of
    layers beyond multiplying by it, so each distinct shape is measured once, on one layer
    (the closed-form formula then checks every model's total). FlopCounterMode computes
    FLOPs from shapes alone, so meta tensors suffice. It is a young API; if a torch release
    breaks it on meta tensors (or the config cannot run 128 tokens), the caller falls back to
    the formula and labels the figure "formula".
    """
    from torch.utils.flop_counter import FlopCounterMode

    config = config_cls(**{**model.hf_config, "num_hidden_layers": 1}, attn_implementation="eager")
    with torch.device(device):
        backbone = model_cls(config)
    backbone.eval()
    input_ids = torch.zeros((1, SEQUENCE_LENGTH), dtype=torch.long, device=device)
    try:
        with torch.no_grad(), FlopCounterMode(display=False) as counter:
            backbone(input_ids=input_ids)
        per_module = counter.get_flop_counts()
        layer = sum(per_module[f"{type(backbone).__name__}.encoder.layer.0"].values())
    except Exception:  # any failure here only means "not measurable": see the docstring
        return None
    return int(counter.get_total_flops()), int(layer)
