"""What every parser yields, whatever the source format: threads and comments, plus their errors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

# Kibitz statuses an import may store (see docs/imports.md for how each source maps onto them).
IMPORT_STATUSES = ("published", "pending", "rejected", "deleted")


class SourceError(Exception):
    """The file cannot be read as its format: malformed, truncated, unsafe or missing a field.

    `line` is the 1-based line of the file where the problem was found (0 when unknown).
    """

    def __init__(self, message: str, *, line: int = 0) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.message = message
        self.line = line


@dataclass(frozen=True, slots=True)
class ThreadRecord:
    """An article as the source knows it; `source_id` is what its comments point at."""

    source_id: str
    identifier: str | None  # the key the old embed used (Disqus <id>, Isso uri), if any
    url: str | None
    title: str | None
    closed: bool = False
    line: int = 0


@dataclass(frozen=True, slots=True)
class CommentRecord:
    source_id: str
    thread_id: str  # the source id of its thread
    parent_id: str | None  # the source id of its parent, None for top-level comments
    body: str  # markdown source (HTML sources are converted first, never stored as given)
    status: str  # one of IMPORT_STATUSES
    created_at: datetime | None
    author_name: str = ""
    author_email: str | None = None  # plain address: hashed by the writer, never stored
    email_hash: str | None = None  # already hashed (Kibitz's own export)
    edited_at: datetime | None = None
    upvotes: int = 0
    downvotes: int = 0
    line: int = 0


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record the parser could not use (no id, a date that is not a date); counted by reason."""

    reason: str  # stable wording: the summary counts by it
    line: int = 0
    detail: str = ""  # the offending value, shown in the examples


Record = ThreadRecord | CommentRecord | Skipped


def parse_iso(value: str | None, *, line: int) -> datetime | None:
    """An ISO 8601 timestamp as UTC; naive ones are taken as UTC (Disqus writes `…Z`)."""
    if value is None or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise SourceError(f"not a date: {value.strip()!r}", line=line) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parse_bool(value: str | None, *, line: int, default: bool = False) -> bool:
    if value is None or not value.strip():
        return default
    text = value.strip().lower()
    if text in {"true", "1", "yes"}:
        return True
    if text in {"false", "0", "no"}:
        return False
    raise SourceError(f"not a boolean: {value.strip()!r}", line=line)


def json_object(raw: bytes, *, line: int, not_json: str = "not JSON") -> dict[str, Any]:
    """One JSON Lines line, which must hold an object; `not_json` leads the error for bad JSON."""
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SourceError(f"{not_json}: {exc}", line=line) from None
    if not isinstance(data, dict):
        raise SourceError("each line must be a JSON object", line=line)
    return data
