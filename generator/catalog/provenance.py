"""Provenance as data: the outside sources the catalogue cites, and what each fact cites.

A published fact carries a `Citation`: the reference (title, URL or repository path), the
locator inside it (section, file, table or line) and, optionally, the quoted text. A fact
nobody could trace is a citation with `verified=False` and the reason, which the site shows
as "unverified" in both languages. `semantic.py` refuses a figure that has neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Reference:
    """One outside source, listed once in catalog/references.yaml."""

    id: str
    title: str
    url: str | None = None
    """Where a reader opens it; None for a file of this repository (see `path`)."""
    path: str | None = None
    """A file of this repository, for a source that has no public address of its own."""


@dataclass(frozen=True)
class Citation:
    """Where one fact is printed, or why it could not be traced."""

    reference: Reference | None
    """None only for an unverified fact with no source at all."""
    locator: str | None = None
    """Section, file path, table or line inside the reference."""
    quote: str | None = None
    """The printed text, where quoting it helps a reader find it."""
    verified: bool = True
    reason: str | None = None
    """Why the fact is unverified (set exactly when verified is False)."""

    @property
    def title(self) -> str | None:
        return self.reference.title if self.reference else None

    @property
    def url(self) -> str | None:
        return self.reference.url if self.reference else None


@dataclass(frozen=True)
class KindProvenance:
    """Where the links of one source kind come from."""

    kind: str
    citation: Citation


@dataclass(frozen=True)
class Provenance:
    references: tuple[Reference, ...]
    models: Citation
    """The grid of shapes and the named sizes."""
    kerashub: Citation
    """Which checkpoint each KerasHub preset was converted from."""
    kinds: tuple[KindProvenance, ...]


def references_by_id(data: dict[str, Any]) -> dict[str, Reference]:
    return {
        r["id"]: Reference(id=r["id"], title=r["title"], url=r.get("url"), path=r.get("path"))
        for r in data.get("references", [])
    }


def citation(entry: dict[str, Any], references: dict[str, Reference]) -> Citation:
    """The citation of a cited entry: its `source` plus its own `verified` / `reason`."""
    source = entry.get("source") or {}
    return Citation(
        reference=references.get(source.get("ref") or ""),
        locator=source.get("locator"),
        quote=source.get("quote"),
        verified=entry.get("verified", True) is not False,
        reason=entry.get("reason"),
    )


def to_provenance(data: dict[str, Any], references: dict[str, Reference]) -> Provenance:
    p = data["provenance"]
    return Provenance(
        references=tuple(references.values()),
        models=citation(p["models"], references),
        kerashub=citation(p["kerashub"], references),
        kinds=tuple(KindProvenance(kind=k["kind"], citation=citation(k, references)) for k in p["kinds"]),
    )
