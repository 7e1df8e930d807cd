"""Stage 4 of the pipeline: render the bilingual site from the catalogue.

    Catalog + parameter counts + link state --context--> typed page data
        --Jinja2 templates (generator/templates/)--> docs/generated/*.{zh,en}.md + catalog.json

`python -m generator build` and the MkDocs plugin (generator/site/plugin.py) both call `build_site`.
This package imports Jinja2: command modules import it inside `run`, never in `register`.
"""

from .build import (
    BuildReport,
    OutputNotAFolder,
    OutputNotOurs,
    OutputRefused,
    RenderedSite,
    build_site,
    render_site,
)
from .i18n import DEFAULT_LANGUAGE, LANGUAGES
from .linkstatus import DEFAULT_STATE_PATH, LinkStateInvalid

__all__ = [
    "DEFAULT_LANGUAGE",
    "DEFAULT_STATE_PATH",
    "LANGUAGES",
    "BuildReport",
    "LinkStateInvalid",
    "OutputNotAFolder",
    "OutputNotOurs",
    "OutputRefused",
    "RenderedSite",
    "build_site",
    "render_site",
]
