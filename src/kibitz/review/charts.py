"""Small server-side SVG charts for the insights page (pure: numbers in, escaped markup out).

Each chart is an `<svg role="img">` with a title and description; the page also shows the same
numbers as a table, so nothing depends on seeing the picture. Sizes and colours are attributes, not
inline styles, so the dashboard's Content-Security-Policy stays strict.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

INK = "#1c2330"
MUTED = "#5a6473"
BAR = "#2b59c3"
SERIES = ("#8a5a00", "#b3261e", "#2b59c3")  # held, rejected, published


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>{''.join(body)}</svg>"
    )


def columns(points: Sequence[tuple[str, int]], *, title: str, height: int = 160) -> str:
    """Vertical bars, one per point (comments per day); labels on the first, middle and last."""
    width, top, bottom, left = 640, 12, 22, 30
    peak = max((value for _, value in points), default=0) or 1
    slot = (width - left) / max(len(points), 1)
    body = [
        f'<text x="0" y="{top + 4}" font-size="10" fill="{MUTED}">{peak}</text>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" '
        f'stroke="#dfe3e8"/>',
    ]
    labelled = {0, len(points) // 2, len(points) - 1}
    for index, (label, value) in enumerate(points):
        bar = (height - top - bottom) * value / peak
        x = left + index * slot
        body.append(
            f'<rect x="{x + 1:.1f}" y="{height - bottom - bar:.1f}" width="{max(slot - 2, 1):.1f}" '
            f'height="{bar:.1f}" fill="{BAR}" rx="1"><title>{escape(label)}: {value}</title></rect>'
        )
        if index in labelled:
            anchor = "end" if index == len(points) - 1 and index else "start"
            at = x + slot if anchor == "end" else x
            body.append(
                f'<text x="{at:.1f}" y="{height - 6}" font-size="10" fill="{MUTED}" '
                f'text-anchor="{anchor}">{escape(label)}</text>'
            )
    desc = ", ".join(f"{label}: {value}" for label, value in points if value)
    return _svg(width, height, title, desc or "no data", body)


def stacked_rows(
    rows: Sequence[tuple[str, Sequence[int]]], *, series: Sequence[str], title: str
) -> str:
    """Horizontal stacked bars, one row per label (held / rejected / published per rule)."""
    width, label_width, row_height = 640, 110, 22
    peak = max((sum(values) for _, values in rows), default=0) or 1
    height = row_height * len(rows) + 24
    body = []
    for n, name in enumerate(series):
        body.append(
            f'<rect x="{label_width + n * 120}" y="2" width="10" height="10" fill="{SERIES[n]}"/>'
            f'<text x="{label_width + n * 120 + 14}" y="11" font-size="11" fill="{INK}">'
            f"{escape(name)}</text>"
        )
    for index, (label, values) in enumerate(rows):
        y = 24 + index * row_height
        body.append(f'<text x="0" y="{y + 14}" font-size="12" fill="{INK}">{escape(label)}</text>')
        x = float(label_width)
        for n, value in enumerate(values):
            span = (width - label_width - 40) * value / peak
            if span:
                body.append(
                    f'<rect x="{x:.1f}" y="{y + 3}" width="{span:.1f}" height="14" '
                    f'fill="{SERIES[n % len(SERIES)]}"><title>{escape(label)}, '
                    f"{escape(series[n])}: {value}</title></rect>"
                )
            x += span
        body.append(
            f'<text x="{x + 4:.1f}" y="{y + 14}" font-size="11" fill="{MUTED}">{sum(values)}</text>'
        )
    desc = "; ".join(
        f"{label}: "
        + ", ".join(f"{name} {value}" for name, value in zip(series, values, strict=True))
        for label, values in rows
    )
    return _svg(width, height, title, desc or "no data", body)
