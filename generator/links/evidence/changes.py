"""How a link's files change between runs: the history the state file keeps per link.

Pure functions. A size or hash that differs from the previous reading is news for maintainers
(a re-uploaded zip, a swapped Baidu file); a value one reading lacks is not a change.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..model import Evidence, FieldReader, FileFact, NoteProblem
from .listing import evidence_json

MAX_CHANGES = 20
"""Evidence changes kept per link in the state file, newest last."""

_FIELDS = ("size", "md5", "crc32c", "sha256")


@dataclass(frozen=True)
class EvidenceChange:
    """A file whose size or hash differs from the previous run's: news for maintainers."""

    at: str
    """The run that saw the new value."""
    source: str
    file: str
    field: str
    """'size', 'md5', 'crc32c' or 'sha256'."""
    before: str
    after: str


@dataclass(frozen=True)
class EvidenceHistory:
    """The latest evidence for one URL, when it was first seen as it is, and what changed."""

    evidence: Evidence
    seen_since: str
    """The first run that saw exactly these files and values."""
    last_seen: str
    changes: tuple[EvidenceChange, ...] = ()


def compare(before: Evidence, after: Evidence, at: str) -> tuple[EvidenceChange, ...]:
    """Sizes and hashes that differ between two readings of the same source. A value one
    reading lacks is not a change (a composite object has no md5; a page may be cut)."""
    old = {f.name: f for f in before.files}
    changes = []
    for new in after.files:
        previous = old.get(new.name)
        if previous is None:
            continue
        for name in _FIELDS:
            a, b = getattr(previous, name), getattr(new, name)
            if a is not None and b is not None and a != b:
                changes.append(EvidenceChange(at, after.source, new.name, name, str(a), str(b)))
    return tuple(changes)


def advance_evidence(
    previous: EvidenceHistory | None, found: Evidence | None, at: str
) -> tuple[EvidenceHistory | None, tuple[EvidenceChange, ...]]:
    """The history after one run and this run's changes; no reading keeps the old one."""
    if found is None:
        return previous, ()
    if previous is None or previous.evidence.source != found.source:
        return EvidenceHistory(found, seen_since=at, last_seen=at), ()
    changes = compare(previous.evidence, found, at)
    same = found == previous.evidence
    kept = (previous.changes + changes)[-MAX_CHANGES:]
    return EvidenceHistory(
        found, seen_since=previous.seen_since if same else at, last_seen=at, changes=kept
    ), changes


def history_json(history: EvidenceHistory) -> dict[str, object]:
    return {
        **evidence_json(history.evidence),
        "seen_since": history.seen_since,
        "last_seen": history.last_seen,
        "changes": [change_json(c) for c in history.changes],
    }


def change_json(change: EvidenceChange) -> dict[str, str]:
    """One change as the state file and the JSON report both write it."""
    return {
        "at": change.at,
        "source": change.source,
        "file": change.file,
        "field": change.field,
        "before": change.before,
        "after": change.after,
    }


def history_from_json(
    record: Mapping[str, Any], where: str, field: FieldReader, problem: NoteProblem
) -> EvidenceHistory:
    """An EvidenceHistory from its JSON object, read with the state file's accessor (see
    codes.code_from_json); the caller drops the result when a problem was noted."""
    files = [
        FileFact(
            name=field(at, item, "name", (str,)),
            size=field(at, item, "size", (int,), True),
            md5=field(at, item, "md5", (str,), True),
            crc32c=field(at, item, "crc32c", (str,), True),
            sha256=field(at, item, "sha256", (str,), True),
        )
        for at, item in _objects_in(where, record, "files", field, problem)
    ]
    changes = [
        EvidenceChange(
            *(field(at, item, key, (str,)) for key in ("at", "source", "file", "field", "before", "after"))
        )
        for at, item in _objects_in(where, record, "changes", field, problem)
    ]
    evidence = Evidence(
        source=field(where, record, "source", (str,)),
        files=tuple(files),
        truncated=field(where, record, "truncated", (bool,)),
    )
    return EvidenceHistory(
        evidence,
        seen_since=field(where, record, "seen_since", (str,)),
        last_seen=field(where, record, "last_seen", (str,)),
        changes=tuple(changes),
    )


def _objects_in(
    where: str, record: Mapping[str, Any], key: str, field: FieldReader, problem: NoteProblem
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each object of the list under `key`, with where it is; an item that is not an object is
    a problem (and skipped), so the caller reads only dicts."""
    listed = field(where, record, key, (list,))
    for index, item in enumerate(listed if isinstance(listed, list) else ()):
        at = f"{where}.{key}[{index}]"
        if isinstance(item, dict):
            yield at, item
        else:
            problem(f"{at}: expected an object")
