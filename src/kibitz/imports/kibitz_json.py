"""Kibitz's own export (`kibitz export --format json`): JSON Lines, one object per line.

The first line is `{"format": "kibitz", "version": 1, "site": …}`; then `"type": "thread"` lines,
then `"type": "comment"` lines (see docs/imports.md). Statuses are Kibitz's own, kept as they are;
bodies are the markdown source and are rendered again on import (the exported HTML is not read).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from kibitz.imports.records import (
    IMPORT_STATUSES,
    CommentRecord,
    Record,
    Skipped,
    SourceError,
    ThreadRecord,
    json_object,
    parse_iso,
)

FORMAT = "kibitz"
VERSION = 1


def parse(source: BinaryIO, progress: Callable[[int], None] | None = None) -> Iterator[Record]:
    read = 0
    header_seen = False
    for number, raw in enumerate(source, start=1):
        read += len(raw)
        if progress is not None and number % 1000 == 0:
            progress(read)
        if not raw.strip():
            continue
        if not raw.endswith(b"\n") and raw.strip()[-1:] != b"}":
            raise SourceError("the file ends in the middle of a line (truncated?)", line=number)
        data = json_object(raw, line=number)
        if not header_seen:
            _check_header(data, number)
            header_seen = True
            continue
        yield _record(data, number)
    if progress is not None:
        progress(read)
    if not header_seen:
        raise SourceError("empty file: no Kibitz export header")


def _check_header(data: dict[str, Any], line: int) -> None:
    if data.get("format") != FORMAT:
        raise SourceError(
            'not a Kibitz export (the first line lacks "format": "kibitz")', line=line
        )
    if data.get("version") != VERSION:
        raise SourceError(f"unsupported export version {data.get('version')!r}", line=line)


def _record(data: dict[str, Any], line: int) -> Record:
    kind = data.get("type")
    try:
        if kind == "thread":
            return ThreadRecord(
                source_id=str(data["id"]),
                identifier=_text(data, "key"),
                url=_text(data, "url"),
                title=_text(data, "title"),
                closed=bool(data.get("closed", False)),
                line=line,
            )
        if kind == "comment":
            return _comment(data, line)
    except KeyError as exc:
        return Skipped(f"{kind} without {exc.args[0]!r}", line)
    except SourceError as exc:
        return Skipped(f"{kind} with an unreadable field", line, exc.message)
    return Skipped(f"unknown line type {kind!r}", line)


def _comment(data: dict[str, Any], line: int) -> CommentRecord:
    status = str(data.get("status", "published"))
    if status not in IMPORT_STATUSES:
        raise SourceError(f"unknown status {status!r}", line=line)
    parent = data.get("parent")
    return CommentRecord(
        source_id=str(data["id"]),
        thread_id=str(data["thread"]),
        parent_id=str(parent) if parent is not None else None,
        body=_text(data, "body") or "",
        status=status,
        created_at=parse_iso(_text(data, "created_at"), line=line),
        edited_at=parse_iso(_text(data, "edited_at"), line=line),
        author_name=_text(data, "author_name") or "",
        email_hash=_text(data, "email_hash"),
        upvotes=_int(data, "upvotes"),
        downvotes=_int(data, "downvotes"),
        line=line,
    )


def _text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


def _int(data: dict[str, Any], key: str) -> int:
    value = data.get(key, 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
