"""Every Baidu link and code of the Chinese mirror list is in the catalogue, exactly."""

from generator.catalog import SourceKind, load_catalog
from tests.seed_parser import parse_seed

KIND = {"pytorch": SourceKind.BAIDU_PYTORCH, "tensorflow": SourceKind.BAIDU_TENSORFLOW}


def test_seed_has_48_links_and_both_packs():
    links, packs = parse_seed()
    assert len(links) == 48
    assert {link.framework for link in links} == {"pytorch", "tensorflow"}
    assert set(packs) == {"pytorch", "tensorflow"}


def test_every_per_model_seed_link_is_in_the_catalogue():
    catalog = load_catalog()
    links, _ = parse_seed()
    for link in links:
        model = catalog.model(f"uncased_L-{link.layers}_H-{link.hidden}_A-{link.heads}")
        (source,) = model.sources_of(KIND[link.framework])
        assert (source.url, source.code) == (link.url, link.code), model.id


def test_catalogue_has_no_baidu_link_the_seed_lacks():
    catalog = load_catalog()
    links, packs = parse_seed()
    seed_urls = {link.url for link in links} | {url.strip() for url, _ in packs.values() if url}
    baidu = [s.url for m in catalog.models for s in m.sources if s.kind.needs_code]
    baidu += [b.source.url for b in catalog.bundles if b.source and b.kind.needs_code]
    assert len(baidu) == 49
    assert set(baidu) == seed_urls


def test_tensorflow_pack_trailing_space_is_stripped_and_code_kept():
    catalog = load_catalog()
    _, packs = parse_seed()
    raw_url, code = packs["tensorflow"]
    assert raw_url.endswith(" "), "the seed's quirk this test guards against"
    (bundle,) = [b for b in catalog.bundles if b.kind is SourceKind.BAIDU_TENSORFLOW]
    assert bundle.source.url == raw_url.strip()
    assert bundle.source.code == code == "uyul"


def test_pytorch_pack_is_not_published_with_a_reason():
    catalog = load_catalog()
    _, packs = parse_seed()
    assert packs["pytorch"] == ("", "")
    (bundle,) = [b for b in catalog.bundles if b.kind is SourceKind.BAIDU_PYTORCH]
    assert bundle.source is None
    assert "neither a link nor an extraction code" in bundle.not_published
