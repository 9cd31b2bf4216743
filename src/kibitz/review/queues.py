"""The review queues: which comments need (or had) a moderator's eye, filtered, sorted, paged.

pending   comments held for review (status pending)
reported  published comments with open reader reports
rejected  rejected comments, by the machine or a moderator (nothing is ever dropped)
approved  published comments a moderator approved
all       every comment but the deleted ones

Severity is the highest rule score the machine gave (0 when never assessed), then the number of
open reports; ties go to the oldest, which has waited longest.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, or_, select
from sqlalchemy.orm import Session

from kibitz.accounts.service import ModeratorScope
from kibitz.comments.models import Comment, Thread
from kibitz.reports.models import Report
from kibitz.review import cursor as queue_cursor
from kibitz.review.items import build_items
from kibitz.review.models import Decision
from kibitz.review.schemas import QueueCounts, QueueName, QueuePage, QueueSort
from kibitz.sites.models import Site

QUEUES: tuple[QueueName, ...] = ("pending", "reported", "rejected", "approved", "all")
APPROVING = ("approve", "edit_approve", "feature")


@dataclass(frozen=True, slots=True)
class QueueRequest:
    queue: QueueName = "pending"
    site: str | None = None
    thread: str | None = None
    rule: str | None = None
    author: str | None = None
    sort: QueueSort = "severity"
    cursor: str | None = None
    limit: int = 20


def open_reports() -> ColumnElement[int]:
    """Open reports on the outer comment, as a correlated subquery."""
    return (
        select(func.count(Report.id))
        .where(Report.comment_id == Comment.id, Report.resolved_at.is_(None))
        .scalar_subquery()
    )


def severity() -> ColumnElement[float]:
    return func.coalesce(Comment.moderation_scores["max_score"].as_float(), 0.0)


def queue_condition(queue: QueueName) -> ColumnElement[bool]:
    has_open_report = exists().where(Report.comment_id == Comment.id, Report.resolved_at.is_(None))
    approved = exists().where(Decision.comment_id == Comment.id, Decision.action.in_(APPROVING))
    conditions: dict[QueueName, ColumnElement[bool]] = {
        "pending": Comment.status == "pending",
        "reported": and_(Comment.status == "published", has_open_report),
        "rejected": Comment.status == "rejected",
        "approved": and_(Comment.status == "published", approved),
        "all": Comment.status != "deleted",
    }
    return conditions[queue]


def _filtered(
    query: Select[Comment], request: QueueRequest, scope: ModeratorScope
) -> Select[Comment]:
    query = query.join(Thread, Comment.thread_id == Thread.id).join(Site, Thread.site_id == Site.id)
    if not scope.all_sites:
        query = query.where(Thread.site_id.in_(scope.site_ids) if scope.site_ids else false())
    if request.site:
        query = query.where(Site.key == request.site)
    if request.thread:
        query = query.where(Thread.key == request.thread)
    if request.rule:
        reported_for = exists().where(
            Report.comment_id == Comment.id,
            Report.resolved_at.is_(None),
            Report.reason == request.rule,
        )
        flagged = Comment.moderation_scores[("flagged", request.rule)].as_float().is_not(None)
        query = query.where(or_(flagged, reported_for))
    if request.author:
        pattern = request.author.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Comment.author_name.ilike(f"%{pattern}%", escape="\\"))
    return query


def _after(cursor: queue_cursor.QueueCursor) -> ColumnElement[bool]:
    if cursor.sort == "oldest":
        return Comment.id > cursor.id
    if cursor.sort == "newest":
        return Comment.id < cursor.id
    sev, reports = severity(), open_reports()
    return or_(
        sev < cursor.severity,
        and_(sev == cursor.severity, reports < cursor.reports),
        and_(sev == cursor.severity, reports == cursor.reports, Comment.id > cursor.id),
    )


def list_queue(session: Session, *, request: QueueRequest, scope: ModeratorScope) -> QueuePage:
    cursor = queue_cursor.decode(request.cursor, sort=request.sort) if request.cursor else None
    query = _filtered(select(Comment), request, scope).where(queue_condition(request.queue))
    if cursor is not None:
        query = query.where(_after(cursor))
    order = {
        "severity": (severity().desc(), open_reports().desc(), Comment.id.asc()),
        "oldest": (Comment.id.asc(),),
        "newest": (Comment.id.desc(),),
    }[request.sort]
    rows = list(session.scalars(query.order_by(*order).limit(request.limit + 1)))
    page = rows[: request.limit]
    items = build_items(session, page)
    next_cursor = None
    if len(rows) > request.limit and items:
        last = items[-1]
        next_cursor = queue_cursor.encode(
            queue_cursor.QueueCursor(
                sort=request.sort, id=last.id, severity=last.severity, reports=last.report_count
            )
        )
    return QueuePage(
        queue=request.queue,
        sort=request.sort,
        items=items,
        next_cursor=next_cursor,
        counts=count_queues(session, request=request, scope=scope),
    )


def count_queues(session: Session, *, request: QueueRequest, scope: ModeratorScope) -> QueueCounts:
    """How many comments each queue holds under the same filters (the dashboard's tab badges)."""
    counts: dict[str, int] = {}
    for queue in QUEUES:
        query = _filtered(select(Comment), request, scope).where(queue_condition(queue))
        counted = select(func.count()).select_from(query.with_only_columns(Comment.id).subquery())
        counts[queue] = session.scalar(counted) or 0
    return QueueCounts(**counts)
