"""Refuse a template that branches on the page's language (run by `make lint`).

The languages are declared once (generator/render/i18n.py) and every difference between them
lives in the strings files (generator/templates/strings/<lang>.yaml): a template asks the
strings (`t("key")`, `t.plain("key")`) instead of testing `lang == "zh"`. A branch like that
is how a third language would silently get the wrong text, so it fails the lint.

    python tools/check_templates.py [folder ...]   (default: the generator's and the theme's templates)

Exit status 0 when no template branches on a language, 1 with file:line: text for each one.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from generator.render.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = (ROOT / "generator" / "templates", ROOT / "docs" / "theme")
SUFFIXES = (".j2", ".html", ".xml")

_CODES = "|".join(re.escape(language.code) for language in LANGUAGES)
BRANCH = re.compile(
    r"\blang(?:uage)?\s*(?:==|!=|\bin\b|\bnot\s+in\b)"  # lang == ..., config.theme.language != ...
    rf"|(?:==|!=)\s*['\"](?:{_CODES})['\"]"  # ... == "zh"
    rf"|['\"](?:{_CODES})['\"]\s*(?:==|!=)"  # "zh" == ...
)
"""A test of the page's language: by name (lang, t.lang, theme.language) or against a code."""


def branches(folders: tuple[Path, ...]) -> list[str]:
    found = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.suffix in SUFFIXES and p.is_file()):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if BRANCH.search(line):
                    found.append(f"{path}:{number}: branches on the language: {line.strip()}")
    return found


def main(argv: list[str]) -> int:
    folders = tuple(Path(arg) for arg in argv) or FOLDERS
    found = branches(folders)
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        print(
            "Put the text that differs between languages in generator/templates/strings/<lang>.yaml "
            "and look it up with t(...) instead.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
