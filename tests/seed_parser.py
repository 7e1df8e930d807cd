"""Parse the Chinese mirror list (the seed) independently of the catalogue loader."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SEED = Path(__file__).resolve().parent / "fixtures" / "seed" / "mirror-list.md"

# | 2 | 128 | 2 | [百度网盘](https://pan.baidu.com/s/19b1x0yJafaTcLa5qBysjEQ) 提取码：lnyy |
_ROW = re.compile(
    r"^\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*\[百度网盘\]\(([^)]*)\)\s*提取码：(\w*)\s*\|", re.M
)
# tf版的24个模型打包下载链接：[百度网盘](URL ) 提取码：uyul
_PACK = re.compile(r"^(\w+)版的24个模型打包下载链接：\[百度网盘\]\(([^)]*)\)\s*提取码：(\w*)", re.M)


@dataclass(frozen=True)
class SeedLink:
    framework: str  # "pytorch" or "tensorflow"
    layers: int
    hidden: int
    heads: int
    url: str  # exactly as in the seed, whitespace included
    code: str


def parse_seed(text: str | None = None) -> tuple[list[SeedLink], dict[str, tuple[str, str]]]:
    """Per-model links, and the packs by framework as (raw url, code)."""
    text = SEED.read_text(encoding="utf-8") if text is None else text
    pytorch, tensorflow = text.split("### TensorFlow版")
    links = [
        SeedLink(framework, int(layers), int(hidden), int(heads), url, code)
        for framework, part in (("pytorch", pytorch), ("tensorflow", tensorflow))
        for layers, hidden, heads, url, code in _ROW.findall(part)
    ]
    packs = {
        ("tensorflow" if name.lower() == "tf" else name.lower()): (url, code)
        for name, url, code in _PACK.findall(text)
    }
    return links, packs
