"""Validation of provenance: every published fact cites a listed reference, or says why not.

Run on the plain data with the other semantic checks, so a maintainer sees every problem
at once. The schema already checks the shape of each citation; these rules are the ones
JSON Schema cannot express.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from typing import Any

from ..paths import REPO_ROOT
from .problems import FieldPath
from .sources import SourceKind

Report = Callable[[FieldPath, str, str], None]

CITE_FIX = (
    "add `source: {ref: <id from references.yaml>, locator: <section, file, table or line>}`, "
    "or `verified: false` with `reason:` saying why no source could be found"
)


def cited_entries(data: dict[str, Any]) -> Iterator[tuple[FieldPath, dict[str, Any], str]]:
    """Every entry that publishes a fact, with its path and what it is called in messages."""
    for i, figure in _dicts(data.get("parameter_figures")):
        yield ("parameter_figures", i), figure, "a published figure"
    for name in ("paper", "release", "fine_tuning", "glue"):
        if isinstance(data.get(name), dict):
            yield (name,), data[name], f"`{name}`"
    glue = data.get("glue")
    if isinstance(glue, dict) and isinstance(glue.get("pairs"), dict):
        yield ("glue", "pairs"), glue["pairs"], "the GLUE pair labels"
    for i, entry in _dicts(data.get("shared_config_sources")):
        yield ("shared_config_sources", i), entry, "a shared config source"
    provenance = data.get("provenance")
    if isinstance(provenance, dict):
        for name in ("models", "kerashub"):
            if isinstance(provenance.get(name), dict):
                yield ("provenance", name), provenance[name], f"provenance of {name}"
        for i, entry in _dicts(provenance.get("kinds")):
            yield ("provenance", "kinds", i), entry, f"provenance of {entry.get('kind')} links"


def provenance_problems(data: dict[str, Any], report: Report) -> None:
    ref_ids = _reference_ids(data, report)
    for path, entry, what in cited_entries(data):
        source = entry.get("source")
        if path[0] == "parameter_figures" and source is None:
            # "Published elsewhere" means someone printed it: a figure nobody prints is not one.
            report(
                path,
                "a published figure needs the source that prints it",
                "add `source: {ref: ..., locator: ...}` where the figure is printed, or remove the entry",
            )
        elif entry.get("verified") is False:
            if not entry.get("reason"):
                report(
                    path,
                    f"{what} is marked `verified: false` without a reason",
                    "add `reason:` saying why no source could be found",
                )
        elif source is None:
            report(path, f"{what} has no source", CITE_FIX)
        elif "reason" in entry:
            report(
                (*path, "reason"),
                "`reason` is only for a fact marked `verified: false`",
                "remove `reason:`, or add `verified: false` if the source does not say it",
            )
        if (
            isinstance(source, dict)
            and isinstance(source.get("ref"), str)
            and ref_ids is not None
            and source["ref"] not in ref_ids
        ):
            report(
                (*path, "source", "ref"),
                f"no reference with id '{source['ref']}'",
                f"use one of: {', '.join(sorted(ref_ids))}; or add it under `references`",
            )
    _license_ref(data, ref_ids, report)
    _every_reference_cited(data, report)
    _kinds_have_provenance(data, report)
    _config_sources_cover_every_key(data, report)


def _dicts(value: Any) -> list[tuple[int, dict[str, Any]]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _reference_ids(data: dict[str, Any], report: Report) -> set[str] | None:
    refs = data.get("references")
    if not isinstance(refs, list):
        return None
    ids: set[str] = set()
    for i, ref in _dicts(refs):
        rid = ref.get("id")
        if isinstance(rid, str):
            if rid in ids:
                report(
                    ("references", i, "id"), f"duplicate reference id '{rid}'", "give each reference its own id"
                )
            ids.add(rid)
        if "url" not in ref and "path" not in ref:
            report(
                ("references", i),
                "a reference needs `url:` (or `path:` for a file of this repository)",
                "add where a reader can open it",
            )
        if isinstance(ref.get("path"), str):
            _path_in_repository(ref["path"], ("references", i, "path"), report)
    return ids


def _path_in_repository(path: str, where: FieldPath, report: Report) -> None:
    """The site calls a reference's `path` "a file in this repository": it must name one. No
    `.` or `..` part (the schema already refuses absolute paths), and resolved, symlinks
    followed, it stays inside the repository. The file need not exist (a fixture catalogue is
    checked outside the repository); a path that leads elsewhere is refused either way."""
    fix = (
        "write the path from the repository's top folder, without `.` or `..` parts, "
        "to a file inside it (for example tests/fixtures/seed/mirror-list.md)"
    )
    if any(part in (".", "..") for part in path.split("/")) or PurePosixPath(path).is_absolute():
        report(where, f"'{path}' is not a file of this repository", fix)
        return
    root = REPO_ROOT.resolve()
    try:
        inside = (root / path).resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a symlink loop (RuntimeError up to Python 3.12)
        inside = False
    if not inside:
        report(
            where,
            f"'{path}' is not a file of this repository: it leads outside the repository "
            "through a symbolic link",
            fix,
        )


MOVING_BRANCH = re.compile(r"^https://github\.com/[^/]+/[^/]+/(?:blob|tree|raw)/(main|master)/")
"""A GitHub address on a branch: what it shows changes under the citation (a quote that was
verbatim at main stops being so), so references pin a commit instead."""


WHOLE_CATALOGUE = ("models", "paper", "references")
"""One section of each of models.yaml, published.yaml and references.yaml."""


def _cited_refs(node: Any) -> Iterator[str]:
    """Every `ref:` value anywhere below `node` (sources, license_source, provenance)."""
    if isinstance(node, dict):
        if isinstance(node.get("ref"), str):
            yield node["ref"]
        for value in node.values():
            yield from _cited_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _cited_refs(value)


def _every_reference_cited(data: dict[str, Any], report: Report) -> None:
    """A reference nothing cites is a source the site claims to rest on but never shows: it goes,
    or a fact cites it. A reference on a moving branch is pinned to a commit."""
    if not all(key in data for key in WHOLE_CATALOGUE):
        return  # a file that did not parse took its citations with it: every ref would look unused
    cited = set(_cited_refs({k: v for k, v in data.items() if k != "references"}))
    for i, ref in _dicts(data.get("references")):
        rid = ref.get("id")
        if isinstance(rid, str) and rid not in cited:
            report(
                ("references", i, "id"),
                f"reference '{rid}' is cited by nothing",
                f"cite it from a fact (`source: {{ref: {rid}, locator: ...}}`) or remove it",
            )
        url = ref.get("url")
        if isinstance(url, str) and (branch := MOVING_BRANCH.match(url)):
            report(
                ("references", i, "url"),
                f"the address follows the branch '{branch[1]}', so what it shows can change",
                f"replace '/{branch[1]}/' with the commit you read it at ('/<40-hex commit>/')",
            )


def _license_ref(data: dict[str, Any], ref_ids: set[str] | None, report: Report) -> None:
    release = data.get("release")
    source = release.get("license_source") if isinstance(release, dict) else None
    if isinstance(source, dict) and ref_ids is not None and source.get("ref") not in ref_ids:
        report(
            ("release", "license_source", "ref"),
            f"no reference with id '{source.get('ref')}'",
            "use the id of an entry of `references`",
        )


def _kinds_have_provenance(data: dict[str, Any], report: Report) -> None:
    provenance = data.get("provenance")
    if not isinstance(provenance, dict):
        return
    covered: dict[str, int] = {}
    for i, entry in _dicts(provenance.get("kinds")):
        kind: Any = entry.get("kind")
        if kind in covered:
            report(
                ("provenance", "kinds", i, "kind"),
                f"kind '{kind}' is listed twice",
                "keep one provenance entry per kind",
            )
        covered[kind] = i
    used: list[tuple[FieldPath, Any]] = [
        (("models", i, "sources", j), s.get("kind"))
        for i, m in _dicts(data.get("models"))
        for j, s in _dicts(m.get("sources"))
    ]
    used += [(("bundles", i), b.get("kind")) for i, b in _dicts(data.get("bundles"))]
    reported = set()
    for path, kind in used:
        # An unknown kind is the schema's to report; only known kinds need provenance.
        if kind in SourceKind._value2member_map_ and kind not in covered and kind not in reported:
            reported.add(kind)
            report(
                (*path, "kind"),
                f"no provenance for {kind} links",
                f"add `- kind: {kind}` with its `source:` under `provenance.kinds` in references.yaml",
            )


def _config_sources_cover_every_key(data: dict[str, Any], report: Report) -> None:
    shared, sources = data.get("shared_config"), data.get("shared_config_sources")
    if not isinstance(shared, dict) or not isinstance(sources, list):
        return
    seen: dict[str, FieldPath] = {}
    for i, entry in _dicts(sources):
        for j, key in enumerate(entry.get("fields") or []):
            if key in seen:
                report(
                    ("shared_config_sources", i, "fields", j),
                    f"'{key}' is cited twice",
                    "cite each shared config value once",
                )
            seen[key] = ("shared_config_sources", i)
    for key in shared:
        if key not in seen:
            report(
                ("shared_config", key),
                f"'{key}' has no source",
                "list it under `fields:` of an entry of `shared_config_sources`",
            )
