"""The site's two languages and their strings (templates/strings/<lang>.yaml).

Simplified Chinese is the default language (served at the site root), English is served
under /en/. Every generated string comes from these files; both must hold the same keys
with the same {placeholders}, which `check_strings` verifies (and a test runs it).

Strings are trusted Markdown written by the maintainers; the values filled into their
placeholders are not, so `Translator.__call__` escapes them for Markdown.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType

import yaml
from markupsafe import Markup

from ..escape import md_text
from ..fsutil import FileUnreadable, read_text_or_fail
from ..paths import TEMPLATES_DIR

STRINGS_FOLDER = "strings"
"""The strings' folder inside a templates folder."""
STRINGS_DIR = TEMPLATES_DIR / STRINGS_FOLDER


@dataclass(frozen=True)
class Language:
    code: str
    """BCP 47 code: the page's <html lang> and the file suffix (index.zh.md)."""
    name: str
    """The name in its own language, shown in the language switcher."""
    default: bool = False
    catalogue_text: bool = False
    """Whether the catalogue's free text (notes, reasons, the checker's details) is shown: it
    exists only in English, the catalogue's language, so other languages show a generated
    statement instead and no page mixes languages."""
    sentence_gap: str = " "
    """What separates two sentences of one paragraph: a space in English, nothing in Chinese
    (a sentence ends in a full-width 。)."""


LANGUAGES: tuple[Language, ...] = (
    Language("zh", "简体中文", default=True, sentence_gap=""),
    Language("en", "English", catalogue_text=True),
)
DEFAULT_LANGUAGE = next(lang for lang in LANGUAGES if lang.default)


class MissingString(KeyError):
    pass


def strings(code: str, strings_dir: Path = STRINGS_DIR) -> dict[str, str]:
    """The flat key -> text table of one language (nested YAML keys joined with dots).

    Cached per file version, so a long-running `mkdocs serve` picks up an edited file. That
    costs a stat, so it is called once per Translator (once per language per render), never
    per lookup.
    """
    path = Path(strings_dir) / f"{code}.yaml"
    return _load_strings(path, path.stat().st_mtime_ns)


STRINGS_MAX_BYTES = 1024 * 1024
"""Largest strings file read: about ten times today's."""
_STRINGS_FIX = "restore it from git, or fix the YAML"


@cache
def _load_strings(path: Path, _version: int) -> dict[str, str]:
    try:
        data = yaml.safe_load(read_text_or_fail(path, STRINGS_MAX_BYTES, "the site's strings", _STRINGS_FIX))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise FileUnreadable(
            f"{path}:{mark.line + 1 if mark else 1}: the site's strings are not valid YAML ({_STRINGS_FIX})"
        ) from None

    def flatten(prefix: str, node: object, out: dict[str, str]) -> dict[str, str]:
        if isinstance(node, dict):
            for key, value in node.items():
                flatten(f"{prefix}.{key}" if prefix else str(key), value, out)
        else:
            out[prefix] = str(node).strip()
        return out

    return flatten("", data, {})


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def check_strings() -> list[str]:
    """Every difference between the language tables: missing keys or placeholders."""
    problems = []
    tables = {lang.code: strings(lang.code) for lang in LANGUAGES}
    reference = tables[DEFAULT_LANGUAGE.code]
    for code, table in tables.items():
        for key in sorted(set(reference) - set(table)):
            problems.append(f"{code}.yaml: missing key {key}")
        for key in sorted(set(table) - set(reference)):
            problems.append(f"{code}.yaml: key {key} is not in {DEFAULT_LANGUAGE.code}.yaml")
        for key in sorted(set(reference) & set(table)):
            if placeholders(reference[key]) != placeholders(table[key]):
                problems.append(
                    f"{code}.yaml: {key} has placeholders {sorted(placeholders(table[key]))}, "
                    f"{DEFAULT_LANGUAGE.code}.yaml has {sorted(placeholders(reference[key]))}"
                )
    return problems


@dataclass(frozen=True)
class Translator:
    """`t("key", name=value)` in templates: Markdown with escaped values; `t.plain` for plain text.

    The language's table is read when the Translator is made (`Translator.load`), so a render
    looks strings up in a dict instead of checking the file thousands of times.
    """

    lang: str
    table: Mapping[str, str] = field(repr=False, compare=False)

    @classmethod
    def load(cls, lang: str, strings_dir: Path = STRINGS_DIR) -> Translator:
        return cls(lang, MappingProxyType(strings(lang, strings_dir)))

    def text(self, key: str) -> str:
        try:
            return self.table[key]
        except KeyError:
            raise MissingString(f"no string '{key}' in {self.lang}.yaml") from None

    @property
    def sentence_gap(self) -> str:
        """Put between two sentences that one template joins (see Language.sentence_gap)."""
        return next((lang.sentence_gap for lang in LANGUAGES if lang.code == self.lang), " ")

    def plain(self, key: str, **values: object) -> str:
        """For plain-text contexts (front matter, SVG, attributes, code): values unescaped.

        The caller escapes for its context (autoescape for attributes, markupsafe for SVG).
        """
        return self.text(key).format(**values)

    def __call__(self, key: str, **values: object) -> Markup:
        escaped = {k: v if isinstance(v, Markup) else md_text(v) for k, v in values.items()}
        return Markup(self.text(key).format(**escaped))
