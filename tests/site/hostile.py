"""A project whose every free-text value is hostile: the catalogue (models, references,
published facts), a measurement file and a link-state file, as a pull request or a hostile
server could make them. tests/site/test_untrusted_site.py builds it once and loads every page.

Every payload tries to run script (it would call alert()), to make a
request off loopback (example.invalid) or to leave a live `javascript:` link. The catalogue
reader lets newlines, U+2028/U+2029, bidi controls and C0 controls through (YAML escapes), so
the catalogue's payloads carry them; the measurement and state payloads are the classes their
own readers accept (printable; no angle brackets in a measurement file).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.catalog import SourceKind, load_catalog
from generator.links.model import Evidence, FileFact, LinkReason, LinkResult, Verdict
from generator.links.state.file import save_state
from generator.links.state.history import LinkState, apply_run
from tests.conftest import FIXTURES
from tests.measure.documents import plausible_document, write

PWN = "alert(document.domain)"
"""What every payload's script would do: open a dialog, which the test listens for. No `=` and
no space, so that an attribute list keeps it whole as a handler's value."""

PRINTABLE = (
    "{{: tabindex=0 autofocus onfocus={pwn} }} <script>{pwn}</script></script>"
    "<img src=http://example.invalid/{tag}.png onerror={pwn}> [x{tag}](javascript:{pwn}) "
    "![i](http://example.invalid/{tag}-md.png) <javascript:{pwn}> <http://example.invalid/{tag}-auto> "
    "\" onmouseover={pwn} x=\" ' onfocus={pwn} ' `tick` *em* | pipe {{: .x onclick={pwn} }}"
)
"""Markup, Markdown, attribute-list and attribute-breaking payloads, printable ASCII only."""

CONTROLS = "\u2028\u2029 \u202eRLO\u202c \u200f \x00NUL \x1bESC \x02wzxhzdk:0\x03 \x7f"
"""Line separators, bidi controls, C0 controls and Python-Markdown's own placeholder form."""


SHORT = (
    "{{: autofocus onfocus={pwn} }} <script>{pwn}</script><img src=http://example.invalid/{tag}.png "
    'onerror={pwn}> [x](javascript:{pwn}) " onfocus={pwn} x=" `t` | {{: onclick={pwn} }}'
)
"""The same classes, within a `line` field's 500 characters."""


def one_line(tag: str) -> str:
    """For the catalogue's `line` fields (one line, at most 500 characters)."""
    return f"{tag} " + SHORT.format(pwn=PWN, tag=tag) + " \u202eRLO\u202c \x1bESC \x02wzxhzdk:0\x03"


def multi_line(tag: str) -> str:
    """For `text` fields: the reported attack (a blank line, then an attribute list) in both its
    block form and its inline form (`*e*{: ...}` puts the handler on the <em>)."""
    return (
        f"{tag}\n\n{{: tabindex=0 autofocus onfocus={PWN} }}\n\n"
        + PRINTABLE.format(pwn=PWN, tag=tag)
        + f"\n\n{CONTROLS}\n\n*e*{{: tabindex=0 autofocus onfocus={PWN} }}"
        + f"\n\n{{: tabindex=0 autofocus onfocus={PWN} }}"
    )


def printable(tag: str) -> str:
    return f"{tag} " + PRINTABLE.format(pwn=PWN, tag=tag)


LINE_FIELDS = {("paper", "title"), ("release", "publisher"), ("release", "license")}
TEXT_KEYS = {"reason", "note", "not_published", "locator", "quote", "selection", "mrpc", "qqp", "stsb"}


def _poison(node, path: tuple = ()):
    """Every free-text value of a catalogue document replaced by a payload naming its path."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            here = (*path, key)
            tag = "-".join(str(p) for p in here[-3:])
            if isinstance(value, str) and (*path[-1:], key) in LINE_FIELDS:
                out[key] = one_line(tag)
            elif isinstance(value, str) and (key in TEXT_KEYS or (key == "title" and "references" in path)):
                out[key] = multi_line(tag)
            else:
                out[key] = _poison(value, here)
        return out
    if isinstance(node, list):
        if path[-1:] == ("authors",):
            return [one_line(f"author{i}") for i, _ in enumerate(node)]
        return [_poison(v, (*path, i)) for i, v in enumerate(node)]
    return node


SMALL_CATALOG = FIXTURES / "catalogs" / "small"
"""Two models, every section: every page kind, in a build and a page walk that stay short."""


def write_catalogue(target: Path) -> Path:
    """The small fixture catalogue with every free-text field hostile. A source note, a retired
    link, a bundle note and an unverified figure on a model page (the reported attack was on
    BERT-Base's) are added, so that every field is shown somewhere."""
    target.mkdir(parents=True)
    for file in SMALL_CATALOG.glob("*.yaml"):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        if "models" in data:
            first = data["models"][0]["sources"]
            first[0]["note"] = "x"
            retired = dict(
                first[0], url=first[0]["url"] + "-old", retired={"date": "2026-01-02", "reason": "x"}
            )
            retired.pop("note", None)
            first.append(retired)
        if "paper" in data:
            data["bundles"][-1].setdefault("note", "x")
            figure = data["parameter_figures"][0]  # keeps its source: a figure needs one
            figure["verified"], figure["reason"] = False, "x"
        data = _poison(data)
        (target / file.name).write_text(
            yaml.safe_dump(data, allow_unicode=False, sort_keys=False, width=10**6), encoding="utf-8"
        )
    return target


def write_state(catalog_dir: Path, path: Path) -> Path:
    """Two runs over every link: hostile reasons, details and file names, a changed file."""
    catalog = load_catalog(catalog_dir)
    urls = [(s.url, s.kind) for m in catalog.models for s in m.sources if not s.retired]
    state = LinkState()
    for run, day in enumerate(("2026-11-01T06:00:00Z", "2026-11-02T06:00:00Z")):
        results = []
        for i, (url, kind) in enumerate(urls):
            name = printable(f"file{i}")
            evidence = Evidence(
                "huggingface" if kind is SourceKind.HUGGINGFACE else "gcs",
                (FileFact(name, size=1000 + run, md5=("ab" if run else "cd") * 16),),
            )
            if i % 3 == 0:  # an unknown reason code, no detail: the page shows the code itself
                results.append(
                    LinkResult(
                        url,
                        Verdict.DEAD,
                        LinkReason.from_code(printable(f"reason{i}")),
                        "",
                        404,
                        day,
                        evidence=evidence,
                    )
                )
            else:
                results.append(
                    LinkResult(
                        url,
                        Verdict.UNSURE,
                        LinkReason.from_code("http_429"),
                        printable(f"detail{i}"),
                        429,
                        day,
                        evidence=evidence,
                    )
                )
        state = apply_run(state, results, now=day)
    save_state(path, state)
    return path


MARKDOWN_ONLY = (
    "{{: tabindex=0 autofocus onfocus={pwn} }} [x{tag}](javascript:{pwn}) "
    "![i](http://example.invalid/{tag}-md.png) \" onmouseover={pwn} x=\" ' onfocus={pwn} ' `tick` *em* | pipe "
    "{{: .x onclick={pwn} }} *e*{{: onfocus={pwn} }}"
)
"""The payloads the measurement reader lets through: it refuses angle brackets and controls."""


def write_measurement(catalog_dir: Path) -> Path:
    doc = plausible_document(load_catalog(catalog_dir))
    machine = doc["machine"]
    for key in ("command", "note"):  # the other strings have strict patterns
        machine[key] = f"{key} " + MARKDOWN_ONLY.format(pwn=PWN, tag=key)
    for key in ("cpu", "os"):  # at most 200 characters
        machine[key] = (
            f"{key} [x](javascript:{PWN}) ![i](http://example.invalid/{key}.png) *e*{{: onfocus={PWN} }}"
        )
    return write(catalog_dir / "measurements", doc)


def write_project(root: Path) -> tuple[Path, Path]:
    """(catalogue folder, state file) of the hostile project under `root`."""
    catalog_dir = write_catalogue(root / "catalog")
    write_measurement(catalog_dir)
    return catalog_dir, write_state(catalog_dir, root / "link-state.json")
