"""The JSON export: stable keys, every source, deterministic bytes."""

import json

from generator.catalog import load_catalog
from generator.render.export import FORMAT_VERSION, export_document, export_json
from tests.conftest import FULL_CATALOG

MODEL_KEYS = {
    "id",
    "name",
    "layers",
    "hidden",
    "heads",
    "intermediate",
    "kerashub_preset",
    "kerashub",
    "config",
    "sources",
}
SOURCE_KEYS = {
    "kind",
    "url",
    "code",
    "url_with_code",
    "official",
    "third_party",
    "framework",
    "note",
    "retired",
}
CITATION_KEYS = {"ref", "title", "url", "path", "locator", "quote", "verified", "reason"}
README_BIBTEX = """@article{turc2019,
  title={Well-Read Students Learn Better: On the Importance of Pre-training Compact Models},
  author={Turc, Iulia and Chang, Ming-Wei and Lee, Kenton and Toutanova, Kristina},
  journal={arXiv preprint arXiv:1908.08962v2 },
  year={2019}
}"""
"""google-research/bert README @ eedf571, lines 40-45, as printed (published.yaml cites them)."""


def test_export_has_documented_keys_and_every_source():
    catalog = load_catalog(FULL_CATALOG)
    doc = json.loads(export_json(catalog))
    assert doc["format"] == "little-berts-catalog" and doc["format_version"] == FORMAT_VERSION
    assert set(doc) == {
        "format",
        "format_version",
        "shared_config",
        "models",
        "bundles",
        "paper",
        "release",
        "glue",
        "fine_tuning",
        "parameter_figures",
        "shared_config_sources",
        "references",
        "provenance",
        "measurements",
    }
    assert doc["measurements"] == []  # none passed: tests/render/test_measure.py covers them
    assert len(doc["models"]) == 24
    for model, source_model in zip(doc["models"], catalog.models, strict=True):
        assert set(model) == MODEL_KEYS
        assert model["config"]["hidden_size"] == source_model.hidden
        assert [s["url"] for s in model["sources"]] == [s.url for s in source_model.sources]
        for source in model["sources"]:
            assert set(source) == SOURCE_KEYS
            assert (source["code"] is None) == (not source["kind"].startswith("baidu_"))
    pytorch_pack = next(b for b in doc["bundles"] if b["kind"] == "baidu_pytorch")
    assert pytorch_pack["url"] is None and pytorch_pack["not_published"]
    assert doc["paper"]["bibtex"] == README_BIBTEX
    # Provenance travels with the data: every figure has a citation, sourced or unverified.
    for figure in doc["parameter_figures"]:
        assert set(figure["source"]) == CITATION_KEYS
        assert figure["source"]["url"] or figure["source"]["verified"] is False
    assert doc["glue"]["source"]["locator"] and doc["glue"]["pairs"]["source"]["title"]
    assert set(doc["provenance"]["kinds"]) == {s["kind"] for m in doc["models"] for s in m["sources"]}


def test_export_is_deterministic():
    catalog = load_catalog(FULL_CATALOG)
    assert export_json(catalog) == export_json(load_catalog(FULL_CATALOG))
    assert export_document(catalog)["models"][0]["sources"][5]["url_with_code"].endswith("?pwd=lnyy")
