"""Fixtures for the render stage: the real catalogue rendered once, and helpers to break copies.

Parameter counts come from a params cache warmed once per session in pytest's temporary
folder (LITTLE_BERTS_CACHE_DIR points there for every test), so no test reads or writes the
repository's .cache/params.json, and only the first render of the session instantiates models.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from mkdocs.utils.yaml import yaml_load

from generator.catalog import load_catalog
from generator.params import CACHE_DIR_ENV
from generator.render import render_site
from tests.counts_cache import warm_params_cache

ROOT = Path(__file__).resolve().parents[2]
NO_STATE = ROOT / "tests" / "render" / "no-such-state.json"
"""A state path that never exists: renders every link as 'not checked yet'."""

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
"""Han characters and CJK/full-width punctuation (tests/site uses it too)."""


@pytest.fixture(scope="session")
def params_cache(tmp_path_factory) -> Path:
    return warm_params_cache(tmp_path_factory)


@pytest.fixture(autouse=True)
def use_params_cache(params_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test counts through the session cache (subprocesses inherit the variable)."""
    monkeypatch.setenv(CACHE_DIR_ENV, str(params_cache))
    return params_cache


@pytest.fixture(scope="session")
def real_catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def real_pages(real_catalog, params_cache) -> dict[str, str]:
    """{relative path: text} of the real catalogue, with no link state."""
    with pytest.MonkeyPatch.context() as patch:  # session-scoped: before use_params_cache runs
        patch.setenv(CACHE_DIR_ENV, str(params_cache))
        return render_site(real_catalog, NO_STATE).files


def site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions mkdocs.yml enables (as MkDocs would run it)."""
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as source:
        config = yaml_load(source)  # MkDocs' own loader: it knows !ENV
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if options:
            configs[name] = options
    return markdown.Markdown(extensions=names, extension_configs=configs)


def to_html(page_markdown: str) -> str:
    """The HTML body of one generated page (front matter removed)."""
    body = page_markdown.split("\n---\n", 1)[1] if page_markdown.startswith("---\n") else page_markdown
    return site_markdown().convert(body)


def cited_texts(catalog) -> list[str]:
    """Text a page quotes from English sources, which stays as printed in every language:
    citation titles, locators and quotes, repository paths, and titles the name guide quotes."""
    c = catalog
    cited = [f.citation for f in c.parameter_figures] + [k.citation for k in c.provenance.kinds]
    cited += [
        c.glue.citation,
        c.glue.pairs.citation,
        c.fine_tuning.citation,
        c.paper.citation,
        c.release.citation,
        c.release.license_citation,
        c.provenance.models,
        c.provenance.kerashub,
    ]
    cited += [s.citation for s in c.shared_config_sources]
    texts = [text for ci in cited for text in (ci.title, ci.locator, ci.quote) if text]
    texts += [r.path for r in c.provenance.references if r.path]
    return [
        *texts,
        "Distilling BERT for Natural Language Understanding",
        "Chinese RoBERTa Miniatures",
        "Chinese version trained with WIKI and NEWS corpus",
    ]
