"""The real catalogue loads into frozen dataclasses that match the release's facts."""

import dataclasses

import pytest

from generator.catalog import SourceKind, load_catalog
from generator.catalog.convert import parse_published_figure
from tests.conftest import FULL_CATALOG


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_the_grid_is_complete(catalog):
    shapes = {(m.layers, m.hidden) for m in catalog.models}
    assert shapes == {(L, H) for L in (2, 4, 6, 8, 10, 12) for H in (128, 256, 512, 768)}
    for m in catalog.models:
        assert m.heads == m.hidden // 64
        assert m.intermediate == 4 * m.hidden
        assert m.id == f"uncased_L-{m.layers}_H-{m.hidden}_A-{m.heads}"


def test_named_sizes(catalog):
    named = {m.name: (m.layers, m.hidden) for m in catalog.models if m.name}
    assert named == {
        "BERT-Tiny": (2, 128),
        "BERT-Mini": (4, 256),
        "BERT-Small": (4, 512),
        "BERT-Medium": (8, 512),
        "BERT-Base": (12, 768),
    }


def test_hf_config_has_the_shared_values(catalog):
    config = catalog.model("uncased_L-2_H-128_A-2").hf_config
    assert config["vocab_size"] == 30522
    assert config["layer_norm_eps"] == 1e-12
    assert (
        config["num_hidden_layers"],
        config["hidden_size"],
        config["num_attention_heads"],
        config["intermediate_size"],
    ) == (2, 128, 2, 512)


def test_dataclasses_are_frozen(catalog):
    with pytest.raises(dataclasses.FrozenInstanceError):
        catalog.models[0].layers = 3


def test_published_figures_and_glue():
    catalog = load_catalog(FULL_CATALOG)
    tiny = catalog.figures_for("uncased_L-2_H-128_A-2")
    assert {(f.counts, f.value, f.tolerance) for f in tiny} == {
        ("backbone", 4_385_920, 0),
        ("backbone_mlm", 4_400_000, 50_000),
    }
    assert catalog.glue_for("uncased_L-8_H-512_A-8").score == 73.5
    assert catalog.glue_for("uncased_L-8_H-512_A-8").mrpc == (86.6, 81.6)
    assert catalog.glue_for("uncased_L-12_H-768_A-12") is None
    assert catalog.fine_tuning.learning_rates == (3e-4, 1e-4, 5e-5, 3e-5)


@pytest.mark.parametrize(
    "text, value, tolerance",
    [
        ("4,385,920", 4_385_920, 0),
        ("4.4M", 4_400_000, 50_000),
        ("110.1M", 110_100_000, 50_000),
        ("110M", 110_000_000, 500_000),
    ],
)
def test_parse_published_figure(text, value, tolerance):
    assert parse_published_figure(text) == (value, tolerance)


def test_baidu_url_with_code():
    source = load_catalog(FULL_CATALOG).model("uncased_L-2_H-128_A-2").sources_of(SourceKind.BAIDU_PYTORCH)[0]
    assert source.url_with_code == "https://pan.baidu.com/s/19b1x0yJafaTcLa5qBysjEQ?pwd=lnyy"


def test_small_fixture_catalogue_loads(small_catalog):
    catalog = load_catalog(small_catalog)
    assert [m.id for m in catalog.models] == ["uncased_L-2_H-128_A-2", "uncased_L-4_H-256_A-4"]
