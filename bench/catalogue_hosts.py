"""The catalogue's hosts on loopback, for bench/links.py: one HTTP proxy answering as
storage.googleapis.com, huggingface.co, pan.baidu.com and plain mirrors.

check-links reaches it through HTTP_PROXY with the real host names in its URLs, so the
checker applies each host's rules and spends what it spends there: a HEAD per GCS zip (its
headers are the evidence), a page and a tree-API request per Hugging Face repository, and per
Baidu share the share page, its /share/init redirect, one home page per run, one verify and
one listing.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from collections import Counter
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs

import loopback_host

HOSTS = (
    "storage.googleapis.com",
    "huggingface.co",
    "pan.baidu.com",
    "mirror-a.example",
    "mirror-b.example",
    "mirror-c.example",
)
CODE_PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>百度网盘 请输入提取码</title></head>"
    "<body><input id='accessCode'><script>locals.mset({\"errno\": 0});</script></body></html>"
)
ZIP_BODY = b"PK\x03\x04" + b"\x00" * 1000
MD5 = base64.b64encode(hashlib.md5(ZIP_BODY).digest()).decode()


def urls(per_host: int, dead_every: int) -> list[str]:
    """per_host URLs on each host, interleaved as bench/links.py orders its list."""
    out = []
    for n in range(per_host):
        out += [
            f"http://storage.googleapis.com/bert_models/2020_02_20/m{n}.zip",
            f"http://huggingface.co/google/bert_m{n}",
            f"http://pan.baidu.com/s/1share{n}?pwd=ab{n % 10}c",
            *(f"http://{h}/model/{n}.zip" for h in HOSTS[3:]),
        ]
    return out


def _kind(host: str, path: str) -> str:
    """What a request is for, as the benchmark counts it."""
    if host == "pan.baidu.com":
        return {"/": "home", "/share/verify": "verify", "/share/list": "list", "/share/init": "init"}.get(
            path, "share page"
        )
    return "tree api" if path.startswith("/api/") else "page"


def start(latency: float, dead_every: int, counts: Counter) -> ThreadingHTTPServer:
    """The proxy on 127.0.0.1; counts[(host, method, kind)] for every request."""
    return loopback_host.start(
        "127.0.0.1",
        latency,
        counts,
        count_key=lambda method, host, path: (host, method, _kind(host, path)),
        answer=functools.partial(_answer, dead_every=dead_every),
    )


def _answer(host: str, path: str, query: str, dead_every: int) -> loopback_host.Answer:
    digits = "".join(ch for ch in path if ch.isdigit()) or "0"
    dead = loopback_host.is_dead(int(digits[-6:]), dead_every)
    if host == "storage.googleapis.com":
        if dead:
            return 404, {}, b"<Error><Code>NoSuchKey</Code></Error>"
        return 200, {"x-goog-hash": f"crc32c=AAAAAA==,md5={MD5}"}, ZIP_BODY
    if host == "huggingface.co":
        if path.startswith("/api/"):
            tree = [
                {"type": "file", "path": "config.json", "size": 570, "oid": "a" * 40},
                {
                    "type": "file",
                    "path": "pytorch_model.bin",
                    "size": 17_733_185,
                    "oid": "b" * 40,
                    "lfs": {"oid": "c" * 64, "size": 17_733_185, "pointerSize": 134},
                },
            ]
            return 200, {"Content-Type": "application/json"}, json.dumps(tree).encode()
        card = (200, {"Content-Type": "text/html"}, b"<h1>card</h1>")
        return (404, {}, b"not found") if dead else card
    if host == "pan.baidu.com":
        if path.startswith("/s/1"):
            return 302, {"Location": f"/share/init?surl={path[4:]}"}, b""
        if path == "/share/init":
            return 200, {"Content-Type": "text/html; charset=utf-8"}, CODE_PAGE.encode()
        if path == "/share/verify":
            surl = parse_qs(query).get("surl", ["0"])[0]
            ok = not loopback_host.is_dead(int("".join(c for c in surl if c.isdigit()) or 0), dead_every)
            data = {"errno": 0, "randsk": "sk"} if ok else {"errno": -9}
            return 200, {"Content-Type": "application/json"}, json.dumps(data).encode()
        if path == "/share/list":
            data = {"errno": 0, "list": [{"server_filename": "m.zip", "size": 1004, "isdir": 0}]}
            return 200, {"Content-Type": "application/json"}, json.dumps(data).encode()
        return 200, {"Content-Type": "text/html"}, b"<title>home</title>"
    return (404, {}, b"not found") if dead else (200, {}, b"model weights would be here")
