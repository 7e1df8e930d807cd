"""Read catalogue YAML into plain data plus a map from field path to file and line.

PyYAML's own loader forgets where values came from and silently keeps the last of two
equal keys; we compose the node tree and convert it ourselves so every later error can
name its file and line, and a duplicated key is reported instead of lost.

The files come in through pull requests, so reading them has bounded cost whatever they
hold. Each limit is checked before the work it protects:

- only regular files are opened for reading (a FIFO would block, /dev/zero never ends);
- at most MAX_FILE_BYTES are read;
- characters YAML forbids (NUL, other control characters) are reported with their line
  before the parser sees them;
- aliases (`*name`) are refused: a few lines of them expand to billions of nodes
  ("billion laughs"), and the catalogue has no use for them;
- nesting deeper than MAX_DEPTH is refused while composing, long before Python's recursion
  limit, and a file of more than MAX_NODES values as its next value is composed;
- a number longer than MAX_NUMBER_CHARS is refused before int() or float() see it, and
  `.nan` / `.inf` are refused (JSON has no such numbers);
- only YAML's plain types are accepted: other tags (`!!binary`, `!!set`, `!custom` ...)
  and merge keys (`<<:`) are refused.
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml
from yaml._yaml import CParser  # libyaml's, which yaml.cyaml re-exports untyped
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from ..fsutil import read_regular_file
from .problems import FieldPath, Problem

MAX_FILE_BYTES = 1024 * 1024
"""Largest catalogue file read: fifty times today's models.yaml."""
MAX_DEPTH = 32
"""Deepest nesting of lists and mappings; the schema needs six."""
MAX_NODES = 50_000
"""Most values (scalars, lists and mappings) in one file: thirty times today's models.yaml.
Without it, a 1 MiB file of empty lists (`[[],[],…]`, 340,000 values) cost 13 s and 250 MB to
read and check."""
MAX_NUMBER_CHARS = 32
"""Longest number as written (digits, sign, point, exponent); any figure in the schema fits."""

_STR, _INT, _FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_PLAIN_SCALARS = frozenset({_STR, _INT, _FLOAT, "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"})
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"

# What YAML 1.1 allows in a stream (PyYAML's Reader.NON_PRINTABLE, inverted): tab, line
# breaks, printable ASCII, NEL and everything from U+00A0 but surrogates, U+FFFE and U+FFFF.
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class _Refused(Exception):
    """A limit was hit while composing; carries the 1-based line and what to say."""

    def __init__(self, line: int, message: str, fix: str):
        super().__init__(message)
        self.line, self.message, self.fix = line, message, fix


class _CatalogLoader(Composer, CParser, SafeConstructor, Resolver):
    """libyaml's parser (C: six times faster than PyYAML's own on models.yaml, and every command
    and every rebuild of `mkdocs serve` reads the catalogue) with PyYAML's composer, so that
    each node is checked here as it is composed; SafeLoader's constructor and resolver without
    the timestamp resolver (dates stay strings, as JSON has them), without aliases, and with a
    nesting limit. libyaml refuses flow nesting past 1,000 levels while scanning, at linear cost."""

    _depth = 0
    _nodes = 0

    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        Composer.__init__(self)

    def compose(self) -> yaml.Node | None:
        """The file's one document. libyaml refuses flow nesting past its own limit (1,000)
        while scanning, before the composer can count to MAX_DEPTH: that is the same refusal."""
        try:
            return self.get_single_node()
        except yaml.MarkedYAMLError as exc:
            if exc.problem != _LIBYAML_TOO_DEEP:
                raise
            mark = exc.problem_mark or exc.context_mark
            raise _too_deep(mark.line + 1 if mark else 1) from None

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        # The composer calls this when a value comes next: a node event, whose line every
        # refusal names.
        event = cast(yaml.NodeEvent, self.peek_event())
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(
                line,
                f"YAML alias '*{event.anchor}' is not allowed",
                "write the value out in full; aliases can expand without bound",
            )
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _Refused(
                line,
                f"more than {MAX_NODES:,} values in one file",
                "a catalogue file needs a few thousand; remove what does not belong in it",
            )
        if self._depth >= MAX_DEPTH:
            raise _too_deep(line)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _too_deep(line: int) -> _Refused:
    return _Refused(
        line,
        f"nested more than {MAX_DEPTH} levels deep",
        "flatten the structure; the catalogue needs at most six levels",
    )


_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"
"""libyaml's words for flow nesting past its own limit (1,000), which it meets before the
composer can count to MAX_DEPTH."""


_CatalogLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}


SECTION_FILES: dict[str, str] = {
    "shared_config": "models.yaml",
    "shared_config_sources": "models.yaml",
    "models": "models.yaml",
    "paper": "published.yaml",
    "release": "published.yaml",
    "bundles": "published.yaml",
    "glue": "published.yaml",
    "fine_tuning": "published.yaml",
    "parameter_figures": "published.yaml",
    "references": "references.yaml",
    "provenance": "references.yaml",
}
"""The file each top-level section lives in (a test holds the catalogues to it). A problem with
no line of its own, a missing section above all, is reported at line 1 of that file: a file a
person can open, or restore when it is the file that is missing."""


@dataclass
class Located:
    """Plain data from YAML files, with the file and 1-based line of every field path."""

    data: dict[str, Any] = field(default_factory=dict)
    where: dict[FieldPath, tuple[Path, int]] = field(default_factory=dict)
    directory: Path = Path("catalog")
    """The catalogue folder the files were read from."""

    def locate(self, path: FieldPath) -> tuple[Path, int]:
        """The file and line of `path`, or of its nearest ancestor that has one; line 1 of the
        section's own file when nothing on the way has a line."""
        for end in range(len(path), -1, -1):
            hit = self.where.get(tuple(path[:end]))
            if hit:
                return hit
        return (self.home(path[0] if path else None), 1)

    def home(self, section: str | int | None) -> Path:
        """The file a section belongs in (models.yaml for anything unknown)."""
        return self.directory / SECTION_FILES.get(str(section), "models.yaml")


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def read_yaml_file(path: Path, problems: list[Problem]) -> Located | None:
    """Parse one file; on any problem append a Problem with its line and return None."""
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        problems.append(
            Problem(
                path, 1, (), f"cannot read the file: {reason}", "make it a readable regular file of YAML text"
            )
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problems.append(
            Problem(path, line, (), f"not UTF-8 text (byte {raw[exc.start]:#04x})", "save the file as UTF-8")
        )
        return None
    key = (str(path), raw)
    if key not in _PARSED:
        found: list[Problem] = []
        _PARSED[key] = (_parse(path, text, found), found)
        while len(_PARSED) > PARSED_KEPT:
            del _PARSED[next(iter(_PARSED))]
    located, found = _PARSED[key]
    problems += found
    # A copy: the caller merges and may change the data; the kept parse must stay as read.
    return copy.deepcopy(located)


PARSED_KEPT = 16
"""Parsed files kept in memory, by path and exact bytes: a catalogue is read again and again
(every rebuild of `mkdocs serve`, every command of one process) and composing the nodes in
Python costs a few milliseconds a file; an unchanged file is not parsed twice."""
_PARSED: dict[tuple[str, bytes], tuple[Located | None, list[Problem]]] = {}


def _parse(path: Path, text: str, problems: list[Problem]) -> Located | None:
    """Parse the text of one file (read_yaml_file has read and decoded it)."""
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        problems.append(
            Problem(
                path,
                _line_of(text, bad.start()),
                (),
                f"the control character U+{ord(bad.group()):04X} is not allowed in YAML",
                "delete it; a tab or a line break is all the layout YAML needs",
            )
        )
        return None
    loader = _CatalogLoader(text)
    try:
        root = loader.compose()
    except _Refused as refused:
        problems.append(Problem(path, refused.line, (), refused.message, refused.fix))
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(filter(None, [exc.context, exc.problem]))
        problems.append(
            Problem(
                path, line, (), f"YAML syntax error: {what}", "fix the indentation or quoting near this line"
            )
        )
        return None
    except yaml.YAMLError as exc:  # ReaderError and kin: no mark, but a position
        position = getattr(exc, "position", None)
        line = _line_of(text, position) if isinstance(position, int) else 1
        problems.append(Problem(path, line, (), f"YAML error: {exc}", "fix the text near this line"))
        return None
    finally:
        loader.dispose()
    located = Located()
    if root is None:
        return located
    if not isinstance(root, yaml.MappingNode):
        problems.append(
            Problem(
                path,
                root.start_mark.line + 1,
                (),
                "the file must be a mapping of sections",
                "start each section with `name:` at the left margin",
            )
        )
        return None
    located.data = _convert(root, (), path, located, problems, loader)
    return located


def _convert(
    node: yaml.Node,
    here: FieldPath,
    file: Path,
    located: Located,
    problems: list[Problem],
    loader: _CatalogLoader,
) -> Any:
    line = node.start_mark.line + 1
    located.where.setdefault(here, (file, line))
    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP:
            return _unknown_tag(node, here, file, problems)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE:
                problems.append(
                    Problem(
                        file,
                        key_line,
                        here,
                        "merge keys (<<) are not allowed",
                        "write the keys out in this entry",
                    )
                )
                continue
            key = _convert(key_node, here, file, Located(), problems, loader)
            if not isinstance(key, str):
                problems.append(
                    Problem(file, key_line, here, f"key {key!r} is not text", "use a word as the key")
                )
                continue
            if key in out:
                problems.append(
                    Problem(
                        file,
                        key_line,
                        (*here, key),
                        f"duplicate key '{key}'",
                        "keep one of the two; YAML would silently drop the first",
                    )
                )
                continue
            located.where[(*here, key)] = (file, key_line)
            out[key] = _convert(value_node, (*here, key), file, located, problems, loader)
        return out
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ:
            return _unknown_tag(node, here, file, problems)
        return [
            _convert(item, (*here, i), file, located, problems, loader) for i, item in enumerate(node.value)
        ]
    if node.tag not in _PLAIN_SCALARS:
        return _unknown_tag(node, here, file, problems)
    if node.tag in (_INT, _FLOAT):
        if len(node.value) > MAX_NUMBER_CHARS:
            problems.append(
                Problem(
                    file,
                    line,
                    here,
                    f"a number {len(node.value):,} characters long (at most {MAX_NUMBER_CHARS} are read)",
                    "write a number of sensible size",
                )
            )
            return None
        value = loader.construct_object(node)
        if isinstance(value, float) and not math.isfinite(value):
            problems.append(
                Problem(
                    file,
                    line,
                    here,
                    f"{node.value} is not a finite number",
                    "write an ordinary number; JSON and the site have no NaN or infinity",
                )
            )
            return None
        return value
    return loader.construct_object(node)


def _unknown_tag(node: yaml.Node, here: FieldPath, file: Path, problems: list[Problem]) -> None:
    problems.append(
        Problem(
            file,
            node.start_mark.line + 1,
            here,
            f"the YAML tag {node.tag!r} is not allowed",
            "remove the tag; the catalogue holds only text, numbers, true/false, lists and mappings",
        )
    )
    return None
