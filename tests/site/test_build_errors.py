"""`mkdocs build` on bad input: a clear message naming the problem, no traceback, nothing generated."""

from __future__ import annotations

from ..conftest import replace_once
from .conftest import mkdocs_build, project_copy


def test_a_wrong_published_figure_fails_the_build_with_the_problem(catalog_copy, tmp_path, params_cache):
    line = replace_once(catalog_copy / "published.yaml", '"11.3M"', '"12.3M"')
    project = project_copy(tmp_path / "project", catalog_copy)
    done = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", params_cache,
                        {"LITTLE_BERTS_CATALOG": str(project / "catalog"),
                         "LITTLE_BERTS_LINK_STATE": str(tmp_path / "no-state.json")})
    assert done.returncode != 0
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert ("ERROR   -  computed parameter counts disagree with a formula or a published figure; "
            "pages were not regenerated:") in done.stderr, done.stderr[-3000:]
    problem = next(text for text in done.stderr.splitlines() if "12.3M" in text)
    # The path is relative to the working directory, as every catalogue problem is.
    assert problem.startswith(f"catalog/published.yaml:{line}: uncased_L-4_H-256_A-4: ")
    assert "disagrees with the published 12.3M" in problem
    assert list((project / "docs" / "generated").iterdir()) == []
