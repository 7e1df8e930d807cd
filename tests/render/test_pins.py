"""The `pip install` lines agree with each other and with what the pinned releases require, and
the pages print exactly the lines in generator/render/pins.py (the one place they come from)."""

from __future__ import annotations

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from generator.render import pins
from generator.render.i18n import LANGUAGES, Translator

from .page_code import code_blocks

TINY = "uncased_L-2_H-128_A-2"


def pinned(install: pins.Install) -> dict[str, SpecifierSet]:
    return {Requirement(r).name: Requirement(r).specifier for r in install.requirements}


def series(spec: SpecifierSet) -> str:
    """'2.21' for `==2.21.*`; fails for a pin that names no single series."""
    (only,) = list(spec)
    assert only.operator == "==" and only.version.endswith(".*"), spec
    return only.version[:-2]


def check_declared(install: pins.Install) -> list[str]:
    """Every requirement a pinned release declares, held to the line's pin of that package."""
    problems = []
    line = pinned(install)
    for release, needs in pins.DECLARED.items():
        name, version = release.split("==")
        if name not in line or not line[name].contains(version):
            continue  # not this line's release
        for need in map(Requirement, needs):
            mine = line.get(need.name)
            if not mine:
                continue  # unpinned there: pip picks a version that fits
            if not any(need.specifier.contains(v) for v in _admitted(mine)):
                problems.append(f"{release} requires {need}, the line pins {need.name}{mine}")
    return problems


def _admitted(spec: SpecifierSet) -> list[str]:
    """Versions the pin admits, enough to see whether it meets a requirement's range: a series
    pin (`==2.21.*`) its first and a late release; any other pin its bounds' own versions and
    the protobuf releases around TF1's cap."""
    if any(s.version.endswith(".*") for s in spec):
        return [f"{series(spec)}.0", f"{series(spec)}.99"]
    near = {s.version for s in spec} | {"3.20.3", "4.21.0", "4.24.4"}
    return [v for v in near if spec.contains(v)]


def test_the_tf2_line_pins_one_tensorflow_minor_for_tensorflow_tf_keras_and_tensorflow_text():
    line = pinned(pins.TF2)
    minors = {series(line[name]) for name in ("tensorflow", "tf-keras", "tensorflow-text")}
    assert len(minors) == 1, minors
    assert check_declared(pins.TF2) == []


def test_a_tf2_pin_its_releases_exclude_is_caught():
    broken = pins.Install(
        ("tensorflow==2.20.*", "tf-keras==2.21.*", "tensorflow-text==2.21.*", "tensorflow-hub==0.16.1")
    )
    assert check_declared(broken) == [
        "tf-keras==2.21.0 requires tensorflow<2.22,>=2.21, the line pins tensorflow==2.20.*",
        "tensorflow-text==2.21.1 requires tensorflow<2.22,>=2.21.0, the line pins tensorflow==2.20.*",
    ]


def test_the_tf1_line_caps_protobuf_at_the_last_series_tensorflow_1_15_imports_with():
    line = pinned(pins.TF1)
    assert line["tensorflow"] == SpecifierSet(f"=={pins.TF1_VERSION}")
    protobuf = line["protobuf"]
    assert protobuf.contains(f"{pins.PROTOBUF_LAST_TF1_SERIES}.3")  # 3.20.3, the last 3.20
    assert not protobuf.contains("4.21.0") and not protobuf.contains("4.24.4")  # 4.24.4: last for 3.7
    assert Version(pins.TF1.python or "") <= Version("3.7")
    assert check_declared(pins.TF1) == []


def test_the_conversion_line_resolves_to_a_transformers_that_ships_the_script():
    spec = pinned(pins.CONVERSION)["transformers"]
    assert spec.contains(f"{pins.CONVERSION_LAST_SERIES}.1")
    assert not spec.contains(pins.CONVERSION_FIRST_WITHOUT)
    assert Version(pins.CONVERSION_FIRST_WITHOUT).release[:2] == (
        Version(pins.CONVERSION_LAST_SERIES).release[0],
        Version(pins.CONVERSION_LAST_SERIES).release[1] + 1,
    )


@pytest.mark.parametrize("lang", [lang.code for lang in LANGUAGES])
def test_the_pages_print_the_lines_of_pins_py(real_pages, lang):
    """Read back from the rendered pages: each snippet's install line is pins.py's, verbatim."""
    t = Translator.load(lang).plain
    model = code_blocks(real_pages[f"models/{TINY}.{lang}.md"])
    tabs = {block.tab: block.text for block in model if block.tab}
    assert f"# {pins.TF1.command}\n" in tabs[t("tab.tf1")]
    assert pins.TF2.command in tabs[t("tab.tf2")]
    assert pins.HUB.command in tabs[t("tab.hub")]
    assert pins.KERASHUB.command in tabs[t("tab.kerashub")]
    about = real_pages[f"about.{lang}.md"]
    (recipe,) = [block for block in code_blocks(about) if "convert_bert_original" in block.text]
    assert f"\n{pins.CONVERSION.command}\n" in recipe.text
    assert pins.CONVERSION_LAST_SERIES in about
