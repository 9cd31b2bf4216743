"""Isso's SQLite database (`comments.db`), read-only, a row at a time.

Status mapping (`mode`): 1 -> published, 2 -> pending, 4 -> deleted (Isso's soft delete of a
comment that has replies). Isso rejects spam outright and keeps none. A thread's key is Isso's
`uri` (the page path its embed used). Isso stores markdown, so the text is kept as the source.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from kibitz.imports.records import CommentRecord, Record, Skipped, SourceError, ThreadRecord

MODES = {1: "published", 2: "pending", 4: "deleted"}
_COMMENTS = (
    "SELECT tid, id, parent, created, modified, mode, text, author, email, likes, dislikes "
    "FROM comments ORDER BY id"
)


def parse(path: Path, progress: Callable[[int], None] | None = None) -> Iterator[Record]:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise SourceError(f"cannot open the Isso database: {exc}") from None
    try:
        yield from _rows(connection, path.stat().st_size, progress)
    except sqlite3.DatabaseError as exc:
        raise SourceError(f"not an Isso database: {exc}") from None
    finally:
        connection.close()


def _rows(
    connection: sqlite3.Connection, size: int, progress: Callable[[int], None] | None
) -> Iterator[Record]:
    for tid, uri, title in connection.execute("SELECT id, uri, title FROM threads"):
        yield ThreadRecord(source_id=str(tid), identifier=uri, url=None, title=title)
    total = connection.execute("SELECT count(*) FROM comments").fetchone()[0] or 1
    for number, row in enumerate(connection.execute(_COMMENTS), start=1):
        if progress is not None and number % 1000 == 0:
            progress(size * number // total)
        yield _comment(row, number)
    if progress is not None:
        progress(size)


def _comment(row: tuple[object, ...], number: int) -> Record:
    tid, cid, parent, created, modified, mode, text, author, email, likes, dislikes = row
    if not isinstance(created, int | float):
        return Skipped("comment without a date", number, f"id {cid}")
    return CommentRecord(
        source_id=str(cid),
        thread_id=str(tid),
        parent_id=str(parent) if parent is not None else None,
        body=str(text or ""),
        status=MODES.get(mode if isinstance(mode, int) else 0, "pending"),
        created_at=datetime.fromtimestamp(created, UTC),
        edited_at=(
            datetime.fromtimestamp(modified, UTC) if isinstance(modified, int | float) else None
        ),
        author_name=str(author or ""),
        author_email=str(email) if email else None,
        upvotes=likes if isinstance(likes, int) else 0,
        downvotes=dislikes if isinstance(dislikes, int) else 0,
        line=number,
    )
