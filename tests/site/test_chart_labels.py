"""The measurement charts' point labels, as Chromium lays them out on the built site: no label
covers another point or another label, in any runtime's chart (generator/render/measure_charts.py
places them; the measured figures decide where points fall, so this holds for whatever
catalog/measurements/ records)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# For every chart: each label's box and the boxes of the points it must leave clear (every circle
# but its own, which is the element just before it), all in the SVG's own units.
COLLISIONS = """() => {
  for (const el of document.querySelectorAll('[hidden]')) el.hidden = false;
  const box = (el) => { const b = el.getBBox(); return {l: b.x, t: b.y, r: b.x + b.width, b: b.y + b.height}; };
  const meet = (p, q) => p.l < q.r && q.l < p.r && p.t < q.b && q.t < p.b;
  const found = [];
  let charts = 0;
  for (const svg of document.querySelectorAll('svg.lb-mchart')) {
    charts += 1;
    const title = svg.querySelector('title').textContent;
    const labels = [...svg.querySelectorAll('text.lb-chart__point-label')];
    const circles = [...svg.querySelectorAll('circle.lb-chart__point')];
    labels.forEach((label, i) => {
      const own = label.previousElementSibling;
      const lb = box(label);
      for (const c of circles) {
        if (c !== own && meet(lb, box(c))) {
          found.push(`${title}: "${label.textContent}" covers ${c.textContent}`);
        }
      }
      labels.slice(i + 1).forEach((other) => {
        if (meet(lb, box(other))) found.push(`${title}: "${label.textContent}" covers "${other.textContent}"`);
      });
    });
  }
  return {charts, found};
}"""


@pytest.mark.parametrize("path", ["/models/", "/en/models/"])
def test_no_point_label_covers_another_point_or_label(page, path):
    page.goto(path)
    result = page.evaluate(COLLISIONS)
    assert result["charts"] >= 2, "no measurement chart on the page"
    assert result["found"] == [], "\n".join(result["found"])
