"""Each page's language alternates (generator/render/alternates.py): every language and
x-default, absolute under the published address, else relative to the page itself."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from generator.render.alternates import alternates, page_url, with_alternates
from generator.render.i18n import LANGUAGES

ZH, EN = LANGUAGES
SITE = "https://octo-org.github.io/little-berts/"
PATHS = ("index", "models/index", "models/uncased_L-2_H-128_A-2", "link-status", "about")


@pytest.mark.parametrize(("path", "zh", "en"), [
    ("index", "", "en/"), ("models/index", "models/", "en/models/"), ("about", "about/", "en/about/"),
    ("models/uncased_L-2_H-128_A-2", "models/uncased_L-2_H-128_A-2/", "en/models/uncased_L-2_H-128_A-2/"),
])
def test_page_urls_are_directory_urls_with_the_language_prefix(path, zh, en):
    assert (page_url(path, ZH), page_url(path, EN)) == (zh, en)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_relative_hrefs_lead_to_each_version_from_wherever_the_page_is(path, language):
    here = "http://127.0.0.1:8000/" + page_url(path, language)
    links = {a.hreflang: urljoin(here, a.href) for a in alternates(path, language, None)}
    assert links == {"zh-Hans": "http://127.0.0.1:8000/" + page_url(path, ZH),
                     "en": "http://127.0.0.1:8000/" + page_url(path, EN),
                     "x-default": "http://127.0.0.1:8000/" + page_url(path, ZH)}
    assert not any(a.href.startswith(("/", "http")) for a in alternates(path, language, None))


def test_with_the_published_address_every_href_is_absolute():
    links = alternates("models/uncased_L-2_H-128_A-2", EN, SITE)
    assert [(a.hreflang, a.href) for a in links] == [
        ("zh-Hans", SITE + "models/uncased_L-2_H-128_A-2/"), ("en", SITE + "en/models/uncased_L-2_H-128_A-2/"),
        ("x-default", SITE + "models/uncased_L-2_H-128_A-2/")]


def test_the_alternates_go_into_the_front_matter():
    page = with_alternates("---\ntitle: x\n---\n\n# x\n", "about", EN, None)
    assert page.startswith('---\nalternates: [{"hreflang": "zh-Hans", "href": "../../about/"}, ')
    assert page.endswith("title: x\n---\n\n# x\n")
    with pytest.raises(ValueError, match="no front matter"):
        with_alternates("# x\n", "about", EN, None)
