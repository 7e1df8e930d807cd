"""The JSON export: stable keys, every source, deterministic bytes."""

import json

from generator.catalog import load_catalog
from generator.catalog.export import FORMAT_VERSION, export_document, export_json
from tests.conftest import FULL_CATALOG

MODEL_KEYS = {"id", "name", "layers", "hidden", "heads", "intermediate", "kerashub_preset",
              "config", "sources"}
SOURCE_KEYS = {"kind", "url", "code", "url_with_code", "official", "framework", "note"}


def test_export_has_documented_keys_and_every_source():
    catalog = load_catalog(FULL_CATALOG)
    doc = json.loads(export_json(catalog))
    assert doc["format"] == "little-berts-catalog" and doc["format_version"] == FORMAT_VERSION
    assert set(doc) == {"format", "format_version", "shared_config", "models", "bundles", "paper",
                        "release", "glue", "fine_tuning", "parameter_figures", "measurements"}
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
    assert "@article{turc2019wellread" in doc["paper"]["bibtex"]


def test_export_is_deterministic():
    catalog = load_catalog(FULL_CATALOG)
    assert export_json(catalog) == export_json(load_catalog(FULL_CATALOG))
    assert export_document(catalog)["models"][0]["sources"][4]["url_with_code"].endswith("?pwd=lnyy")
