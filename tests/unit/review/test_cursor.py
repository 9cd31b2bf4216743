"""Review queue cursors: round trips, and refusal of anything this server did not make."""

from __future__ import annotations

import base64
import json

import pytest

from kibitz.comments.cursor import BadCursor
from kibitz.review.cursor import QueueCursor, decode, encode


def _raw(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        QueueCursor(sort="severity", id=7, severity=0.93, reports=2),
        QueueCursor(sort="severity", id=1, severity=0.0, reports=0),
        QueueCursor(sort="oldest", id=12),
        QueueCursor(sort="newest", id=2**63 - 1),
    ],
)
def test_round_trip(cursor: QueueCursor) -> None:
    assert decode(encode(cursor), sort=cursor.sort) == cursor


@pytest.mark.parametrize(
    "value",
    [
        "",
        "!!!",
        "x" * 201,
        _raw({"sort": "oldest"}),
        _raw(["newest", 3]),  # made for another sort
        _raw(["oldest", 0]),
        _raw(["oldest", True]),
        _raw(["oldest", 2**63]),
        _raw(["oldest", 1, 2]),
        _raw(["severity", 1, "high", 0]),
        _raw(["severity", 1, 0.5, -1]),
        _raw(["severity", 1, 0.5]),
        "WyJzZXZlcml0eSIsMSxOYU4sMF0",  # ["severity",1,NaN,0]
    ],
)
def test_refuses(value: str) -> None:
    with pytest.raises(BadCursor):
        decode(value, sort="oldest" if "severity" not in _decoded(value) else "severity")


def _decoded(value: str) -> str:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
    except ValueError:
        return ""
