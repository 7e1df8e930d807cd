"""Invariants of the real catalogue (catalog/): what must stay true whatever a maintainer adds.

Totals (how many sources, which link is where) are never pinned here: behaviour is tested on
the fixture catalogues in tests/fixtures/catalogs/.
"""

import pytest

from generator.catalog import SourceKind, load_catalog
from generator.catalog.model import NAMED_SIZES


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_every_shape_of_the_release_is_there(catalog):
    # Google's grid: 2-12 layers by hidden size 128-768. A maintainer may add entries, never lose one.
    shapes = {(m.layers, m.hidden) for m in catalog.models}
    assert {(layers, hidden) for layers in (2, 4, 6, 8, 10, 12) for hidden in (128, 256, 512, 768)} <= shapes


def test_every_model_has_an_official_source_and_google_s_own_links(catalog):
    for m in catalog.models:
        assert any(s.kind.official for s in m.sources), m.id
        assert f"https://storage.googleapis.com/bert_models/2020_02_20/{m.id}.zip" in {
            s.url for s in m.sources_of(SourceKind.GOOGLE_ZIP)
        }
        assert m.hub_id in {s.hub_repo for s in m.sources_of(SourceKind.HUGGINGFACE)}


def test_every_model_has_a_live_baidu_link_of_each_framework(catalog):
    # Replacing a dead share retires the old link and adds the new one: one stays live.
    for m in catalog.models:
        assert m.sources_of(SourceKind.BAIDU_PYTORCH) and m.sources_of(SourceKind.BAIDU_TENSORFLOW), m.id


def test_named_sizes_sit_on_their_shapes(catalog):
    for m in catalog.models:
        if m.name:
            assert NAMED_SIZES[m.name] == (m.layers, m.hidden), m.id


def test_every_published_fact_is_sourced_or_says_why_not(catalog):
    citations = [f.citation for f in catalog.parameter_figures]
    citations += [
        catalog.glue.citation,
        catalog.glue.pairs.citation,
        catalog.fine_tuning.citation,
        catalog.release.citation,
        catalog.paper.citation,
        catalog.provenance.models,
        catalog.provenance.kerashub,
        *(c.citation for c in catalog.shared_config_sources),
        *(k.citation for k in catalog.provenance.kinds),
    ]
    for c in citations:
        if c.verified:
            assert c.reference and (c.reference.url or c.reference.path) and c.locator, c
        else:
            assert c.reason, c


def test_every_kind_in_use_has_provenance(catalog):
    used = {s.kind.value for m in catalog.models for s in (*m.sources, *m.retired_sources)}
    assert used <= {k.kind for k in catalog.provenance.kinds}


def test_a_kerashub_preset_that_holds_other_weights_is_said_so(catalog):
    for m in catalog.models:
        if m.kerashub:
            assert m.kerashub_same_weights == (m.kerashub.converted_from == f"google/bert_{m.id}")
    base = catalog.model("uncased_L-12_H-768_A-12")
    assert base.kerashub and not base.kerashub_same_weights  # the 2018 BERT-Base, converted


def test_retired_links_are_not_checked(catalog):
    checked = {source.url for _, _, source in catalog.links()}
    assert not checked & {source.url for _, source in catalog.retired_links()}
