"""Numbers for the insights page: comments per day, held and rejected per rule, reports per
reason, queue lengths, and how long comments wait for a moderator."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, false, func, select, true
from sqlalchemy.orm import Session

from kibitz.accounts.service import ModeratorScope
from kibitz.comments.models import Comment, Thread
from kibitz.db import utcnow
from kibitz.moderation.rules import Rule
from kibitz.reports.models import Report
from kibitz.review.models import Decision
from kibitz.review.queues import QueueRequest, count_queues
from kibitz.review.schemas import QueueCounts


@dataclass(frozen=True, slots=True)
class RuleShare:
    rule: str
    flagged: int
    held: int  # still pending
    rejected: int


@dataclass(frozen=True, slots=True)
class Insights:
    days: int
    per_day: list[tuple[date, int]]
    rules: list[RuleShare]
    reasons: list[tuple[str, int]]
    queues: QueueCounts
    decisions: int
    median_wait: timedelta | None
    total: int = field(default=0)


def _in_scope(scope: ModeratorScope) -> ColumnElement[bool]:
    """Comments on the moderator's sites (the query must join Thread)."""
    if scope.all_sites:
        return true()
    return Thread.site_id.in_(scope.site_ids) if scope.site_ids else false()


def _per_day(
    session: Session, since: datetime, days: int, scope: ModeratorScope
) -> list[tuple[date, int]]:
    day = func.date(Comment.created_at)
    query = (
        select(day, func.count())
        .join(Thread, Comment.thread_id == Thread.id)
        .where(Comment.created_at >= since, _in_scope(scope))
        .group_by(day)
    )
    counts = {str(found): count for found, count in session.execute(query)}
    first = since.date()
    return [
        (first + timedelta(days=n), counts.get(str(first + timedelta(days=n)), 0))
        for n in range(days + 1)
    ]


def _rules(session: Session, since: datetime, scope: ModeratorScope) -> list[RuleShare]:
    shares = []
    for rule in Rule:
        flagged = Comment.moderation_scores[("flagged", rule.value)].as_float().is_not(None)
        query = (
            select(Comment.status, func.count())
            .join(Thread, Comment.thread_id == Thread.id)
            .where(Comment.created_at >= since, flagged, _in_scope(scope))
            .group_by(Comment.status)
        )
        by_status = {status: count for status, count in session.execute(query)}
        shares.append(
            RuleShare(
                rule=rule.value,
                flagged=sum(by_status.values()),
                held=by_status.get("pending", 0),
                rejected=by_status.get("rejected", 0),
            )
        )
    return shares


def _reasons(session: Session, since: datetime, scope: ModeratorScope) -> list[tuple[str, int]]:
    query = (
        select(Report.reason, func.count())
        .join(Comment, Report.comment_id == Comment.id)
        .join(Thread, Comment.thread_id == Thread.id)
        .where(Report.created_at >= since, _in_scope(scope))
        .group_by(Report.reason)
    )
    return sorted(((r, n) for r, n in session.execute(query)), key=lambda pair: (-pair[1], pair[0]))


def _waits(session: Session, since: datetime, scope: ModeratorScope) -> list[timedelta]:
    """From posting to the first moderator decision, for comments decided in the window."""
    first = (
        select(Decision.comment_id, func.min(Decision.created_at).label("decided"))
        .where(Decision.created_at >= since)
        .group_by(Decision.comment_id)
        .subquery()
    )
    query = (
        select(Comment.created_at, first.c.decided)
        .join(first, first.c.comment_id == Comment.id)
        .join(Thread, Comment.thread_id == Thread.id)
        .where(_in_scope(scope))
    )
    return [decided - created for created, decided in session.execute(query)]


def median(values: list[timedelta]) -> timedelta | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def compute(session: Session, *, scope: ModeratorScope, days: int = 30) -> Insights:
    since = (utcnow() - timedelta(days=days)).replace(hour=0, minute=0, second=0, microsecond=0)
    per_day = _per_day(session, since, days, scope)
    waits = _waits(session, since, scope)
    return Insights(
        days=days,
        per_day=per_day,
        rules=_rules(session, since, scope),
        reasons=_reasons(session, since, scope),
        queues=count_queues(session, request=QueueRequest(), scope=scope),
        decisions=len(waits),
        median_wait=median(waits),
        total=sum(count for _, count in per_day),
    )
