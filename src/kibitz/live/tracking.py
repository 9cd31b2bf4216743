"""Noticing what a transaction changed in threads, and reporting it only after it commits.

Listeners on the session factory watch every flush: new and changed comments, votes and threads,
whichever code path made them (posting, author edits, reader reports, moderator actions). Nothing
leaves before `COMMIT` succeeds, so a widget never shows a comment that was rolled back, and a
rollback forgets everything noted. Bulk `UPDATE` statements bypass the ORM and are not seen: the
paths that use them (imports) run outside the server.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from kibitz.comments.models import Comment, Thread, Vote
from kibitz.comments.tree import Viewer, to_read
from kibitz.db import utcnow
from kibitz.live.events import EventKind, thread_channel

INFO_KEY = "kibitz.live"
PUBLIC = "published"


@dataclass(slots=True)
class _Noted:
    old_status: str | None  # before this transaction; None for a comment it created
    status: str
    edited: bool
    data: dict[str, Any]


@dataclass(slots=True)
class ThreadChange:
    """One thread a committed transaction touched, and the events its readers should see."""

    site: str
    thread: str
    events: list[tuple[EventKind, dict[str, Any]]] = field(default_factory=list)

    @property
    def channel(self) -> str:
        return thread_channel(self.site, self.thread)


@dataclass(slots=True)
class _Pending:
    threads: dict[int, tuple[str, str]] = field(default_factory=dict)
    comments: dict[int, tuple[int, _Noted]] = field(default_factory=dict)


def watch(factory: sessionmaker[Session], on_commit: Callable[[list[ThreadChange]], None]) -> None:
    """Call `on_commit` after each commit of a session from `factory` that touched a thread."""

    def committed(session: Session) -> None:
        pending: _Pending | None = session.info.pop(INFO_KEY, None)
        if pending is not None and pending.threads:
            on_commit(_changes(pending))

    event.listen(factory, "after_flush", _note)
    event.listen(factory, "after_commit", committed)
    event.listen(factory, "after_rollback", _forget)


def _forget(session: Session) -> None:
    session.info.pop(INFO_KEY, None)


def _note(session: Session, _context: Any) -> None:
    # Still in pre-flush state here: `new`/`dirty` and attribute histories show what changed.
    pending: _Pending = session.info.setdefault(INFO_KEY, _Pending())
    for obj in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(obj, Comment):
            _note_thread(session, pending, obj.thread_id)
            if obj not in session.deleted and session.is_modified(obj):
                _note_comment(pending, obj, created=obj in session.new)
        elif isinstance(obj, Vote):
            comment = session.get(Comment, obj.comment_id)
            if comment is not None:
                _note_thread(session, pending, comment.thread_id)
        elif isinstance(obj, Thread):
            _note_thread(session, pending, obj.id)


def _note_thread(session: Session, pending: _Pending, thread_id: int) -> None:
    if thread_id not in pending.threads:
        thread = session.get(Thread, thread_id)
        if thread is not None:
            pending.threads[thread_id] = (thread.site.key, thread.key)


def _note_comment(pending: _Pending, comment: Comment, *, created: bool) -> None:
    attrs = inspect(comment).attrs
    history = attrs.status.history
    before = (history.deleted or history.unchanged or [None])[0]
    previous = pending.comments.get(comment.id)
    noted = _Noted(
        old_status=None if created else (previous[1].old_status if previous else before),
        status=comment.status,
        edited=bool(attrs.html.history.deleted) or (previous is not None and previous[1].edited),
        data=_public(comment),
    )
    pending.comments[comment.id] = (comment.thread_id, noted)


def _public(comment: Comment) -> dict[str, Any]:
    """What any reader may see of the comment, in the shape the list endpoint uses."""
    base = {"id": comment.id, "parent_id": comment.parent_id, "root_id": comment.root_id}
    if comment.status != PUBLIC:
        return base | {"status": comment.status}
    viewer = Viewer(reader_hash=None, edit_window=timedelta(0), now=utcnow())
    return base | {"comment": to_read(comment, viewer).model_dump(mode="json")}


def _kind(noted: _Noted) -> EventKind | None:
    was, now = noted.old_status, noted.status
    if was is None:
        return "created" if now == PUBLIC else None
    if was != PUBLIC and now == PUBLIC:
        return "approved"
    if was == PUBLIC and now != PUBLIC:
        return "removed"
    if was == PUBLIC and noted.edited:
        return "edited"
    return None


def _changes(pending: _Pending) -> list[ThreadChange]:
    changes = {tid: ThreadChange(site, key) for tid, (site, key) in pending.threads.items()}
    for thread_id, noted in pending.comments.values():
        kind = _kind(noted)
        if kind is not None and thread_id in changes:
            changes[thread_id].events.append((kind, noted.data))
    return list(changes.values())


class _Invalidates(Protocol):
    def invalidate(self, channel: str) -> None: ...


class _Publishes(Protocol):
    def publish(self, channel: str, kind: EventKind, data: dict[str, Any]) -> None: ...


def fan_out(broker: _Publishes, cache: _Invalidates) -> Callable[[list[ThreadChange]], None]:
    """What a commit sets off: the thread's cached pages go first, so a widget that refetches on
    an event never gets the page from before it."""

    def on_commit(changes: list[ThreadChange]) -> None:
        for change in changes:
            cache.invalidate(change.channel)
            for kind, data in change.events:
                broker.publish(change.channel, kind, data)

    return on_commit
