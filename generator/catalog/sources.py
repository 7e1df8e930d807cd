"""Where a model can be downloaded: the kinds of source, the hosts each may point at, and
one download link with its Baidu code.

Apart from model.py because the link checker, the validator and the site's download blocks
all reason about a single link without needing the rest of the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


class SourceKind(StrEnum):
    """Where a download lives. Adding a kind: here, in schema.json's `source_kind` enum (a
    test proves the two equal), in KIND_HOSTS and in references.yaml's `provenance.kinds`."""

    GOOGLE_ZIP = "google_zip"
    HUGGINGFACE = "huggingface"
    HUGGINGFACE_COMMUNITY = "huggingface_community"
    TFHUB = "tfhub"
    KAGGLE = "kaggle"
    BAIDU_PYTORCH = "baidu_pytorch"
    BAIDU_TENSORFLOW = "baidu_tensorflow"

    @property
    def needs_code(self) -> bool:
        """Baidu Netdisk shares are opened with a 4-character extraction code (提取码)."""
        return self in (SourceKind.BAIDU_PYTORCH, SourceKind.BAIDU_TENSORFLOW)

    @property
    def official(self) -> bool:
        """Published by Google itself (zip, google/ on the Hub, TF Hub and its Kaggle home)."""
        return self in (SourceKind.GOOGLE_ZIP, SourceKind.HUGGINGFACE, SourceKind.TFHUB, SourceKind.KAGGLE)

    @property
    def third_party(self) -> bool:
        """A copy made by someone other than Google: its weights are not verified identical."""
        return not self.official

    @property
    def third_party_note(self) -> str | None:
        """'conversion' for a third party's PyTorch conversion, 'copy' for a re-upload of
        Google's files, None for Google's own; the site words it (i18n 'third_party.<key>')."""
        if self.official:
            return None
        return "conversion" if self.framework == "pytorch" else "copy"

    @property
    def framework(self) -> str:
        """What the download contains: 'tf1' checkpoint, 'pytorch' weights or 'tf2' SavedModel."""
        return {
            SourceKind.GOOGLE_ZIP: "tf1",
            SourceKind.HUGGINGFACE: "pytorch",
            SourceKind.HUGGINGFACE_COMMUNITY: "pytorch",
            SourceKind.TFHUB: "tf2",
            SourceKind.KAGGLE: "tf2",
            SourceKind.BAIDU_PYTORCH: "pytorch",
            SourceKind.BAIDU_TENSORFLOW: "tf1",
        }[self]


HUGGINGFACE_HOSTS = ("huggingface.co",)
"""The Hugging Face Hub. Not hf-mirror.com: a third party's mirror, derived per id and never
checked; the link checker's Hub rules (a 404 page, the tree API) read this same tuple."""

# Hosts each kind may point at: a Baidu link pasted under `huggingface` is a mistake.
KIND_HOSTS: dict[SourceKind, tuple[str, ...]] = {
    SourceKind.GOOGLE_ZIP: ("storage.googleapis.com",),
    SourceKind.HUGGINGFACE: HUGGINGFACE_HOSTS,
    SourceKind.HUGGINGFACE_COMMUNITY: HUGGINGFACE_HOSTS,
    SourceKind.TFHUB: ("tfhub.dev",),
    SourceKind.KAGGLE: ("www.kaggle.com", "kaggle.com"),
    SourceKind.BAIDU_PYTORCH: ("pan.baidu.com", "yun.baidu.com"),
    SourceKind.BAIDU_TENSORFLOW: ("pan.baidu.com", "yun.baidu.com"),
}


@dataclass(frozen=True)
class Retirement:
    """When and why a link stopped being offered. The link stays in the catalogue as history."""

    date: str
    reason: str


@dataclass(frozen=True)
class Source:
    """One download of one model (or bundle)."""

    kind: SourceKind
    url: str
    code: str | None = None
    """Baidu Netdisk extraction code; None for kinds that need none."""
    note: str | None = None
    retired: Retirement | None = None
    """Set for a link kept only as history: it is not checked and not offered."""

    @property
    def url_with_code(self) -> str:
        """Baidu accepts the code as ?pwd=xxxx, which fills it in for the visitor."""
        if not self.code:
            return self.url
        # The validator refuses a URL with its own ?pwd=; dropping one here too means a link
        # can never carry two codes that disagree.
        parts = urlsplit(self.url)
        query = [pair for pair in parse_qsl(parts.query, keep_blank_values=True) if pair[0].lower() != "pwd"]
        return urlunsplit(parts._replace(query=urlencode([*query, ("pwd", self.code)])))

    @property
    def hub_repo(self) -> str | None:
        """'google/bert_uncased_L-2_H-128_A-2' for a Hugging Face source, else None."""
        if self.kind in (SourceKind.HUGGINGFACE, SourceKind.HUGGINGFACE_COMMUNITY):
            return self.url.split("huggingface.co/", 1)[1].strip("/")
        return None
