"""The SVG charts: one bar per value, escaped labels, a text description of the numbers."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from kibitz.review.charts import columns, stacked_rows


def test_columns() -> None:
    svg = columns([("01 Nov", 3), ("02 Nov", 0), ("<b>", 6)], title="Per day & more")
    tree = ElementTree.fromstring(svg)
    assert tree.get("role") == "img"
    bars = [el for el in tree.iter() if el.tag.endswith("rect")]
    assert len(bars) == 3
    heights = [float(bar.get("height", "0")) for bar in bars]
    assert heights[1] == 0 and heights[2] == 2 * heights[0]
    assert "&lt;b&gt;" in svg and "<b>" not in svg
    assert "<desc>01 Nov: 3, &lt;b&gt;: 6</desc>" in svg


def test_stacked_rows() -> None:
    svg = stacked_rows(
        [("spam", (1, 2, 3)), ("doxing", (0, 0, 0))], series=("held", "rejected", "published"),
        title="Per rule",
    )  # fmt: skip
    ElementTree.fromstring(svg)  # well-formed
    assert "spam: held 1, rejected 2, published 3; doxing: held 0" in svg
    widths = [
        float(w) for w in re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="14"', svg)
    ]
    assert len(widths) == 3
    assert abs(widths[2] - 3 * widths[0]) < 0.2  # rounded to one decimal in the markup


def test_empty() -> None:
    assert "<desc>no data</desc>" in columns([], title="Nothing")
    assert "<desc>no data</desc>" in stacked_rows([], series=("a",), title="Nothing")
