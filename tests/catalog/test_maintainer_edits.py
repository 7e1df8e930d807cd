"""The two edits docs/maintainers.md documents, applied exactly as written, give a valid
catalogue with the documented effect (on the full fixture catalogue)."""

from generator.catalog import SourceKind, load_catalog
from generator.links.inputs import targets_from_catalog
from tests.catalog.loading import problems_of
from tests.conftest import replace_once
from tests.maintainer_docs import apply_documented_edit

MINI = "uncased_L-4_H-256_A-4"
DEAD = "https://pan.baidu.com/s/1ttj1iEsDsHvXNXafIcJcEA"


def test_adding_a_mirror_as_documented(catalog_copy):
    before = load_catalog(catalog_copy)
    apply_documented_edit(catalog_copy, "Adding a mirror")
    after = load_catalog(catalog_copy)
    added = set(s.url for s in after.model(MINI).sources) - set(s.url for s in before.model(MINI).sources)
    (url,) = added
    assert len(after.model(MINI).sources_of(SourceKind.BAIDU_PYTORCH)) == 2
    assert url in {t.url for t in targets_from_catalog(after)}


def test_replacing_a_dead_link_as_documented_keeps_its_history(catalog_copy):
    apply_documented_edit(catalog_copy, "Replacing a dead link")
    catalog = load_catalog(catalog_copy)
    model = catalog.model("uncased_L-12_H-128_A-2")
    (old,) = model.retired_sources
    assert old.url == DEAD and old.code == "1m8d"
    assert old.retired.date == "2026-12-01" and "cancelled" in old.retired.reason
    assert model.replaced(old)
    (live,) = model.sources_of(SourceKind.BAIDU_PYTORCH)
    assert live.url != DEAD
    checked = {t.url for t in targets_from_catalog(catalog)}
    assert DEAD not in checked and live.url in checked  # the checker skips the retired link


def test_a_retired_link_needs_a_date_and_a_reason(catalog_copy):
    line = replace_once(
        catalog_copy / "models.yaml",
        '        code: "lnyy"\n',
        '        code: "lnyy"\n        retired:\n          date: "2026-12-01"\n',
    )
    (problem,) = problems_of(catalog_copy)
    assert problem == (
        f"{catalog_copy / 'models.yaml'}:{line + 1}: models[0].sources[5].retired: "
        "missing required field 'reason' (add `reason:` to this entry)"
    )


def test_a_retired_reason_in_chinese_is_refused_with_the_reason_why(catalog_copy):
    line = replace_once(
        catalog_copy / "models.yaml",
        '        code: "lnyy"\n',
        '        code: "lnyy"\n        retired:\n          date: "2026-12-01"\n'
        "          reason: 分享的文件已经被取消了\n",
    )
    (problem,) = problems_of(catalog_copy)
    where = f"{catalog_copy / 'models.yaml'}:{line + 3}: models[0].sources[5].retired.reason: "
    assert problem.startswith(where + "free text of the catalogue is shown on the English pages only")
