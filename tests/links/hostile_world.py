"""A loopback "world" in which every host of a catalogue answers with something hostile.

The small fixture catalogue, its URLs turned to http:// so the loopback server reached as their
proxy answers for storage.googleapis.com, huggingface.co, tfhub.dev and pan.baidu.com. One link
is well-behaved (the GCS zip of L-2), and its answer is held until the hostile 512 KB share page
has been sent: a parse that held the interpreter would then make its deadline pass (a false
`timeout`). tests/links/test_hostile_world.py runs check-links twice and the site build against
it; bench/hostile_links.py times the same run against the bound check-links states.
"""

from __future__ import annotations

import json
import shutil
import zlib
from pathlib import Path

from tests.links import baidu_pages as pages
from tests.links.loopback import LoopbackServer, Reply, Seen, hold_until, html, redirect

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "catalogs" / "small"

CONTROL = "/bert_models/2020_02_20/uncased_L-2_H-128_A-2.zip"
"""The well-behaved link: a 200 with GCS's size and hashes."""
SLOW_SHARE = "/s/1Qx7S_Anx-tUJz5YA0IY2RQ"
"""512 KB that no rule can parse; a `"list":{` every 9 bytes once cost minutes of CPU."""
GONE_ZIP = "/bert_models/2020_02_20/uncased_L-4_H-256_A-4.zip"
"""A 404 whose body is a gzip bomb: dead on every run, so the second run confirms it."""
TREE_L2 = "/api/models/google/bert_uncased_L-2_H-128_A-2/tree/main"
TREE_MINI = "/api/models/prajjwal1/bert-mini/tree/main"
LOOP_A, LOOP_B = "/loop/a" + "x" * 60_000, "/loop/b" + "y" * 60_000
BIDI_TARGET = "file:///etc/passwd\x1b[2J\u202egnp.exe"
DEEP = "[" * 200_000


# check-links options for the hostile world: quick retries and no politeness waits (loopback
# hosts), a timeout that a loaded machine still meets. The test and bench/hostile_links.py use them.
WORLD_OPTIONS = (
    "--timeout",
    "10",
    "--retries",
    "1",
    "--backoff",
    "0.01",
    "--retry-after-cap",
    "0.05",
    "--interval",
    "0",
    "--per-host",
    "4",
    "--code-interval",
    "0",
)


def hostile_catalogue(folder: Path) -> Path:
    """A copy of the small fixture catalogue whose URLs are http:// (the loopback proxy's)."""
    folder.mkdir(parents=True, exist_ok=True)
    for file in SMALL.glob("*.yaml"):
        shutil.copy(file, folder / file.name)
    models = folder / "models.yaml"
    models.write_text(models.read_text(encoding="utf-8").replace("https://", "http://"), encoding="utf-8")
    return folder


def _json(data: object) -> Reply:
    return Reply(200, json.dumps(data).encode(), {"Content-Type": "application/json"})


def _gzip_bomb(mebibytes: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * (1024 * 1024)
    return b"".join([*(packer.compress(block) for _ in range(mebibytes)), packer.flush()])


def _verify(seen: Seen) -> Reply:
    if "surl=9b1x0yJafaTcLa5qBysjEQ" in seen.query:
        return _json({"errno": 10**23, "request_id": 1})  # once saved, refused by every later run
    return _json({"errno": 0, "randsk": "sk", "request_id": 2})


def _listing() -> Reply:
    names = [f"\u202e{i:04d}\x00<img src=x>" + "n" * 500 for i in range(300)]
    return _json({"errno": 0, "list": [{"server_filename": n, "size": 2**60, "isdir": 0} for n in names]})


def serve_hostile_world(server: LoopbackServer) -> None:
    """Route every URL of hostile_catalogue() (reached through `server` as their proxy)."""
    slow = 'locals.mset(x "errno":0 ' + '"list":{x' * (512 * 1024 // 9)
    server.route(SLOW_SHARE, html(slow))
    sent = lambda: server.bodies_ended[SLOW_SHARE] > 0  # noqa: E731
    server.route(
        CONTROL,
        hold_until(
            sent,
            Reply(
                200,
                b"zip",
                {
                    "Content-Type": "application/zip",
                    "x-goog-hash": "crc32c=n2Yy5A==,md5=XUFAKrxLKna5cZ2REBfFkg==",
                },
            ),
            timeout=4,
        ),
    )
    server.route(
        GONE_ZIP, Reply(404, _gzip_bomb(64), {"Content-Type": "text/html", "Content-Encoding": "gzip"})
    )
    # huggingface.co: a tree whose next page is itself, behind a 60 KB Link header of "<"; a
    # redirect loop through 60 KB URLs; a redirect to the cloud metadata address; a tree nested
    # 200,000 deep.
    server.route("/google/bert_uncased_L-2_H-128_A-2", html("card"))
    tree = json.dumps(
        [
            {"type": "file", "path": "\u202econfig.json", "size": 570},
            {"type": "file", "path": "model.bin", "size": 10**30, "lfs": {"oid": "x" * 64}},
        ]
    )
    link = f'<{TREE_L2}?recursive=true>; rel="next", ' + "<" * 60_000
    server.route(TREE_L2, Reply(200, tree.encode(), {"Content-Type": "application/json", "Link": link}))
    server.route("/prajjwal1/bert-tiny", redirect(LOOP_A))
    server.route(LOOP_A, redirect(LOOP_B))
    server.route(LOOP_B, redirect(LOOP_A))
    server.route("/google/bert_uncased_L-4_H-256_A-4", redirect("http://169.254.169.254/latest/meta-data/"))
    server.route("/prajjwal1/bert-mini", html("card"))
    server.route(TREE_MINI, Reply(200, DEEP.encode(), {"Content-Type": "application/json"}))
    # tfhub.dev: a redirect to a file: URL with control and bidi characters; a status HTTP lacks.
    server.route(
        "/tensorflow/small_bert/bert_en_uncased_L-2_H-128_A-2/2",
        Reply(302, b"", {"Location": BIDI_TARGET.encode().decode("latin-1")}),
    )
    server.route("/tensorflow/small_bert/bert_en_uncased_L-4_H-256_A-4/2", Reply(999))
    # pan.baidu.com: two shares ask for their codes (one verify answers a 77-bit errno, the other
    # accepts and lists 300 hostile names of huge sizes); one page's data is nested 200,000 deep.
    for share in ("/s/19b1x0yJafaTcLa5qBysjEQ", "/s/1bW5ZvIx3iohfxXP2lYddzA"):
        server.route(share, redirect(f"/share/init?surl={share[4:]}"))
    server.route("/share/init", html(pages.CODE_PAGE))
    home = {"Content-Type": "text/html; charset=utf-8", "Set-Cookie": "BAIDUID=home; Path=/"}
    server.route("/", Reply(200, "<title>百度网盘</title>".encode(), home))
    server.route("/share/verify", _verify)
    server.route("/share/list", _listing())
    server.route(
        "/s/1Y4E16jISZAd8iLl4CmRaDA",
        html(
            pages.page("百度网盘", "<p></p>").replace(
                "</body>", '<script>locals.mset({"errno": 0, "file_list": ' + DEEP + "</script></body>"
            )
        ),
    )
