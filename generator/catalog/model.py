"""The catalogue as frozen dataclasses: what every stage after loading works with.

This module holds the models, the bundles and the Catalog that ties them together; one
download link is sources.py, and the cited facts shown beside the models are published.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .provenance import Citation, Provenance
from .published import ConfigSource, FineTuning, Glue, GlueRow, Paper, ParameterFigure, Release
from .sources import Source, SourceKind

# The release's named sizes and the (layers, hidden) each one means; schema.json's
# `name` enum lists the same names (tests/catalog/test_vocabulary.py).
NAMED_SIZES: dict[str, tuple[int, int]] = {
    "BERT-Tiny": (2, 128),
    "BERT-Mini": (4, 256),
    "BERT-Small": (4, 512),
    "BERT-Medium": (8, 512),
    "BERT-Base": (12, 768),
}


@dataclass(frozen=True)
class SharedConfig:
    """BERT config values every model of the release shares."""

    vocab_size: int
    max_position_embeddings: int
    type_vocab_size: int
    hidden_act: str
    hidden_dropout_prob: float
    attention_probs_dropout_prob: float
    layer_norm_eps: float
    initializer_range: float


@dataclass(frozen=True)
class KerasHubPreset:
    """A KerasHub preset of a model's shape, and the checkpoint KerasHub converted it from."""

    preset: str
    converted_from: str
    """Hugging Face id of the converted checkpoint."""


@dataclass(frozen=True)
class Model:
    """One of the miniatures: its shape, its shared config and where to get it."""

    id: str
    layers: int
    hidden: int
    heads: int
    intermediate: int
    shared: SharedConfig
    sources: tuple[Source, ...]
    """The live links: offered on the site and checked."""
    name: str | None = None
    """Named size (BERT-Tiny ...) where the release gives one."""
    kerashub: KerasHubPreset | None = None
    retired_sources: tuple[Source, ...] = ()
    """Links kept as history (each has `retired`): never checked, shown as retired or replaced."""

    @property
    def hub_id(self) -> str:
        """This checkpoint's id under Google's Hugging Face organisation."""
        return f"google/bert_{self.id}"

    @property
    def kerashub_preset(self) -> str | None:
        return self.kerashub.preset if self.kerashub else None

    @property
    def kerashub_same_weights(self) -> bool:
        """Whether the KerasHub preset holds this checkpoint's weights, not only its shape."""
        return self.kerashub is not None and self.kerashub.converted_from == self.hub_id

    def replaced(self, retired: Source) -> bool:
        """A retired link is 'replaced' when a live link of the same kind exists."""
        return any(s.kind is retired.kind for s in self.sources)

    @property
    def hf_config(self) -> dict[str, object]:
        """The Hugging Face `config.json` content for this model (BertConfig keys)."""
        s = self.shared
        return {
            "architectures": ["BertForPreTraining"],
            "model_type": "bert",
            "attention_probs_dropout_prob": s.attention_probs_dropout_prob,
            "hidden_act": s.hidden_act,
            "hidden_dropout_prob": s.hidden_dropout_prob,
            "hidden_size": self.hidden,
            "initializer_range": s.initializer_range,
            "intermediate_size": self.intermediate,
            "layer_norm_eps": s.layer_norm_eps,
            "max_position_embeddings": s.max_position_embeddings,
            "num_attention_heads": self.heads,
            "num_hidden_layers": self.layers,
            "type_vocab_size": s.type_vocab_size,
            "vocab_size": s.vocab_size,
        }

    def sources_of(self, kind: SourceKind) -> tuple[Source, ...]:
        return tuple(s for s in self.sources if s.kind is kind)


@dataclass(frozen=True)
class Bundle:
    """An archive of all models. Exactly one of `source` and `not_published` is set."""

    id: str
    kind: SourceKind
    source: Source | None
    not_published: str | None = None
    """Why no link exists (shown instead of a blank or broken link)."""
    retired: Source | None = None
    """The bundle's earlier link, kept as history when `source` replaced it."""


@dataclass(frozen=True)
class Catalog:
    """The validated catalogue."""

    directory: Path
    shared_config: SharedConfig
    models: tuple[Model, ...]
    bundles: tuple[Bundle, ...]
    paper: Paper
    release: Release
    glue: Glue
    fine_tuning: FineTuning
    parameter_figures: tuple[ParameterFigure, ...]
    provenance: Provenance
    shared_config_sources: tuple[ConfigSource, ...] = ()

    def model(self, model_id: str) -> Model:
        for model in self.models:
            if model.id == model_id:
                return model
        raise KeyError(model_id)

    def glue_for(self, model_id: str) -> GlueRow | None:
        return next((row for row in self.glue.rows if row.model_id == model_id), None)

    def figures_for(self, model_id: str) -> tuple[ParameterFigure, ...]:
        return tuple(f for f in self.parameter_figures if f.model_id == model_id)

    def links(self) -> list[tuple[str, str, Source]]:
        """Every checkable link as (owner id, kind, source): models first, then bundles.
        Retired links are history, not downloads: they are left out."""
        out = [(m.id, s.kind.value, s) for m in self.models for s in m.sources]
        out += [(b.id, b.kind.value, b.source) for b in self.bundles if b.source]
        return out

    def retired_links(self) -> list[tuple[str, Source]]:
        """Every retired link as (owner id, source), models first, then bundles."""
        out = [(m.id, s) for m in self.models for s in m.retired_sources]
        out += [(b.id, b.retired) for b in self.bundles if b.retired]
        return out

    def unverified(self) -> list[tuple[str, Citation]]:
        """Every published fact marked unverified, as (what it is, its citation)."""
        out = [
            (f"{f.model_id}: {f.published}", f.citation)
            for f in self.parameter_figures
            if not f.citation.verified
        ]
        if not self.glue.pairs.citation.verified:
            out.append(("GLUE pairs", self.glue.pairs.citation))
        out += [(f"{k.kind} links", k.citation) for k in self.provenance.kinds if not k.citation.verified]
        return out
