"""Lighthouse scores of the built site: prints figures, asserts nothing.

    .venv/bin/python bench/lighthouse.py [--site DIR] [--runs 1] [--preset desktop] [--details] [--no-gzip]

Builds the site (`mkdocs build --strict` into a temporary folder, unless --site names a
built one), serves it on 127.0.0.1 at a free port with gzip like a real host, and runs Lighthouse (npm package
`lighthouse`, installed on first use into bench/node_modules, which git ignores) with
Debian's Chromium (CHROME_PATH=/usr/bin/chromium, headless, no sandbox) on the Chinese home
page, the English home page and one model page. It prints the four category scores
(performance, accessibility, best-practices, seo) of each; the target is 0.95 or
better for every one. With --runs N each page is measured N times and the median printed.
--details also lists every audit that did not pass, to see what drags a score down.

Lighthouse's default is a mobile page on a simulated slow 4G network with a 4x slower CPU.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE_VERSION = "12.8.2"
"""The newest major that runs on Node 20 (Debian's; Lighthouse 13 needs Node 22)."""
PREFIX = ROOT / "bench"
LIGHTHOUSE = PREFIX / "node_modules" / ".bin" / "lighthouse"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage "
    "--disable-background-networking --disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {"zh home": "/", "en home": "/en/", "model page (zh)": "/models/uncased_L-4_H-512_A-8/"}
TARGET = 0.95


def ensure_lighthouse() -> None:
    if LIGHTHOUSE.exists():
        return
    print(f"installing lighthouse@{LIGHTHOUSE_VERSION} into {PREFIX / 'node_modules'} ...", file=sys.stderr)
    subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(PREFIX),
            "--no-save",
            "--no-package-lock",
            "--no-audit",
            "--no-fund",
            f"lighthouse@{LIGHTHOUSE_VERSION}",
        ],
        check=True,
        timeout=900,
    )


def offsite_requests(report: dict) -> list[str]:
    """Every request the page made to a host other than the loopback server (the site must make
    none: no CDN, no web font, no analytics), from Lighthouse's network-requests audit."""
    items = report["audits"]["network-requests"].get("details", {}).get("items", [])
    return [
        item["url"]
        for item in items
        if item.get("url", "").startswith("http") and not item["url"].startswith("http://127.0.0.1")
    ]


def build_site(target: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(target)],
        cwd=ROOT,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=900,
    )


class PlainHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class CompressingHandler(PlainHandler):
    """Serves files gzip-compressed when the browser accepts it, as GitHub Pages (and any
    production host) does; Python's plain file server never compresses, which would measure
    the transfer of uncompressed CSS, JS and the search index instead of the site."""

    COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wanted = self.path.split("?")[0].endswith(("/", path.name))  # else let the parent redirect or 404
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or not path.is_file()
            or path.suffix not in self.COMPRESSIBLE
            or not wanted
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=9)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def run_lighthouse(url: str, preset: str | None) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    if preset:
        command.append(f"--preset={preset}")
    done = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROME}, timeout=600
    )
    if done.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def failing_audits(report: dict) -> list[str]:
    out = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                out.append(f"    {category}: {ref['id']} score {audit['score']:.2f}{value}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is printed")
    parser.add_argument(
        "--preset", choices=["desktop", "perf", "experimental"], help="Lighthouse preset (default: mobile)"
    )
    parser.add_argument("--details", action="store_true", help="list the audits that did not pass")
    parser.add_argument(
        "--no-gzip",
        action="store_true",
        help="serve files uncompressed (Python's plain file server), not gzipped like a host",
    )
    args = parser.parse_args()

    if not Path(CHROME).exists():
        print(f"error: {CHROME} is missing (apt-get install chromium)", file=sys.stderr)
        return 2
    if shutil.which("npm") is None and not LIGHTHOUSE.exists():
        print("error: npm is missing, so lighthouse cannot be installed (apt-get install npm)", file=sys.stderr)
        return 2
    ensure_lighthouse()
    with tempfile.TemporaryDirectory(prefix="little-berts-lighthouse-") as scratch:
        site = args.site or Path(scratch) / "site"
        if args.site is None:
            build_site(site)
        handler = PlainHandler if args.no_gzip else CompressingHandler
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        version = subprocess.run(
            [str(LIGHTHOUSE), "--version"], capture_output=True, text=True, timeout=120
        ).stdout.strip()
        print(
            f"lighthouse {version}, {args.preset or 'mobile'} preset, "
            f"{'uncompressed' if args.no_gzip else 'gzip'} responses, {args.runs} run(s) per page, "
            f"median score; target {TARGET:.2f}"
        )
        print(f"{'page':<18} {'url':<34} " + " ".join(f"{c:>14}" for c in CATEGORIES) + f" {'off-site':>9}")
        below = 0
        try:
            for name, path in PAGES.items():
                reports = [run_lighthouse(base + path, args.preset) for _ in range(args.runs)]
                scores = {
                    c: statistics.median(r["categories"][c]["score"] for r in reports) for c in CATEGORIES
                }
                below += sum(score < TARGET for score in scores.values())
                offsite = max(len(offsite_requests(r)) for r in reports)
                below += offsite > 0
                print(
                    f"{name:<18} {path:<34} "
                    + " ".join(f"{scores[c]:>14.2f}" for c in CATEGORIES)
                    + f" {offsite:>9}"
                )
                if args.details:
                    print("\n".join(failing_audits(reports[-1])) or "    every weighted audit passed")
        finally:
            server.shutdown()
            server.server_close()
    print(f"{below} score(s) below {TARGET:.2f} or page(s) with an off-site request")
    return 0


if __name__ == "__main__":
    sys.exit(main())
