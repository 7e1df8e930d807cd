"""Fixtures for the render stage: the real catalogue rendered once, and helpers to break copies."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from mkdocs.utils.yaml import yaml_load

from generator.catalog import load_catalog
from generator.render import render_site

ROOT = Path(__file__).resolve().parents[2]
NO_STATE = ROOT / "tests" / "render" / "no-such-state.json"
"""A state path that never exists: renders every link as 'not checked yet'."""

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
"""Han characters and CJK/full-width punctuation."""


@pytest.fixture(scope="session")
def real_catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def real_pages(real_catalog) -> dict[str, str]:
    """{relative path: text} of the real catalogue, with no link state."""
    pages, _nav, missing = render_site(real_catalog, NO_STATE)
    assert missing is None, f"parameter counts are missing: {missing}"
    return pages


def site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions mkdocs.yml enables (as MkDocs would run it)."""
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as source:
        config = yaml_load(source)  # MkDocs' own loader: it knows !ENV
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        name, options = (next(iter(item.items())) if isinstance(item, dict) else (item, None))
        names.append(name)
        if options:
            configs[name] = options
    return markdown.Markdown(extensions=names, extension_configs=configs)


def to_html(page_markdown: str) -> str:
    """The HTML body of one generated page (front matter removed)."""
    body = page_markdown.split("\n---\n", 1)[1] if page_markdown.startswith("---\n") else page_markdown
    return site_markdown().convert(body)
