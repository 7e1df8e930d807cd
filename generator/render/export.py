"""The catalogue as a JSON document with stable keys (published as catalog.json). Pure.

A view of everything, like the pages: the catalogue with the measurement files beside it, so it
lives with the other views (it reads the catalogue and measure stages; they never read it).

Keys are documented in the README ("catalog.json"). Add keys freely; renaming or
removing one is a breaking change and bumps FORMAT_VERSION.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ..catalog import Catalog, Source
from ..catalog.provenance import Citation
from ..measure import Measurements
from ..measure.record import to_document

FORMAT_VERSION = 2


def _source(source: Source) -> dict[str, Any]:
    return {
        "kind": source.kind.value,
        "url": source.url,
        "code": source.code,
        "url_with_code": source.url_with_code if source.code else None,
        "official": source.kind.official,
        "framework": source.kind.framework,
        "third_party": source.kind.third_party,
        "note": source.note,
        "retired": asdict(source.retired) if source.retired else None,
    }


def _citation(c: Citation | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "ref": c.reference.id if c.reference else None,
        "title": c.title,
        "url": c.url,
        "path": c.reference.path if c.reference else None,
        "locator": c.locator,
        "quote": c.quote,
        "verified": c.verified,
        "reason": c.reason,
    }


def export_document(catalog: Catalog, measurements: tuple[Measurements, ...] = ()) -> dict[str, Any]:
    """Plain data for catalog.json; no timestamps of its own, so equal catalogues (and equal
    measurement files) export equal bytes.

    `measurements`: each file's machine record and models, as in catalog/measurement.schema.json
    (format version 2).
    """
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
                "kerashub": (
                    {**asdict(m.kerashub), "same_weights": m.kerashub_same_weights} if m.kerashub else None
                ),
                "config": m.hf_config,
                "sources": [_source(s) for s in (*m.sources, *m.retired_sources)],
            }
            for m in catalog.models
        ],
        "bundles": [
            {
                "id": b.id,
                "kind": b.kind.value,
                **(
                    {k: v for k, v in _source(source).items() if k != "kind"}
                    if (source := b.source or b.retired)
                    else {"url": None, "code": None}
                ),
                "not_published": b.not_published,
            }
            for b in catalog.bundles
        ],
        "shared_config_sources": [
            {"fields": list(c.fields), "source": _citation(c.citation)} for c in catalog.shared_config_sources
        ],
        "paper": {
            **{k: v for k, v in asdict(catalog.paper).items() if k != "citation"},
            "bibtex": catalog.paper.bibtex,
            "source": _citation(catalog.paper.citation),
        },
        "release": {
            **{k: v for k, v in asdict(catalog.release).items() if not k.endswith("citation")},
            "source": _citation(catalog.release.citation),
            "license_source": _citation(catalog.release.license_citation),
        },
        "glue": {
            "source": _citation(catalog.glue.citation),
            "split": catalog.glue.split,
            "pairs": {
                "mrpc": catalog.glue.pairs.mrpc,
                "qqp": catalog.glue.pairs.qqp,
                "stsb": catalog.glue.pairs.stsb,
                "source": _citation(catalog.glue.pairs.citation),
            },
            "scores": [
                {"model": r.model_id, **{k: v for k, v in asdict(r).items() if k != "model_id"}}
                for r in catalog.glue.rows
            ],
        },
        "fine_tuning": {
            **{k: v for k, v in asdict(catalog.fine_tuning).items() if k != "citation"},
            "source": _citation(catalog.fine_tuning.citation),
        },
        "parameter_figures": [
            {
                "model": f.model_id,
                "published": f.published,
                "counts": f.counts.value,
                "source": _citation(f.citation),
                "note": f.note,
                "value": f.value,
                "tolerance": f.tolerance,
            }
            for f in catalog.parameter_figures
        ],
        "references": [asdict(r) for r in catalog.provenance.references],
        "provenance": {
            "models": _citation(catalog.provenance.models),
            "kerashub": _citation(catalog.provenance.kerashub),
            "kinds": {k.kind: _citation(k.citation) for k in catalog.provenance.kinds},
        },
        "measurements": [
            {k: v for k, v in to_document(m).items() if k in ("machine", "models")} for m in measurements
        ],
    }


def export_json(catalog: Catalog, measurements: tuple[Measurements, ...] = ()) -> str:
    return json.dumps(export_document(catalog, measurements), ensure_ascii=False, indent=2) + "\n"
