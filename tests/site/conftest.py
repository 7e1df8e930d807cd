"""Fixtures for the site tests: one real `mkdocs build --strict`, a loopback server, Chromium.

The build runs once per session through the real plugin (generator/site/), which writes the
generated pages where it always does (docs/generated/, gitignored), and the site into a
temporary folder. Every MkDocs run counts parameters through the session's params cache
(tests/render/conftest.py warms it), never the repository's .cache/. The browser is Debian's
Chromium driven by Playwright; Playwright's own browser downloads are never used.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.catalog import load_catalog
from generator.measure import load_measurements
from generator.params import CACHE_DIR_ENV

from ..conftest import REAL_CATALOG
from ..counts_cache import warm_params_cache
from ..measure.documents import MACHINE_ID, plausible_document, write

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def mkdocs_env(params_cache: Path, **extra: str | None) -> dict[str, str]:
    """The environment of an MkDocs run: the session's params cache, no MkDocs 2 banner;
    `extra` sets variables, or removes those given as None."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", CACHE_DIR_ENV: str(params_cache)}
    for name, value in extra.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def mkdocs_build(
    config: Path, site_dir: Path, params_cache: Path, env: dict[str, str | None] | None = None
) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` in a fresh interpreter, as `make site` runs it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent,
        capture_output=True,
        text=True,
        timeout=600,
        env=mkdocs_env(params_cache, **(env or {})),
    )


def project_copy(target: Path, catalog_dir: Path) -> Path:
    """The MkDocs project (mkdocs.yml, docs/theme) around another catalogue, in `target`.

    mkdocs.yml's paths are relative to it, so the copy builds into its own docs/generated.
    The catalogue is copied too (not linked) so that `mkdocs serve` watches real files.
    """
    (target / "docs" / "generated").mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "theme", target / "docs" / "theme")
    shutil.copy(ROOT / "docs" / "jieba-user-dict.txt", target / "docs")
    (target / "generator").mkdir()
    (target / "generator" / "templates").symlink_to(ROOT / "generator" / "templates")
    shutil.copytree(catalog_dir, target / "catalog")
    return target


@pytest.fixture(scope="session")
def params_cache(tmp_path_factory) -> Path:
    return warm_params_cache(tmp_path_factory)


@pytest.fixture(scope="session")
def build_tmpdir(tmp_path_factory) -> Path:
    """The system temp folder (TMPDIR) of the session's site build, so a test can see what the
    build leaves there."""
    return tmp_path_factory.mktemp("build-tmp")


@pytest.fixture(scope="session")
def site_build(tmp_path_factory, params_cache, build_tmpdir) -> tuple[Path, str]:
    """The real site, built once: (site folder, MkDocs' log)."""
    site = tmp_path_factory.mktemp("site") / "site"
    # The repository is configured, the published address is not (a local build): the
    # published-address build is tests/site/test_published_address.py's own.
    done = mkdocs_build(
        ROOT / "mkdocs.yml",
        site,
        params_cache,
        env={"TMPDIR": str(build_tmpdir), "GITHUB_REPOSITORY": REPOSITORY, "LITTLE_BERTS_SITE_URL": None},
    )
    assert done.returncode == 0, done.stderr[-5000:]
    assert "WARNING" not in done.stderr, done.stderr[-5000:]
    return site, done.stderr


@pytest.fixture(scope="session")
def built_site(site_build) -> Path:
    return site_build[0]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _SiteServer(http.server.ThreadingHTTPServer):
    # Chromium opens several connections at once; socketserver's backlog of 5 would drop SYNs.
    request_queue_size = 128

    def handle_error(self, request, client_address) -> None:
        """A browser that drops a request it no longer needs (a page navigated away) is normal,
        not a traceback in the test output; any other error is still printed."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """A built site served on 127.0.0.1 at a free port, as its base URL; stopped on exit."""
    server = _SiteServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served on 127.0.0.1 at a free port; stopped after the session."""
    with serve_folder(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
            "(apt-get install chromium; .ci/run installs it)",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


REPOSITORY = "example/little-berts"
"""GITHUB_REPOSITORY for the session's build: the pages' repository and report links name it."""


def guarded_context(browser, site_url, **options):
    """A browser context allowed to use the clipboard. Every request is recorded in
    `context.requests`; one that would leave loopback is aborted (and fails the test that
    checks the list on closing, see `open_page`)."""
    context = browser.new_context(
        permissions=["clipboard-read", "clipboard-write"],
        base_url=site_url,
        **{"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN", **options},
    )
    requests: list[str] = []

    def route(request_route):
        requests.append(request_route.request.url)
        if urlsplit(request_route.request.url).hostname in LOOPBACK:
            request_route.continue_()
        else:
            request_route.abort()

    context.route("**/*", route)
    context.requests = requests
    return context


def _close_and_check(context) -> None:
    context.close()
    outside = [url for url in context.requests if urlsplit(url).hostname not in LOOPBACK]
    assert outside == [], f"requests left loopback: {outside}"


@pytest.fixture
def page(browser, site_url):
    """A fresh 1280x900 page in a Chinese-speaking browser; fails if a request left loopback."""
    context = guarded_context(browser, site_url)
    page = context.new_page()
    page.requests = context.requests
    yield page
    _close_and_check(context)


@pytest.fixture
def open_page(browser, site_url):
    """open_page(width, height, **context options) -> a fresh page of that size; every
    context is closed and checked for requests that left loopback after the test."""
    contexts = []

    def make(width: int = 1280, height: int = 900, **options):
        context = guarded_context(browser, site_url, viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        page = context.new_page()
        page.requests = context.requests
        return page

    yield make
    for context in contexts:
        _close_and_check(context)


PASSED, FAILED_ONE = MACHINE_ID, "other-cpu-4cores-torch0.0.0"
"""The measured site's two machines: on PASSED every runtime passed its checks; on FAILED_ONE
ONNX Runtime int8 failed its check for one model (FAILED_MODEL)."""
FAILED_MODEL = "uncased_L-4_H-512_A-8"
"""Mid-sized, so a limit on FAILED_ONE's int8 figures would otherwise list it."""


@pytest.fixture(scope="session")
def measured_site(tmp_path_factory, params_cache):
    """(catalog, {machine id: measurements}, base URL): a site built around a copy of the real
    catalogue with two measurement files made for the tests (PASSED and FAILED_ONE), served.
    The chooser's tests check against these files' figures, whatever catalog/measurements/ holds."""
    root = tmp_path_factory.mktemp("measured")
    catalog_dir = root / "catalog"
    catalog_dir.mkdir()
    for file in REAL_CATALOG.glob("*.yaml"):
        shutil.copy(file, catalog_dir / file.name)
    catalog = load_catalog(catalog_dir)
    write(catalog_dir / "measurements", plausible_document(catalog, PASSED))
    failed = plausible_document(catalog, FAILED_ONE)
    failed["machine"]["date"] = "2026-11-29T10:00:00Z"  # older: PASSED is the page's first machine
    model = next(m for m in failed["models"] if m["id"] == FAILED_MODEL)
    model["runtimes"]["ort-int8"] = {
        "status": "check_failed",
        "file_bytes": 9_000_000,
        "check": {"cosine_mean": 0.97, "cosine_min": 0.8, "threshold": 0.999},
    }
    write(catalog_dir / "measurements", failed)
    project = project_copy(root / "project", catalog_dir)
    done = mkdocs_build(
        project / "mkdocs.yml",
        root / "site",
        params_cache,
        {
            "LITTLE_BERTS_CATALOG": str(project / "catalog"),
            "LITTLE_BERTS_LINK_STATE": str(root / "no-state.json"),
        },
    )
    assert done.returncode == 0, done.stderr[-3000:]
    catalog = load_catalog(project / "catalog")
    files = {m.machine.id: m for m in load_measurements(catalog)}
    assert set(files) == {PASSED, FAILED_ONE}
    with serve_folder(root / "site") as url:
        yield catalog, files, url


@pytest.fixture
def measured_page(browser, measured_site):
    """A fresh 1280x900 page on the measured site; requests that would leave loopback are aborted."""
    context = browser.new_context(base_url=measured_site[2], viewport={"width": 1280, "height": 900})
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1" else route.abort()
        ),
    )
    yield context.new_page()
    context.close()
