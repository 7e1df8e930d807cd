"""The MkDocs plugin's options: typed and checked by MkDocs from mkdocs.yml, relative to its folder,
each overridden by its environment variable. No build: the options are loaded as MkDocs loads them."""

from __future__ import annotations

from pathlib import Path

from generator.paths import CATALOG_DIR
from generator.site.plugin import CATALOG_ENV, STATE_ENV, LittleBertsPlugin, plugin_inputs


def load(options: dict, folder: Path) -> tuple[LittleBertsPlugin, list[str]]:
    """The plugin configured as mkdocs.yml in `folder` would configure it; its errors and warnings."""
    plugin = LittleBertsPlugin()
    errors, warnings = plugin.load_config(options, str(folder / "mkdocs.yml"))
    return plugin, [f"{name}: {problem}" for name, problem in [*errors, *warnings]]


def test_without_options_or_environment_the_repositorys_catalogue_and_its_history_are_used(tmp_path):
    plugin, errors = load({}, tmp_path)
    assert errors == []
    default = Path(CATALOG_DIR)
    assert plugin_inputs(plugin.config, {}) == (default, default / "link-state.json")


def test_options_are_relative_to_mkdocs_yml_and_the_state_follows_the_catalogue(tmp_path):
    (tmp_path / "mine").mkdir()
    plugin, errors = load({"catalog": "mine"}, tmp_path)
    assert errors == []
    assert plugin_inputs(plugin.config, {}) == (tmp_path / "mine", tmp_path / "mine" / "link-state.json")
    plugin, errors = load({"catalog": "mine", "link_state": "history.json"}, tmp_path)
    assert plugin_inputs(plugin.config, {}) == (tmp_path / "mine", tmp_path / "history.json")


def test_a_missing_catalogue_folder_or_a_wrong_type_is_a_config_error(tmp_path):
    _plugin, errors = load({"catalog": "no-such-folder"}, tmp_path)
    [error] = errors
    assert error == f"catalog: The path '{tmp_path / 'no-such-folder'}' isn't an existing directory."
    _plugin, errors = load({"link_state": 3}, tmp_path)
    assert errors == ["link_state: Expected type: <class 'str'> but received: <class 'int'>"]
    _plugin, errors = load({"catalogue": "catalog"}, tmp_path)  # misspelt: `mkdocs build --strict` fails
    assert errors == ["catalogue: Unrecognised configuration name: catalogue"]


def test_the_environment_overrides_each_option(tmp_path):
    (tmp_path / "mine").mkdir()
    plugin, _errors = load({"catalog": "mine", "link_state": "history.json"}, tmp_path)
    environ = {CATALOG_ENV: str(tmp_path / "other"), STATE_ENV: str(tmp_path / "other.json")}
    assert plugin_inputs(plugin.config, environ) == (tmp_path / "other", tmp_path / "other.json")
    # The catalogue alone: its history is beside it, not the option's file for another catalogue.
    assert plugin_inputs(plugin.config, {CATALOG_ENV: str(tmp_path / "other")}) == (
        tmp_path / "other",
        tmp_path / "history.json",
    )
