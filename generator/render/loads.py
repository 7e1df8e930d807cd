"""Whether each Hugging Face repository of a model loads with transformers, and code that does.

Pure: read from the link state the checker wrote (generator/links/evidence/loads.py: the
repository's config.json given to the installed transformers' AutoConfig, offline). The page
says what that check found, with the transformers version and the date, and gives code that
loads the repository:

- it loads: the Auto classes (AutoModel, AutoTokenizer), as the Hub tab does;
- its config.json has no `model_type`: the Auto classes refuse it, the explicit BERT classes
  (BertModel, BertTokenizer) read it (tests/render/test_loads_snippet.py runs both on such a
  repository served by a loopback Hub);
- anything else it failed on: no code, the error in words;
- never decided (not checked yet, or only undecided runs): "not checked", no code.

The repository id enters code only through `repr`, as in snippets.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..catalog import SourceKind
from ..links.model import LoadVerdict

if TYPE_CHECKING:  # context.py imports this module
    from .context import LinkView

HUB_KINDS = (SourceKind.HUGGINGFACE, SourceKind.HUGGINGFACE_COMMUNITY)

LoadState = Literal["loads", "no_model_type", "fails", "unchecked"]

AUTO_CLASSES = ("AutoModel", "AutoTokenizer")
"""What works for a repository whose config.json names its model_type."""
BERT_CLASSES = ("BertModel", "BertTokenizer")
"""What works for a BERT repository whose config.json does not: the class is named, so
transformers never asks the config which one it is."""


@dataclass(frozen=True)
class HubLoad:
    """One Hugging Face repository of a model, as the "Loading from Hugging Face" section shows it."""

    kind: SourceKind
    repo: str
    state: LoadState
    transformers: str | None = None
    """The version that judged it (the checker's installed transformers)."""
    day: str | None = None
    """YYYY-MM-DD of the check shown."""
    detail: str | None = None
    """The checker's words: the error transformers raised, or why nothing was decided."""

    @property
    def classes(self) -> tuple[str, str] | None:
        """(model class, tokenizer class) that load this repository; None: no code is offered."""
        return {"loads": AUTO_CLASSES, "no_model_type": BERT_CLASSES}.get(self.state)

    @property
    def code(self) -> str | None:
        classes = self.classes
        return None if classes is None else load_code(self.repo, *classes)


def load_code(repo: str, model_class: str, tokenizer_class: str) -> str:
    """Three lines that load `repo` with these classes (the Hub tab adds a forward pass)."""
    return (
        f"from transformers import {model_class}, {tokenizer_class}\n\n"
        f"tokenizer = {tokenizer_class}.from_pretrained({repo!r})\n"
        f"model = {model_class}.from_pretrained({repo!r})\n"
    )


_STATE: dict[LoadVerdict, LoadState] = {
    LoadVerdict.LOADS: "loads",
    LoadVerdict.NO_MODEL_TYPE: "no_model_type",
    LoadVerdict.FAILS: "fails",
    LoadVerdict.UNSURE: "unchecked",
}
"""An undecided check (the only one recorded) shows as unchecked, with why."""


def hub_load(link: LinkView) -> HubLoad | None:
    """The repository's load state; None for a link that is not a Hugging Face repository."""
    if link.kind not in HUB_KINDS or not link.hub_repo:
        return None
    history = link.loads
    if history is None:
        return HubLoad(link.kind, link.hub_repo, "unchecked")
    check = history.check
    state = _STATE[check.verdict]
    return HubLoad(
        link.kind,
        link.hub_repo,
        state,
        transformers=check.transformers,
        day=history.last_checked[:10],
        detail=check.detail,
    )


def hub_loads(links: Iterable[LinkView]) -> tuple[HubLoad, ...]:
    """Every Hugging Face repository among `links`, in catalogue order."""
    return tuple(found for found in map(hub_load, links) if found is not None)
