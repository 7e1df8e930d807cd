"""Cross-checks against the formula and the published figures (generator/params/check.py)."""

from __future__ import annotations

import dataclasses

import pytest

from generator.catalog import load_catalog
from generator.params import CountDisagreement, gather_counts
from generator.params.check import check_formula, figure_checks
from tests.conftest import replace_once


def test_every_published_figure_agrees(counted_run, real_catalog):
    # One check per published figure, however many a maintainer adds.
    checked = sorted((c.figure.model_id, c.figure.published) for c in counted_run.checks)
    assert checked == sorted((f.model_id, f.published) for f in real_catalog.parameter_figures)
    assert all(check.agrees for check in counted_run.checks)


def test_counting_the_nsp_head_too_would_change_no_paper_style_verdict(counted_run):
    """Documented in check.py: the 0.1M rounding cannot tell backbone+MLM from pretraining."""
    paper_style = [c for c in counted_run.checks if c.figure.counts == "backbone_mlm"]
    assert all(c.agrees_with_nsp for c in paper_style)
    tiny = next(c for c in paper_style if c.figure.model_id == "uncased_L-2_H-128_A-2")
    assert (tiny.figure.published, tiny.computed) == ("4.4M", 4_433_210)


def test_a_wrong_rounded_figure_is_an_error_naming_model_numbers_and_line(catalog_copy, warm_cache_dir):
    line = replace_once(catalog_copy / "published.yaml", 'published: "4.4M"', 'published: "4.6M"')
    with pytest.raises(CountDisagreement) as caught:
        gather_counts(load_catalog(catalog_copy))
    [problem] = caught.value.problems
    assert problem.startswith(f"{catalog_copy / 'published.yaml'}:{line}: uncased_L-2_H-128_A-2: ")
    assert "computed backbone + masked-LM head 4,433,210 disagrees with the published 4.6M" in problem
    assert "that figure means 4,550,000 to 4,650,000" in problem


def test_the_line_named_is_where_the_loaded_figure_was_not_a_second_reading(catalog_copy, warm_cache_dir):
    """The line travels with the figure from the catalogue stage: the params stage reads no YAML, so
    an edit after loading (here three lines added on top) does not move the line it names."""
    line = replace_once(catalog_copy / "published.yaml", 'published: "4.4M"', 'published: "4.6M"')
    catalog = load_catalog(catalog_copy)
    published = catalog_copy / "published.yaml"
    published.write_text("# 1\n# 2\n# 3\n" + published.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(CountDisagreement) as caught:
        gather_counts(catalog)
    [problem] = caught.value.problems
    assert problem.startswith(f"{published}:{line}: uncased_L-2_H-128_A-2: ")


def test_an_exact_figure_off_by_one_is_an_error(catalog_copy, warm_cache_dir):
    replace_once(catalog_copy / "published.yaml", '"41,373,184"', '"41,373,185"')
    replace_once(catalog_copy / "published.yaml", '"41.7M"', '"41.5M"')
    with pytest.raises(CountDisagreement) as caught:
        gather_counts(load_catalog(catalog_copy))
    first, second = caught.value.problems
    assert (
        "uncased_L-8_H-512_A-8: computed backbone (BertModel incl. pooler) 41,373,184 "
        "disagrees with the published 41,373,185"
        in first
        and "exactly 41,373,185" in first
    )
    assert "uncased_L-8_H-512_A-8: computed backbone + masked-LM head 41,667,386" in second


def test_a_figure_compared_in_the_wrong_convention_fails(catalog_copy, warm_cache_dir):
    # KerasHub's exact backbone figure read as if it counted the MLM head too.
    text = (catalog_copy / "published.yaml").read_text()
    old = 'published: "4,385,920"\n    counts: backbone\n'
    assert old in text
    (catalog_copy / "published.yaml").write_text(text.replace(old, old.replace("backbone\n", "backbone_mlm\n")))
    with pytest.raises(
        CountDisagreement,
        match="computed backbone \\+ masked-LM head 4,433,210 disagrees with the published 4,385,920",
    ):
        gather_counts(load_catalog(catalog_copy))


def test_a_count_that_differs_from_the_formula_names_field_and_both_numbers(real_catalog, counted_run):
    counts = list(counted_run.counts)
    counts[0] = dataclasses.replace(counts[0], params_pooler=16_513)
    counts[3] = dataclasses.replace(counts[3], flops_forward_128=1)
    with pytest.raises(CountDisagreement) as caught:
        check_formula(real_catalog, tuple(counts))
    first, second = caught.value.problems
    assert first.startswith("uncased_L-2_H-128_A-2: params_pooler is 16,513 as instantiated")
    assert first.endswith("but 16,512 by the closed-form formula in generator/params/formula.py")
    assert second.startswith("uncased_L-2_H-768_A-12: flops_forward_128 is 1 as measured by FlopCounterMode")


def test_figure_checks_pick_the_convention_each_figure_counts(real_catalog, counted_run):
    checks = {
        (c.figure.model_id, c.figure.counts): c.computed
        for c in figure_checks(real_catalog, counted_run.counts)
    }
    assert checks[("uncased_L-4_H-256_A-4", "backbone_mlm")] == 11_170_560 + 96_826
    assert checks[("uncased_L-4_H-512_A-8", "backbone")] == 28_763_648
