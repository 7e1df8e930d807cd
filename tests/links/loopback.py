"""A real HTTP server on loopback (port 0) that also acts as an HTTP proxy, and probe helpers.

Routes are keyed by path. A request for `http://pan.baidu.com/s/1x` sent through the proxy
(HTTP_PROXY pointing here) arrives with the absolute URL in its request line: the server
records the host it names, so Baidu's host-based rules can be tested without leaving the
machine. The server counts requests per path and method, timestamps them, tracks requests in
flight and the body bytes it managed to send.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from generator.links.checking.fetch import ProbeOptions, Prober
from generator.links.checking.schedule import HostGate
from generator.links.model import LinkResult
from tests.waiting import wait_until

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")

GCS_NO_SUCH_KEY = (
    b"<?xml version='1.0' encoding='UTF-8'?><Error><Code>NoSuchKey</Code>"
    b"<Message>The specified key does not exist.</Message></Error>"
)
"""What Google Cloud Storage answers (with a 404) for a missing object."""


@dataclass(frozen=True)
class Seen:
    """One request as the server saw it."""

    method: str
    host: str
    path: str
    query: str
    n: int
    """1-based: how many requests for this path had arrived, this one included (any method)."""
    at: float
    """time.monotonic() on arrival."""
    headers: dict[str, str]
    client_port: int = 0
    """The client's source port: equal ports mean a reused (keep-alive) connection."""
    body: bytes = b""
    """The request body (a POSTed form)."""


@dataclass
class Reply:
    status: int = 200
    body: bytes | Callable[[], Iterator[bytes]] = b""
    """Bytes, or a generator function: the body is then produced lazily, chunk by chunk."""
    headers: dict[str, str] = field(default_factory=dict)
    length: int | None = None
    """Content-Length for a generated body."""
    delay: float = 0.0
    reset: bool = False
    """Close the connection with a TCP reset instead of answering."""


Route = Reply | Callable[[Seen], Reply]


def html(text: str, status: int = 200, **headers: str) -> Reply:
    return Reply(status, text.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8", **headers})


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, b"", {"Location": location})


def refuse_head(route: Route, status: int = 405) -> Callable[[Seen], Reply]:
    """The route, except HEAD answers `status` (405 Method Not Allowed by default)."""

    def handle(seen: Seen) -> Reply:
        if seen.method == "HEAD":
            return Reply(status)
        return route(seen) if callable(route) else route

    return handle


def hold_until(ready: Callable[[], bool], reply: Reply, timeout: float = 60) -> Callable[[Seen], Reply]:
    """Answer `reply` only once `ready()` holds (or after `timeout`, so a broken test ends):
    a test waits on the condition it is about, never on a guessed delay."""

    def handle(seen: Seen) -> Reply:
        wait_until(ready, timeout)
        return reply

    return handle


def first_then(first: Reply, then: Reply, times: int = 1) -> Callable[[Seen], Reply]:
    """`first` for the first `times` requests of the path, `then` afterwards."""
    return lambda seen: first if seen.n <= times else then


class LoopbackServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.fallback: Route | None = None
        self.seen: list[Seen] = []
        self.bytes_sent: Counter[str] = Counter()
        self.bodies_ended: Counter[str] = Counter()
        """Per path, how many bodies the server stopped sending (finished, or the client closed)."""
        self.in_flight = 0
        self.max_in_flight = 0
        self.max_in_flight_by_host: Counter[str] = Counter()
        self._in_flight_by_host: Counter[str] = Counter()
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.owner = self  # type: ignore[attr-defined]
        self.port = self._httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def route(self, path: str, route: Route) -> str:
        """Serve `route` at `path`; return the direct URL of the path."""
        self.routes[path] = route
        return self.url(path)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def count(self, path: str, method: str | None = None, host: str | None = None) -> int:
        return sum(
            1 for s in self.seen if s.path == path and method in (None, s.method) and host in (None, s.host)
        )

    def times(self, path: str) -> list[float]:
        return [s.at for s in self.seen if s.path == path]

    def _arrive(
        self,
        method: str,
        host: str,
        path: str,
        query: str,
        headers: dict[str, str],
        client_port: int,
        body: bytes = b"",
    ) -> Seen:
        with self._lock:
            n = 1 + sum(1 for s in self.seen if s.path == path)
            seen = Seen(method, host, path, query, n, time.monotonic(), headers, client_port, body)
            self.seen.append(seen)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            self._in_flight_by_host[host] += 1
            self.max_in_flight_by_host[host] = max(
                self.max_in_flight_by_host[host], self._in_flight_by_host[host]
            )
        return seen

    def _leave(self, host: str) -> None:
        with self._lock:
            self.in_flight -= 1
            self._in_flight_by_host[host] -= 1


class _Server(ThreadingHTTPServer):
    # socketserver's default backlog of 5 drops SYNs when a test opens more connections at
    # once; the client's SYN retry then waits a second and looks like a timeout.
    request_queue_size = 128


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args) -> None:
        pass  # keep test output quiet

    def do_GET(self) -> None:
        self._serve()

    do_HEAD = do_POST = do_GET

    def _serve(self) -> None:
        owner: LoopbackServer = self.server.owner  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        # A proxy request names the host in its absolute URL; a direct one in its Host header.
        host = (parts.hostname or "") if parts.scheme else (self.headers.get("Host") or "").rsplit(":", 1)[0]
        sent = (
            self.rfile.read(int(self.headers["Content-Length"]))
            if int(self.headers.get("Content-Length") or 0)
            else b""
        )
        seen = owner._arrive(
            self.command,
            host,
            parts.path,
            parts.query,
            {k.lower(): v for k, v in self.headers.items()},
            self.client_address[1],
            sent,
        )
        self._host, self._left = host, False
        try:
            route = owner.routes.get(parts.path, owner.fallback)
            if route is None:
                reply = Reply(404, b"no route", {"Content-Type": "text/plain"})
            else:
                reply = route(seen) if callable(route) else route
            self._send(owner, parts.path, reply)
        finally:
            self._leave(owner)

    def _leave(self, owner: LoopbackServer) -> None:
        # A request stops counting as in flight before its answer goes out: otherwise the
        # client could read the answer and start its next request before this thread gets
        # to count the first one out, and in-flight counts would exceed the real concurrency.
        if not self._left:
            self._left = True
            owner._leave(self._host)

    def _send(self, owner: LoopbackServer, path: str, reply: Reply) -> None:
        if reply.delay and owner.stopping.wait(reply.delay):
            self.close_connection = True
            return
        self._leave(owner)
        if reply.reset:
            # SO_LINGER with a zero timeout turns close() into a TCP RST.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        body = reply.body
        length = len(body) if isinstance(body, bytes) else reply.length
        # A route's own Content-Length (a hostile one) goes out as given, and the body then ends
        # with the connection.
        own_length = any(name.lower() == "content-length" for name in reply.headers)
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if length is not None and not own_length:
            self.send_header("Content-Length", str(length))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command == "HEAD":
            return
        chunks = [body] if isinstance(body, bytes) else body()
        try:
            for chunk in chunks:
                if owner.stopping.is_set():
                    break
                self.wfile.write(chunk)
                owner.bytes_sent[path] += len(chunk)
        except OSError:  # the client closed: exactly what a capped reader does
            self.close_connection = True
        finally:
            with owner._lock:
                owner.bodies_ended[path] += 1


FAST = ProbeOptions(timeout=5.0, retries=2, backoff_base=0.01, retry_after_cap=0.05, code_interval=0.0)
"""Small waits so every link test runs in well under a second (the timeout is generous: only
the slow-answer test waits for it, and it sets its own)."""


def probe(
    url: str, options: ProbeOptions = FAST, gate: HostGate | None = None, code: str | None = None, **changes
) -> LinkResult:
    """Probe one URL with fast options (override any field with keyword arguments); `code` is
    the extraction code to verify if the URL is a Baidu share that asks for one."""
    from dataclasses import replace

    prober = Prober(
        options=replace(options, **changes),
        gate=gate or HostGate(per_host=4, interval=0),
        codes={url: code} if code else {},
    )
    try:
        return prober.probe(url)
    finally:
        prober.close()
