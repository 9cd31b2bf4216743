"""Reader reports: one per reader per comment, with a reason from the house rules or "other"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, ScalarSelect, distinct, func, or_, select
from sqlalchemy.orm import Session

from kibitz.comments import service as comments_service
from kibitz.comments import validation
from kibitz.comments.errors import CommentDeleted
from kibitz.comments.models import Comment
from kibitz.comments.service import Actor
from kibitz.errors import Conflict, InvalidInput
from kibitz.reports.models import ILLEGAL, REASONS, Report
from kibitz.sites import service as sites_service


class AlreadyReported(Conflict):
    code = "already_reported"


def create(
    session: Session,
    *,
    comment_id: int,
    reason: str,
    note: str | None,
    actor: Actor,
    weight: float = 1.0,
) -> Report:
    if reason not in REASONS:
        raise InvalidInput(f"unknown reason {reason!r}", field="reason", code="invalid_choice")
    note = validation.clean_note(note)
    if reason == ILLEGAL and note is None:
        raise InvalidInput(
            "a notice of illegal content must explain why it is illegal",
            field="note",
            code="missing",
        )
    comment = comments_service.get_or_raise(
        session, comment_id=comment_id, reader_hash=actor.reader_hash
    )
    sites_service.check_origin(
        session, site=comment.thread.site, origin=actor.origin, own_origin=actor.own_origin
    )
    if comment.status == "deleted":
        raise CommentDeleted("this comment was deleted")
    if get(session, comment_id=comment.id, reader_hash=actor.reader_hash) is not None:
        raise AlreadyReported("you already reported this comment")
    report = Report(
        comment_id=comment.id,
        reader_hash=actor.reader_hash,
        reason=reason,
        note=note,
        weight=weight,
        # Acting on an illegal-content notice owes the author a statement of reasons (DSA art. 17).
        statement_of_reasons_due=reason == ILLEGAL,
    )
    session.add(report)
    session.flush()
    return report


def get(session: Session, *, comment_id: int, reader_hash: str) -> Report | None:
    query = select(Report).where(Report.comment_id == comment_id, Report.reader_hash == reader_hash)
    return session.scalars(query).one_or_none()


def count_by_reason(session: Session, *, comment_id: int) -> dict[str, int]:
    """Distinct readers per reason for one comment (what flag thresholds are measured against)."""
    query = (
        select(Report.reason, func.count())
        .where(Report.comment_id == comment_id)
        .group_by(Report.reason)
    )
    return {reason: count for reason, count in session.execute(query)}


def weighted_total(session: Session, *, comment_id: int) -> float:
    """The weight of the reports no moderator has resolved yet (a decision starts a new count)."""
    query = select(func.coalesce(func.sum(Report.weight), 0.0)).where(
        Report.comment_id == comment_id, Report.resolved_at.is_(None)
    )
    return float(session.scalar(query) or 0.0)


# Scalar subqueries for the author history that posting reads in one round trip
# (`comments.history`): what reports say about a reader, without a query of their own.


def resolved_count(reader_hash: BindParameter[Any], resolution: str) -> ScalarSelect[Any]:
    """How many of the reader's reports moderators resolved as `resolution` (any site)."""
    return (
        select(func.count())
        .where(Report.reader_hash == reader_hash, Report.resolution == resolution)
        .scalar_subquery()
    )


def spam_reporters(comments: Sequence[ColumnElement[bool]]) -> ScalarSelect[Any]:
    """Distinct readers who reported a comment meeting `comments` as spam (dismissed aside)."""
    return (
        select(func.count(distinct(Report.reader_hash)))
        .join(Comment, Comment.id == Report.comment_id)
        .where(
            *comments,
            Report.reason == "spam",
            or_(Report.resolution.is_(None), Report.resolution == "upheld"),
        )
        .correlate(None)  # its own scan of comments, not the outer query's rows
        .scalar_subquery()
    )
