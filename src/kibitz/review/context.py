"""One comment as a moderator needs to see it: in its thread, with the machine's reasons, the
reports, what moderators decided before, and what its author has been up to."""

from __future__ import annotations

from typing import cast

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from kibitz.accounts import bans
from kibitz.accounts.models import Ban, User
from kibitz.accounts.service import ModeratorScope
from kibitz.comments import verdicts
from kibitz.comments.models import Comment, Thread
from kibitz.comments.schemas import CommentStatus
from kibitz.reports.models import Report
from kibitz.review.actions import comment_or_raise
from kibitz.review.audit import to_read as audit_read
from kibitz.review.items import build_items
from kibitz.review.models import AuditEntry, Decision
from kibitz.review.schemas import (
    BanRead,
    CommentContext,
    DecisionRead,
    RecentComment,
    ReportRead,
)

RECENT = 10


def comment_context(session: Session, *, comment_id: int, scope: ModeratorScope) -> CommentContext:
    comment = comment_or_raise(session, comment_id, scope)
    record = comment.moderation_scores
    ban = bans.active_ban(session, site_id=comment.thread.site_id, reader_hash=comment.reader_hash)
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.comment_id == comment.id).order_by(AuditEntry.id.desc())
    )
    return CommentContext(
        comment=build_items(session, [comment])[0],
        spans=verdicts.spans(record),
        reasons=verdicts.reasons(record),
        decision=(record or {}).get("decision"),
        reports=_reports(session, comment),
        decisions=_decisions(session, select(Decision).where(Decision.comment_id == comment.id)),
        audit=[audit_read(entry, comment.thread.site.key) for entry in entries],
        author_decisions=_author_decisions(session, comment),
        author_recent=_author_recent(session, comment),
        author_ban=_ban_read(ban) if ban is not None else None,
    )


def _reports(session: Session, comment: Comment) -> list[ReportRead]:
    query = select(Report).where(Report.comment_id == comment.id).order_by(Report.id)
    return [
        ReportRead(
            id=r.id,
            reason=r.reason,
            note=r.note,
            created_at=r.created_at,
            resolved_at=r.resolved_at,
            resolution=r.resolution,
        )
        for r in session.scalars(query)
    ]


def _decisions(session: Session, query: Select[Decision]) -> list[DecisionRead]:
    rows = session.execute(
        query.outerjoin(User, Decision.moderator_id == User.id)
        .add_columns(User.email)
        .order_by(Decision.id.desc())
        .limit(RECENT)
    ).all()
    return [
        DecisionRead(
            id=d.id,
            comment_id=d.comment_id,
            moderator=email,
            action=d.action,
            rule=d.rule,
            note=d.note,
            created_at=d.created_at,
        )
        for d, email in rows
    ]


def _same_author(comment: Comment) -> list[ColumnElement[bool]]:
    return [
        Comment.reader_hash == comment.reader_hash,
        Thread.site_id == comment.thread.site_id,
        Comment.id != comment.id,
    ]


def _author_decisions(session: Session, comment: Comment) -> list[DecisionRead]:
    if comment.reader_hash is None:
        return []
    query = (
        select(Decision)
        .join(Comment, Decision.comment_id == Comment.id)
        .join(Thread, Comment.thread_id == Thread.id)
        .where(*_same_author(comment))
    )
    return _decisions(session, query)


def _author_recent(session: Session, comment: Comment) -> list[RecentComment]:
    if comment.reader_hash is None:
        return []
    query = (
        select(Comment, Thread.title)
        .join(Thread, Comment.thread_id == Thread.id)
        .where(*_same_author(comment), Comment.status != "deleted")
        .order_by(Comment.id.desc())
        .limit(RECENT)
    )
    return [
        RecentComment(
            id=c.id,
            status=cast(CommentStatus, c.status),
            html=c.html,
            created_at=c.created_at,
            thread_title=title,
        )
        for c, title in session.execute(query)
    ]


def _ban_read(ban: Ban) -> BanRead:
    return BanRead(
        id=ban.id,
        kind=ban.kind,
        expires_at=ban.expires_at,
        reason=ban.reason,
        created_at=ban.created_at,
    )
