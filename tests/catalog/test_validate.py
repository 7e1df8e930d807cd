"""Every class of catalogue error, with the exact message a maintainer sees."""

import pytest
import yaml

from generator.catalog import SECTION_FILES, catalog_files
from tests.catalog.loading import problems_of
from tests.conftest import FIXTURES, FULL_CATALOG, REAL_CATALOG, replace_once

TINY = "uncased_L-2_H-128_A-2"
TINY_PT = "https://pan.baidu.com/s/19b1x0yJafaTcLa5qBysjEQ"
KINDS = "google_zip, huggingface, huggingface_community, tfhub, kaggle, baidu_pytorch, baidu_tensorflow"
MODEL_KEYS = "heads, hidden, id, intermediate, kerashub, layers, name, sources"


# (case id, file, old text, new text, line offset from the edit, field path, message (fix))
CASES = [
    (
        "unknown-key",
        "models.yaml",
        "    layers: 2\n    hidden: 128\n",
        "    layers: 2\n    hiden: 128\n",
        1,
        "models[0].hiden",
        "unknown key 'hiden' (did you mean 'hidden'? allowed keys here: " + MODEL_KEYS + ")",
    ),
    (
        "missing-field",
        "models.yaml",
        "    layers: 2\n    hidden: 128\n",
        "    hidden: 128\n",
        -2,
        "models[0]",
        "missing required field 'layers' (add `layers:` to this entry)",
    ),
    (
        "wrong-type",
        "models.yaml",
        "    layers: 2\n",
        "    layers: two\n",
        0,
        "models[0].layers",
        "expected a whole number, got the text 'two' (write a whole number here)",
    ),
    (
        "code-unquoted-number",
        "models.yaml",
        'code: "lnyy"',
        "code: 6530",
        0,
        "models[0].sources[5].code",
        'expected text, got the number 6530 (quote it so YAML keeps it as text: "6530")',
    ),
    (
        "heads-do-not-divide",
        "models.yaml",
        "uncased_L-2_H-256_A-4\n    layers: 2\n    hidden: 256\n    heads: 4\n",
        "uncased_L-2_H-256_A-3\n    layers: 2\n    hidden: 256\n    heads: 3\n",
        3,
        "models[1].heads",
        "hidden size 256 is not divisible by 3 heads (choose heads that divide 256; "
        "this release uses hidden / 64 = 4)",
    ),
    (
        "duplicate-id",
        "models.yaml",
        "  - id: uncased_L-2_H-256_A-4\n    layers: 2\n    hidden: 256\n    heads: 4\n",
        f"  - id: {TINY}\n    layers: 2\n    hidden: 128\n    heads: 2\n",
        0,
        "models[1].id",
        f"duplicate model id '{TINY}' (first at {{dir}}/models.yaml:49) "
        "(list each model once; remove or rename one of them)",
    ),
    (
        "duplicate-url",
        "models.yaml",
        "https://pan.baidu.com/s/1D_UmeAyVCPfpkuT9b4GpaQ",
        TINY_PT,
        0,
        "models[1].sources[4].url",
        "duplicate URL, also listed at {dir}/models.yaml:70 "
        "(each link belongs to one entry; paste the right link for this one)",
    ),
    (
        "url-not-http",
        "models.yaml",
        f"url: https://storage.googleapis.com/bert_models/2020_02_20/{TINY}.zip",
        "url: ftp://storage.googleapis.com/x.zip",
        0,
        "models[0].sources[0].url",
        "'ftp://storage.googleapis.com/x.zip' is not in the expected form "
        "(write an absolute http:// or https:// URL with no spaces)",
    ),
    (
        "url-trailing-space",
        "models.yaml",
        f"url: {TINY_PT}",
        f'url: "{TINY_PT} "',
        0,
        "models[0].sources[5].url",
        f"'{TINY_PT} ' has leading or trailing whitespace (remove the spaces)",
    ),
    (
        "code-too-short",
        "models.yaml",
        'code: "lnyy"',
        'code: "lny"',
        0,
        "models[0].sources[5].code",
        "'lny' is not in the expected form (an extraction code is exactly 4 letters or digits; "
        "copy it from the mirror list and quote it)",
    ),
    (
        "code-not-alphanumeric",
        "models.yaml",
        'code: "lnyy"',
        'code: "ln-y"',
        0,
        "models[0].sources[5].code",
        "'ln-y' is not in the expected form (an extraction code is exactly 4 letters or digits; "
        "copy it from the mirror list and quote it)",
    ),
    (
        "code-missing",
        "models.yaml",
        f'url: {TINY_PT}\n        code: "lnyy"\n',
        f"url: {TINY_PT}\n",
        -1,
        "models[0].sources[5]",
        "a baidu_pytorch link needs its extraction code "
        "(add `code:` with the 4-character 提取码 from the mirror list)",
    ),
    (
        "named-size-contradicts",
        "models.yaml",
        "    name: BERT-Mini\n",
        "    name: BERT-Small\n",
        0,
        "models[5].name",
        "BERT-Small is L=4/H=512, but this model is L=4/H=256 (remove the name or move it to the right model)",
    ),
    (
        "unknown-source-kind",
        "models.yaml",
        "      - kind: tfhub\n",
        "      - kind: tf_hub\n",
        0,
        "models[0].sources[3].kind",
        f"unknown value 'tf_hub' (did you mean 'tfhub'? use one of: {KINDS})",
    ),
    (
        "kind-host-mismatch",
        "models.yaml",
        "      - kind: huggingface\n",
        "      - kind: tfhub\n",
        1,
        "models[0].sources[1].url",
        "a tfhub link must point at tfhub.dev, not huggingface.co (check the kind or the URL)",
    ),
    (
        "id-contradicts-config",
        "models.yaml",
        "    layers: 2\n    hidden: 256\n",
        "    layers: 3\n    hidden: 256\n",
        -1,
        "models[1].id",
        "id 'uncased_L-2_H-256_A-4' contradicts layers=3, hidden=256, heads=4 "
        "(use id 'uncased_L-3_H-256_A-4' or correct the numbers)",
    ),
    (
        "duplicate-yaml-key",
        "models.yaml",
        "    layers: 2\n",
        "    layers: 2\n    layers: 2\n",
        1,
        "models[0].layers",
        "duplicate key 'layers' (keep one of the two; YAML would silently drop the first)",
    ),
    (
        "glue-unknown-model",
        "published.yaml",
        "    - model: uncased_L-2_H-128_A-2\n      score",
        "    - model: uncased_L-2_H-128_A-9\n      score",
        0,
        "glue.scores[0].model",
        "no model with id 'uncased_L-2_H-128_A-9' (use the id of a model listed under `models`)",
    ),
    (
        "bundle-without-url",
        "published.yaml",
        "    url: https://storage.googleapis.com/bert_models/2020_02_20/all_bert_models.zip\n",
        "",
        -2,
        "bundles[0]",
        "missing required field 'url' (add `url:`, or `not_published:` with the reason no link exists)",
    ),
    (
        "published-figure-form",
        "published.yaml",
        'published: "4.4M"',
        'published: "about 4.4M"',
        0,
        "parameter_figures[4].published",
        "'about 4.4M' is not in the expected form (quote the figure "
        'as printed: an exact count like "4,385,920" or millions like "4.4M")',
    ),
]


@pytest.mark.parametrize(
    "file, old, new, offset, field, message", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_error_class_has_an_exact_message(catalog_copy, file, old, new, offset, field, message):
    line = replace_once(catalog_copy / file, old, new) + offset
    expected = f"{catalog_copy / file}:{line}: {field}: {message.format(dir=catalog_copy)}"
    assert problems_of(catalog_copy) == [expected]


def test_yaml_syntax_error_names_file_and_line(catalog_copy):
    line = replace_once(catalog_copy / "published.yaml", "  year: 2019\n", "  year: [2019\n")
    (problem,) = problems_of(catalog_copy)
    assert problem.startswith(f"{catalog_copy / 'published.yaml'}:")
    reported_line = int(problem.split(":")[1])
    assert line <= reported_line <= line + 2
    assert "YAML syntax error" in problem and "(fix the indentation or quoting near this line)" in problem


def test_several_errors_are_all_reported_at_once(catalog_copy):
    models = catalog_copy / "models.yaml"
    replace_once(models, 'code: "lnyy"', 'code: "lny"')
    replace_once(models, "      - kind: tfhub\n", "      - kind: tf_hub\n")
    replace_once(models, "    name: BERT-Mini\n", "    name: BERT-Small\n")
    replace_once(catalog_copy / "published.yaml", "  year: 2019\n", "  yeer: 2019\n")
    problems = problems_of(catalog_copy)
    fields = [p.split(": ")[1] for p in problems]
    assert fields == [
        "models[0].sources[3].kind",
        "models[0].sources[5].code",
        "models[5].name",
        "paper.yeer",
    ], problems


def test_section_defined_twice_across_files(catalog_copy):
    (catalog_copy / "extra.yaml").write_text("paper:\n  title: x\n", encoding="utf-8")
    problems = problems_of(catalog_copy)
    assert (
        f"{catalog_copy / 'published.yaml'}:7: paper: section 'paper' is also defined in "
        "extra.yaml:1 (keep each top-level section in one file)"
    ) in problems


def test_empty_folder(tmp_path):
    (problem,) = problems_of(tmp_path)
    assert "no catalogue files (*.yaml) found" in problem


MODELS_SECTIONS = ("models", "shared_config", "shared_config_sources")
PUBLISHED_SECTIONS = ("bundles", "fine_tuning", "glue", "paper", "parameter_figures", "release")


def test_an_empty_file_is_named_with_the_sections_it_should_hold(catalog_copy):
    models = catalog_copy / "models.yaml"
    models.write_text("", encoding="utf-8")
    assert problems_of(catalog_copy) == [
        f"{models}:1: (document): missing required section '{section}' "
        f"(add `{section}:` at the left margin of models.yaml)"
        for section in MODELS_SECTIONS
    ]


def test_a_missing_file_is_named_as_the_file_to_restore(catalog_copy):
    published = catalog_copy / "published.yaml"
    published.unlink()
    assert problems_of(catalog_copy) == [
        f"{published}:1: (document): missing required section '{section}' (published.yaml does not "
        f"exist: restore it with `git checkout published.yaml` in its folder, or add `{section}:` to it)"
        for section in PUBLISHED_SECTIONS
    ]


def test_a_file_of_comments_only_is_named_too(catalog_copy):
    references = catalog_copy / "references.yaml"
    references.write_text("# nothing here yet\n", encoding="utf-8")
    problems = problems_of(catalog_copy)
    assert problems and all(
        p.startswith(f"{references}:1: (document): missing required section") for p in problems
    ), problems


def test_validate_names_the_file_of_a_missing_section(cli, catalog_copy):
    (catalog_copy / "published.yaml").unlink()
    result = cli("validate", "--catalog", str(catalog_copy))
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith(f"{catalog_copy / 'published.yaml'}:1: "), result.stderr
    assert "catalog:1:" not in result.stderr


@pytest.mark.parametrize(
    "folder", [REAL_CATALOG, FULL_CATALOG, FIXTURES / "catalogs" / "small"], ids=["catalog", "full", "small"]
)
def test_each_section_lives_in_the_file_problems_name_for_it(folder):
    """SECTION_FILES is where a missing section is reported: it must be where sections are."""
    where = {
        section: file.name
        for file in catalog_files(folder)
        for section in yaml.safe_load(file.read_text(encoding="utf-8"))
    }
    assert where == {section: SECTION_FILES[section] for section in where}
    assert set(where) == set(SECTION_FILES)
