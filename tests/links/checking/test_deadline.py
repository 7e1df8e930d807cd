"""--timeout bounds the whole exchange, and an answer that did not finish is never `ok`.

A raw socket server trickles its answer a byte at a time for far longer than any test
runs; the probe must come back anyway, because its deadline covers the connection, the
status line, the headers and the capped body together. Nothing here measures time: each
test waits for the probe to return (with a safety cap that only a hang reaches).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from generator.links.checking.fetch import ProbeOptions, Prober
from generator.links.model import Verdict

HEADERS = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n"


class Trickler:
    """Answers every connection with `before` at once, then `trickle` one byte per `pace`
    seconds until the client goes away or the test ends, then (if `close`) hangs up."""

    def __init__(self, before: bytes, trickle: bytes = b"", pace: float = 0.05):
        self.before, self.trickle, self.pace = before, trickle, pace
        self.stop = threading.Event()
        self.client_gone = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/file"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            try:
                conn.sendall(self.before)
                for byte in self.trickle:
                    if self.stop.wait(self.pace):
                        return
                    conn.sendall(bytes([byte]))
            except OSError:
                self.client_gone.set()


@pytest.fixture
def trickler() -> Iterator[type[Trickler]]:
    made: list[Trickler] = []

    def make(*args, **kwargs) -> Trickler:
        made.append(Trickler(*args, **kwargs))
        return made[-1]

    yield make  # type: ignore[misc]
    for server in made:
        server.stop.set()
        server.listener.close()


def probe_within_cap(url: str, timeout: float = 0.5):
    """The probe's result; fails if it has not returned long after any sane deadline."""
    found = []
    prober = Prober(ProbeOptions(timeout=timeout, retries=0, allow_private=True))
    worker = threading.Thread(target=lambda: found.append(prober.probe(url)), daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert found, "the probe was still waiting on a trickling server"
    prober.close()
    return found[0]


ENDLESS = b"X" * 100_000


@pytest.mark.parametrize(
    "before, trickle",
    [
        (b"", b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + ENDLESS),
        (b"HTTP/1.1 200 OK\r\n", b"X-Slow: " + ENDLESS),
        (HEADERS, ENDLESS),
    ],
    ids=["status-line", "headers", "body"],
)
def test_a_trickling_server_is_cut_off_at_the_deadline_and_unsure(trickler, before, trickle):
    server = trickler(before, trickle)
    result = probe_within_cap(server.url)
    assert (result.verdict, result.reason.code) == (Verdict.UNSURE, "timeout"), result
    assert "--timeout" in result.detail or "timeout" in result.detail


def test_a_trickled_tls_handshake_is_cut_off_at_the_deadline_too(trickler):
    # A TLS record header announcing 16 KB, then its bytes one at a time: the handshake never ends.
    server = trickler(b"", b"\x16\x03\x03\x40\x00" + ENDLESS)
    result = probe_within_cap(server.url.replace("http://", "https://"))
    assert (result.verdict, result.reason.code) == (Verdict.UNSURE, "timeout"), result


@pytest.mark.parametrize(
    "before",
    [
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Half",
    ],
    ids=["no-blank-line", "half-a-header"],
)
def test_headers_cut_short_are_unsure_never_ok(trickler, before):
    server = trickler(before)  # sends the start of an answer, then hangs up
    result = probe_within_cap(server.url, timeout=5)
    assert result.verdict is Verdict.UNSURE, result


def test_a_complete_answer_is_still_ok(trickler):
    server = trickler(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    result = probe_within_cap(server.url, timeout=5)
    assert (result.verdict, result.reason.code) == (Verdict.OK, "http_200"), result


def test_help_states_the_runs_time_bound(cli):
    result = cli("check-links", "--help", timeout=60)
    text = " ".join(result.stdout.split())
    assert "--timeout bounds each request as a whole" in text
    assert "So a run of N links ends within" in text
