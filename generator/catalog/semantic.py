"""Checks JSON Schema cannot express: cross-field and cross-entry rules.

They run on the plain data even when the schema found problems, so a maintainer sees
everything at once; every rule skips entries too malformed to judge.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ..urlview import url_problem, whatwg_host
from .model import NAMED_SIZES
from .problems import FieldPath, Problem, display_path
from .provenance_check import Report, provenance_problems
from .sources import KIND_HOSTS, SourceKind
from .yamlsource import Located


def semantic_problems(doc: Located) -> list[Problem]:
    problems: list[Problem] = []
    data = doc.data

    def report(path: FieldPath, message: str, fix: str) -> None:
        file, line = doc.locate(path)
        problems.append(Problem(file, line, path, message, fix))

    def where(path: FieldPath) -> str:
        file, line = doc.locate(path)
        return f"{display_path(file)}:{line}"

    models = _dicts(data.get("models"))
    seen_ids: dict[str, FieldPath] = {}
    for i, model in models:
        here: FieldPath = ("models", i)
        _check_model_shape(model, here, report)
        mid = model.get("id")
        if isinstance(mid, str):
            if mid in seen_ids:
                report(
                    (*here, "id"),
                    f"duplicate model id '{mid}' (first at {where(seen_ids[mid])})",
                    "list each model once; remove or rename one of them",
                )
            else:
                seen_ids[mid] = (*here, "id")
        for j, source in _dicts(model.get("sources")):
            _check_source(source, (*here, "sources", j), report, bundle=False)

    for i, bundle in _dicts(data.get("bundles")):
        _check_source(bundle, ("bundles", i), report, bundle=True)

    # The same URL twice is a copy-paste slip: one of the two entries lost its own link.
    seen_urls: dict[str, FieldPath] = {}
    url_owners: list[tuple[FieldPath, dict[str, Any]]] = [
        (("models", i, "sources", j), s) for i, m in models for j, s in _dicts(m.get("sources"))
    ]
    url_owners += [(("bundles", i), b) for i, b in _dicts(data.get("bundles"))]
    for path, entry in url_owners:
        url = entry.get("url")
        if not isinstance(url, str):
            continue
        key = url.strip().rstrip("/")
        if key in seen_urls:
            report(
                (*path, "url"),
                f"duplicate URL, also listed at {where((*seen_urls[key], 'url'))}",
                "each link belongs to one entry; paste the right link for this one",
            )
        else:
            seen_urls[key] = path

    for section in ("glue", "parameter_figures"):
        rows = data.get("glue", {}).get("scores") if section == "glue" else data.get(section)
        prefix: FieldPath = ("glue", "scores") if section == "glue" else (section,)
        seen_rows: set[Any] = set()
        for i, row in _dicts(rows if isinstance(rows, list) else None):
            mid = row.get("model")
            if isinstance(mid, str) and seen_ids and mid not in seen_ids:
                report(
                    (*prefix, i, "model"),
                    f"no model with id '{mid}'",
                    "use the id of a model listed under `models`",
                )
            row_key = (mid, row.get("counts"), row.get("published"), str(row.get("source")))
            if row_key in seen_rows:
                report((*prefix, i), "this entry repeats an earlier one", "remove the duplicate")
            seen_rows.add(row_key)
    _check_kerashub(models, report)
    provenance_problems(data, report)
    return problems


_SCHEMA_URL = re.compile(r"https?://[^\s/]+(/\S*)?")
"""catalog/schema.json's URL pattern: only URLs it accepts are looked at more closely."""


def _dicts(value: Any) -> list[tuple[int, dict[str, Any]]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _ints(*values: Any) -> bool:
    return all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in values)


def _check_model_shape(model: dict[str, Any], here: FieldPath, report: Report) -> None:
    layers: Any = model.get("layers")  # Any: _ints() checks the types before any arithmetic
    hidden: Any = model.get("hidden")
    heads: Any = model.get("heads")
    if _ints(hidden, heads) and hidden % heads:
        report(
            (*here, "heads"),
            f"hidden size {hidden} is not divisible by {heads} heads",
            f"choose heads that divide {hidden}; this release uses hidden / 64 = {hidden / 64:g}",
        )
    mid = model.get("id")
    if _ints(layers, hidden, heads) and isinstance(mid, str):
        expected = f"uncased_L-{layers}_H-{hidden}_A-{heads}"
        if mid != expected:
            report(
                (*here, "id"),
                f"id '{mid}' contradicts layers={layers}, hidden={hidden}, heads={heads}",
                f"use id '{expected}' or correct the numbers",
            )
    name = model.get("name")
    if name in NAMED_SIZES and _ints(layers, hidden):
        want_l, want_h = NAMED_SIZES[name]
        if (layers, hidden) != (want_l, want_h):
            report(
                (*here, "name"),
                f"{name} is L={want_l}/H={want_h}, but this model is L={layers}/H={hidden}",
                "remove the name or move it to the right model",
            )


def _check_kerashub(models: list[tuple[int, dict[str, Any]]], report: Report) -> None:
    seen: dict[str, int] = {}
    for i, model in models:
        preset = model.get("kerashub", {}).get("preset") if isinstance(model.get("kerashub"), dict) else None
        if isinstance(preset, str):
            if preset in seen:
                report(
                    ("models", i, "kerashub", "preset"),
                    f"preset '{preset}' is also given to models[{seen[preset]}]",
                    "a KerasHub preset has one shape; keep it on one model",
                )
            seen[preset] = i


# Han characters and CJK punctuation. Catalogue free text is shown on English pages only.
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _check_english(entry: dict[str, Any], here: FieldPath, report: Report) -> None:
    retired = entry.get("retired")
    texts: list[tuple[tuple[str, ...], Any]] = [(("note",), entry.get("note"))]
    if isinstance(retired, dict):
        texts.append((("retired", "reason"), retired.get("reason")))
    for path, text in texts:
        if isinstance(text, str) and _CJK.search(text):
            report(
                (*here, *path),
                "free text of the catalogue is shown on the English pages only",
                "write it in English; the Chinese pages show the translated labels",
            )


def _check_source(entry: dict[str, Any], here: FieldPath, report: Report, *, bundle: bool) -> None:
    _check_english(entry, here, report)
    try:
        kind = SourceKind(str(entry.get("kind")))
    except ValueError:
        return  # the schema reports unknown kinds
    url, code = entry.get("url"), entry.get("code")
    if bundle and "not_published" in entry:
        if url is not None or code is not None:
            report(
                here,
                "a bundle marked not_published must not have a url or code",
                "remove not_published, or remove url and code",
            )
        return
    if bundle and url is None:
        report(
            here,
            "missing required field 'url'",
            "add `url:`, or `not_published:` with the reason no link exists",
        )
    if kind.needs_code and code is None and url is not None:
        report(
            here,
            f"a {kind.value} link needs its extraction code",
            "add `code:` with the 4-character 提取码 from the mirror list",
        )
    if not kind.needs_code and code is not None:
        report(
            (*here, "code"),
            f"a {kind.value} source has no extraction code",
            "remove `code:`; only Baidu Netdisk shares use one",
        )
    if not isinstance(url, str) or not _SCHEMA_URL.fullmatch(url):
        return  # the schema reports what is not text, not http(s), or has spaces
    problem = url_problem(url)
    if problem:
        report(
            (*here, "url"),
            f"the URL {problem}",
            "paste the plain link: browsers and the link checker must read the same host",
        )
        return
    host = whatwg_host(url)
    hosts = KIND_HOSTS[kind]
    if host not in hosts:
        report(
            (*here, "url"),
            f"a {kind.value} link must point at {' or '.join(hosts)}, not {host}",
            "check the kind or the URL",
        )
    if any(name.lower() == "pwd" for name, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)):
        report(
            (*here, "url"),
            "the URL carries its own ?pwd= extraction code",
            "remove ?pwd=… from the URL and keep the code in `code:`; the site adds ?pwd= itself",
        )
