"""MkDocs hook: generate the site's pages before every build, so `mkdocs build` and
`mkdocs serve` always show the current catalogue.

A thin adapter: it calls the same `build_site` as `python -m generator build`. Generation
runs in on_pre_build, before MkDocs collects files: mkdocs-static-i18n (1.3.1) reads the
docs folder in on_files and ignores files that exist only in memory, so the pages must be
real files by then. `build_site` rewrites only files whose content changed, so a rebuild
triggered by `mkdocs serve` watching the folder writes nothing and does not loop.

Generation runs once per `mkdocs build`: mkdocs-static-i18n builds the other languages by
calling MkDocs' `build()` again from its on_post_build, with its `building` flag set, and
that nested build fires on_pre_build too. The pages on disk are the ones just generated, so
the nested build skips generation. `mkdocs serve` loads a fresh config (fresh plugin
instances, flag clear) for every rebuild, so every catalogue save still regenerates.

Any problem (invalid catalogue or link state, a parameter count disagreeing with a
published figure, torch needed but missing) raises PluginError with every problem listed:
`mkdocs build` fails with that message; `mkdocs serve` logs it, keeps running (MkDocs holds
page requests until a build succeeds) and rebuilds on the next save.

Environment (for tests and experiments; defaults are the repository's own files):
  LITTLE_BERTS_CATALOG     catalogue folder        (default: catalog/)
  LITTLE_BERTS_LINK_STATE  link-check state file   (default: catalog/link-state.json)
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from generator.catalog import DEFAULT_CATALOG_DIR, CatalogInvalid, load_catalog
from generator.params import ParamsError
from generator.project import RepositoryInvalid, project_from_env
from generator.render import LANGUAGES, LinkStateInvalid, OutputRefused, build_site

CATALOG_ENV = "LITTLE_BERTS_CATALOG"
STATE_ENV = "LITTLE_BERTS_LINK_STATE"

log = get_plugin_logger("little_berts")


# Before the search plugin's on_config (priority 0), which loads the jieba dictionary.
@event_priority(100)
def on_config(config):
    """Resolve paths against mkdocs.yml's folder; fail early if mkdocs.yml and
    generator/render/i18n.py disagree about the languages."""
    search = config.plugins.get("material/search")
    if search is not None and search.config.jieba_dict_user:
        # Material resolves it against the working directory; mkdocs -f from elsewhere would miss it.
        folder = Path(config.config_file_path).parent
        search.config.jieba_dict_user = str(folder / search.config.jieba_dict_user)
    i18n = config.plugins.get("i18n")
    if i18n is None:
        raise PluginError("mkdocs.yml must enable the i18n plugin (mkdocs-static-i18n)")
    configured = [(lang.locale, bool(lang.default)) for lang in i18n.config.languages]
    expected = [(lang.code, lang.default) for lang in LANGUAGES]
    if configured != expected:
        raise PluginError(f"i18n languages in mkdocs.yml are {configured}, but the generator "
                          f"renders {expected} (generator/render/i18n.py); make them match")
    # The footer's repository link (docs/theme/partials/copyright.html), from the same setting
    # as the pages' "report a broken link" links and the link checker's User-Agent.
    try:
        config.extra["repository_url"] = project_from_env().url
    except RepositoryInvalid as invalid:
        raise PluginError(str(invalid)) from None
    return config


def _nested_i18n_build(config) -> bool:
    """True inside the build mkdocs-static-i18n runs for another language (1.3.1 sets
    `building` for its duration). Should a later version drop the flag, this returns False
    and pages are generated once more: slower, never stale."""
    return bool(getattr(config.plugins.get("i18n"), "building", False))


def on_pre_build(config):
    if _nested_i18n_build(config):
        # config["nav"], set below, lives on: the nested build reuses this config object.
        log.debug("pages already generated for this build; not generating again for the next language")
        return
    catalog_dir = os.environ.get(CATALOG_ENV) or DEFAULT_CATALOG_DIR
    try:
        catalog = load_catalog(catalog_dir)
    except CatalogInvalid as invalid:
        problems = "\n".join(str(p) for p in invalid.problems)
        raise PluginError(f"the catalogue is invalid, pages were not regenerated:\n{problems}") from None
    try:
        report = build_site(catalog, config.docs_dir, os.environ.get(STATE_ENV) or None)
    except ParamsError as error:
        problems = "\n".join(error.problems)
        raise PluginError(f"{error.summary}; pages were not regenerated:\n{problems}") from None
    except (LinkStateInvalid, OutputRefused, RepositoryInvalid) as problem:
        raise PluginError(f"{problem}; pages were not regenerated") from None
    log.info(f"pages generated from {catalog_dir}: {len(report.written)} written, "
             f"{len(report.unchanged)} unchanged, {len(report.removed)} removed")
    # The models section lists every model page in catalogue order, which only the
    # catalogue knows; MkDocs reads config["nav"] after on_files.
    config["nav"] = report.nav
