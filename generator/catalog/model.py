"""The catalogue as frozen dataclasses: what every stage after loading works with."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Literal


class SourceKind(StrEnum):
    """Where a download lives. Adding a kind: here, in schema.json and in KIND_HOSTS."""

    GOOGLE_ZIP = "google_zip"
    HUGGINGFACE = "huggingface"
    HUGGINGFACE_COMMUNITY = "huggingface_community"
    TFHUB = "tfhub"
    KAGGLE = "kaggle"
    BAIDU_PYTORCH = "baidu_pytorch"
    BAIDU_TENSORFLOW = "baidu_tensorflow"

    @property
    def needs_code(self) -> bool:
        """Baidu Netdisk shares are opened with a 4-character extraction code (提取码)."""
        return self in (SourceKind.BAIDU_PYTORCH, SourceKind.BAIDU_TENSORFLOW)

    @property
    def official(self) -> bool:
        """Published by Google itself (zip, google/ on the Hub, TF Hub and its Kaggle home)."""
        return self in (SourceKind.GOOGLE_ZIP, SourceKind.HUGGINGFACE, SourceKind.TFHUB,
                        SourceKind.KAGGLE)

    @property
    def framework(self) -> str:
        """What the download contains: 'tf1' checkpoint, 'pytorch' weights or 'tf2' SavedModel."""
        return {
            SourceKind.GOOGLE_ZIP: "tf1",
            SourceKind.HUGGINGFACE: "pytorch",
            SourceKind.HUGGINGFACE_COMMUNITY: "pytorch",
            SourceKind.TFHUB: "tf2",
            SourceKind.KAGGLE: "tf2",
            SourceKind.BAIDU_PYTORCH: "pytorch",
            SourceKind.BAIDU_TENSORFLOW: "tf1",
        }[self]


# Hosts each kind may point at: a Baidu link pasted under `huggingface` is a mistake.
KIND_HOSTS: dict[SourceKind, tuple[str, ...]] = {
    SourceKind.GOOGLE_ZIP: ("storage.googleapis.com",),
    SourceKind.HUGGINGFACE: ("huggingface.co",),
    SourceKind.HUGGINGFACE_COMMUNITY: ("huggingface.co",),
    SourceKind.TFHUB: ("tfhub.dev",),
    SourceKind.KAGGLE: ("www.kaggle.com", "kaggle.com"),
    SourceKind.BAIDU_PYTORCH: ("pan.baidu.com", "yun.baidu.com"),
    SourceKind.BAIDU_TENSORFLOW: ("pan.baidu.com", "yun.baidu.com"),
}

# The release's named sizes and the (layers, hidden) each one means.
NAMED_SIZES: dict[str, tuple[int, int]] = {
    "BERT-Tiny": (2, 128),
    "BERT-Mini": (4, 256),
    "BERT-Small": (4, 512),
    "BERT-Medium": (8, 512),
    "BERT-Base": (12, 768),
}


@dataclass(frozen=True)
class Source:
    """One download of one model (or bundle)."""

    kind: SourceKind
    url: str
    code: str | None = None
    """Baidu Netdisk extraction code; None for kinds that need none."""
    note: str | None = None

    @property
    def url_with_code(self) -> str:
        """Baidu accepts the code as ?pwd=xxxx, which fills it in for the visitor."""
        if not self.code:
            return self.url
        return f"{self.url}{'&' if '?' in self.url else '?'}pwd={self.code}"

    @property
    def hub_repo(self) -> str | None:
        """'google/bert_uncased_L-2_H-128_A-2' for a Hugging Face source, else None."""
        if self.kind in (SourceKind.HUGGINGFACE, SourceKind.HUGGINGFACE_COMMUNITY):
            return self.url.split("huggingface.co/", 1)[1].strip("/")
        return None


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
class Model:
    """One of the miniatures: its shape, its shared config and where to get it."""

    id: str
    layers: int
    hidden: int
    heads: int
    intermediate: int
    shared: SharedConfig
    sources: tuple[Source, ...]
    name: str | None = None
    """Named size (BERT-Tiny ...) where the release gives one."""
    kerashub_preset: str | None = None

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


@dataclass(frozen=True)
class Paper:
    title: str
    authors: tuple[str, ...]
    year: int
    arxiv: str
    url: str
    arxiv_version: int | None = None

    @property
    def bibtex(self) -> str:
        key = f"{self.authors[0].split()[-1].lower()}{self.year}wellread"
        return (
            f"@article{{{key},\n"
            f"  title   = {{{self.title}}},\n"
            f"  author  = {{{' and '.join(self.authors)}}},\n"
            f"  journal = {{arXiv preprint arXiv:{self.arxiv}}},\n"
            f"  year    = {{{self.year}}}\n"
            f"}}"
        )


@dataclass(frozen=True)
class Release:
    date: str
    publisher: str
    repository: str
    license: str


Pair = tuple[float, float]


@dataclass(frozen=True)
class GlueRow:
    """GLUE test-set scores of one model; pairs are F1/accuracy or Pearson/Spearman."""

    model_id: str
    score: float
    cola: float
    sst2: float
    mrpc: Pair
    stsb: Pair
    qqp: Pair
    mnli_m: float
    mnli_mm: float
    qnli: float
    rte: float
    wnli: float
    ax: float


@dataclass(frozen=True)
class Glue:
    source_title: str
    source_url: str
    split: str
    rows: tuple[GlueRow, ...]


@dataclass(frozen=True)
class FineTuning:
    epochs: int
    batch_sizes: tuple[int, ...]
    learning_rates: tuple[float, ...]
    selection: str


Counts = Literal["backbone", "backbone_mlm"]


@dataclass(frozen=True)
class ParameterFigure:
    """A parameter count as another source publishes it, and what that source counts."""

    model_id: str
    published: str
    """Exactly as printed: "4,385,920" or "4.4M"."""
    counts: Counts
    source: str
    value: int
    """The figure as an integer (4.4M -> 4_400_000)."""
    tolerance: int
    """Half a unit of the printed rounding: 0 for exact figures, 50_000 for "4.4M"."""

    def agrees_with(self, computed: int) -> bool:
        return abs(computed - self.value) <= self.tolerance


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
        """Every checkable link as (owner id, kind, source): models first, then bundles."""
        out = [(m.id, s.kind.value, s) for m in self.models for s in m.sources]
        out += [(b.id, b.kind.value, b.source) for b in self.bundles if b.source]
        return out
