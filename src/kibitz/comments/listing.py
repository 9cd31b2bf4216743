"""Reading a thread: one page of top-level comments and their replies, in a bounded number of
indexed queries (page of roots, replies of those roots, reply counts, totals, the reader's votes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    exists,
    func,
    or_,
    select,
)
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
    query = _roots_query(request.sort, after=cursor is not None, own=reader_hash is not None)
    params = {
        "thread_id": thread.id,
        "reader_hash": reader_hash,
        "cursor_id": cursor.id if cursor else None,
        "cursor_score": cursor.score if cursor else None,
        # One extra row says whether another page exists, without a count.
        "limit": request.limit + 1,
    }
    return session.scalars(query, params).all()


# Every page read runs these queries, so each is built once per shape with bound parameters
# (`thread_id`, `reader_hash`, `root_ids`, the cursor's, `limit`): building a statement with its
# aliases cost more than running it on a warm database, as on the posting path (issue 8).


def _visible(comment: type[Comment], own: bool) -> ColumnElement[bool]:
    """`visible` with the reader's hash as the bound `:reader_hash`."""
    published = comment.status == "published"
    if not own:
        return published
    mine = and_(comment.status.in_(("pending", "rejected")), comment.reader_hash == _READER)
    return or_(published, mine)


_READER = bindparam("reader_hash", type_=String())
_ROOT_IDS: BindParameter[Any] = bindparam("root_ids", expanding=True)


@cache
def _roots_query(sort: SortOrder, *, after: bool, own: bool) -> Select[Any]:
    reply = aliased(Comment)
    # A deleted top-level comment stays as a placeholder while visible replies hang under it.
    placeholder = and_(
        Comment.status == "deleted",
        exists().where(reply.root_id == Comment.id, _visible(reply, own)),
    )
    query = select(Comment).where(
        Comment.thread_id == bindparam("thread_id"),
        Comment.depth == 0,
        or_(_visible(Comment, own), placeholder, hidden(Comment)),
    )
    cursor_id = bindparam("cursor_id", type_=Comment.id.type)
    cursor_score = bindparam("cursor_score", type_=Comment.score.type)
    if sort == "oldest":
        order = [Comment.id.asc()]
        past = Comment.id > cursor_id
    elif sort == "newest":
        order = [Comment.id.desc()]
        past = Comment.id < cursor_id
    else:
        order = [Comment.score.desc(), Comment.id.asc()]
        past = or_(
            Comment.score < cursor_score,
            and_(Comment.score == cursor_score, Comment.id > cursor_id),
        )
    if after:
        query = query.where(past)
    return query.order_by(*order).limit(bindparam("limit", type_=Integer()))


def _replies(session: Session, root_ids: list[int], reader_hash: str | None) -> Sequence[Comment]:
    if not root_ids:
        return []
    params = {"root_ids": root_ids, "reader_hash": reader_hash}
    return session.scalars(_replies_query(own=reader_hash is not None), params).all()


@cache
def _replies_query(*, own: bool) -> Select[Any]:
    rank = func.row_number().over(partition_by=Comment.root_id, order_by=Comment.id).label("rank")
    candidates = (
        select(Comment.id, rank)
        .where(
            Comment.root_id.in_(_ROOT_IDS),
            or_(_visible(Comment, own), Comment.status == "deleted", hidden(Comment)),
        )
        .subquery()
    )
    kept = select(candidates.c.id).where(candidates.c.rank <= MAX_REPLIES_PER_ROOT)
    return select(Comment).where(Comment.id.in_(kept)).order_by(Comment.id)


def _reply_counts(session: Session, root_ids: list[int], reader_hash: str | None) -> dict[int, int]:
    if not root_ids:
        return {}
    params = {"root_ids": root_ids, "reader_hash": reader_hash}
    rows = session.execute(_reply_counts_query(own=reader_hash is not None), params)
    return {root_id: count for root_id, count in rows if root_id is not None}


@cache
def _reply_counts_query(*, own: bool) -> Select[int | None, int]:
    return (
        select(Comment.root_id, func.count())
        .where(Comment.root_id.in_(_ROOT_IDS), _visible(Comment, own))
        .group_by(Comment.root_id)
    )


def _my_votes(session: Session, comment_ids: list[int], reader_hash: str | None) -> dict[int, int]:
    if reader_hash is None or not comment_ids:
        return {}
    query = select(Vote.comment_id, Vote.value).where(
        Vote.reader_hash == reader_hash, Vote.comment_id.in_(comment_ids)
    )
    return {comment_id: value for comment_id, value in session.execute(query)}


def _total(session: Session, thread_id: int, reader_hash: str | None) -> int:
    params = {"thread_id": thread_id, "reader_hash": reader_hash}
    return session.scalar(_total_query(own=reader_hash is not None), params) or 0


@cache
def _total_query(*, own: bool) -> Select[Any]:
    return select(func.count()).where(
        Comment.thread_id == bindparam("thread_id"), _visible(Comment, own)
    )


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
