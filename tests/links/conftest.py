"""Fixtures for the link checker: one loopback server per test, no inherited proxies."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.links.loopback import PROXY_VARIABLES, LoopbackServer


@pytest.fixture(autouse=True)
def no_ambient_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests decide about proxies themselves: never inherit the developer's."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    running = LoopbackServer().start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def proxy(server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> LoopbackServer:
    """The server, also set as the HTTP proxy for every host (NO_PROXY empty)."""
    for name in ("HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, server.base)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "")
    return server
