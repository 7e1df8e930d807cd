"""The catalogue as a JSON document with stable keys (published as catalog.json).

Keys are documented in the README ("catalog.json"). Add keys freely; renaming or
removing one is a breaking change and bumps FORMAT_VERSION.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from .model import Catalog, Source

FORMAT_VERSION = 1


def _source(source: Source) -> dict[str, Any]:
    return {
        "kind": source.kind.value,
        "url": source.url,
        "code": source.code,
        "url_with_code": source.url_with_code if source.code else None,
        "official": source.kind.official,
        "framework": source.kind.framework,
        "note": source.note,
    }


def export_document(catalog: Catalog, measurements: tuple = ()) -> dict[str, Any]:
    """Plain data for catalog.json; no timestamps of its own, so equal catalogues (and equal
    measurement files) export equal bytes.

    `measurements` are generator.measure.Measurements: each file's machine record and models,
    as in catalog/measurement.schema.json.
    """
    from ..measure.record import to_document

    return {
        "format": "little-berts-catalog",
        "format_version": FORMAT_VERSION,
        "shared_config": asdict(catalog.shared_config),
        "models": [
            {
                "id": m.id,
                "name": m.name,
                "layers": m.layers,
                "hidden": m.hidden,
                "heads": m.heads,
                "intermediate": m.intermediate,
                "kerashub_preset": m.kerashub_preset,
                "config": m.hf_config,
                "sources": [_source(s) for s in m.sources],
            }
            for m in catalog.models
        ],
        "bundles": [
            {
                "id": b.id,
                "kind": b.kind.value,
                **({k: v for k, v in _source(b.source).items() if k != "kind"} if b.source
                   else {"url": None, "code": None}),
                "not_published": b.not_published,
            }
            for b in catalog.bundles
        ],
        "paper": {**asdict(catalog.paper), "bibtex": catalog.paper.bibtex},
        "release": asdict(catalog.release),
        "glue": {
            "source": {"title": catalog.glue.source_title, "url": catalog.glue.source_url},
            "split": catalog.glue.split,
            "scores": [
                {"model": r.model_id, **{k: v for k, v in asdict(r).items() if k != "model_id"}}
                for r in catalog.glue.rows
            ],
        },
        "fine_tuning": asdict(catalog.fine_tuning),
        "parameter_figures": [
            {"model": f.model_id, "published": f.published, "counts": f.counts,
             "source": f.source, "value": f.value, "tolerance": f.tolerance}
            for f in catalog.parameter_figures
        ],
        "measurements": [{k: v for k, v in to_document(m).items() if k in ("machine", "models")}
                         for m in measurements],
    }


def export_json(catalog: Catalog, measurements: tuple = ()) -> str:
    return json.dumps(export_document(catalog, measurements), ensure_ascii=False, indent=2) + "\n"
