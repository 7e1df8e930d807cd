"""The catalogue as frozen dataclasses: what every stage after loading works with."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .provenance import Citation, Provenance


class SourceKind(StrEnum):
    """Where a download lives. Adding a kind: here, in schema.json's `source_kind` enum (a
    test proves the two equal), in KIND_HOSTS and in references.yaml's `provenance.kinds`."""

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
    def third_party(self) -> bool:
        """A copy made by someone other than Google: its weights are not verified identical."""
        return not self.official

    @property
    def third_party_note(self) -> str | None:
        """'conversion' for a third party's PyTorch conversion, 'copy' for a re-upload of
        Google's files, None for Google's own; the site words it (i18n 'third_party.<key>')."""
        if self.official:
            return None
        return "conversion" if self.framework == "pytorch" else "copy"

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

# The release's named sizes and the (layers, hidden) each one means; schema.json's
# `name` enum lists the same names (tests/catalog/test_vocabulary.py).
NAMED_SIZES: dict[str, tuple[int, int]] = {
    "BERT-Tiny": (2, 128),
    "BERT-Mini": (4, 256),
    "BERT-Small": (4, 512),
    "BERT-Medium": (8, 512),
    "BERT-Base": (12, 768),
}


# Where mainland visitors reach the Hugging Face Hub: huggingface_hub reads HF_ENDPOINT
# (constants.py) and hf-mirror.com serves the same paths. Derived per id, never stored.
HF_MIRROR_ENDPOINT = "https://hf-mirror.com"


@dataclass(frozen=True)
class Retirement:
    """When and why a link stopped being offered. The link stays in the catalogue as history."""

    date: str
    reason: str


@dataclass(frozen=True)
class Source:
    """One download of one model (or bundle)."""

    kind: SourceKind
    url: str
    code: str | None = None
    """Baidu Netdisk extraction code; None for kinds that need none."""
    note: str | None = None
    retired: Retirement | None = None
    """Set for a link kept only as history: it is not checked and not offered."""

    @property
    def url_with_code(self) -> str:
        """Baidu accepts the code as ?pwd=xxxx, which fills it in for the visitor."""
        if not self.code:
            return self.url
        # The validator refuses a URL with its own ?pwd=; dropping one here too means a link
        # can never carry two codes that disagree.
        parts = urlsplit(self.url)
        query = [pair for pair in parse_qsl(parts.query, keep_blank_values=True) if pair[0].lower() != "pwd"]
        return urlunsplit(parts._replace(query=urlencode([*query, ("pwd", self.code)])))

    @property
    def hub_repo(self) -> str | None:
        """'google/bert_uncased_L-2_H-128_A-2' for a Hugging Face source, else None."""
        if self.kind in (SourceKind.HUGGINGFACE, SourceKind.HUGGINGFACE_COMMUNITY):
            return self.url.split("huggingface.co/", 1)[1].strip("/")
        return None

    @property
    def hub_mirror_url(self) -> str | None:
        """The same repository on the mainland mirror (HF_MIRROR_ENDPOINT), for Hugging Face sources."""
        repo = self.hub_repo
        return f"{HF_MIRROR_ENDPOINT}/{repo}" if repo else None


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
class Paper:
    title: str
    authors: tuple[str, ...]
    year: int
    arxiv: str
    url: str
    arxiv_version: int | None = None
    citation: Citation | None = None

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
    citation: Citation | None = None
    license_citation: Citation | None = None


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
class GluePairs:
    """What the two numbers of MRPC, QQP and STS-B are, and who says so."""

    mrpc: str
    qqp: str
    stsb: str
    citation: Citation


@dataclass(frozen=True)
class Glue:
    citation: Citation
    split: str
    rows: tuple[GlueRow, ...]
    pairs: GluePairs

    @property
    def source_title(self) -> str:
        return self.citation.title or ""

    @property
    def source_url(self) -> str | None:
        return self.citation.url


@dataclass(frozen=True)
class FineTuning:
    epochs: int
    batch_sizes: tuple[int, ...]
    learning_rates: tuple[float, ...]
    selection: str
    citation: Citation | None = None


class FigureCounts(StrEnum):
    """What a published parameter figure is compared with; schema.json's `counts` enum
    lists the same values (tests/catalog/test_vocabulary.py)."""

    BACKBONE = "backbone"
    """BertModel: embeddings, encoder layers and pooler."""
    BACKBONE_MLM = "backbone_mlm"
    """BertModel plus the masked-LM head (rounded figures match it by arithmetic only)."""


Counts = FigureCounts


@dataclass(frozen=True)
class ParameterFigure:
    """A parameter count as another source publishes it, and what that source counts."""

    model_id: str
    published: str
    """Exactly as printed: "4,385,920" or "4.4M"."""
    counts: FigureCounts
    citation: Citation
    value: int
    """The figure as an integer (4.4M -> 4_400_000)."""
    tolerance: int
    """Half a unit of the printed rounding: 0 for exact figures, 50_000 for "4.4M"."""

    note: str | None = None

    @property
    def source(self) -> str:
        """A one-line label of where the figure comes from, for messages and reports."""
        if self.citation.title:
            label = self.citation.title
            if self.citation.locator:
                label += f", {self.citation.locator}"
        else:
            label = "no source"
        return label if self.citation.verified else f"{label} (unverified)"

    def agrees_with(self, computed: int) -> bool:
        return abs(computed - self.value) <= self.tolerance


@dataclass(frozen=True)
class ConfigSource:
    """Where some of the shared config values are printed."""

    fields: tuple[str, ...]
    citation: Citation


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
        out = [(f"{f.model_id}: {f.published}", f.citation) for f in self.parameter_figures
               if not f.citation.verified]
        if not self.glue.pairs.citation.verified:
            out.append(("GLUE pairs", self.glue.pairs.citation))
        out += [(f"{k.kind} links", k.citation) for k in self.provenance.kinds if not k.citation.verified]
        return out
