"""The MkDocs plugin: generate the pages before every build, keep each language's outputs apart.

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

Two outputs of mkdocs-static-i18n do not follow its own per-language layout, and are put right
after it ran:
  * the search index: the plugin merges every language's entries into the one root
    search/search_index.json, so a search would return each page twice, once per language;
    it is split back into one index per language (search_index.py);
  * 404.html: each language's build writes it to the site root, so the last language built
    (English) would replace the default (Chinese) one.

Options, in mkdocs.yml (typed and checked by MkDocs, as its own plugins' are; relative paths are
relative to mkdocs.yml's folder), each with an environment variable that overrides it (tests and
experiments build another catalogue without editing mkdocs.yml):

    plugins:
      - little-berts:
          catalog: catalog               # LITTLE_BERTS_CATALOG; default: the repository's catalog/
          link_state: catalog/link-state.json  # LITTLE_BERTS_LINK_STATE; default: link-state.json
                                         # in the catalogue folder (generator.paths.link_state_path)

GITHUB_REPOSITORY and LITTLE_BERTS_SITE_URL are read and checked by generator/project.py.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from ..catalog import load_catalog
from ..failure import Failure
from ..fsutil import FileUnreadable, read_text_or_fail, write_if_changed
from ..paths import CATALOG_DIR, cache_dir, link_state_path
from ..project import project_from_env
from ..render import DEFAULT_LANGUAGE, LANGUAGES, build_site
from .search_index import split_search_index

CATALOG_ENV = "LITTLE_BERTS_CATALOG"
STATE_ENV = "LITTLE_BERTS_LINK_STATE"
SEARCH_INDEX = Path("search") / "search_index.json"
NOT_FOUND = "404.html"

log = get_plugin_logger("little_berts")


class _ExpectedOverrides(logging.Filter):
    """Drops mkdocs-static-i18n's "Overriding '<lang>' config ..." and "Updating '<lang>' config
    'extra' ..." INFO lines: the per-language description, footer and repository label come from
    generator/site/languages.py on purpose, so a normal build says nothing about them."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()  # "mkdocs_static_i18n: Overriding 'en' config ..."
        return record.levelno > logging.INFO or ("Overriding '" not in message and "Updating '" not in message)


_EXPECTED_OVERRIDES = _ExpectedOverrides()


def _quiet_build() -> None:
    """A normal build logs what it did, not its libraries' chatter (idempotent: serve calls it
    on every rebuild)."""
    i18n_log = logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure")
    if _EXPECTED_OVERRIDES not in i18n_log.filters:
        i18n_log.addFilter(_EXPECTED_OVERRIDES)
    try:
        import jieba  # jieba logs "Building prefix dict ..." at DEBUG on its own stderr handler
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)


def _keep_jieba_cache_in_project() -> None:
    """jieba writes its 9 MB prefix-dictionary cache into the system temp folder, shared by
    every user of the machine (and a place another user could plant a cache). Point it at
    the project's cache folder (.cache/jieba, or $LITTLE_BERTS_CACHE_DIR/jieba) before the
    search plugin's on_config loads the dictionary."""
    import jieba  # the search plugin imports it anyway for Chinese

    folder = cache_dir() / "jieba"
    folder.mkdir(parents=True, exist_ok=True)
    jieba.dt.tmp_dir = str(folder)


def _nested_i18n_build(config: MkDocsConfig) -> bool:
    """True inside the build mkdocs-static-i18n runs for another language (1.3.1 sets
    `building` for its duration). Should a later version drop the flag, this returns False
    and pages are generated once more: slower, never stale."""
    return bool(getattr(config.plugins.get("i18n"), "building", False))


class LittleBertsOptions(base.Config):  # type: ignore[no-untyped-call]  # mkdocs' __init_subclass__ is unannotated
    """The plugin's options in mkdocs.yml."""

    catalog = c.Optional(c.Dir(exists=True))
    """The catalogue folder (default: the repository's catalog/)."""
    link_state = c.Optional(c.File(exists=False))
    """The link checker's state file (default: link-state.json in the catalogue folder)."""


def plugin_inputs(options: LittleBertsOptions, environ: Mapping[str, str]) -> tuple[Path, Path]:
    """The catalogue folder and link-state file to build from: each environment variable when set,
    else its mkdocs.yml option, else the default (the state file as check-links decides it)."""
    catalog_dir = Path(environ.get(CATALOG_ENV) or options.catalog or CATALOG_DIR)
    return catalog_dir, link_state_path(catalog_dir, environ.get(STATE_ENV) or options.link_state)


class LittleBertsPlugin(BasePlugin[LittleBertsOptions]):  # type: ignore[no-untyped-call]  # as above
    # Before the search plugin's on_config (priority 0), which loads the jieba dictionary.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Resolve the jieba dictionary against mkdocs.yml's folder; keep jieba's cache in ours and
        quiet the libraries' logs."""
        _keep_jieba_cache_in_project()
        _quiet_build()
        search = config.plugins.get("material/search")
        if search is not None and search.config.jieba_dict_user:
            # Material resolves it against the working directory; mkdocs -f from elsewhere would miss it.
            folder = Path(config.config_file_path).parent
            search.config.jieba_dict_user = str(folder / search.config.jieba_dict_user)
        if config.plugins.get("i18n") is None:
            raise PluginError("mkdocs.yml must enable the i18n plugin (mkdocs-static-i18n)")
        # The footer's repository link (docs/theme/partials/copyright.html), from the same setting
        # as the pages' "report a broken link" links and the link checker's User-Agent; and the
        # published address, read and checked there too (mkdocs.yml leaves site_url unset).
        try:
            project = project_from_env()
        except Failure as failure:
            raise plugin_error(failure, "nothing was generated") from None
        config.extra["repository_url"] = project.url
        if not config.site_url:  # `mkdocs serve` sets its own address, which stays
            config.site_url = project.site_url
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if _nested_i18n_build(config):
            # config["nav"], set below, lives on: the nested build reuses this config object.
            log.debug("pages already generated for this build; not generating again for the next language")
            return
        catalog_dir, state = plugin_inputs(self.config, os.environ)
        try:
            report = build_site(load_catalog(catalog_dir), config.docs_dir, state)
        except Failure as failure:
            raise plugin_error(failure, "pages were not regenerated") from None
        for notice in report.notices:  # the lines the CLI prints for it (generator/failure.py)
            log.warning("\n".join(notice.warning_lines()))
        log.info(
            f"pages generated from {catalog_dir}: {len(report.written)} written, "
            f"{len(report.unchanged)} unchanged, {len(report.removed)} removed"
        )
        # The models section lists every model page in catalogue order, which only the
        # catalogue knows; MkDocs reads config["nav"] after on_files.
        config["nav"] = report.nav

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """Another language's 404 page goes to <lang>/404.html; the root keeps the default one."""
        language = config.theme["language"]  # set per build by mkdocs-static-i18n
        if template_name != NOT_FOUND or language == DEFAULT_LANGUAGE.code:
            return output_content
        write_if_changed(Path(config.site_dir) / language / NOT_FOUND, output_content)
        root = Path(config.site_dir) / NOT_FOUND
        return _built_file(root, "the default language's 404 page") if root.exists() else output_content

    # After mkdocs-static-i18n's on_post_build (priority -100), which builds the other languages
    # and then writes every language's entries into the one root index.
    @event_priority(-200)
    def on_post_build(self, config: MkDocsConfig) -> None:
        root = Path(config.site_dir) / SEARCH_INDEX
        if not root.exists():  # search disabled
            return
        others = tuple(lang.code for lang in LANGUAGES if not lang.default)
        index = json.loads(_built_file(root, "the search index"))
        split = split_search_index(index, DEFAULT_LANGUAGE.code, others)
        for lang, document in split.items():
            target = root if lang == DEFAULT_LANGUAGE.code else Path(config.site_dir) / lang / SEARCH_INDEX
            write_if_changed(target, json.dumps(document, ensure_ascii=False, separators=(",", ":")))


def plugin_error(failure: Failure, consequence: str) -> PluginError:
    """The one way a Failure becomes a PluginError: what the CLI prints (generator/failure.py),
    summary and consequence first, as MkDocs shows an error on one ERROR line, then each problem."""
    problems = "\n".join(map(str, failure.problems))
    return PluginError(f"{failure.summary}; {failure.consequence or consequence}:\n{problems}")


BUILT_FILE_MAX_BYTES = 64 * 1024 * 1024
"""Largest file of MkDocs' own output read back (the search index is the largest, ~1 MB)."""


def _built_file(path: Path, what: str) -> str:
    """A file MkDocs just wrote, read through the bounded reader; PluginError if it cannot be."""
    try:
        return read_text_or_fail(path, BUILT_FILE_MAX_BYTES, what, "build into an empty site folder")
    except FileUnreadable as failure:
        raise plugin_error(failure, "the build stopped after MkDocs wrote it") from None
