"""Marking flagged words: plain and flagged stretches always add up to the text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kibitz.review.highlight import segments


def test_marks_each_span() -> None:
    spans = [
        {"start": 4, "end": 9, "rule": "discourtesy"},
        {"start": 0, "end": 3, "rule": "profanity"},
    ]
    assert segments("You idiot, go", spans) == [
        ("You", "profanity"),
        (" ", None),
        ("idiot", "discourtesy"),
        (", go", None),
    ]


def test_overlaps_and_stale_spans() -> None:
    spans = [
        {"start": 0, "end": 5, "rule": "spam"},
        {"start": 3, "end": 8, "rule": "doxing"},
        {"start": 50, "end": 60, "rule": "spam"},
        {"start": "x", "end": 2, "rule": "spam"},
    ]
    assert segments("abcdefghij", spans) == [("abcde", "spam"), ("fgh", "doxing"), ("ij", None)]
    assert segments("", spans) == []
    assert segments("plain", []) == [("plain", None)]


@given(
    st.text(max_size=40),
    st.lists(st.tuples(st.integers(-5, 50), st.integers(-5, 50)), max_size=6),
)
def test_segments_rebuild_the_text(text: str, bounds: list[tuple[int, int]]) -> None:
    spans = [{"start": a, "end": b, "rule": "spam"} for a, b in bounds]
    parts = segments(text, spans)
    assert "".join(part for part, _ in parts) == text
    assert all(part for part, _ in parts)
