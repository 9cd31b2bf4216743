"""The comments a feed or a permalink page shows: published only, newest first, bounded."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from kibitz.comments.models import Comment, Thread
from kibitz.comments.service import get_thread
from kibitz.db import MAX_ID
from kibitz.errors import NotFound
from kibitz.sites import service as sites_service

FEED_SIZE = 50


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    author_name: str
    html: str
    created_at: datetime
    updated_at: datetime
    thread_key: str
    thread_title: str | None
    thread_url: str | None


@dataclass(frozen=True, slots=True)
class Feed:
    site: str
    thread_key: str | None  # None: the site's latest comments
    title: str
    link: str | None
    entries: list[Entry]

    @property
    def updated(self) -> datetime | None:
        return max((e.updated_at for e in self.entries), default=None)

    @property
    def etag(self) -> str:
        """Changes whenever an entry is added, edited, or leaves the feed (held, deleted)."""
        parts = [self.title, *(f"{e.id}:{e.updated_at.isoformat()}" for e in self.entries)]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


class ThreadNotFound(NotFound):
    code = "thread_not_found"


def latest(session: Session, *, site: str, limit: int = FEED_SIZE) -> Feed:
    site_row = sites_service.get_or_raise(session, key=site)
    query = _published().where(Thread.site_id == site_row.id)
    entries = _entries(session, query, limit)
    title = f"Latest comments on {site_row.name or site_row.key}"
    return Feed(site=site_row.key, thread_key=None, title=title, link=None, entries=entries)


def for_thread(session: Session, *, site: str, thread: str, limit: int = FEED_SIZE) -> Feed:
    site_row = sites_service.get_or_raise(session, key=site)
    thread_row = get_thread(session, site=site_row, key=thread)
    if thread_row is None:
        raise ThreadNotFound(f"no thread {thread!r} on site {site!r}", field="thread")
    entries = _entries(session, _published().where(Comment.thread_id == thread_row.id), limit)
    title = f"Comments on {thread_row.title or thread_row.key}"
    return Feed(site_row.key, thread_row.key, title, thread_row.url, entries)


def published_comment(session: Session, *, comment_id: int) -> Entry | None:
    """The comment for its permalink page, or None unless it exists and is published."""
    if not 1 <= comment_id <= MAX_ID:
        return None
    entries = _entries(session, _published().where(Comment.id == comment_id), 1)
    return entries[0] if entries else None


def _published() -> Select[Comment, Thread]:
    return (
        select(Comment, Thread)
        .join(Thread, Thread.id == Comment.thread_id)
        .where(Comment.status == "published")
    )


def _entries(session: Session, query: Select[Comment, Thread], limit: int) -> list[Entry]:
    rows = session.execute(query.order_by(Comment.id.desc()).limit(limit)).all()
    return [
        Entry(
            id=comment.id,
            author_name=comment.author_name,
            html=comment.html,
            created_at=comment.created_at,
            updated_at=comment.edited_at or comment.created_at,
            thread_key=thread.key,
            thread_title=thread.title,
            thread_url=thread.url,
        )
        for comment, thread in rows
    ]
