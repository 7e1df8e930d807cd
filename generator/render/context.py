"""Typed page data: the catalogue joined with parameter counts and link status. Pure.

Templates only format what is here; every number they print is a field of these objects,
either computed (params stage) or cited (catalogue, with its source).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import Bundle, Catalog, GlueRow, Model, Source, SourceKind
from ..escape import safe_href
from ..links.baidu.codes import CodeHistory
from ..links.evidence.changes import EvidenceHistory
from ..links.evidence.loads import LoadsHistory
from ..measure import Measurements
from ..params import CountRun, FigureCheck, ParamCount
from .evidence import ModelEvidence, SourceEvidence, model_evidence, source_evidence
from .linkstatus import BADGE_ORDER, LinkStateView, LinkStatus
from .loads import HubLoad, hub_loads


@dataclass(frozen=True)
class LinkView:
    """One download link with what the page needs to show it safely."""

    owner_id: str
    """Model id or bundle id."""
    kind: SourceKind
    url: str
    href: str | None
    """`url` when it is safe to link (http/https), else None: shown as text."""
    code: str | None
    href_with_code: str | None
    """The ?pwd= form that fills the extraction code in, when there is a code."""
    status: LinkStatus
    note: str | None = None
    code_history: CodeHistory | None = None
    """The history of this link's code, only when it is the catalogue's current code."""
    evidence: EvidenceHistory | None = None
    """File sizes and hashes the host reported (GCS, the Hub, a Baidu listing)."""
    hub_repo: str | None = None
    """'google/bert_uncased_L-2_H-128_A-2' for a Hugging Face source, else None."""
    loads: LoadsHistory | None = None
    """Hugging Face sources: whether transformers builds a config from config.json (the checker's)."""

    @property
    def files(self) -> SourceEvidence | None:
        """The evidence as pages show it, or None when none was recorded."""
        return source_evidence(self.kind, self.url, self.evidence) if self.evidence is not None else None


@dataclass(frozen=True)
class ModelView:
    model: Model
    params: ParamCount
    glue: GlueRow | None
    figures: tuple[FigureCheck, ...]
    """This model's published parameter figures, each beside the count computed in its
    convention. The params stage raises CountDisagreement on any figure that disagrees, so
    every one of them agrees (within its printed rounding)."""
    links: tuple[LinkView, ...]

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def shape(self) -> str:
        """'L2/H128', the grid coordinates every page uses as a short label."""
        return f"L{self.model.layers}/H{self.model.hidden}"

    @property
    def label(self) -> str:
        """The named size where there is one (BERT-Tiny), else the grid coordinates."""
        return self.model.name or self.shape

    def links_of(self, *kinds: SourceKind | str) -> tuple[LinkView, ...]:
        """This model's links of these kinds. A kind may be given by its value ("kaggle"), so a
        template can ask for a kind the catalogue may not define yet."""
        wanted = {str(kind) for kind in kinds}
        return tuple(link for link in self.links if link.kind.value in wanted)

    @property
    def hub_repo(self) -> str | None:
        """The official Hugging Face repository id (google/bert_uncased_...), if catalogued."""
        return next((s.hub_repo for s in self.model.sources if s.kind is SourceKind.HUGGINGFACE), None)

    @property
    def search_tags(self) -> tuple[str, ...]:
        """Words the site's search boosts for this page (front matter `tags`, indexed by
        Material's search with the highest boost and not shown on the page): the name, the id
        and the shape. No Chinese gloss of the name: no source gives one, and 小型 ("small") is
        also this site's word for the whole family.

        The search separator (mkdocs.yml) splits them as it splits a query: the id into
        uncased_l, 6_h, 256_a, 4; the shape L6/H256 into l6, h256. A query's words get a
        trailing wildcard, so L-6_H-256 (l*, 6_h*, 256*) and L6 H256 match here, and together
        only here. No tag may hold a bare hidden size ("256"): the bare heads number that ends
        a full-id query ("…_A-2" -> "2*") would match it and lift another model above the exact one.
        """
        tags = [self.id, self.shape]
        if self.model.name:
            tags.insert(0, self.model.name)
        return tuple(tags)

    @property
    def evidence(self) -> ModelEvidence:
        return model_evidence(self.model.id, self.links)

    @property
    def hub_loads(self) -> tuple[HubLoad, ...]:
        """Each Hugging Face repository: does it load with transformers, and with which code."""
        return hub_loads(self.links)


@dataclass(frozen=True)
class BundleView:
    bundle: Bundle
    link: LinkView | None
    """None for a bundle that was announced but never published."""


@dataclass(frozen=True)
class SiteData:
    catalog: Catalog
    models: tuple[ModelView, ...]
    bundles: tuple[BundleView, ...]
    state: LinkStateView
    measurements: tuple[Measurements, ...] = ()
    """Every file of catalog/measurements/ (generator.measure), validated."""

    @property
    def layer_values(self) -> tuple[int, ...]:
        return tuple(sorted({m.model.layers for m in self.models}))

    @property
    def hidden_values(self) -> tuple[int, ...]:
        return tuple(sorted({m.model.hidden for m in self.models}))

    def at(self, layers: int, hidden: int) -> ModelView | None:
        return next((m for m in self.models if m.model.layers == layers and m.model.hidden == hidden), None)

    @property
    def named(self) -> tuple[ModelView, ...]:
        return tuple(m for m in self.models if m.model.name)

    @property
    def all_links(self) -> tuple[LinkView, ...]:
        """Every link, worst status first, then in catalogue order (a stable sort)."""
        links = [link for m in self.models for link in m.links]
        links += [b.link for b in self.bundles if b.link]
        return tuple(sorted(links, key=lambda link: BADGE_ORDER[link.status.badge]))

    @property
    def links_with_evidence(self) -> tuple[LinkView, ...]:
        """Links whose host reported files, in catalogue order (each model's, then the bundles')."""
        links = [link for m in self.models for link in m.links] + [b.link for b in self.bundles if b.link]
        return tuple(link for link in links if link.evidence is not None)

    def badge_counts(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(BADGE_ORDER, 0)
        for link in self.all_links:
            counts[link.status.badge] += 1
        return counts


def _link(owner_id: str, source: Source, state: LinkStateView) -> LinkView:
    href = safe_href(source.url)
    history = state.state.get(source.url)
    code = history.code if history is not None else None
    return LinkView(
        owner_id=owner_id,
        kind=source.kind,
        url=source.url,
        href=href,
        code=source.code,
        href_with_code=safe_href(source.url_with_code) if source.code and href else None,
        status=state.status(source.url),
        note=source.note,
        code_history=code if code is not None and code.code == source.code else None,
        evidence=history.evidence if history is not None else None,
        hub_repo=source.hub_repo,
        loads=history.loads if history is not None else None,
    )


def site_data(
    catalog: Catalog, counts: CountRun, state: LinkStateView, measurements: tuple[Measurements, ...] = ()
) -> SiteData:
    """`counts` is the params stage's run on this catalogue (generator.params.gather_counts),
    which holds a count for every model."""
    by_id = {c.model_id: c for c in counts.counts}
    models = tuple(
        ModelView(
            model=m,
            params=by_id[m.id],
            glue=catalog.glue_for(m.id),
            figures=tuple(check for check in counts.checks if check.figure.model_id == m.id),
            links=tuple(_link(m.id, s, state) for s in m.sources),
        )
        for m in catalog.models
    )
    # A bundle whose only link was retired is history (link history), not a download.
    bundles = tuple(
        BundleView(b, _link(b.id, b.source, state) if b.source else None)
        for b in catalog.bundles
        if b.source or b.not_published
    )
    return SiteData(catalog=catalog, models=models, bundles=bundles, state=state, measurements=measurements)
