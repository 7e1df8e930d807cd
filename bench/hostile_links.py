"""Benchmark: check-links against a world of hostile hosts, against the bound it states (a script).

The world is the one tests/links/test_hostile_world.py runs (tests/links/hostile_world.py): the
small fixture catalogue over http://, every host answering something hostile through a loopback
proxy (a 77-bit errno, a redirect loop through 60 KB URLs, a 512 KB page no rule parses, a 60 KB
Link header, JSON nested 200,000 deep, a gzip bomb, a status 999, redirects to file: and to
169.254.169.254, 300 bidi-laden file names of 2^60 bytes). The script runs check-links twice and
`build` once, and prints for each run its wall time, the bound the run printed
("done within ...s at worst") and the state file's size; then the CPU time of the parsers on the
worst inputs of each class (time.process_time, best of 3).

    .venv/bin/python bench/hostile_links.py                    # fast options, as the test
    .venv/bin/python bench/hostile_links.py --defaults         # check-links' own defaults
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.links.baidu import share as baidu  # noqa: E402
from generator.links.checking import bounds  # noqa: E402
from generator.links.evidence import listing as evidence  # noqa: E402
from generator.links.model import Answer  # noqa: E402
from tests.links.hostile_world import WORLD_OPTIONS, hostile_catalogue, serve_hostile_world  # noqa: E402
from tests.links.loopback import PROXY_VARIABLES, LoopbackServer  # noqa: E402


def run(args: list[str], proxy: str, cache: Path) -> tuple[float, subprocess.CompletedProcess]:
    env = {k: v for k, v in os.environ.items() if k.upper() not in PROXY_VARIABLES}
    env.update(HTTP_PROXY=proxy, http_proxy=proxy, NO_PROXY="", no_proxy="", LITTLE_BERTS_CACHE_DIR=str(cache))
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "generator", *args], capture_output=True, text=True, env=env, cwd=ROOT
    )
    return time.monotonic() - started, done


def cpu(work, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def judge(page: str) -> object:
    answer = Answer("http://pan.baidu.com/s/1x", 200, {}, page, "GET", data=bounds.answer_json(page))
    return baidu.judge_page(answer)


def next_page(header: str) -> str | None:
    return evidence.next_page("http://huggingface.co/api/x", header)


def parsers() -> None:
    page = 'locals.mset(x "errno":0 ' + '"list":{x' * (512 * 1024 // 9)
    cases = {
        "512 KB share page, a '\"list\":{' every 9 bytes (answer_json + judge_page)": lambda: judge(page),
        "512 KB of '[' (answer_json)": lambda: bounds.answer_json("[" * 512 * 1024),
        "512 KB data call nested 200,000 deep (answer_json)": lambda: bounds.answer_json(
            'locals.mset({"a": ' + "[" * 200_000
        ),
        "65,000-character Link header of '<' (next_page)": lambda: next_page("<" * 65_000),
        "8 KB Link header of '<' (next_page, under the cap)": lambda: next_page("<" * 8_000),
        "60 KB detail with bidi and controls (bounds.text)": lambda: bounds.text("\u202e\x1b" * 30_000),
    }
    print("\nparser CPU time on the worst input of each class (best of 3):")
    for label, work in cases.items():
        print(f"  {cpu(work) * 1000:8.1f} ms  {label}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--defaults", action="store_true", help="check-links' default politeness and retries")
    args = parser.parse_args()
    options = [] if args.defaults else list(WORLD_OPTIONS)
    print(
        f"load before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} "
        f"(1, 5, 15 min; {os.cpu_count()} CPUs)"
    )
    server = LoopbackServer()
    server._httpd.handle_error = lambda *_: None  # type: ignore[method-assign]  # clients that hang up
    server.start()
    try:
        serve_hostile_world(server)
        with tempfile.TemporaryDirectory() as temporary:
            folder = Path(temporary)
            catalog = hostile_catalogue(folder / "catalog")
            state = catalog / "link-state.json"
            for attempt in ("first", "second"):
                seconds, done = run(
                    ["check-links", "--catalog", str(catalog), *options], server.base, folder / "cache"
                )
                bound = re.search(r"done within ([0-9,]+)s at worst", done.stderr)
                summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "(no report)"
                print(
                    f"check-links, {attempt} run: {seconds:.2f} s wall, exit {done.returncode}; stated bound "
                    f"{bound.group(1) if bound else '?'} s; state file {state.stat().st_size:,} bytes; "
                    f"{summary}"
                )
                if done.returncode not in (0, 1):
                    print(done.stderr[-2000:])
            seconds, done = run(
                [
                    "build",
                    "--catalog",
                    str(catalog),
                    "--state",
                    str(state),
                    "--output",
                    str(folder / "generated"),
                ],
                server.base,
                folder / "cache",
            )
            print(f"build on that state: {seconds:.2f} s wall, exit {done.returncode}")
    finally:
        server.stop()
    parsers()
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
