"""Hostile catalogues: how long `validate` takes to refuse each, and its peak memory.

Prints figures, asserts nothing. Each case is a copy of catalog/ with one hostile file
appended to models.yaml; `python -m generator validate` runs on it `--repeat` times as a
whole process, and the median wall time and the largest peak RSS (os.wait4's per-child
rusage) are printed with its exit code. The target is under 2 s and 200 MB for each.

    .venv/bin/python bench/hostile_input.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)
CASES = {
    "alias bomb (9 levels of 9 aliases: 387 million nodes)": ALIAS_BOMB,
    "20,000 nested brackets": "deep: " + "[" * 20000 + "]" * 20000 + "\n",
    "330,000 empty lists (just under 1 MiB with models.yaml)": "zzz: [" + "[]," * 330_000 + "]\n",
    "5,000-digit integer": "big: " + "9" * 5000 + "\n",
    "file of 1 MiB + 1 byte": "#" * (1024 * 1024) + "\n",
}


def measure(catalog: Path) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of one validate process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "validate", "--catalog", str(catalog)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| hostile input | exit | median wall s | peak RSS MB |")
    print("| --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as scratch:
        for name, text in CASES.items():
            catalog = Path(scratch) / "catalog"
            shutil.rmtree(catalog, ignore_errors=True)
            shutil.copytree(ROOT / "catalog", catalog)
            with open(catalog / "models.yaml", "a", encoding="utf-8") as handle:
                handle.write(text)
            runs = [measure(catalog) for _ in range(args.repeat)]
            codes = sorted({code for _, _, code in runs})
            print(
                f"| {name} | {','.join(map(str, codes))} | {statistics.median(r[0] for r in runs):.2f} "
                f"| {max(r[1] for r in runs):.0f} |"
            )


if __name__ == "__main__":
    main()
