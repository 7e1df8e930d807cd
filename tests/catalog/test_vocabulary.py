"""One vocabulary: the schema's enums and the Python enums name the same things."""

from generator.catalog import load_schema
from generator.catalog.model import NAMED_SIZES
from generator.catalog.published import FigureCounts
from generator.catalog.sources import SourceKind


def test_source_kinds_are_the_same_in_schema_and_python():
    assert load_schema()["$defs"]["source_kind"]["enum"] == [k.value for k in SourceKind]


def test_named_sizes_are_the_same_in_schema_and_python():
    assert load_schema()["$defs"]["model"]["properties"]["name"]["enum"] == list(NAMED_SIZES)


def test_what_a_figure_counts_is_the_same_in_schema_and_python():
    counts = load_schema()["$defs"]["parameter_figure"]["properties"]["counts"]["enum"]
    assert counts == [c.value for c in FigureCounts]


def test_config_sources_name_exactly_the_shared_config_keys():
    defs = load_schema()["$defs"]
    assert defs["config_sources"]["properties"]["fields"]["items"]["enum"] == defs["shared_config"]["required"]
