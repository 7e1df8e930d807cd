"""The site's languages as mkdocs-static-i18n wants them, built from generator.render.i18n.

The languages are defined once, in `generator/render/i18n.py` (codes, names, which is the
default) and the strings files (each language's site description, footer, repository label and section name).
mkdocs.yml calls `i18n_languages` for the i18n plugin's `languages` option:

    languages: !!python/object/apply:generator.site.languages.i18n_languages []

so the plugin's configuration is validated as if it were written there.
"""

from __future__ import annotations

from typing import Any

from ..render.i18n import LANGUAGES, strings
from ..render.pages import MODELS_SECTION


def i18n_languages() -> list[dict[str, Any]]:
    """One mkdocs-static-i18n language entry per language, default first."""
    entries = []
    for language in LANGUAGES:
        table = strings(language.code)
        entries.append(
            {
                "locale": language.code,
                "name": language.name,
                "default": language.default,
                "build": True,
                "site_description": table["site.description"],
                "copyright": table["site.copyright"],
                "nav_translations": {MODELS_SECTION: table["site.models_section"]},
                # Read by docs/theme/partials/copyright.html before the repository's address.
                "extra": {"repository_label": table["site.repository"]},
                # The colour-scheme toggle's names, item by item as mkdocs.yml's theme.palette lists
                # them (system, light, dark). The plugin merges these into the shared list in place,
                # so every language sets all three.
                "theme": {
                    "palette": [
                        {"toggle": {"name": table[f"palette.{scheme}"]}} for scheme in ("auto", "light", "dark")
                    ]
                },
            }
        )
    return entries
