"""Provenance as data: every published fact cites a listed reference with a locator, or is
marked unverified with a reason; validation refuses anything else (on fixture catalogues)."""

import pytest
import yaml

from generator.catalog import CatalogInvalid, load_catalog
from tests.conftest import FULL_CATALOG, replace_once

_REFERENCES = yaml.safe_load((FULL_CATALOG / "references.yaml").read_text("utf-8"))["references"]
MIRROR_LIST = next(
    i for i, ref in enumerate(_REFERENCES) if ref.get("path") == "tests/fixtures/seed/mirror-list.md"
)
"""The position of the reference that cites a file of this repository (the seed mirror list)."""

KERAS_TINY_SOURCE = """    source:
      ref: kerashub-presets
      locator: 'backbone_presets["bert_tiny_en_uncased"], metadata'
      quote: '"params": 4385920'
"""


def problems_of(directory) -> list[str]:
    with pytest.raises(CatalogInvalid) as raised:
        load_catalog(directory)
    return [str(p) for p in raised.value.problems]


@pytest.mark.parametrize("instead", ["", "    verified: false\n    reason: nobody prints it\n"])
def test_a_published_figure_without_a_source_is_refused(catalog_copy, instead):
    """Even marked unverified: a figure no source prints is not a figure published elsewhere."""
    line = replace_once(catalog_copy / "published.yaml", KERAS_TINY_SOURCE, instead)
    (problem,) = problems_of(catalog_copy)
    assert problem == (
        f"{catalog_copy / 'published.yaml'}:{line - 3}: parameter_figures[0]: a published "
        "figure needs the source that prints it (add `source: {ref: ..., locator: ...}` "
        "where the figure is printed, or remove the entry)"
    )


def test_a_fact_without_a_source_is_refused(catalog_copy):
    paper_source = '  source: {ref: bert-readme, locator: "BibTeX entry turc2019, README.md lines 40-45"}\n'
    line = replace_once(catalog_copy / "published.yaml", paper_source, "")
    (problem,) = problems_of(catalog_copy)
    assert problem.startswith(
        f"{catalog_copy / 'published.yaml'}:{line - 7}: paper: `paper` has no source (add `source: {{ref: "
    )
    assert "or `verified: false` with `reason:`" in problem


def test_unverified_needs_a_reason(catalog_copy):
    text = (catalog_copy / "published.yaml").read_text(encoding="utf-8")
    start = text.index("    reason: >-\n", text.index("  pairs:"))
    end = text.index("  scores:")
    (catalog_copy / "published.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    (problem,) = problems_of(catalog_copy)
    assert "glue.pairs: the GLUE pair labels is marked `verified: false` without a reason" in problem


def test_a_reason_on_a_verified_figure_is_refused(catalog_copy):
    replace_once(
        catalog_copy / "published.yaml", KERAS_TINY_SOURCE, KERAS_TINY_SOURCE + "    reason: because\n"
    )
    (problem,) = problems_of(catalog_copy)
    assert "parameter_figures[0].reason: `reason` is only for a fact marked `verified: false`" in problem


def test_a_citation_of_an_unknown_reference_is_refused(catalog_copy):
    replace_once(catalog_copy / "published.yaml", "ref: kerashub-presets", "ref: kerashub-preset")
    (problem,) = problems_of(catalog_copy)
    assert "parameter_figures[0].source.ref: no reference with id 'kerashub-preset' (use one of: " in problem


def test_a_citation_needs_a_locator(catalog_copy):
    replace_once(
        catalog_copy / "published.yaml",
        "      locator: 'backbone_presets[\"bert_tiny_en_uncased\"], metadata'\n",
        "",
    )
    (problem,) = problems_of(catalog_copy)
    assert "parameter_figures[0].source: missing required field 'locator'" in problem


def test_a_kind_without_provenance_is_refused(catalog_copy):
    text = (catalog_copy / "references.yaml").read_text(encoding="utf-8")
    start = text.index("    - kind: kaggle\n")
    end = text.index("    - kind: baidu_pytorch\n")
    (catalog_copy / "references.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    kind_problem, orphan = problems_of(catalog_copy)
    assert "models[0].sources[4].kind: no provenance for kaggle links (add `- kind: kaggle`" in kind_problem
    # The entry removed was the only one citing the tfhub.dev README.
    assert "reference 'tfhub-readme' is cited by nothing" in orphan


def test_every_shared_config_value_needs_a_source(catalog_copy):
    replace_once(catalog_copy / "models.yaml", "  - fields: [layer_norm_eps]\n", "  - fields: [vocab_size]\n")
    problems = problems_of(catalog_copy)
    assert any("shared_config_sources[1].fields[0]: 'vocab_size' is cited twice" in p for p in problems)
    assert any("shared_config.layer_norm_eps: 'layer_norm_eps' has no source" in p for p in problems)


def test_an_unverified_figure_loads_with_its_reason(small_catalog):
    catalog = load_catalog(small_catalog)
    keras, rounded, _ = catalog.parameter_figures
    assert keras.citation.verified and keras.citation.url.endswith("bert_presets.py")
    assert keras.citation.quote == '"params": 4385920'
    assert rounded.citation.reference.id == "bhargava-2021-code" and "line 3072" in rounded.citation.locator
    (kaggle,) = [k for k in catalog.provenance.kinds if k.kind == "kaggle"]
    assert not kaggle.citation.verified and "public code files" in kaggle.citation.reason
    assert ("kaggle links", kaggle.citation) in catalog.unverified()


def test_the_kerashub_preset_says_which_checkpoint_it_holds(small_catalog):
    tiny = load_catalog(small_catalog).model("uncased_L-2_H-128_A-2")
    assert tiny.kerashub_preset == "bert_tiny_en_uncased" and tiny.kerashub_same_weights


@pytest.mark.parametrize(
    "path",
    [
        "../../etc/passwd",
        "tests/../../etc/passwd",
        "./README.md",
        "tests/./x.md",
        "tests/fixtures/seed/../../../../x",
    ],
)
def test_a_reference_path_must_stay_inside_the_repository(catalog_copy, path):
    line = replace_once(
        catalog_copy / "references.yaml", "path: tests/fixtures/seed/mirror-list.md", f"path: {path}"
    )
    (problem,) = problems_of(catalog_copy)
    assert problem.startswith(f"{catalog_copy / 'references.yaml'}:{line}: references[{MIRROR_LIST}].path: ")
    assert f"'{path}' is not a file of this repository" in problem
    assert "(write the path from the repository's top folder" in problem


def test_a_reference_path_may_not_leave_the_repository_through_a_symlink(catalog_copy, tmp_path, monkeypatch):
    from generator.catalog import provenance_check

    repository = tmp_path / "repository"
    (repository / "docs").mkdir(parents=True)
    (repository / "docs" / "outside").symlink_to(tmp_path)
    (repository / "docs" / "inside.md").write_text("x", encoding="utf-8")
    monkeypatch.setattr(provenance_check, "REPO_ROOT", repository)
    replace_once(
        catalog_copy / "references.yaml",
        "path: tests/fixtures/seed/mirror-list.md",
        "path: docs/outside/secret.txt",
    )
    (problem,) = problems_of(catalog_copy)
    assert (
        f"references[{MIRROR_LIST}].path: 'docs/outside/secret.txt' is not a file of this repository" in problem
    )
    assert "it leads outside the repository" in problem
    replace_once(catalog_copy / "references.yaml", "path: docs/outside/secret.txt", "path: docs/inside.md")
    load_catalog(catalog_copy)


def test_a_reference_nothing_cites_is_refused(catalog_copy):
    """An unused reference names a source the site claims to rest on but never shows."""
    line = replace_once(
        catalog_copy / "references.yaml",
        "references:\n",
        "references:\n  - id: orphan\n    title: Nobody cites me\n    url: https://example.org/x\n",
    )
    (problem,) = problems_of(catalog_copy)
    assert problem == (
        f"{catalog_copy / 'references.yaml'}:{line + 1}: references[0].id: reference "
        "'orphan' is cited by nothing (cite it from a fact "
        "(`source: {ref: orphan, locator: ...}`) or remove it)"
    )


@pytest.mark.parametrize("branch", ["main", "master"])
def test_a_reference_on_a_moving_branch_is_refused(catalog_copy, branch):
    commit = "0b8b7aff40ebcfcb0fffe155cf1c2ad71dd41e2d"
    replace_once(catalog_copy / "references.yaml", f"keras-hub/blob/{commit}/", f"keras-hub/blob/{branch}/")
    (problem,) = problems_of(catalog_copy)
    assert f"url: the address follows the branch '{branch}', so what it shows can change" in problem
    assert f"replace '/{branch}/' with the commit you read it at" in problem
