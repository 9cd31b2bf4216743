"""Shape comments into review items: the comment, its thread and parent, the machine's scores,
open reports and the author's history, for a page of comments in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from kibitz.comments import verdicts
from kibitz.comments.models import Comment, Thread
from kibitz.comments.schemas import CommentStatus, ThreadRead
from kibitz.comments.validation import ANONYMOUS
from kibitz.reports.models import Report
from kibitz.review.schemas import AuthorHistory, ParentRead, QueueItem

AuthorKey = tuple[int, str]  # (thread's site id, reader hash)


def thread_read(thread: Thread) -> ThreadRead:
    return ThreadRead(
        site=thread.site.key,
        key=thread.key,
        title=thread.title,
        url=thread.url,
        closed=thread.closed,
    )


def build_items(session: Session, comments: Sequence[Comment]) -> list[QueueItem]:
    if not comments:
        return []
    ids = [comment.id for comment in comments]
    parents = _parents(session, [c.parent_id for c in comments if c.parent_id is not None])
    reasons = _open_reasons(session, ids)
    histories = author_histories(
        session, {(c.thread.site_id, c.reader_hash) for c in comments if c.reader_hash}
    )
    items = []
    for comment in comments:
        parent = parents.get(comment.parent_id) if comment.parent_id is not None else None
        history = histories.get((comment.thread.site_id, comment.reader_hash or ""))
        items.append(
            to_item(comment, parent=parent, reasons=reasons.get(comment.id, {}), history=history)
        )
    return items


def to_item(
    comment: Comment,
    *,
    parent: Comment | None,
    reasons: dict[str, int],
    history: AuthorHistory | None,
) -> QueueItem:
    record = comment.moderation_scores
    return QueueItem(
        id=comment.id,
        status=cast(CommentStatus, comment.status),
        site=comment.thread.site.key,
        thread=thread_read(comment.thread),
        author_name=comment.author_name or ANONYMOUS,
        html=comment.html,
        body=comment.body,
        created_at=comment.created_at,
        edited_at=comment.edited_at,
        featured=comment.featured_at is not None,
        severity=verdicts.severity(record),
        flags=verdicts.flags(record),
        scores=verdicts.scores(record),
        spans=verdicts.spans(record),
        report_count=sum(reasons.values()),
        report_reasons=reasons,
        parent=_parent_read(parent) if parent is not None else None,
        author=history or AuthorHistory(),
    )


def _parent_read(parent: Comment) -> ParentRead:
    return ParentRead(
        id=parent.id,
        author_name=parent.author_name or ANONYMOUS,
        html=parent.html,
        status=cast(CommentStatus, parent.status),
    )


def _parents(session: Session, ids: list[int]) -> dict[int, Comment]:
    if not ids:
        return {}
    return {c.id: c for c in session.scalars(select(Comment).where(Comment.id.in_(set(ids))))}


def _open_reasons(session: Session, ids: list[int]) -> dict[int, dict[str, int]]:
    query = (
        select(Report.comment_id, Report.reason, func.count())
        .where(Report.comment_id.in_(ids), Report.resolved_at.is_(None))
        .group_by(Report.comment_id, Report.reason)
    )
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for comment_id, reason, count in session.execute(query):
        found[comment_id][reason] = count
    return found


def author_histories(session: Session, authors: set[AuthorKey]) -> dict[AuthorKey, AuthorHistory]:
    """Comments per status and the first one's date, per author on a site."""
    if not authors:
        return {}
    query = (
        select(
            Thread.site_id,
            Comment.reader_hash,
            Comment.status,
            func.count(),
            func.min(Comment.created_at),
        )
        .join(Thread, Comment.thread_id == Thread.id)
        .where(tuple_(Thread.site_id, Comment.reader_hash).in_(list(authors)))
        .group_by(Thread.site_id, Comment.reader_hash, Comment.status)
    )
    histories: dict[AuthorKey, AuthorHistory] = {}
    for site_id, reader_hash, status, count, first in session.execute(query):
        history = histories.setdefault((site_id, reader_hash or ""), AuthorHistory())
        if status in ("published", "pending", "rejected"):
            setattr(history, status, count)
        first_seen = cast(datetime | None, first)
        if first_seen is not None and (
            history.first_seen is None or first_seen < history.first_seen
        ):
            history.first_seen = first_seen
    return histories
