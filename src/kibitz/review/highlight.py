"""Cut a comment's text into plain and flagged stretches, so the dashboard can mark the words
behind each flag (pure: spans come from the stored verdict and may overlap or be stale)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

Segment = tuple[str, str | None]  # (text, rule or None)


def segments(text: str, spans: Sequence[Mapping[str, Any]]) -> list[Segment]:
    """Overlapping spans merge into the first one's rule; spans outside the text are dropped."""
    cleaned = sorted(
        (int(span["start"]), int(span["end"]), str(span.get("rule", "")))
        for span in spans
        if isinstance(span.get("start"), int) and isinstance(span.get("end"), int)
    )
    result: list[Segment] = []
    position = 0
    for start, end, rule in cleaned:
        start, end = max(start, position), min(end, len(text))
        if start >= end:
            continue
        if start > position:
            result.append((text[position:start], None))
        result.append((text[start:end], rule or None))
        position = end
    if position < len(text):
        result.append((text[position:], None))
    return result
