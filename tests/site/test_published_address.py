"""The published address and the repository come from the build's environment, never from a
placeholder: pages.yml passes the address GitHub Pages reports, Actions sets GITHUB_REPOSITORY."""

from __future__ import annotations

import re

import pytest

from .conftest import REPOSITORY, ROOT, mkdocs_build

PUBLISHED = "https://octo-org.github.io/little-berts/"
PLACEHOLDERS = ("little-berts.github.io", "github.com/little-berts/")


def site_text(site) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*") if p.suffix in (".html", ".xml"))


@pytest.fixture(scope="module")
def published_build(tmp_path_factory, params_cache):
    """The site as pages.yml builds it, but without a repository configured."""
    site = tmp_path_factory.mktemp("published") / "site"
    done = mkdocs_build(
        ROOT / "mkdocs.yml",
        site,
        params_cache,
        env={"LITTLE_BERTS_SITE_URL": PUBLISHED, "GITHUB_REPOSITORY": None},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return site


def test_canonical_links_and_sitemap_use_the_address_pages_reports(published_build):
    home = (published_build / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{PUBLISHED}">' in home
    model_page = published_build / "en" / "models" / "uncased_L-2_H-128_A-2" / "index.html"
    model = model_page.read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{PUBLISHED}en/models/uncased_L-2_H-128_A-2/">' in model
    sitemap = (published_build / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(loc.startswith(PUBLISHED) for loc in locations)
    alternates = re.findall(r'hreflang="(?:zh|en)" href="([^"]+)"', sitemap)
    assert alternates and all(href.startswith(PUBLISHED) for href in alternates)


def test_without_a_repository_no_repository_link_is_invented(published_build):
    text = site_text(published_build)
    assert "/issues/new?" not in text and "lb-repository" not in text
    assert not any(placeholder in text for placeholder in PLACEHOLDERS)


def test_a_local_build_names_no_address_and_links_the_configured_repository(built_site):
    text = site_text(built_site)
    assert 'rel="canonical"' not in text
    assert "<loc>" not in (built_site / "sitemap.xml").read_text(encoding="utf-8")  # not "None/about/"
    assert not any(placeholder in text for placeholder in PLACEHOLDERS)
    assert f'href="https://github.com/{REPOSITORY}"' in (built_site / "downloads" / "index.html").read_text(
        encoding="utf-8"
    )
