"""A Jinja2 loader that reads templates through the project's one bounded reader.

Jinja's FileSystemLoader opens a template with open(): a FIFO in its place would block the
build and a symlink to /dev/zero would never end. This one finds the file the same way
(a search path, `/`-separated names, no `..`) and reads it with fsutil.read_text_file, so a
template obeys the same rules as every other file the project reads.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from jinja2 import BaseLoader, Environment, TemplateNotFound
from jinja2.loaders import split_template_path

from ..fsutil import read_text_or_fail

TEMPLATE_MAX_BYTES = 1024 * 1024
"""Largest template read: about fifty times today's largest."""


class BoundedLoader(BaseLoader):
    def __init__(self, searchpath: Path | str):
        self.searchpath = Path(searchpath)

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.searchpath.joinpath(*split_template_path(template))  # refuses `..`
        if not os.path.lexists(path):
            raise TemplateNotFound(template)
        mtime = os.stat(path).st_mtime_ns  # before the read: an edit during it means a reload
        text = read_text_or_fail(path, TEMPLATE_MAX_BYTES, "a page template", "restore it from git")

        def uptodate() -> bool:  # auto_reload: a template edited under `mkdocs serve` is recompiled
            try:
                return os.stat(path).st_mtime_ns == mtime
            except OSError:
                return False

        return text, str(path), uptodate
