"""A real HTTP server on a loopback address for the link benchmarks: every request is counted,
waits `latency` seconds, then gets the answer the benchmark decides.

bench/links.py runs one per plain host and bench/catalogue_hosts.py one proxy for the
catalogue's hosts; they differ only in what they count and answer, so the serving is here once.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Hashable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

Answer = tuple[int, dict[str, str], bytes]
"""Status, headers (Content-Length is added) and body."""


def is_dead(number: int, dead_every: int) -> bool:
    """Whether the benchmarks' URL number `number` is one of the dead ones (every
    `dead_every`-th; none when it is 0)."""
    return bool(dead_every) and number % dead_every == dead_every - 1


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    """check-links opens dozens of connections at once; the default backlog of 5 would refuse some."""


def start(
    address: str,
    latency: float,
    counts: Counter,
    count_key: Callable[[str, str, str], Hashable],
    answer: Callable[[str, str, str], Answer],
) -> ThreadingHTTPServer:
    """Serve on (address, a free port) in a daemon thread. Each request adds one to
    counts[count_key(method, host, path)] and gets answer(host, path, query); the host is the
    one a proxied request names, empty for a direct one."""
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            host, path = parts.hostname or "", parts.path
            length = int(self.headers.get("Content-Length") or 0)
            if length:  # a POST's form: read it, or the next request on the connection starts inside it
                self.rfile.read(length)
            with lock:
                counts[count_key(self.command, host, path)] += 1
            time.sleep(latency)
            status, headers, body = answer(host, path, parts.query)
            self.send_response(status)
            for name, value in {"Content-Length": str(len(body)), **headers}.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_HEAD = do_POST = do_GET

    server = _Server((address, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
