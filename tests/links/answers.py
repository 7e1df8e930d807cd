"""What the loopback hosts answer in the link tests: a Baidu share that asks for its code (verify
and list), and the file evidence Google's bucket and the Hub's tree API report."""

from __future__ import annotations

import base64
import hashlib
import json
from importlib.metadata import version
from urllib.parse import parse_qsl

from tests.links import baidu_pages as pages
from tests.links.loopback import Reply, html, redirect

TRANSFORMERS_VERSION = version("transformers")
"""The installed transformers' version, as the load check records it: read from the package's
metadata, since importing transformers costs half a second in every pytest-xdist worker that
collects a test file."""

# --- a Baidu share (tests/links/test_codes.py) ---
PAN = "http://pan.baidu.com"
SHARE = f"{PAN}/s/1AbCdEf"
LISTING = {
    "errno": 0,
    "list": [
        {"server_filename": "uncased_L-2_H-128_A-2.zip", "size": 16_530_000, "isdir": 0, "md5": "0" * 32},
        {"server_filename": "folder", "size": 0, "isdir": 1},
    ],
}


def answer_json(data: dict, status: int = 200) -> Reply:
    return Reply(status, json.dumps(data).encode(), {"Content-Type": "application/json"})


def verify_errno(errno: int, **extra) -> Reply:
    return answer_json({"errno": errno, "err_msg": "", "request_id": 1, **extra})


def serve_share(proxy, verify, listing: Reply | None = None) -> None:
    """A share that asks for its code, the home page (sets a cookie), verify and list."""
    proxy.route("/s/1AbCdEf", redirect("/share/init?surl=AbCdEf"))
    proxy.route("/share/init", html(pages.CODE_PAGE))
    proxy.route(
        "/",
        Reply(
            200,
            "<title>百度网盘</title>".encode(),
            {"Content-Type": "text/html; charset=utf-8", "Set-Cookie": "BAIDUID=home-cookie; Path=/"},
        ),
    )
    proxy.route("/share/verify", verify)
    proxy.route("/share/list", listing or answer_json(LISTING))


# --- file evidence (tests/links/test_evidence.py) ---
ZIP = "/bert_models/2020_02_20/uncased_L-2_H-128_A-2.zip"
GCS = f"http://storage.googleapis.com{ZIP}"
HUB = "http://huggingface.co/google/bert_uncased_L-2_H-128_A-2"
TREE = "/api/models/google/bert_uncased_L-2_H-128_A-2/tree/main"
CONTENT = b"PK\x03\x04 pretend zip " * 100
MD5_HEX = hashlib.md5(CONTENT).hexdigest()
SHA = "5" * 64


def goog_hash(content: bytes = CONTENT) -> str:
    md5 = base64.b64encode(hashlib.md5(content).digest()).decode()
    return f"crc32c=n2Yy5A==,md5={md5}"


def tree_json(*extra: dict) -> bytes:
    return json.dumps(
        [
            {"type": "file", "oid": "a" * 40, "size": 570, "path": "config.json"},
            {
                "type": "file",
                "oid": "b" * 40,
                "size": 17_733_185,
                "path": "pytorch_model.bin",
                "lfs": {"oid": SHA, "size": 17_733_185, "pointerSize": 134},
            },
            {"type": "directory", "oid": "c" * 40, "size": 0, "path": "onnx"},
            *extra,
        ]
    ).encode()


def paged_tree(pages: dict[str, tuple[bytes, str | None]]):
    """A tree route answering by cursor: {cursor ('' for the first page): (body, Link header)}."""

    def handle(seen) -> Reply:
        cursor = dict(parse_qsl(seen.query)).get("cursor", "")
        if cursor not in pages:
            return Reply(404, b'{"error":"bad cursor"}')
        body, link = pages[cursor]
        return Reply(200, body, {"Content-Type": "application/json", **({"Link": link} if link else {})})

    return handle


def file_page(*names: str) -> bytes:
    return json.dumps([{"type": "file", "oid": "e" * 40, "size": len(n), "path": n} for n in names]).encode()


# ---- a Hugging Face repository's config.json (the load check) ----

BERT = {
    "attention_probs_dropout_prob": 0.1,
    "hidden_act": "gelu",
    "hidden_dropout_prob": 0.1,
    "hidden_size": 128,
    "initializer_range": 0.02,
    "intermediate_size": 512,
    "max_position_embeddings": 512,
    "num_attention_heads": 2,
    "num_hidden_layers": 2,
    "type_vocab_size": 2,
    "vocab_size": 30522,
}
"""A miniature's config as a 2020 conversion wrote it: no model_type (prajjwal1/bert-tiny's keys)."""


def json_reply(data: object) -> Reply:
    return Reply(200, json.dumps(data).encode(), {"Content-Type": "application/json"})
