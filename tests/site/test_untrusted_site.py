"""End to end: hostile text in every free-text field of the catalogue, the references, the
published facts, a measurement file and the link-state file reaches the built site only as text.

One real `mkdocs build --strict` of the project tests/site/hostile.py writes; every built page
is loaded in Chromium: no dialog opens, no payload script runs, no request leaves loopback, no
`javascript:` link is live, and the size chooser's embedded JSON still parses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import LOOPBACK, _close_and_check, guarded_context, mkdocs_build, project_copy, serve_folder
from .hostile import write_project

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, params_cache) -> Iterator[tuple[Path, str]]:
    """(built site folder, its base URL on loopback)."""
    root = tmp_path_factory.mktemp("hostile")
    catalog_dir, state = write_project(root / "input")
    project = project_copy(root / "project", catalog_dir)
    done = mkdocs_build(
        project / "mkdocs.yml",
        root / "site",
        params_cache,
        {
            "LITTLE_BERTS_CATALOG": str(project / "catalog"),
            "LITTLE_BERTS_LINK_STATE": str(state),
            "GITHUB_REPOSITORY": "example/little-berts",
            "LITTLE_BERTS_SITE_URL": None,
        },
    )
    assert done.returncode == 0, done.stderr[-3000:]
    with serve_folder(root / "site") as url:
        yield root / "site", url


def _pages(site: Path) -> list[str]:
    return sorted("/" + p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html"))


# Run in every page after load: what a payload could have left behind.
_LEFTOVERS = """() => {
  const live = [...document.querySelectorAll('[href],[src],[action],[formaction],[xlink\\\\:href]')]
    .flatMap(el => ['href', 'src', 'action', 'formaction', 'xlink:href'].map(a => el.getAttribute(a)))
    .filter(v => v && /^\\s*(javascript|data|vbscript):/i.test(v));
  const handlers = [...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
    .filter(a => /^on/i.test(a.name)).map(a => `${el.tagName} ${a.name}=${a.value}`));
  const scripts = [...document.scripts].filter(s => /alert\\(/.test(s.textContent)
    && s.type !== 'application/json').map(s => s.outerHTML.slice(0, 200));
  return {live, handlers, scripts};
}"""


def test_no_payload_runs_on_any_page(hostile_site, browser):
    site, url = hostile_site
    context = guarded_context(browser, url)
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
    found = {}
    try:
        pages = _pages(site)
        assert "/about/" in pages and "/en/about/" in pages and "/404.html" in pages
        for path in pages:
            page.goto(path, wait_until="load")
            left = page.evaluate(_LEFTOVERS)
            if left["live"] or left["handlers"] or left["scripts"]:
                found[path] = left
        outside = sorted({u for u in context.requests if urlsplit(u).hostname not in LOOPBACK})
        assert (dialogs, found, outside) == ([], {}, [])
    finally:
        context.close()


def test_the_payloads_show_as_text(hostile_site):
    site, _ = hostile_site
    about = (site / "en" / "about" / "index.html").read_text(encoding="utf-8")
    # The unverified reason is shown, as text, and its tooltip holds it on one line.
    assert "&lt;script&gt;alert&#40;document.domain&#41;&lt;/script&gt;" in about
    titles = re.findall(r'<span class="lb-badge lb-badge--unsure lb-unverified" title="([^"]*)"', about)
    assert titles and all("\n" not in t and "<" not in t for t in titles)
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", html, re.I), page
        assert "<img src=http://example.invalid" not in html and 'src="http://example.invalid' not in html, page
        # Python-Markdown's placeholders and the controls never reach a page.
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]", html), page


@pytest.mark.parametrize("path", ["/models/", "/en/models/"])
def test_the_chooser_still_reads_its_data(hostile_site, browser, path):
    _, url = hostile_site
    context = guarded_context(browser, url)
    page = context.new_page()
    try:
        page.goto(path)
        data = json.loads(page.locator("#lb-measure-data").text_content())
        assert data["machines"] and "](javascript:" in data["machines"][0]["label"]
        page.locator("[data-lb-chooser]").wait_for(state="visible")
    finally:
        _close_and_check(context)
