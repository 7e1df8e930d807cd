"""Plain, already validated data -> frozen dataclasses. Nothing downstream sees dicts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .model import (
    Bundle,
    Catalog,
    FineTuning,
    Glue,
    GlueRow,
    Model,
    Paper,
    ParameterFigure,
    Release,
    SharedConfig,
    Source,
    SourceKind,
)


def parse_published_figure(text: str) -> tuple[int, int]:
    """'4,385,920' -> (4385920, 0); '4.4M' -> (4400000, 50000): value and half a unit."""
    if text.endswith("M"):
        number = text[:-1]
        decimals = len(number.split(".", 1)[1]) if "." in number else 0
        unit = 10 ** (6 - decimals)
        return round(float(number) * 1_000_000), unit // 2
    return int(text.replace(",", "")), 0


def _source(raw: dict[str, Any]) -> Source:
    return Source(kind=SourceKind(raw["kind"]), url=raw["url"], code=raw.get("code"),
                  note=raw.get("note"))


def _pair(value: list[float]) -> tuple[float, float]:
    return (float(value[0]), float(value[1]))


def to_catalog(data: dict[str, Any], directory: Path) -> Catalog:
    shared = SharedConfig(**data["shared_config"])
    models = tuple(
        Model(id=m["id"], layers=m["layers"], hidden=m["hidden"], heads=m["heads"],
              intermediate=m["intermediate"], shared=shared, name=m.get("name"),
              kerashub_preset=m.get("kerashub_preset"),
              sources=tuple(_source(s) for s in m["sources"]))
        for m in data["models"]
    )
    bundles = tuple(
        Bundle(id=b["id"], kind=SourceKind(b["kind"]),
               source=None if "not_published" in b else _source(b),
               not_published=b.get("not_published"))
        for b in data["bundles"]
    )
    p = data["paper"]
    paper = Paper(title=p["title"], authors=tuple(p["authors"]), year=p["year"], arxiv=p["arxiv"],
                  url=p["url"], arxiv_version=p.get("arxiv_version"))
    g = data["glue"]
    rows = tuple(
        GlueRow(model_id=r["model"], score=r["score"], cola=r["cola"], sst2=r["sst2"],
                mrpc=_pair(r["mrpc"]), stsb=_pair(r["stsb"]), qqp=_pair(r["qqp"]),
                mnli_m=r["mnli_m"], mnli_mm=r["mnli_mm"], qnli=r["qnli"], rte=r["rte"],
                wnli=r["wnli"], ax=r["ax"])
        for r in g["scores"]
    )
    f = data["fine_tuning"]
    figures = []
    for raw in data["parameter_figures"]:
        value, tolerance = parse_published_figure(raw["published"])
        figures.append(ParameterFigure(model_id=raw["model"], published=raw["published"],
                                       counts=raw["counts"], source=raw["source"],
                                       value=value, tolerance=tolerance))
    return Catalog(
        directory=directory,
        shared_config=shared,
        models=models,
        bundles=bundles,
        paper=paper,
        release=Release(**data["release"]),
        glue=Glue(source_title=g["source"]["title"], source_url=g["source"]["url"],
                  split=g["split"], rows=rows),
        fine_tuning=FineTuning(epochs=f["epochs"], batch_sizes=tuple(f["batch_sizes"]),
                               learning_rates=tuple(float(x) for x in f["learning_rates"]),
                               selection=f["selection"]),
        parameter_figures=tuple(figures),
    )
