"""Plain, already validated data -> frozen dataclasses. Nothing downstream sees dicts."""

from __future__ import annotations

from typing import Any

from .model import Bundle, Catalog, KerasHubPreset, Model, SharedConfig
from .problems import SourceLine
from .provenance import Citation, Reference, citation, references_by_id, to_provenance
from .published import (
    ConfigSource,
    FigureCounts,
    FineTuning,
    Glue,
    GluePairs,
    GlueRow,
    Paper,
    ParameterFigure,
    Release,
)
from .sources import Retirement, Source, SourceKind
from .yamlsource import Located


def parse_published_figure(text: str) -> tuple[int, int]:
    """'4,385,920' -> (4385920, 0); '4.4M' -> (4400000, 50000): value and half a unit."""
    if text.endswith("M"):
        number = text[:-1]
        decimals = len(number.split(".", 1)[1]) if "." in number else 0
        unit = 10 ** (6 - decimals)
        return round(float(number) * 1_000_000), unit // 2
    return int(text.replace(",", "")), 0


def _source(raw: dict[str, Any]) -> Source:
    retired = raw.get("retired")
    return Source(
        kind=SourceKind(raw["kind"]),
        url=raw["url"],
        code=raw.get("code"),
        note=raw.get("note"),
        retired=Retirement(date=retired["date"], reason=retired["reason"]) if retired else None,
    )


def _pair(value: list[float]) -> tuple[float, float]:
    return (float(value[0]), float(value[1]))


def _cited(raw: dict[str, Any] | None, refs: dict[str, Reference]) -> Citation | None:
    """A plain citation (`license_source`), which has no verified/reason of its own."""
    return citation({"source": raw}, refs) if raw else None


def _model(m: dict[str, Any], shared: SharedConfig) -> Model:
    sources = [_source(s) for s in m["sources"]]
    k = m.get("kerashub")
    return Model(
        id=m["id"],
        layers=m["layers"],
        hidden=m["hidden"],
        heads=m["heads"],
        intermediate=m["intermediate"],
        shared=shared,
        name=m.get("name"),
        kerashub=KerasHubPreset(k["preset"], k["converted_from"]) if k else None,
        sources=tuple(s for s in sources if not s.retired),
        retired_sources=tuple(s for s in sources if s.retired),
    )


def _bundle(b: dict[str, Any]) -> Bundle:
    source = None if "not_published" in b else _source(b)
    live = source if source and not source.retired else None
    return Bundle(
        id=b["id"],
        kind=SourceKind(b["kind"]),
        source=live,
        not_published=b.get("not_published"),
        retired=source if source and source.retired else None,
    )


def _glue(g: dict[str, Any], refs: dict[str, Reference]) -> Glue:
    rows = tuple(
        GlueRow(
            model_id=r["model"],
            score=r["score"],
            cola=r["cola"],
            sst2=r["sst2"],
            mrpc=_pair(r["mrpc"]),
            stsb=_pair(r["stsb"]),
            qqp=_pair(r["qqp"]),
            mnli_m=r["mnli_m"],
            mnli_mm=r["mnli_mm"],
            qnli=r["qnli"],
            rte=r["rte"],
            wnli=r["wnli"],
            ax=r["ax"],
        )
        for r in g["scores"]
    )
    p = g["pairs"]
    pairs = GluePairs(mrpc=p["mrpc"], qqp=p["qqp"], stsb=p["stsb"], citation=citation(p, refs))
    return Glue(citation=citation(g, refs), split=g["split"], rows=rows, pairs=pairs)


def to_catalog(doc: Located) -> Catalog:
    """`doc` has passed the schema and semantic checks; its line map goes along where a later
    stage names a line (a parameter figure that disagrees with the count)."""
    data, directory = doc.data, doc.directory
    refs = references_by_id(data)
    shared = SharedConfig(**data["shared_config"])
    p = data["paper"]
    paper = Paper(
        title=p["title"],
        authors=tuple(p["authors"]),
        year=p["year"],
        arxiv=p["arxiv"],
        url=p["url"],
        arxiv_version=p.get("arxiv_version"),
        citation=citation(p, refs),
    )
    r = data["release"]
    release = Release(
        date=r["date"],
        publisher=r["publisher"],
        repository=r["repository"],
        license=r["license"],
        citation=citation(r, refs),
        license_citation=_cited(r.get("license_source"), refs),
    )
    f = data["fine_tuning"]
    figures = []
    for index, raw in enumerate(data["parameter_figures"]):
        value, tolerance = parse_published_figure(raw["published"])
        figures.append(
            ParameterFigure(
                model_id=raw["model"],
                published=raw["published"],
                counts=FigureCounts(raw["counts"]),
                citation=citation(raw, refs),
                value=value,
                tolerance=tolerance,
                note=raw.get("note"),
                at=SourceLine(*doc.locate(("parameter_figures", index, "published"))),
            )
        )
    return Catalog(
        directory=directory,
        shared_config=shared,
        models=tuple(_model(m, shared) for m in data["models"]),
        bundles=tuple(_bundle(b) for b in data["bundles"]),
        paper=paper,
        release=release,
        glue=_glue(data["glue"], refs),
        fine_tuning=FineTuning(
            epochs=f["epochs"],
            batch_sizes=tuple(f["batch_sizes"]),
            learning_rates=tuple(float(x) for x in f["learning_rates"]),
            selection=f["selection"],
            citation=citation(f, refs),
        ),
        parameter_figures=tuple(figures),
        provenance=to_provenance(data, refs),
        shared_config_sources=tuple(
            ConfigSource(fields=tuple(c["fields"]), citation=citation(c, refs))
            for c in data["shared_config_sources"]
        ),
    )
