"""Progress goes to stderr: a redrawn bar on a terminal, plain lines elsewhere."""

from __future__ import annotations

import io

from generator.links.model import LinkReason, LinkResult, Verdict
from generator.links.progress import Progress


def results() -> list[LinkResult]:
    return [
        LinkResult("https://a.example/1", Verdict.OK, LinkReason.from_code("http_200"), "", 200, "t"),
        LinkResult("https://b.example/2", Verdict.DEAD, LinkReason.from_code("http_404"), "", 404, "t"),
    ]


def test_terminal_gets_one_redrawn_bar():
    stream = io.StringIO()
    progress = Progress(2, stream, tty=True)
    for result in results():
        progress(result)
    progress.close()
    text = stream.getvalue()
    assert text.count("\r") == 2 and text.endswith("\n") and text.count("\n") == 1
    assert "2/2" in text and "ok 1 dead 1 unsure 0" in text


def test_ci_gets_plain_lines():
    stream = io.StringIO()
    progress = Progress(2, stream, tty=False)
    for result in results():
        progress(result)
    progress.close()
    assert stream.getvalue().splitlines() == [
        "[1/2] ok     http_200               https://a.example/1",
        "[2/2] dead   http_404               https://b.example/2",
    ]
