"""The link-status page in Chromium, on a site built around the real catalogue with a state
file two checker runs left (tests/evidence_state.py): code standings and recorded files, at
desktop and phone widths, in both languages and both colour schemes."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from generator.catalog import load_catalog
from generator.paths import link_state_path
from tests.conftest import REAL_CATALOG
from tests.evidence_state import write_catalogue_state

from .conftest import LOOPBACK, mkdocs_build, project_copy, serve_folder

pytestmark = pytest.mark.browser

LANGUAGES = {"zh": "", "en": "/en"}
PHONE, DESKTOP = (390, 844), (1280, 900)
MAX_ROW_HEIGHT = 160

CONTRAST = """els => els.map(el => {
    // WCAG contrast of the text on its own background, composited over the page's.
    const rgba = s => s.match(/[\\d.]+/g).map(Number).concat([1]).slice(0, 4);
    const page = rgba(getComputedStyle(document.body).backgroundColor);
    const over = (fg, bg) => [0, 1, 2].map(i => fg[i] * fg[3] + bg[i] * (1 - fg[3]));
    const back = over(rgba(getComputedStyle(el).backgroundColor), page);
    const text = over(rgba(getComputedStyle(el).color), back);
    const lum = c => {
        const [r, g, b] = c.map(v => {
            v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const [hi, lo] = [lum(text), lum(back)].sort((a, b) => b - a);
    return [el.textContent, (hi + 0.05) / (lo + 0.05)];
})"""


@pytest.fixture(scope="module")
def evidence_site(tmp_path_factory, params_cache):
    """The base URL of the built and served site."""
    root = tmp_path_factory.mktemp("evidence-site")
    project = project_copy(root / "project", REAL_CATALOG)
    # The history beside the catalogue and no LITTLE_BERTS_LINK_STATE: the plugin finds it where
    # check-links --catalog writes it (paths.link_state_path), not in the repository's catalog/.
    write_catalogue_state(load_catalog(project / "catalog"), link_state_path(project / "catalog"))
    done = mkdocs_build(
        project / "mkdocs.yml",
        root / "site",
        params_cache,
        {
            "LITTLE_BERTS_CATALOG": str(project / "catalog"),
            "LITTLE_BERTS_LINK_STATE": None,
            "LITTLE_BERTS_SITE_URL": None,
        },
    )
    assert done.returncode == 0, done.stderr[-3000:]
    with serve_folder(root / "site") as url:
        yield url


@pytest.fixture
def open_status(browser, evidence_site):
    """open_status(lang, width, height, scheme) -> the link-status page, loaded; every
    context is checked for requests off loopback after the test."""
    contexts = []

    def make(lang: str, size: tuple[int, int], scheme: str = "light"):
        context = browser.new_context(
            base_url=evidence_site, viewport={"width": size[0], "height": size[1]}, color_scheme=scheme
        )
        context.requests = []

        def route(request_route):
            context.requests.append(request_route.request.url)
            if urlsplit(request_route.request.url).hostname in LOOPBACK:
                request_route.continue_()
            else:
                request_route.abort()

        context.route("**/*", route)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{LANGUAGES[lang]}/link-status/")
        return page

    yield make
    for context in contexts:
        context.close()
        assert [u for u in context.requests if urlsplit(u).hostname not in LOOPBACK] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_phone_the_recorded_files_fit_and_a_listing_opens(open_status, lang):
    page = open_status(lang, PHONE)
    box = page.locator(".lb-evidence-table")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    right = box.evaluate("el => el.getBoundingClientRect().right")
    assert right <= PHONE[0]
    # The Hub listing is folded; opening it shows each file with its size and hash.
    hub = page.locator(".lb-files tbody tr").filter(has=page.locator("summary")).first
    weights = hub.locator("li", has_text="pytorch_model.bin")
    assert not weights.is_visible()
    hub.locator("summary").click()
    weights.wait_for(state="visible")
    assert "SHA-256" in weights.inner_text()
    # Open, the row still fits the screen: long hashes wrap instead of widening the table.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    assert weights.evaluate("el => el.getBoundingClientRect().right") <= PHONE[0]
    # The Baidu bundle's listing: every model's zip.
    bundle = page.locator(".lb-files tbody tr").last
    bundle.locator("summary").click()
    assert bundle.locator("li").count() == len(load_catalog(REAL_CATALOG).models)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_at_desktop_width_nothing_scrolls_sideways_and_rows_stay_short(open_status, lang):
    page = open_status(lang, DESKTOP)
    geometry = page.locator(".lb-evidence-table").evaluate(
        "el => [el.scrollWidth, el.clientWidth, Math.max(...[...el.querySelectorAll('tr')].map("
        "r => r.getBoundingClientRect().height))]"
    )
    assert geometry[0] <= geometry[1] and geometry[2] <= MAX_ROW_HEIGHT, geometry
    assert not page.locator(".lb-scroll-hint").last.is_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_code_states_are_readable_in_both_schemes(open_status, lang, scheme):
    page = open_status(lang, DESKTOP, scheme)
    states = page.locator(".md-content table .lb-code-state")
    kinds = set(states.evaluate_all("els => els.map(e => e.className.split('--')[1])"))
    assert kinds == {"verified", "rejected", "unknown"}
    for text, ratio in states.evaluate_all(CONTRAST):
        assert ratio >= 4.5, (text, ratio)
