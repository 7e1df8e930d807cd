"""What a model page shows about its files: sizes and hashes per source, a size note where a
Baidu archive differs from Google's zip, and the lines a visitor runs to check a download.

Pure: built from the link state the checker wrote (generator/links/evidence/). Every value here is
cited ("as reported by Google on DATE"), never computed from a download. Host-provided names
are data: templates escape them, and only names made of plain file-name characters become
shell lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..catalog import SourceKind
from ..links.evidence.changes import EvidenceChange, EvidenceHistory
from ..links.model import FileFact

if TYPE_CHECKING:  # context.py imports this module
    from .context import LinkView

ARCHIVE = re.compile(r"\.(zip|rar|7z|tar|tgz|tar\.gz)$", re.IGNORECASE)
SHELL_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,199}")
"""Names that may appear in a copyable shell line as they are (no quoting needed, no
surprises): anything else a host lists is shown as text only."""
_DIGEST = {"md5": re.compile(r"[0-9a-f]{32}"), "sha256": re.compile(r"[0-9a-f]{64}")}


@dataclass(frozen=True)
class SourceEvidence:
    """One link's evidence as a page shows it."""

    kind: SourceKind
    url: str
    source: str
    """'gcs', 'huggingface' or 'baidu': who reported it."""
    files: tuple[FileFact, ...]
    day: str
    """YYYY-MM-DD of the latest run that read it."""
    truncated: bool
    changes: tuple[EvidenceChange, ...]

    @property
    def total_size(self) -> int | None:
        """The files' sizes added up; None unless the host gave every file's size."""
        sizes = [f.size for f in self.files]
        return None if any(size is None for size in sizes) else sum(s for s in sizes if s is not None)


@dataclass(frozen=True)
class SizeNote:
    """A Baidu archive whose size differs from Google's zip of the same model (a repack)."""

    kind: SourceKind
    name: str
    size: int
    zip_name: str
    zip_size: int


@dataclass(frozen=True)
class VerifyLine:
    """`echo "<digest>  <name>" | <tool> -c -`: one file a visitor can check."""

    tool: str
    """'md5sum' or 'sha256sum'."""
    digest: str
    name: str
    kind: SourceKind

    @property
    def shell(self) -> str:
        return f'echo "{self.digest}  {self.name}" | {self.tool} -c -'


@dataclass(frozen=True)
class ModelEvidence:
    sources: tuple[SourceEvidence, ...]
    size_notes: tuple[SizeNote, ...]
    verify_lines: tuple[VerifyLine, ...]
    zip_name: str
    """The Google zip's file name, for the generic snippet when nothing is recorded yet."""


def model_evidence(model_id: str, links: Iterable[LinkView]) -> ModelEvidence:
    """`links`: the model's links (kind, url, evidence)."""
    sources = tuple(
        source_evidence(link.kind, link.url, link.evidence) for link in links if link.evidence is not None
    )
    zips = [(f.name, f.size) for s in sources if s.source == "gcs" for f in s.files if f.size is not None]
    notes = []
    for source in sources:
        if source.source != "baidu":
            continue
        for file in source.files:
            if file.size is None or not ARCHIVE.search(file.name):
                continue
            for zip_name, zip_size in zips:
                if file.size != zip_size:
                    notes.append(SizeNote(source.kind, file.name, file.size, zip_name, zip_size))
    lines = []
    for source in sources:
        for file in source.files:
            if not SHELL_SAFE_NAME.fullmatch(file.name):
                continue
            for tool, digest in (("md5sum", file.md5), ("sha256sum", file.sha256)):
                if digest and _DIGEST[tool[:-3]].fullmatch(digest):
                    lines.append(VerifyLine(tool, digest, file.name, source.kind))
    return ModelEvidence(
        sources=sources, size_notes=tuple(notes), verify_lines=tuple(lines), zip_name=f"{model_id}.zip"
    )


def source_evidence(kind: SourceKind, url: str, history: EvidenceHistory) -> SourceEvidence:
    """One link's evidence as the model pages and the link-status page show it."""
    return SourceEvidence(
        kind=kind,
        url=url,
        source=history.evidence.source,
        files=history.evidence.files,
        day=history.last_seen[:10],
        truncated=history.evidence.truncated,
        changes=history.changes[-5:],
    )
