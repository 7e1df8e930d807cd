"""Stage 1 of the pipeline: load catalog/*.yaml, validate it, return a frozen Catalog.

    catalog/*.yaml --read--> plain data + line map --schema + semantic checks--> Catalog

Every problem is collected before failing, so a maintainer fixes them all in one go.
"""

from __future__ import annotations

from pathlib import Path

from ..paths import CATALOG_DIR, SCHEMA_PATH
from .convert import to_catalog
from .model import Bundle, Catalog, Model, SharedConfig
from .problems import CatalogInvalid, Problem
from .published import FineTuning, Glue, GlueRow, Paper, ParameterFigure, Release
from .schema_check import load_schema, schema_problems
from .semantic import semantic_problems
from .sources import Source, SourceKind
from .yamlsource import SECTION_FILES, Located, read_yaml_file

__all__ = [
    "SCHEMA_PATH",
    "SECTION_FILES",
    "Bundle",
    "Catalog",
    "CatalogInvalid",
    "FineTuning",
    "Glue",
    "GlueRow",
    "Model",
    "Paper",
    "ParameterFigure",
    "Problem",
    "Release",
    "SharedConfig",
    "Source",
    "SourceKind",
    "catalog_files",
    "load_catalog",
    "load_schema",
]


def catalog_files(directory: Path) -> list[Path]:
    """The YAML files that make up a catalogue, in a stable order."""
    return sorted([*Path(directory).glob("*.yaml"), *Path(directory).glob("*.yml")])


def read_catalog_data(directory: Path) -> tuple[Located, list[Problem]]:
    """Merge the sections of every YAML file into one document, with the problems found."""
    directory = Path(directory)
    problems: list[Problem] = []
    merged = Located(directory=directory)
    files = catalog_files(directory)
    if not files:
        problems.append(
            Problem(
                directory,
                1,
                (),
                "no catalogue files (*.yaml) found",
                "pass --catalog with the folder that holds models.yaml",
            )
        )
    for file in files:
        part = read_yaml_file(file, problems)
        if part is None:
            continue
        for section, value in part.data.items():
            if section in merged.data:
                first_file, first_line = merged.where[(section,)]
                problems.append(
                    Problem(
                        file,
                        part.where[(section,)][1],
                        (section,),
                        f"section '{section}' is also defined in {first_file.name}:{first_line}",
                        "keep each top-level section in one file",
                    )
                )
                continue
            merged.data[section] = value
            merged.where.update({p: w for p, w in part.where.items() if p and p[0] == section})
    return merged, problems


def load_catalog(directory: Path | str = CATALOG_DIR, *, remember_valid: bool = False) -> Catalog:
    """Load and validate; raise CatalogInvalid listing every problem found.

    `remember_valid=True` reads and writes the remembered schema verdicts (schema_check.py):
    only `params`, whose warm run has a 0.3 s budget, asks for it. Everything that builds,
    exports or checks (validate, build, export, the MkDocs plugin, CI) runs the schema."""
    directory = Path(directory)
    doc, problems = read_catalog_data(directory)
    found = schema_problems(doc, remember_valid) + semantic_problems(doc)
    if problems:
        # A file that did not parse took its sections with it: "missing section" would
        # only repeat the syntax error already reported.
        found = [p for p in found if not (p.path == () and p.message.startswith("missing"))]
        # A value the reader refused (an alias, a tag, a huge number) is left out of the data:
        # the schema's "missing" or "expected a number" about it would repeat the reason.
        refused = {p.path for p in problems if p.path}
        found = [p for p in found if not any(p.path[: len(r)] == r for r in refused)]
    problems += found
    if problems:
        raise CatalogInvalid(problems)
    return to_catalog(doc)
