"""Every Baidu link and code of the Chinese mirror list is accounted for in the catalogue:
live, or retired with its date and reason. Invariants only: a maintainer may add mirrors and
replace dead links without breaking these tests."""

from generator.catalog import SourceKind, load_catalog
from tests.seed_parser import parse_seed

KIND = {"pytorch": SourceKind.BAIDU_PYTORCH, "tensorflow": SourceKind.BAIDU_TENSORFLOW}


def test_seed_has_48_links_and_both_packs():
    # A fact about the seed file itself, which never changes.
    links, packs = parse_seed()
    assert len(links) == 48
    assert {link.framework for link in links} == {"pytorch", "tensorflow"}
    assert set(packs) == {"pytorch", "tensorflow"}


def test_every_per_model_seed_link_is_in_the_catalogue_live_or_retired():
    catalog = load_catalog()
    links, _ = parse_seed()
    for link in links:
        model = catalog.model(f"uncased_L-{link.layers}_H-{link.hidden}_A-{link.heads}")
        known = {
            (s.url, s.code) for s in (*model.sources, *model.retired_sources) if s.kind is KIND[link.framework]
        }
        assert (link.url, link.code) in known, model.id


def test_a_retired_seed_link_says_when_and_why():
    catalog = load_catalog()
    for owner_id, source in catalog.retired_links():
        assert source.retired.date and source.retired.reason, owner_id


def test_tensorflow_pack_is_accounted_for_with_trailing_space_stripped_and_code_kept():
    catalog = load_catalog()
    _, packs = parse_seed()
    raw_url, code = packs["tensorflow"]
    assert raw_url.endswith(" "), "the seed's quirk this test guards against"
    packs_in_catalogue = [
        (s.url, s.code)
        for b in catalog.bundles
        for s in (b.source, b.retired)
        if s and s.kind is SourceKind.BAIDU_TENSORFLOW
    ]
    assert (raw_url.strip(), code) in packs_in_catalogue
    assert code == "uyul"


def test_pytorch_pack_is_never_a_blank_link():
    catalog = load_catalog()
    _, packs = parse_seed()
    assert packs["pytorch"] == ("", "")
    (bundle,) = [b for b in catalog.bundles if b.kind is SourceKind.BAIDU_PYTORCH]
    # Either still unpublished, with the reason, or published since: never an empty link.
    assert (bundle.source is None and "neither a link nor an extraction code" in bundle.not_published) or (
        bundle.source is not None and bundle.source.url and bundle.source.code
    )
