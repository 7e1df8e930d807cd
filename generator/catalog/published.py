"""What others published about the release, each fact with its citation: the paper, the
release itself, GLUE scores, the fine-tuning recipe, parameter figures and where the shared
config values are printed.

Apart from model.py because these are cited facts shown beside the models, not the models
themselves; provenance.py says what a citation is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .problems import SourceLine
from .provenance import Citation


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
        """The entry exactly as the README prints it (its `citation` locates it): key turc2019,
        "Last, First" authors, the arXiv version in the journal field, the space before its brace
        included, so a reader comparing the two finds them equal."""
        key = f"{self.authors[0].split()[-1].lower()}{self.year}"
        authors = " and ".join(", ".join(reversed(name.rsplit(" ", 1))) for name in self.authors)
        version = f"v{self.arxiv_version}" if self.arxiv_version else ""
        return (
            f"@article{{{key},\n"
            f"  title={{{self.title}}},\n"
            f"  author={{{authors}}},\n"
            f"  journal={{arXiv preprint arXiv:{self.arxiv}{version} }},\n"
            f"  year={{{self.year}}}\n"
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
    at: SourceLine | None = field(default=None, compare=False)
    """The file and line of its `published` value (None for a figure made in code)."""

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
