"""End to end: markup in the catalogue reaches the built HTML only as text."""

from __future__ import annotations

import re

from ..conftest import replace_once
from .conftest import mkdocs_build, project_copy


def test_hostile_catalogue_text_is_escaped_in_the_built_site(catalog_copy, tmp_path, params_cache):
    replace_once(catalog_copy / "models.yaml", '        code: "lnyy"\n',
                 '        code: "lnyy"\n        note: "<script>alert(1)</script> [x](javascript:alert(2))"\n')
    replace_once(catalog_copy / "published.yaml", "    not_published: >-\n",
                 '    not_published: >-\n      <img src=x onerror="alert(3)">\n')
    project = project_copy(tmp_path / "project", catalog_copy)
    done = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", params_cache,
                        {"LITTLE_BERTS_CATALOG": str(project / "catalog"),
                         "LITTLE_BERTS_LINK_STATE": str(tmp_path / "no-state.json")})
    assert done.returncode == 0, done.stderr[-3000:]

    tiny_page = tmp_path / "site" / "en" / "models" / "uncased_L-2_H-128_A-2" / "index.html"
    tiny = tiny_page.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in tiny
    downloads = (tmp_path / "site" / "en" / "downloads" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=" in downloads
    for page in (tmp_path / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html, page
        assert not re.search(r"""href=["']?javascript:""", html, re.I), page
