"""Opaque cursors for review queues: the sort keys of the last item on a page, plus its id.

A severity cursor carries the severity (a float) and the open-report count too. A cursor names its
sort order and is refused under another, like the thread cursors.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from dataclasses import dataclass

from kibitz.comments.cursor import MAX_CURSOR_CHARS, BadCursor
from kibitz.db import MAX_ID


@dataclass(frozen=True, slots=True)
class QueueCursor:
    sort: str
    id: int
    severity: float = 0.0
    reports: int = 0


def encode(cursor: QueueCursor) -> str:
    payload: list[object] = [cursor.sort, cursor.id]
    if cursor.sort == "severity":
        payload += [cursor.severity, cursor.reports]
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(value: str, *, sort: str) -> QueueCursor:
    if len(value) > MAX_CURSOR_CHARS:
        raise _bad()
    try:
        payload = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    except (binascii.Error, ValueError):
        raise _bad() from None
    if not isinstance(payload, list) or not payload or payload[0] != sort:
        raise _bad("the cursor belongs to another sort order")
    if len(payload) != (4 if sort == "severity" else 2) or not _int(payload[1]):
        raise _bad()
    cursor = QueueCursor(sort=sort, id=payload[1])
    if sort == "severity":
        severity, reports = payload[2], payload[3]
        if not _number(severity) or not _int(reports):
            raise _bad()
        cursor = QueueCursor(sort=sort, id=payload[1], severity=float(severity), reports=reports)
    if not 1 <= cursor.id <= MAX_ID or not 0 <= cursor.reports <= MAX_ID:
        raise _bad()
    return cursor


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bad(message: str = "the cursor is not one this server made") -> BadCursor:
    return BadCursor(message, field="cursor")
