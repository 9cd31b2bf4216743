"""Opaque cursors for pages of top-level comments.

A cursor is the sort key of the last comment on a page plus its id (the tie-breaker), as base64url
JSON. It names its sort order, so a cursor from one order is refused under another instead of
silently skipping comments.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from kibitz.db import MAX_ID
from kibitz.errors import BadRequest

SORTS = ("oldest", "newest", "best")
MAX_CURSOR_CHARS = 200


class BadCursor(BadRequest):
    code = "bad_cursor"


@dataclass(frozen=True, slots=True)
class Cursor:
    sort: str
    id: int
    score: int = 0  # only meaningful for "best"


def encode_cursor(cursor: Cursor) -> str:
    payload = [cursor.sort, cursor.id] + ([cursor.score] if cursor.sort == "best" else [])
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(value: str, *, sort: str) -> Cursor:
    """The cursor in `value`, which must have been made for `sort`; raises `BadCursor`."""
    if len(value) > MAX_CURSOR_CHARS:
        raise _bad()
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        payload = json.loads(raw)
    except (binascii.Error, ValueError):  # JSON and Unicode errors are ValueErrors too
        raise _bad() from None
    if not isinstance(payload, list) or not payload or payload[0] != sort:
        raise _bad("the cursor belongs to another sort order")
    expected = 3 if sort == "best" else 2
    if len(payload) != expected or not all(_is_int(item) for item in payload[1:]):
        raise _bad()
    cursor_id = payload[1]
    score = payload[2] if sort == "best" else 0
    if not 1 <= cursor_id <= MAX_ID or abs(score) > MAX_ID:
        raise _bad()
    return Cursor(sort=sort, id=cursor_id, score=score)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bad(message: str = "the cursor is not one this server made") -> BadCursor:
    return BadCursor(message, field="cursor")
