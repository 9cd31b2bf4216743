"""Reading a thread: one page of top-level comments and their replies, in a bounded number of
indexed queries (page of roots, replies of those roots, reply counts, totals, the reader's votes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from kibitz.comments import mutes
from kibitz.comments.cursor import Cursor, decode_cursor, encode_cursor
from kibitz.comments.models import Comment, Thread, Vote
from kibitz.comments.schemas import CommentPage, SortOrder, ThreadRead
from kibitz.comments.service import get_thread
from kibitz.comments.tree import Viewer, build_tree
from kibitz.comments.validation import is_storable
from kibitz.sites import service as sites_service

# Replies shown under one top-level comment; `reply_count` tells the widget when there are more.
MAX_REPLIES_PER_ROOT = 100
MAX_COUNT_THREADS = 100


@dataclass(frozen=True, slots=True)
class PageRequest:
    site: str
    thread: str
    sort: SortOrder = "oldest"
    cursor: str | None = None
    limit: int = 20


def visible(comment: type[Comment], reader_hash: str | None) -> ColumnElement[bool]:
    """Published comments, plus the reader's own pending and rejected ones (not deleted ones)."""
    published = comment.status == "published"
    if reader_hash is None:
        return published
    own = and_(comment.status.in_(("pending", "rejected")), comment.reader_hash == reader_hash)
    return or_(published, own)


def hidden(comment: type[Comment]) -> ColumnElement[bool]:
    """Hidden pending review after reader reports: listed as a placeholder for everyone."""
    return and_(comment.status == "pending", comment.hidden_by_reports.is_(True))


def list_page(session: Session, *, request: PageRequest, viewer: Viewer) -> CommentPage:
    site = sites_service.get_or_raise(session, key=request.site)
    cursor = decode_cursor(request.cursor, sort=request.sort) if request.cursor else None
    thread = get_thread(session, site=site, key=request.thread)
    if thread is None:  # nobody has commented yet: an empty conversation, not an error
        return CommentPage(thread=None, comments=[], total=0, next_cursor=None, sort=request.sort)
    viewer = replace(viewer, muted=mutes.muted_by(session, reader_hash=viewer.reader_hash))
    roots = _roots(session, thread, request, cursor, viewer.reader_hash)
    has_more = len(roots) > request.limit
    roots = roots[: request.limit]
    root_ids = [root.id for root in roots]
    replies = _replies(session, root_ids, viewer.reader_hash)
    comments = build_tree(
        roots,
        replies,
        viewer,
        my_votes=_my_votes(session, [*root_ids, *(r.id for r in replies)], viewer.reader_hash),
        root_reply_counts=_reply_counts(session, root_ids, viewer.reader_hash),
    )
    last = roots[-1] if roots else None
    next_cursor = (
        encode_cursor(Cursor(sort=request.sort, id=last.id, score=last.score))
        if has_more and last is not None
        else None
    )
    return CommentPage(
        thread=ThreadRead(
            site=site.key, key=thread.key, title=thread.title, url=thread.url, closed=thread.closed
        ),
        comments=comments,
        total=_total(session, thread.id, viewer.reader_hash),
        next_cursor=next_cursor,
        sort=request.sort,
    )


def _roots(
    session: Session,
    thread: Thread,
    request: PageRequest,
    cursor: Cursor | None,
    reader_hash: str | None,
) -> Sequence[Comment]:
    reply = aliased(Comment)
    # A deleted top-level comment stays as a placeholder while visible replies hang under it.
    placeholder = and_(
        Comment.status == "deleted",
        exists().where(reply.root_id == Comment.id, visible(reply, reader_hash)),
    )
    query = select(Comment).where(
        Comment.thread_id == thread.id,
        Comment.depth == 0,
        or_(visible(Comment, reader_hash), placeholder, hidden(Comment)),
    )
    if request.sort == "oldest":
        order = [Comment.id.asc()]
        after = Comment.id > cursor.id if cursor else None
    elif request.sort == "newest":
        order = [Comment.id.desc()]
        after = Comment.id < cursor.id if cursor else None
    else:
        order = [Comment.score.desc(), Comment.id.asc()]
        after = (
            or_(
                Comment.score < cursor.score,
                and_(Comment.score == cursor.score, Comment.id > cursor.id),
            )
            if cursor
            else None
        )
    if after is not None:
        query = query.where(after)
    # One extra row says whether another page exists, without a count.
    return session.scalars(query.order_by(*order).limit(request.limit + 1)).all()


def _replies(session: Session, root_ids: list[int], reader_hash: str | None) -> Sequence[Comment]:
    if not root_ids:
        return []
    rank = func.row_number().over(partition_by=Comment.root_id, order_by=Comment.id).label("rank")
    candidates = (
        select(Comment.id, rank)
        .where(
            Comment.root_id.in_(root_ids),
            or_(visible(Comment, reader_hash), Comment.status == "deleted", hidden(Comment)),
        )
        .subquery()
    )
    kept = select(candidates.c.id).where(candidates.c.rank <= MAX_REPLIES_PER_ROOT)
    query = select(Comment).where(Comment.id.in_(kept)).order_by(Comment.id)
    return session.scalars(query).all()


def _reply_counts(session: Session, root_ids: list[int], reader_hash: str | None) -> dict[int, int]:
    if not root_ids:
        return {}
    query = (
        select(Comment.root_id, func.count())
        .where(Comment.root_id.in_(root_ids), visible(Comment, reader_hash))
        .group_by(Comment.root_id)
    )
    return {root_id: count for root_id, count in session.execute(query) if root_id is not None}


def _my_votes(session: Session, comment_ids: list[int], reader_hash: str | None) -> dict[int, int]:
    if reader_hash is None or not comment_ids:
        return {}
    query = select(Vote.comment_id, Vote.value).where(
        Vote.reader_hash == reader_hash, Vote.comment_id.in_(comment_ids)
    )
    return {comment_id: value for comment_id, value in session.execute(query)}


def _total(session: Session, thread_id: int, reader_hash: str | None) -> int:
    query = select(func.count()).where(
        Comment.thread_id == thread_id, visible(Comment, reader_hash)
    )
    return session.scalar(query) or 0


def counts(session: Session, *, site: str, threads: Sequence[str]) -> dict[str, int]:
    """Published comments per thread key (0 for threads nobody has commented on yet)."""
    site_row = sites_service.get_or_raise(session, key=site)
    keys = list(dict.fromkeys(threads))
    result = dict.fromkeys(keys, 0)
    keys = [key for key in keys if is_storable(key)]
    if not keys:
        return result
    query = (
        select(Thread.key, func.count(Comment.id))
        .join(Comment, and_(Comment.thread_id == Thread.id, Comment.status == "published"))
        .where(Thread.site_id == site_row.id, Thread.key.in_(keys))
        .group_by(Thread.key)
    )
    result.update({key: count for key, count in session.execute(query)})
    return result
