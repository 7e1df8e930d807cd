"""`mkdocs build` on bad input: a clear message naming the problem, no traceback, nothing generated."""

from __future__ import annotations

from ..conftest import replace_once
from .conftest import ROOT, mkdocs_build, project_copy


def test_a_wrong_published_figure_fails_the_build_with_the_problem(catalog_copy, tmp_path, params_cache):
    line = replace_once(catalog_copy / "published.yaml", '"11.3M"', '"12.3M"')
    project = project_copy(tmp_path / "project", catalog_copy)
    done = mkdocs_build(
        project / "mkdocs.yml",
        tmp_path / "site",
        params_cache,
        {
            "LITTLE_BERTS_CATALOG": str(project / "catalog"),
            "LITTLE_BERTS_LINK_STATE": str(tmp_path / "no-state.json"),
        },
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert (
        "ERROR   -  computed parameter counts disagree with a formula or a published figure; "
        "pages were not regenerated:"
    ) in done.stderr, done.stderr[-3000:]
    problem = next(text for text in done.stderr.splitlines() if "12.3M" in text)
    # The path is relative to the working directory, as every catalogue problem is.
    assert problem.startswith(f"catalog/published.yaml:{line}: uncased_L-4_H-256_A-4: ")
    assert "disagrees with the published 12.3M" in problem
    assert list((project / "docs" / "generated").iterdir()) == []


def test_a_malformed_published_address_fails_the_build_before_anything_is_generated(tmp_path, params_cache):
    """The address is written into every page and the 404 page's base: a quote in it used to run
    a script on /404.html. generator/project.py refuses it, and the plugin reports that."""
    project = project_copy(tmp_path / "project", ROOT / "catalog")
    done = mkdocs_build(
        project / "mkdocs.yml",
        tmp_path / "site",
        params_cache,
        {
            "LITTLE_BERTS_CATALOG": str(project / "catalog"),
            "LITTLE_BERTS_SITE_URL": 'https://x.example/"><script>alert(1)</script>',
        },
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    # As every Failure reaches MkDocs (plugin.plugin_error): summary; consequence, then the problem.
    message = (
        "LITTLE_BERTS_SITE_URL is not a published address; nothing was generated:\n"
        "LITTLE_BERTS_SITE_URL='https://x.example/\"><script>alert(1)</script>' is not a plain absolute "
        "http(s) address"
    )
    assert message in done.stderr, done.stderr[-3000:]
    assert list((project / "docs" / "generated").iterdir()) == []
    assert not (tmp_path / "site" / "404.html").exists()
