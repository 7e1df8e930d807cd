"""A total deadline for one HTTP exchange: connection, status line, headers and capped body.

requests' `timeout` bounds each socket read, not the exchange: a server sending one byte a
second never trips it, and holds a request as long as it likes. Here every request runs
under a `Deadline`; the connections of our session register their socket with the deadline
of the request in progress (a thread-local, since requests runs each request in the calling
thread), and a timer shuts those sockets down when the time is up. The blocked read then
returns at once, the request fails, and the prober reports a timeout.

The connections also refuse an answer whose headers never finished: http.client takes the
end of the stream for the end of the headers, which once turned a server that closed mid-way
through its headers into "ok http_200".
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests.adapters
import urllib3.connection
import urllib3.connectionpool

_current = threading.local()


class Deadline:
    """When one exchange must be over; shuts its sockets down at that moment."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def watch(self, sock: socket.socket | None) -> None:
        """Shut `sock` down when the deadline passes (at once if it has)."""
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    # socket.socket.shutdown, not SSLSocket.shutdown: the latter also drops the TLS object
    # under the feet of the thread blocked reading it.
    with contextlib.suppress(OSError, ValueError, TypeError):  # already closed: nothing to interrupt
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


@contextmanager
def deadline(seconds: float) -> Iterator[Deadline]:
    """Run the requests made in this block (in this thread) under one total deadline."""
    current = Deadline(seconds)
    _current.deadline = current
    current._timer.start()
    try:
        yield current
    finally:
        current._timer.cancel()
        _current.deadline = None


def _watch_current(sock: socket.socket | None) -> None:
    current: Deadline | None = getattr(_current, "deadline", None)
    if current is not None:
        current.watch(sock)


class IncompleteHeaders(http.client.HTTPException):
    """The connection ended before the blank line that ends the headers."""


class _LineRecorder:
    """Wraps the response stream while headers are read, remembering the last line."""

    def __init__(self, fp: Any) -> None:
        self._fp = fp
        self.last = b"\r\n"

    def readline(self, *args: Any) -> bytes:
        line: bytes = self._fp.readline(*args)
        self.last = line
        return line

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fp, name)


class _CompleteHeadersResponse(http.client.HTTPResponse):
    def begin(self) -> None:
        if self.headers is not None:  # already begun (http.client calls begin once)
            return
        real, recorder = self.fp, _LineRecorder(self.fp)
        self.fp = recorder
        try:
            super().begin()
        finally:
            if self.fp is recorder:
                self.fp = real
        if recorder.last not in (b"\r\n", b"\n"):
            raise IncompleteHeaders("the connection ended before the headers did")


class _Watched(urllib3.connection.HTTPConnection):
    """Base for urllib3 connections: register the socket with the running deadline."""

    response_class = _CompleteHeadersResponse

    def _new_conn(self) -> socket.socket:
        # The TCP socket, registered before TLS or a proxy's CONNECT run over it: a server
        # trickling its handshake is cut off at the deadline too.
        sock = super()._new_conn()
        _watch_current(sock)
        return sock

    def request(self, *args: Any, **kwargs: Any) -> None:
        if getattr(self, "sock", None) is not None:  # a reused keep-alive connection
            _watch_current(self.sock)
        return super().request(*args, **kwargs)


class _HTTPConnection(_Watched):
    pass


class _HTTPSConnection(_Watched, urllib3.connection.HTTPSConnection):
    pass


class _HTTPPool(urllib3.connectionpool.HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(urllib3.connectionpool.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


_POOLS = {"http": _HTTPPool, "https": _HTTPSPool}


class DeadlineAdapter(requests.adapters.HTTPAdapter):
    """requests' adapter with the connections above, directly and through an HTTP proxy."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if hasattr(manager, "pool_classes_by_scheme"):
            manager.pool_classes_by_scheme = _POOLS
        return manager
