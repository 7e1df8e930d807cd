"""What machine and software a run is on, and the file name that says so.

Read from the operating system and package metadata only, so the parent process never
imports torch (its fork server does).
"""

from __future__ import annotations

import os
import platform
import re
from importlib import metadata


def cpu_model() -> str:
    """The CPU's model name (/proc/cpuinfo on Linux), else whatever the platform reports."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as info:
            for line in info:
                if line.lower().startswith("model name"):
                    return " ".join(line.split(":", 1)[1].split())
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def memory_bytes() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 1


def load_average() -> list[float]:
    try:
        return [round(v, 2) for v in os.getloadavg()]
    except OSError:
        return [0.0, 0.0, 0.0]


def versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in ("torch", "transformers")}


def machine_id(cpu: str, cores: int, torch_version: str) -> str:
    """'amd-epyc-2cores-torch2.13.0': the measurement file's name, which a re-run on the same
    machine with the same torch reproduces (and so overwrites)."""
    cpu = re.sub(r"\((r|tm)\)|\bcpu\b|\bprocessor\b|@.*$", " ", cpu.lower())
    cpu = re.sub(r"\b\d+-core\b", " ", cpu)
    slug = re.sub(r"[^a-z0-9.]+", "-", cpu).strip("-.") or "cpu"
    torch_version = re.sub(r"[^a-z0-9.]+", "-", torch_version.lower().split("+")[0])
    return f"{slug}-{cores}cores-torch{torch_version}"


def describe_os() -> str:
    return f"{platform.system()} {platform.release()} ({platform.machine()})"
