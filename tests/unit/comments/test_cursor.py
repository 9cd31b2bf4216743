"""Opaque cursors: round trips, and refusal of anything this server did not make."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kibitz.comments.cursor import BadCursor, Cursor, decode_cursor, encode_cursor
from kibitz.db import MAX_ID


@given(
    sort=st.sampled_from(["oldest", "newest", "best"]),
    comment_id=st.integers(1, MAX_ID),
    score=st.integers(-(10**9), 10**9),
)
def test_round_trip(sort: str, comment_id: int, score: int) -> None:
    cursor = Cursor(sort=sort, id=comment_id, score=score if sort == "best" else 0)
    encoded = encode_cursor(cursor)
    assert "=" not in encoded and "/" not in encoded and "+" not in encoded
    assert decode_cursor(encoded, sort=sort) == cursor


def _raw(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()


@pytest.mark.parametrize(
    "value",
    [
        "",
        "!!!",
        "bm90IGpzb24",  # "not json"
        _raw({"sort": "oldest"}),
        _raw(["oldest"]),
        _raw(["oldest", "1"]),
        _raw(["oldest", True]),
        _raw(["oldest", 0]),
        _raw(["oldest", MAX_ID + 1]),
        _raw(["oldest", 1, 2]),
        _raw(["newest", 1]),
        "A" * 500,
    ],
)
def test_refuses_foreign_cursors(value: str) -> None:
    with pytest.raises(BadCursor) as caught:
        decode_cursor(value, sort="oldest")
    assert caught.value.field == "cursor"


def test_best_needs_its_score() -> None:
    with pytest.raises(BadCursor):
        decode_cursor(_raw(["best", 5]), sort="best")
    assert decode_cursor(_raw(["best", 5, -3]), sort="best") == Cursor("best", 5, -3)
