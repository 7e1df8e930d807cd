"""A problem found in the catalogue, located by file, line and field path."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..failure import Failure

FieldPath = tuple[str | int, ...]


def format_field_path(path: FieldPath) -> str:
    """('models', 3, 'sources', 0, 'url') -> 'models[3].sources[0].url'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or "(document)"


def display_path(file: Path) -> str:
    """A path relative to the working directory when it is below it, else absolute."""
    try:
        return os.path.relpath(file) if Path(file).resolve().is_relative_to(Path.cwd()) else str(file)
    except ValueError:
        return str(file)


@dataclass(frozen=True)
class SourceLine:
    """Where a value was written in the catalogue, found when the YAML was read: the stages after
    the catalogue name it in their messages without reading the YAML again."""

    file: Path
    line: int

    def __str__(self) -> str:
        return f"{display_path(self.file)}:{self.line}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the catalogue: what is wrong and how to fix it."""

    file: Path
    line: int
    path: FieldPath
    message: str
    fix: str

    def __str__(self) -> str:
        return (
            f"{display_path(self.file)}:{self.line}: {format_field_path(self.path)}: "
            f"{self.message} ({self.fix})"
        )


class CatalogInvalid(Failure):
    """Raised by the loader with every problem found, sorted by file and line."""

    problems: list[Problem]

    def __init__(self, problems: list[Problem]):
        ordered = sorted(set(problems), key=lambda p: (str(p.file), p.line, p.message))
        super().__init__(ordered, f"{len(ordered)} problem(s) in the catalogue")
        self.problems = ordered
