"""Writing to the conversation: create, edit, delete, vote; threads are made on first comment.

No web imports: callers pass who is acting (`Actor`) and get domain objects or domain errors back.
Functions flush but never commit; the caller owns the transaction.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kibitz.comments import validation
from kibitz.comments.errors import (
    CommentDeleted,
    CommentNotFound,
    CommentNotPublished,
    EditWindowClosed,
    NotAuthor,
    ParentInOtherThread,
    ParentNotFound,
    ThreadClosed,
    ThreadNotFound,
)
from kibitz.comments.models import Comment, Thread, Vote
from kibitz.comments.render import render_markdown
from kibitz.config import Settings
from kibitz.db import MAX_ID, utcnow
from kibitz.sites import service as sites_service
from kibitz.sites.models import Site


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is writing: the hash of their reader token, and where the request came from."""

    reader_hash: str
    origin: str | None = None  # the browser's Origin header, if any
    own_origin: str = ""  # this server's scheme://host as the request reached it
    ip_hash: str | None = None
    # A signed-in reader's account; their `reader_hash` is then derived from it.
    user_id: int | None = None


@dataclass(frozen=True, slots=True)
class NewComment:
    site: str
    thread: str
    body: str
    parent_id: int | None = None
    author_name: str | None = None
    author_email: str | None = None
    thread_title: str | None = None
    thread_url: str | None = None


def hash_secret(value: str, *, secret: str) -> str:
    """Keyed hash for tokens, e-mails and IPs: comparable for equality, useless if leaked."""
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()


def get_thread(session: Session, *, site: Site, key: str) -> Thread | None:
    if not validation.is_storable(key):
        return None
    return session.scalars(_thread_query(), {"site_id": site.id, "key": key}).one_or_none()


@cache
def _thread_query() -> Select[Thread]:
    # Built once: every post looks its thread up, and building costs more than running (issue 8).
    return select(Thread).where(
        Thread.site_id == bindparam("site_id"), Thread.key == bindparam("key")
    )


def get_thread_or_raise(session: Session, *, site: Site, key: str) -> Thread:
    thread = get_thread(session, site=site, key=key)
    if thread is None:
        raise ThreadNotFound(f"no thread {key!r} on site {site.key!r}", field="thread")
    return thread


def get_or_create_thread(
    session: Session, *, site: Site, key: str, title: str | None, url: str | None
) -> Thread:
    thread = get_thread(session, site=site, key=key)
    if thread is None:
        # Two first comments on one article can race: insert unless it exists, then read what is
        # there (ours or theirs) instead of failing one of them on the unique key.
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        values = {"site_id": site.id, "key": key, "title": title, "url": url}
        session.execute(
            insert(Thread)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["site_id", "key"])
        )
        thread = get_thread(session, site=site, key=key)
        if thread is None:  # pragma: no cover - the row was just inserted or found
            raise RuntimeError(f"thread {key!r} neither inserted nor found")
    return thread


def set_thread_closed(session: Session, *, thread: Thread, closed: bool = True) -> Thread:
    thread.closed = closed
    session.flush()
    return thread


def get(session: Session, *, comment_id: int) -> Comment | None:
    if not 1 <= comment_id <= MAX_ID:
        return None  # cannot exist, and would overflow a BIGINT parameter
    return session.get(Comment, comment_id)


def get_or_raise(session: Session, *, comment_id: int, reader_hash: str | None) -> Comment:
    """The comment, if this reader may see it (others' pending and rejected ones are hidden)."""
    comment = get(session, comment_id=comment_id)
    hidden = comment is not None and comment.status in {"pending", "rejected"}
    if comment is None or (hidden and comment.reader_hash != reader_hash):
        raise CommentNotFound(f"no comment {comment_id}")
    return comment


def create(
    session: Session,
    *,
    new: NewComment,
    actor: Actor,
    settings: Settings,
    site: Site | None = None,
    flush: bool = True,
) -> Comment:
    """Store `new` as published; pass `site` when the caller already loaded it (`new.site`), and
    `flush=False` to set more columns before the one INSERT (the new comment has no id yet)."""
    if site is None:
        site = sites_service.get_or_raise(session, key=new.site)
    sites_service.check_origin(session, site=site, origin=actor.origin, own_origin=actor.own_origin)
    key = validation.clean_thread_key(new.thread)
    body = validation.clean_body(new.body, max_chars=settings.max_body_chars)
    name = validation.clean_name(new.author_name, max_chars=settings.max_name_chars)
    email = validation.clean_email(new.author_email)
    title = validation.clean_title(new.thread_title)
    url = validation.clean_url(new.thread_url)
    parent = _parent_or_raise(session, new.parent_id, actor=actor)
    thread = get_or_create_thread(session, site=site, key=key, title=title, url=url)
    if parent is not None and parent.thread_id != thread.id:
        raise ParentInOtherThread("the parent comment is in another thread", field="parent_id")
    if thread.closed:
        raise ThreadClosed("this conversation is closed")
    comment = Comment(
        thread=thread,
        parent_id=parent.id if parent else None,
        root_id=(parent.root_id or parent.id) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        author_name=name,
        email_hash=hash_secret(email, secret=settings.secret_key) if email else None,
        reader_hash=actor.reader_hash,
        ip_hash=actor.ip_hash,
        user_id=actor.user_id,
        body=body,
        html=render_markdown(body),
        status="published",  # moderation decides the status in a later stage
    )
    session.add(comment)
    if flush:
        session.flush()
    return comment


def _parent_or_raise(session: Session, parent_id: int | None, *, actor: Actor) -> Comment | None:
    if parent_id is None:
        return None
    parent = get(session, comment_id=parent_id)
    if parent is None or (parent.status != "published" and parent.reader_hash != actor.reader_hash):
        raise ParentNotFound(f"no comment {parent_id} to reply to", field="parent_id")
    if parent.status == "deleted":
        raise CommentDeleted("the comment you reply to was deleted", field="parent_id")
    return parent


def _own_editable_or_raise(
    session: Session, *, comment_id: int, actor: Actor, settings: Settings
) -> Comment:
    comment = get_or_raise(session, comment_id=comment_id, reader_hash=actor.reader_hash)
    sites_service.check_origin(
        session, site=comment.thread.site, origin=actor.origin, own_origin=actor.own_origin
    )
    if comment.reader_hash != actor.reader_hash:
        raise NotAuthor("only the author may change this comment")
    if comment.status == "deleted":
        raise CommentDeleted("this comment was deleted")
    if utcnow() >= comment.created_at + timedelta(seconds=settings.edit_window_seconds):
        raise EditWindowClosed("the time to change this comment is over")
    return comment


def update_body(
    session: Session, *, comment_id: int, body: str, actor: Actor, settings: Settings
) -> Comment:
    comment = _own_editable_or_raise(session, comment_id=comment_id, actor=actor, settings=settings)
    if comment.thread.closed:
        raise ThreadClosed("this conversation is closed")
    comment.body = validation.clean_body(body, max_chars=settings.max_body_chars)
    comment.html = render_markdown(comment.body)
    comment.edited_at = utcnow()
    session.flush()
    return comment


def delete(session: Session, *, comment_id: int, actor: Actor, settings: Settings) -> Comment:
    """Mark deleted and forget the text; the row stays so replies keep their place."""
    comment = _own_editable_or_raise(session, comment_id=comment_id, actor=actor, settings=settings)
    comment.status = "deleted"
    comment.body = ""
    comment.html = ""
    comment.email_hash = None
    comment.edited_at = utcnow()
    session.flush()
    return comment


def vote(session: Session, *, comment_id: int, value: int, actor: Actor) -> tuple[Comment, int]:
    """Set this reader's vote (1, -1, or 0 to withdraw); returns the comment and the vote kept."""
    comment = get_or_raise(session, comment_id=comment_id, reader_hash=actor.reader_hash)
    sites_service.check_origin(
        session, site=comment.thread.site, origin=actor.origin, own_origin=actor.own_origin
    )
    if comment.status == "deleted":
        raise CommentDeleted("this comment was deleted")
    if comment.status != "published":
        raise CommentNotPublished("only published comments take votes")
    query = select(Vote).where(Vote.comment_id == comment.id, Vote.reader_hash == actor.reader_hash)
    existing = session.scalars(query).one_or_none()
    old = existing.value if existing else 0
    if value == old:
        return comment, old
    if existing is None:
        session.add(Vote(comment_id=comment.id, reader_hash=actor.reader_hash, value=value))
    elif value == 0:
        session.delete(existing)
    else:
        existing.value = value
    up = (value == 1) - (old == 1)
    down = (value == -1) - (old == -1)
    # Relative updates, so concurrent votes by different readers never lose one another.
    session.execute(
        update(Comment)
        .where(Comment.id == comment.id)
        .values(
            upvotes=Comment.upvotes + up,
            downvotes=Comment.downvotes + down,
            score=Comment.score + (up - down),
        )
    )
    session.flush()
    session.refresh(comment, ["upvotes", "downvotes", "score"])
    return comment, value
