"""Every page's <head> names its translations (<link rel="alternate" hreflang>), computed by
the generator (generator/render/alternates.py): checked on the built site, where a relative
href must lead to the right page from wherever the page is, and in Chromium, where the
language selector must still go straight to the same page."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')
HTML_LANG = re.compile(r'<html lang="([^"]+)"')
TAGS = {"zh": "zh-Hans", "en": "en"}
MINI = "uncased_L-4_H-256_A-4"


def pages(site: Path) -> dict[str, str]:
    """{URL path: HTML} of every page the generator wrote (the 404 pages name no alternates)."""
    found = {}
    for file in site.rglob("index.html"):
        folder = file.parent.relative_to(site).as_posix()
        found["/" if folder == "." else f"/{folder}/"] = file.read_text(encoding="utf-8")
    return found


def alternates_of(html: str) -> dict[str, str]:
    head = html.split("</head>", 1)[0]
    return dict(ALTERNATE.findall(head))


def test_every_page_names_both_languages_and_x_default_and_they_lead_to_each_other(built_site):
    site = pages(built_site)
    assert len(site) >= 2 * (24 + 5)
    for url, html in site.items():
        links = alternates_of(html)
        assert set(links) == {"zh-Hans", "en", "x-default"}, url
        assert not any(href.startswith(("/", "http")) for href in links.values()), url  # a local build
        targets = {tag: urlsplit(urljoin(f"http://127.0.0.1{url}", href)).path for tag, href in links.items()}
        assert targets["x-default"] == targets["zh-Hans"]
        assert url in targets.values()  # a page lists itself
        for tag in ("zh-Hans", "en"):
            target = site.get(targets[tag])
            assert target is not None, (url, tag, targets[tag])
            assert TAGS[HTML_LANG.search(target)[1]] == tag, (url, tag)
            # The translation names this page back (Google ignores one-way pairs).
            back = {urlsplit(urljoin(f"http://127.0.0.1{targets[tag]}", h)).path
                    for h in alternates_of(target).values()}
            assert url in back, (url, tag)
    assert not ALTERNATE.search((built_site / "404.html").read_text(encoding="utf-8"))


@pytest.mark.browser
def test_the_language_selector_goes_straight_to_the_translation(page):
    responses: list[tuple[int, str]] = []
    page.on("response", lambda response: responses.append((response.status, urlsplit(response.url).path)))
    page.goto(f"/models/{MINI}/")
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="en"]').click()
    page.wait_for_url(f"**/en/models/{MINI}/")
    redirects = [r for r in responses if 300 <= r[0] < 400]
    assert redirects == []  # Material's alternate handler would send it to .../{MINI} and a 301
    assert page.locator('head link[rel="alternate"][hreflang="zh-Hans"]').get_attribute("href") == \
        f"../../../models/{MINI}/"
