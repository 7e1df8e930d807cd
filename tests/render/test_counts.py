"""Parameter counts come from the params stage; a figure it cannot confirm stops the render."""

from __future__ import annotations

import pytest

from generator.catalog import load_catalog
from generator.params import CountDisagreement, ParamCount, gather_counts
from generator.render import render_site
from generator.render.context import site_data
from generator.render.linkstatus import read_state

from ..conftest import replace_once
from .conftest import NO_STATE


def test_counts_and_figure_checks_come_from_the_params_stage(real_catalog):
    run = gather_counts(real_catalog)
    site = site_data(real_catalog, run, read_state(NO_STATE))
    assert [m.params for m in site.models] == list(run.counts)
    assert all(isinstance(m.params, ParamCount) and m.params.model_id == m.id for m in site.models)
    tiny = next(m for m in site.models if m.id == "uncased_L-2_H-128_A-2")
    assert tiny.params.params_backbone == 4_385_920  # KerasHub's published figure
    shown = [check for m in site.models for check in m.figures]
    assert len(shown) == len(run.checks) and set(shown) == set(run.checks)
    assert len(run.checks) == len(real_catalog.parameter_figures)


def test_every_published_figure_is_shown_beside_its_computed_count(real_pages, real_catalog):
    for check in gather_counts(real_catalog).checks:
        page = real_pages[f"models/{check.figure.model_id}.en.md"].replace("\\", "")
        row = next(line for line in page.splitlines() if line.startswith(f"- **{check.figure.published}** ("))
        assert f"Computed here {check.computed:,}, agrees." in row


def test_a_figure_that_disagrees_stops_the_render(catalog_copy):
    line = replace_once(catalog_copy / "published.yaml", '"11.3M"', '"12.3M"')
    with pytest.raises(CountDisagreement) as raised:
        render_site(load_catalog(catalog_copy), NO_STATE)
    [problem] = raised.value.problems
    assert problem.startswith(f"{catalog_copy / 'published.yaml'}:{line}: ")
    assert "disagrees with the published 12.3M" in problem
