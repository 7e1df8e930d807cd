"""Reading the same catalogue again in one process (every rebuild of `mkdocs serve`): an
unchanged file is parsed once (generator/catalog/yamlsource.py keeps the parse by path and exact
bytes), yet every read sees the file as it is now, with its problems, and no read can change
what a later one gets."""

from __future__ import annotations

import pytest

from generator.catalog import CatalogInvalid, load_catalog
from generator.catalog.yamlsource import read_yaml_file
from tests.conftest import replace_once


def test_an_edit_is_read_and_an_undone_edit_reads_as_before(catalog_copy):
    models = catalog_copy / "models.yaml"

    def tiny_name() -> str:
        read = read_yaml_file(models, [])
        assert read is not None
        return read.data["models"][0]["name"]

    assert load_catalog(catalog_copy).models[0].name == tiny_name() == "BERT-Tiny"
    text = models.read_text(encoding="utf-8")
    replace_once(models, "name: BERT-Tiny\n", "name: BERT-Teeny\n")
    assert tiny_name() == "BERT-Teeny"
    with pytest.raises(CatalogInvalid, match="BERT-Teeny"):
        load_catalog(catalog_copy)
    models.write_text(text, encoding="utf-8")
    assert load_catalog(catalog_copy).models[0].name == tiny_name() == "BERT-Tiny"


def test_a_broken_file_reports_its_problem_on_every_read(catalog_copy):
    line = replace_once(catalog_copy / "models.yaml", "models:", "models: *nope\n_:")
    for _ in range(2):
        with pytest.raises(CatalogInvalid) as refused:
            load_catalog(catalog_copy)
        assert [(p.file.name, p.line) for p in refused.value.problems if "alias" in p.message] == [
            ("models.yaml", line)
        ]


def test_changing_what_one_read_returned_changes_no_later_read(catalog_copy):
    first = read_yaml_file(catalog_copy / "models.yaml", [])
    assert first is not None
    first.data["models"].clear()
    first.where.clear()
    second = read_yaml_file(catalog_copy / "models.yaml", [])
    assert second is not None and second.data["models"] and second.where
