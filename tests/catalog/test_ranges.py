"""Every configuration number has a documented range; a number outside it is refused with it.

The ranges (catalog/schema.json) cover real BERT-family models with room to spare, and keep
the cost of instantiating a config bounded: `layers: 200000` once validated, then the build
ran for minutes and gigabytes.
"""

from __future__ import annotations

import pytest

from generator.catalog import CatalogInvalid, load_catalog, load_schema
from tests.conftest import replace_once

# (field path, old text, new text, the range the message must state)
CASES = [
    ("models[0].layers", "    layers: 2\n", "    layers: 200000\n", "allowed from 1 to 128"),
    ("models[0].hidden", "    hidden: 128\n", "    hidden: 1000000\n", "allowed from 1 to 16,384"),
    ("models[0].heads", "    heads: 2\n", "    heads: 0\n", "allowed from 1 to 256"),
    (
        "models[0].intermediate",
        "    intermediate: 512\n",
        "    intermediate: 10000000\n",
        "allowed from 1 to 65,536",
    ),
    ("shared_config.vocab_size", "vocab_size: 30522", "vocab_size: 99999999", "allowed from 1 to 1,000,000"),
    (
        "shared_config.max_position_embeddings",
        "max_position_embeddings: 512",
        "max_position_embeddings: 10000000",
        "allowed from 1 to 131,072",
    ),
    ("shared_config.type_vocab_size", "type_vocab_size: 2", "type_vocab_size: 100000", "allowed from 1 to 64"),
    (
        "shared_config.layer_norm_eps",
        "layer_norm_eps: 1.0e-12",
        "layer_norm_eps: 5",
        "allowed above 0 and up to 0.1",
    ),
    (
        "shared_config.initializer_range",
        "initializer_range: 0.02",
        "initializer_range: 1.0e+30",
        "allowed above 0 and up to 1",
    ),
]


@pytest.mark.parametrize("field, old, new, allowed", CASES, ids=[c[0] for c in CASES])
def test_a_number_out_of_range_is_refused_with_the_range(catalog_copy, field, old, new, allowed):
    replace_once(catalog_copy / "models.yaml", old, new)
    with pytest.raises(CatalogInvalid) as raised:
        load_catalog(catalog_copy)
    messages = [str(p) for p in raised.value.problems if f": {field}: " in str(p)]
    assert len(messages) == 1 and f"is out of range: {allowed}" in messages[0], raised.value.problems


def _integers(schema: dict, path: str = "") -> list[str]:
    found = []
    if isinstance(schema, dict):
        numeric = schema.get("type") in ("integer", "number")
        if numeric and "maximum" not in schema and "exclusiveMaximum" not in schema:
            found.append(path)
        for key, value in schema.items():
            found += _integers(value, f"{path}/{key}")
    return found


def test_every_number_in_the_schema_has_an_upper_bound():
    assert _integers(load_schema()) == []


def test_real_bert_family_configs_fit_with_room_to_spare():
    models = load_schema()["$defs"]["model"]["properties"]
    # BERT-Large (24, 1024, 16, 4096) and Megatron-BERT 3.9B (48, 2560, 40, 10240), doubled.
    for field, largest in (("layers", 48), ("hidden", 2560), ("heads", 40), ("intermediate", 10240)):
        assert models[field]["maximum"] >= 2 * largest
