"""JSON Schema validation of the merged catalogue, with messages a maintainer can act on.

For `params` only (load_catalog(remember_valid=True)), a catalogue found valid is remembered
(schema-verdicts.json in the cache folder, keyed by a SHA-256 of the schema, the catalogue's
data and the jsonschema version): a warm `params` run re-reads an unchanged catalogue without
importing jsonschema, which alone costs about 70 ms of its 0.3 s budget. Only "valid" is
remembered; a catalogue with problems is always validated again, so every message comes from
jsonschema itself. The cache folder is trusted like the params cache beside it: whoever can
write there can plant a verdict, so nothing that builds, exports or checks reads verdicts
(validate, build, export, the MkDocs plugin), and a test keeps .cache/ out of git.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import json
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..fsutil import FileUnreadable, atomic_write_text, read_regular_file, read_text_or_fail
from ..paths import SCHEMA_PATH, cache_dir
from .problems import FieldPath, Problem
from .yamlsource import Located

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "object": "a mapping",
    "array": "a list",
    "boolean": "true or false",
    "null": "nothing",
}


SCHEMA_MAX_BYTES = 1024 * 1024
"""Largest schema read: about twenty times today's."""


@cache
def schema_text(path: Path = SCHEMA_PATH) -> str:
    """The catalogue schema as written (catalog/schema.json): the site publishes this text."""
    return read_text_or_fail(path, SCHEMA_MAX_BYTES, "the catalogue schema", _fix(path))


@cache
def load_schema(path: Path = SCHEMA_PATH) -> dict[str, Any]:
    """The catalogue schema, parsed; FileUnreadable (exit 3, the file named) if it is not JSON."""
    try:
        schema = json.loads(schema_text(path))
    except (ValueError, RecursionError) as error:
        raise FileUnreadable(
            f"{path}:{getattr(error, 'lineno', 1)}: the catalogue schema is not valid "
            f"JSON: {getattr(error, 'msg', error)} ({_fix(path)})"
        ) from None
    if not isinstance(schema, dict):
        raise FileUnreadable(f"{path}:1: the catalogue schema is not a JSON object ({_fix(path)})")
    return schema


def _fix(path: Path) -> str:
    return f"restore it with `git checkout {path.name}` in its folder"


if TYPE_CHECKING:
    import jsonschema

VERDICTS_FILE = "schema-verdicts.json"
VERDICTS_KEPT = 16
"""Valid catalogues remembered at most (a maintainer switching branches, the test fixtures)."""
VERDICTS_MAX_BYTES = 64 * 1024


def schema_problems(doc: Located, remember_valid: bool = False) -> list[Problem]:
    key = _verdict_key(doc.data) if remember_valid else ""
    known = _known_valid() if remember_valid else []
    if key in known:
        return []
    import jsonschema

    validator = jsonschema.Draft202012Validator(load_schema())
    problems = []
    for error in validator.iter_errors(doc.data):
        problems.extend(_explain(error, doc))
    if not problems and remember_valid:
        _remember_valid(key, known)
    return problems


def _verdict_key(data: Any) -> str:
    digest = hashlib.sha256(json.dumps(load_schema(), sort_keys=True).encode())
    digest.update(metadata.version("jsonschema").encode())
    digest.update(json.dumps(data, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _known_valid() -> list[str]:
    """The remembered keys, newest last; a missing, oversized or foreign file is no verdict."""
    try:
        raw = read_regular_file(cache_dir() / VERDICTS_FILE, VERDICTS_MAX_BYTES)  # no FIFO hang
        keys = json.loads(raw).get("valid", [])
    except (OSError, ValueError, AttributeError, RecursionError):
        return []
    return [k for k in keys if isinstance(k, str)] if isinstance(keys, list) else []


def _remember_valid(key: str, known: list[str]) -> None:
    with contextlib.suppress(OSError):  # a read-only checkout validates every time, that is all
        atomic_write_text(
            cache_dir() / VERDICTS_FILE, json.dumps({"valid": [*known, key][-VERDICTS_KEPT:]}, indent=0) + "\n"
        )


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if value is None:
        return "nothing (an empty value)"
    return f"a {'list' if isinstance(value, list) else 'mapping'}"


def _explain(error: jsonschema.ValidationError, doc: Located) -> list[Problem]:
    path = tuple(error.absolute_path)
    file, line = doc.locate(path)
    kind = error.validator
    value: Any = error.instance
    schema: Any = error.schema  # the failing keyword's own (sub)schema: a mapping here

    def at(message: str, fix: str, where: FieldPath = path) -> Problem:
        f, ln = doc.locate(where)
        return Problem(f, ln, where, message, fix)

    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(set(value) - set(allowed))
        out = []
        for key in extra:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            out.append(
                at(f"unknown key '{key}'", f"{hint}allowed keys here: {', '.join(allowed)}", (*path, key))
            )
        return out
    if kind == "required":
        missing = error.message.split("'")[1]
        known = set(schema.get("properties", {}))
        typos = [k for k in value if k not in known]
        if difflib.get_close_matches(missing, typos, n=1):
            return []  # the unknown-key report already says "did you mean '<missing>'?"
        if not path:  # a whole section: named in the file it belongs in (an empty or missing one)
            home = doc.home(missing)
            fix = (
                f"add `{missing}:` at the left margin of {home.name}"
                if home.exists()
                else f"{home.name} does not exist: restore it with `git checkout {home.name}` in its "
                f"folder, or add `{missing}:` to it"
            )
            return [Problem(home, 1, path, f"missing required section '{missing}'", fix)]
        return [
            Problem(file, line, path, f"missing required field '{missing}'", f"add `{missing}:` to this entry")
        ]
    if kind == "type":
        wanted = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        words = " or ".join(_TYPE_WORDS.get(t, str(t)) for t in wanted)
        fix = f"write {words} here"
        if "string" in wanted and isinstance(value, int | float) and not isinstance(value, bool):
            fix = f'quote it so YAML keeps it as text: "{value}"'
        return [at(f"expected {words}, got {_describe(value)}", fix)]
    if kind in ("enum", "const"):
        options = schema.get("enum", [schema.get("const")])
        close = difflib.get_close_matches(str(value), [str(o) for o in options], n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return [at(f"unknown value {value!r}", f"{hint}use one of: {', '.join(map(str, options))}")]
    if kind == "pattern":
        fix = schema.get("x-fix", f"match the pattern {schema['pattern']}")
        if isinstance(value, str) and not value.strip():
            return [at("the text is blank", fix)]
        if isinstance(value, str) and value != value.strip() and value.strip() == " ".join(value.split()):
            return [at(f"{value!r} has leading or trailing whitespace", "remove the spaces")]
        return [at(f"{value!r} is not in the expected form", fix)]
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bounds = _range_text(schema)
        return [
            at(
                f"{value!r} is out of range: {bounds}",
                "correct the number; the range covers every BERT-family model with room to spare",
            )
        ]
    if kind == "maxLength":
        return [
            at(f"the text is {len(value):,} characters long, more than {schema['maxLength']:,}", "shorten it")
        ]
    if kind in ("minItems", "maxItems", "minLength"):
        fix = schema.get("x-fix", "add the missing entries" if kind != "maxItems" else "remove entries")
        return [at(f"{_describe(value)} is too short or too long: {error.message}", fix)]
    return [at(error.message, "see catalog/schema.json for what belongs here")]


def _range_text(schema: dict[str, Any]) -> str:
    """'allowed from 1 to 128', 'allowed above 0 and up to 0.1' ... from a schema's bounds."""
    low = (
        f"from {schema['minimum']:,}"
        if "minimum" in schema
        else f"above {schema['exclusiveMinimum']:,}"
        if "exclusiveMinimum" in schema
        else ""
    )
    high = (
        f"to {schema['maximum']:,}"
        if "maximum" in schema
        else f"below {schema['exclusiveMaximum']:,}"
        if "exclusiveMaximum" in schema
        else ""
    )
    if low and high:
        return f"allowed {low} {high}" if low.startswith("from") else f"allowed {low} and up {high}"
    return f"allowed {low or high}"
