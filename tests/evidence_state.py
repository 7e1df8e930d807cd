"""A link-state file for the real catalogue as two runs of the checker would leave it: every
kind of code standing and every kind of file evidence, written by the state layer itself
(generator.links.state.history), so pages are tested against the format the checker writes.

Digests are derived from the file names (hashlib), never typed: a page showing them proves it
read them from the state file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.catalog import Catalog, SourceKind
from generator.links.model import CodeCheck, CodeVerdict, Evidence, FileFact, LinkReason, LinkResult, Verdict
from generator.links.state.file import save_state
from generator.links.state.history import LinkState, apply_run

DAYS = ("2026-11-01T06:00:00Z", "2026-11-02T06:00:00Z")
HUB_FILES = ("config.json", "vocab.txt", "pytorch_model.bin", "tf_model.h5", "flax_model.msgpack", "README.md")


def md5_of(name: str) -> str:
    return hashlib.md5(name.encode()).hexdigest()


def sha256_of(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def size_of(name: str) -> int:
    """A stable size between 0.5 KB and 450 MB, from the name."""
    return 500 + int(md5_of(name)[:8], 16) % 450_000_000


def _hub_files(repo: str) -> tuple[FileFact, ...]:
    return tuple(
        FileFact(
            f"{name}",
            size=size_of(repo + name),
            sha256=sha256_of(repo + name) if name.endswith((".bin", ".h5", ".msgpack")) else None,
        )
        for name in HUB_FILES
    )


def _result(
    url: str, kind: SourceKind, code: str | None, index: int, day: str, model_ids: list[str], bundle: bool
) -> LinkResult:
    baidu = kind in (SourceKind.BAIDU_PYTORCH, SourceKind.BAIDU_TENSORFLOW)
    extra: dict = {}
    name = url.rsplit("/", 1)[-1]
    if kind is SourceKind.GOOGLE_ZIP:
        extra["evidence"] = Evidence(
            "gcs", (FileFact(name, size=size_of(name), md5=md5_of(name), crc32c=md5_of(name)[:8]),)
        )
    elif kind is SourceKind.HUGGINGFACE:
        extra["evidence"] = Evidence("huggingface", _hub_files(url), truncated=index % 7 == 3)
    elif baidu and code:
        # Codes in turn: accepted (with a listing), rejected twice (confirmed), never sent.
        turn = 0 if bundle else index % 3
        if turn == 0:
            files = (
                tuple(FileFact(f"{m}.zip", size=size_of(url + m)) for m in model_ids)
                if bundle
                else (FileFact(f"{name}.zip", size=size_of(url)),)
            )
            extra["code"] = CodeCheck(CodeVerdict.ACCEPTED, 0, "accepted", code=code)
            extra["evidence"] = Evidence("baidu", files)
        elif turn == 1:
            extra["code"] = CodeCheck(CodeVerdict.REJECTED, -9, "wrong code", code=code)
    reason = "baidu_needs_code" if baidu else "http_200"
    return LinkResult(url, Verdict.OK, LinkReason.from_code(reason), "ok", 200, day, **extra)


def write_catalogue_state(catalog: Catalog, path: Path, days: tuple[str, ...] = DAYS) -> Path:
    """One run per day over every link of `catalog` (two by default), saved at `path`."""
    model_ids = [m.id for m in catalog.models]
    sources = [(s, False) for m in catalog.models for s in m.sources]
    sources += [(b.source, True) for b in catalog.bundles if b.source]
    state = LinkState()
    for day in days:
        results = [
            _result(s.url, s.kind, s.code, i, day, model_ids, bundle) for i, (s, bundle) in enumerate(sources)
        ]
        state = apply_run(state, results, now=day)
    save_state(path, state)
    return path
