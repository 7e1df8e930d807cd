"""The params cache: counts already computed, so a warm run never imports torch.

Where it lives: `.cache/params.json` at the repository root (override the folder with the
LITTLE_BERTS_CACHE_DIR environment variable, or pass a path). It is NOT committed (`.cache/`
is gitignored) because:
  * it is derived data, and the project never commits generated output;
  * it is only valid for the torch and transformers versions that wrote it, which differ
    between a maintainer's machine and CI: a committed file would be a miss there anyway;
  * rebuilding it costs one cold run (about 3 s), so losing it costs nothing.

What a hit means: an entry is keyed by a SHA-256 of the model id, the model's full
BertConfig values, the torch and transformers versions and CACHE_FORMAT. Editing one
model's config changes only that model's key, so only that model is instantiated again.
The versions come from installed package metadata (`importlib.metadata`), which reads a
small file and never imports the packages. Bump CACHE_FORMAT when the counting code changes
what it computes.

The file is rewritten atomically (temp file + rename); a missing, unreadable or foreign
file is treated as empty, never as an error.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path
from typing import Any

from ..catalog import Model
from ..failure import Failure
from ..fsutil import atomic_write_text, read_regular_file
from ..paths import CACHE_DIR, cache_dir
from .result import ParamCount

MAX_CACHE_BYTES = 4 * 1024 * 1024
"""A params.json larger than this is not ours (24 models take about 30 KB): treated as empty."""
CACHE_FORMAT = 1
"""Version of the cache layout and of what a count means; part of every key."""
DEFAULT_CACHE_PATH = CACHE_DIR / "params.json"
"""The cache file when neither a path nor LITTLE_BERTS_CACHE_DIR is given."""

Versions = dict[str, str]


def resolve_cache_path(explicit: Path | str | None = None) -> Path:
    """An explicit path wins, then $LITTLE_BERTS_CACHE_DIR/params.json, then the default."""
    return Path(explicit) if explicit is not None else cache_dir() / "params.json"


def library_versions() -> Versions | None:
    """{'torch': ..., 'transformers': ...} from package metadata, or None if one is not installed.

    Without versions no key can match, so every model is a miss and the import that follows
    reports how to install the missing package.
    """
    try:
        return {name: metadata.version(name) for name in ("torch", "transformers")}
    except metadata.PackageNotFoundError:
        return None


def describe_versions(versions: Versions | None) -> str:
    if not versions:
        return "torch and transformers (versions unknown)"
    return f"torch {versions['torch']}, transformers {versions['transformers']}"


def cache_key(model: Model, versions: Versions) -> str:
    material = {"cache_format": CACHE_FORMAT, "model_id": model.id, "config": model.hf_config, **versions}
    text = json.dumps(material, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_entries(path: Path, versions: Versions | None) -> dict[str, Any]:
    """The raw entries of a cache written with these versions; {} for anything else."""
    try:
        document = json.loads(read_regular_file(path, MAX_CACHE_BYTES))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return {}
    entries = document.get("entries") if isinstance(document, dict) else None
    if (
        not isinstance(entries, dict)
        or document.get("format_version") != CACHE_FORMAT
        or versions is None
        or document.get("versions") != versions
    ):
        return {}
    return entries


def cached_count(entries: dict[str, Any], key: str, model: Model) -> ParamCount | None:
    entry = entries.get(key)
    if not isinstance(entry, dict):
        return None
    count = ParamCount.from_record(entry.get("count"))
    return count if count is not None and count.model_id == model.id else None


class CacheNotWritten(Failure):
    """The counts are right but could not be kept: every later run counts again (with torch)."""

    summary = "the params cache was not written"
    consequence = "the counts are correct, and the next run counts again"


def save_entries(
    path: Path, versions: Versions, entries: dict[str, Any], fresh: dict[str, tuple[Model, ParamCount]]
) -> CacheNotWritten | None:
    """Merge freshly computed counts into the entries and write the file; CacheNotWritten (a
    notice, not an error) when it cannot be written.

    Entries of other models (another catalogue, an earlier config) are kept: switching back
    and forth between catalogues should not recount every time. They are dropped with
    everything else when the versions change.
    """
    merged = dict(entries)
    for key, (model, count) in fresh.items():
        merged[key] = {"model_id": model.id, "config": model.hf_config, "count": count.to_record()}
    document = {
        "format_version": CACHE_FORMAT,
        "note": "Parameter counts computed by `python -m generator params`; derived data, "
        "safe to delete, not committed.",
        "versions": versions,
        "entries": merged,
    }
    try:
        atomic_write_text(path, json.dumps(document, indent=1, sort_keys=True) + "\n")
    except OSError as exc:
        # A read-only checkout still gets correct counts; it just recounts next time.
        return CacheNotWritten(f"could not write the params cache {path}: {exc.strerror or exc}")
    return None
