"""Parameter counts come from the params stage; without it the pages say 'not computed'."""

from __future__ import annotations

import pytest

from generator.render.context import site_data
from generator.render.counts import load_counts
from generator.render.linkstatus import read_state
from generator.render.pages import render_pages

from .conftest import NO_STATE


def test_counts_come_from_the_params_stage(real_catalog):
    counts = load_counts(real_catalog)
    assert counts.missing_reason is None
    assert [counts.by_model[m.id].model_id for m in real_catalog.models] == [m.id for m in real_catalog.models]
    assert counts.by_model["uncased_L-2_H-128_A-2"].params_backbone == 4_385_920  # KerasHub's published figure


def test_an_absent_params_stage_renders_not_computed(real_catalog):
    counts = load_counts(real_catalog, module_name="generator.no_such_params_stage")
    assert counts.by_model == {} and "generator.no_such_params_stage is not installed" in counts.missing_reason
    pages = render_pages(site_data(real_catalog, counts, read_state(NO_STATE)), "{}")
    home_en, home_zh = pages["index.en.md"], pages["index.zh.md"]
    assert "not computed" in home_en and "<svg" not in home_en and "4,385,920" not in home_en
    assert "未计算" in home_zh and "参数量尚未计算" in home_zh
    tiny = pages["models/uncased_L-2_H-128_A-2.en.md"]
    assert "Parameter counts not computed yet" in tiny and "BertModel total" not in tiny


def test_a_broken_dependency_inside_the_stage_is_an_error_not_a_missing_count(real_catalog, tmp_path,
                                                                              monkeypatch):
    (tmp_path / "broken_params_stage.py").write_text("import no_such_dependency_xyz\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError, match="no_such_dependency_xyz"):
        load_counts(real_catalog, module_name="broken_params_stage")
