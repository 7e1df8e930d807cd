"""A Hugging Face Hub on loopback, as much of it as `hf download` and `from_pretrained` ask for:
the revision info, the recursive tree and each file under /resolve/ (HEAD and GET, with the
X-Repo-Commit and ETag headers huggingface_hub reads). Every request is recorded."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

COMMIT = "0123456789abcdef0123456789abcdef01234567"


class LoopbackHub:
    def __init__(self, repo: str, files: dict[str, bytes]) -> None:
        self.repo, self.files = repo, files
        self.requests: list[tuple[str, str]] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_HEAD(self) -> None:
                self._answer(send_body=False)

            def do_GET(self) -> None:
                self._answer(send_body=True)

            def _answer(self, send_body: bool) -> None:
                path = unquote(urlsplit(self.path).path)
                hub.requests.append((self.command, path))
                status, headers, body = hub.route(path)
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(body))}.items():
                    self.send_header(name, value)
                self.end_headers()
                if send_body:
                    self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def route(self, path: str) -> tuple[int, dict[str, str], bytes]:
        as_json = {"Content-Type": "application/json"}
        if path in (f"/api/models/{self.repo}", f"/api/models/{self.repo}/revision/main"):
            info = {"id": self.repo, "sha": COMMIT, "siblings": [{"rfilename": name} for name in self.files]}
            return 200, as_json, json.dumps(info).encode()
        if path.startswith(f"/api/models/{self.repo}/tree/"):
            tree = [
                {"type": "file", "path": name, "size": len(data), "oid": hashlib.sha1(data).hexdigest()}
                for name, data in self.files.items()
            ]
            return 200, as_json, json.dumps(tree).encode()
        for revision in ("main", COMMIT):
            name = path.removeprefix(f"/{self.repo}/resolve/{revision}/")
            if name != path and name in self.files:
                data = self.files[name]
                return 200, {"X-Repo-Commit": COMMIT, "ETag": f'"{hashlib.sha1(data).hexdigest()}"'}, data
        return 404, {"X-Error-Code": "EntryNotFound"}, b"{}"

    def fetched(self) -> set[str]:
        """The repository's files whose content was sent (GET under /resolve/)."""
        return {
            path.rsplit("/", 1)[-1]
            for method, path in self.requests
            if method == "GET" and f"/{self.repo}/resolve/" in path
        }


@contextmanager
def loopback_hub(repo: str, files: dict[str, bytes]) -> Iterator[LoopbackHub]:
    hub = LoopbackHub(repo, files)
    thread = threading.Thread(target=hub.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hub
    finally:
        hub.server.shutdown()
        hub.server.server_close()
        thread.join()
