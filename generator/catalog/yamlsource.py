"""Read catalogue YAML into plain data plus a map from field path to file and line.

PyYAML's own loader forgets where values came from and silently keeps the last of two
equal keys; we compose the node tree and convert it ourselves so every later error can
name its file and line, and a duplicated key is reported instead of lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import FieldPath, Problem


class _CatalogLoader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: dates stay strings, as JSON has them."""


_CatalogLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Located:
    """Plain data from YAML files, with the file and 1-based line of every field path."""

    data: dict[str, Any] = field(default_factory=dict)
    where: dict[FieldPath, tuple[Path, int]] = field(default_factory=dict)

    def locate(self, path: FieldPath) -> tuple[Path, int]:
        """The file and line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            hit = self.where.get(tuple(path[:end]))
            if hit:
                return hit
        return (Path("catalog"), 1)


def read_yaml_file(path: Path, problems: list[Problem]) -> Located | None:
    """Parse one file; on a syntax error append a Problem and return None."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(path, 1, (), f"cannot read the file: {exc}", "make it readable UTF-8"))
        return None
    loader = _CatalogLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(filter(None, [exc.context, exc.problem]))
        problems.append(
            Problem(path, line, (), f"YAML syntax error: {what}",
                    "fix the indentation or quoting near this line")
        )
        return None
    finally:
        loader.dispose()
    located = Located()
    if root is None:
        return located
    if not isinstance(root, yaml.MappingNode):
        problems.append(Problem(path, root.start_mark.line + 1, (), "the file must be a mapping of sections",
                                "start each section with `name:` at the left margin"))
        return None
    located.data = _convert(root, (), path, located, problems, loader)
    return located


def _convert(node: yaml.Node, here: FieldPath, file: Path, located: Located,
             problems: list[Problem], loader: yaml.SafeLoader) -> Any:
    located.where.setdefault(here, (file, node.start_mark.line + 1))
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                problems.append(Problem(file, line, here, f"key {key!r} is not text", "use a word as the key"))
                continue
            if key in out:
                problems.append(Problem(file, line, (*here, key), f"duplicate key '{key}'",
                                        "keep one of the two; YAML would silently drop the first"))
                continue
            located.where[(*here, key)] = (file, line)
            out[key] = _convert(value_node, (*here, key), file, located, problems, loader)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*here, i), file, located, problems, loader)
                for i, item in enumerate(node.value)]
    return loader.construct_object(node)
