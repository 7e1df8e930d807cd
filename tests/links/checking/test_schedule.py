"""Politeness: per-host slots and interval, overall concurrency, host-wide pauses."""

from __future__ import annotations

import time

from generator.links.checking.check import check_urls
from generator.links.checking.schedule import HostGate, Politeness, interleave_by_host
from tests.links.loopback import FAST, Reply, hold_until


class FakeTime:
    """A clock that only moves when someone sleeps: gate timing without real waits."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def test_one_slot_spaces_request_starts_by_the_interval():
    time = FakeTime()
    gate = HostGate(per_host=1, interval=2.0, clock=time.clock, sleep=time.sleep)
    starts = []
    for _ in range(3):
        with gate.slot("pan.baidu.com"):
            starts.append(time.now)
    assert starts == [100.0, 102.0, 104.0]
    with gate.slot("huggingface.co"):  # another host has its own pace
        assert time.now == 104.0


def test_two_slots_halve_the_spacing_bound():
    time = FakeTime()
    gate = HostGate(per_host=2, interval=2.0, clock=time.clock, sleep=time.sleep)
    starts = []
    for _ in range(4):
        with gate.slot("h"):
            starts.append(time.now)
    assert starts == [100.0, 100.0, 102.0, 102.0]


def test_defer_pauses_the_whole_host():
    time = FakeTime()
    gate = HostGate(per_host=3, interval=0.0, clock=time.clock, sleep=time.sleep)
    gate.defer("h", 7.5)
    with gate.slot("h"):
        assert time.now == 107.5
    with gate.slot("other"):
        assert time.now == 107.5  # no wait for another host


def test_interleave_spreads_hosts():
    urls = ["a1", "a2", "a3", "b1", "c1", "c2"]
    order = interleave_by_host(urls, host=lambda u: u[0])
    assert [urls[i] for i in order] == ["a1", "b1", "c1", "a2", "c2", "a3"]


def test_per_host_interval_holds_on_the_wire(server):
    # The gate starts the k-th request on a host no earlier than k intervals after the first
    # could start, and a request cannot arrive before it starts: so the k-th arrival is at least
    # k intervals after the run began, however slow the machine (a burst would arrive at once).
    interval = 0.3
    urls = [server.route(f"/f{i}", Reply(200)) for i in range(4)]
    began = time.monotonic()
    run = check_urls(urls, probe=_fast(), politeness=Politeness(concurrency=4, per_host=1, interval=interval))
    assert all(r.verdict.value == "ok" for r in run.results)
    arrivals = sorted(s.at for s in server.seen)
    assert len(arrivals) == 4  # one HEAD each
    assert all(at - began >= k * interval for k, at in enumerate(arrivals)), [at - began for at in arrivals]
    assert server.max_in_flight_by_host["127.0.0.1"] == 1


def test_per_host_and_overall_limits_hold_on_the_wire(proxy):
    # The first answers wait until four requests are in flight at once (the overall limit), so
    # the test proves both that the limits are never exceeded and that concurrency really
    # happens, however busy the machine: no guessed delay.
    proxy.fallback = hold_until(lambda: proxy.max_in_flight >= 4, Reply(200))
    hosts = ["one.example", "two.example", "three.example"]
    urls = [f"http://{h}/file{i}" for h in hosts for i in range(4)]
    run = check_urls(urls, probe=FAST, politeness=Politeness(concurrency=4, per_host=2, interval=0))
    assert [r.url for r in run.results] == urls  # input order, whatever the finishing order
    assert max(proxy.max_in_flight_by_host[h] for h in hosts) == 2
    assert proxy.max_in_flight == 4


def test_duplicates_are_checked_once(server):
    url = server.route("/same", Reply(200))
    run = check_urls([url, url], probe=_fast(), politeness=Politeness(interval=0))
    assert len(run.results) == 1 and server.count("/same") == 1


def _fast():
    from dataclasses import replace

    return replace(FAST, allow_private=True)
