"""Folders laid out as the downloads are, made from a randomly initialised model (never a
download): what the page's snippets and commands run against in the tests."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "small", "models", "learn", "fast", "."]
"""Enough WordPiece vocabulary for the snippets' sample sentence: [CLS] 5 tokens [SEP]."""


def pytorch_files(hf_config: dict) -> dict[str, bytes]:
    """What the Baidu PyTorch download unpacks to and what `hf download` fetches: the original
    config (Google's keys: no model_type, no architectures), a BertForPreTraining state dict
    with random weights and vocab.txt."""
    import torch
    from transformers import BertConfig, BertForPreTraining

    config = {k: v for k, v in hf_config.items() if k not in ("architectures", "model_type")}
    torch.manual_seed(0)
    weights = io.BytesIO()
    torch.save(BertForPreTraining(BertConfig(**config)).state_dict(), weights)
    return {
        "config.json": json.dumps(config).encode(),
        "vocab.txt": ("\n".join(VOCAB) + "\n").encode(),
        "pytorch_model.bin": weights.getvalue(),
    }


def write_files(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


TF1_CHECKPOINT = (
    "bert_config.json",
    "vocab.txt",
    "bert_model.ckpt.index",
    "bert_model.ckpt.meta",
    "bert_model.ckpt.data-00000-of-00001",
)
"""The names in a 2020_02_20 zip, at the archive root (keras-hub's conversion tool reads them
with an empty MODEL_SPEC_STR_DIR); the contents here are placeholders: nothing reads them."""


def official_zip(path: Path) -> Path:
    """A zip laid out like Google's 2020 ones: the checkpoint's files at the archive root."""
    with zipfile.ZipFile(path, "w") as archive:
        for name in TF1_CHECKPOINT:
            archive.writestr(name, f"placeholder {name}\n")
    return path
