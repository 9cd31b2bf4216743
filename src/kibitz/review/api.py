"""HTTP face of review: the queues, one comment in context, decisions, the audit log.

Every route here needs a signed-in moderator (401 without a session, 403 for readers); writes also
need the session's CSRF token.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from kibitz.comments.api import CommentId
from kibitz.db import MAX_ID
from kibitz.review import actions, audit, context, queues
from kibitz.review.schemas import (
    AuditPage,
    BulkDecisionCreate,
    BulkResult,
    CommentContext,
    DecisionCreate,
    DecisionResult,
    QueueCounts,
    QueueName,
    QueuePage,
    QueueSort,
    RuleName,
)
from kibitz.web.auth import CurrentModerator
from kibitz.web.deps import SessionDep, SettingsDep
from kibitz.web.errors import SIGNED_IN_ERROR_RESPONSES

router = APIRouter(prefix="/api/v1/review", tags=["review"], responses=SIGNED_IN_ERROR_RESPONSES)

Text = Annotated[str | None, Query(max_length=500)]


def _request(
    queue: QueueName,
    site: str | None,
    thread: str | None,
    rule: RuleName | None,
    author: str | None,
    sort: QueueSort,
    cursor: str | None,
    limit: int,
) -> queues.QueueRequest:
    return queues.QueueRequest(
        queue=queue,
        site=site or None,
        thread=thread or None,
        rule=rule,
        author=author or None,
        sort=sort,
        cursor=cursor or None,
        limit=limit,
    )


@router.get("/queue")
def get_queue(
    moderator: CurrentModerator,
    session: SessionDep,
    queue: QueueName = "pending",
    site: Text = None,
    thread: Text = None,
    rule: RuleName | None = None,
    author: Text = None,
    sort: QueueSort = "severity",
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> QueuePage:
    """A page of one queue (pending, reported, rejected, approved, all), filtered and sorted,
    with every queue's count under the same filters."""
    request = _request(queue, site, thread, rule, author, sort, cursor, limit)
    return queues.list_queue(session, request=request, scope=moderator.scope)


@router.get("/counts")
def get_counts(
    moderator: CurrentModerator,
    session: SessionDep,
    site: Text = None,
    thread: Text = None,
    rule: RuleName | None = None,
    author: Text = None,
) -> QueueCounts:
    """How many comments each queue holds (the dashboard polls this for new arrivals)."""
    request = _request("pending", site, thread, rule, author, "severity", None, 1)
    return queues.count_queues(session, request=request, scope=moderator.scope)


@router.get("/comments/{comment_id}")
def get_comment(
    comment_id: CommentId, moderator: CurrentModerator, session: SessionDep
) -> CommentContext:
    """One comment in context: thread, parent, scores and spans, reports, decisions, the author."""
    return context.comment_context(session, comment_id=comment_id, scope=moderator.scope)


def _decision(payload: DecisionCreate, max_body_chars: int) -> actions.DecisionRequest:
    return actions.DecisionRequest(
        action=payload.action,
        rule=payload.rule,
        note=payload.note,
        body=payload.body,
        days=payload.days,
        max_body_chars=max_body_chars,
    )


@router.post("/comments/{comment_id}/decision")
def decide_comment(
    comment_id: CommentId,
    payload: DecisionCreate,
    moderator: CurrentModerator,
    session: SessionDep,
    settings: SettingsDep,
) -> DecisionResult:
    """Approve, reject (naming the rule), edit and approve, feature, close the thread, or suspend,
    ban or shadow-ban the author; recorded in the audit log."""
    return actions.decide(
        session,
        comment_id=comment_id,
        request=_decision(payload, settings.max_body_chars),
        moderator=moderator.user,
        scope=moderator.scope,
    )


@router.post("/decisions")
def decide_comments(
    payload: BulkDecisionCreate,
    moderator: CurrentModerator,
    session: SessionDep,
    settings: SettingsDep,
) -> BulkResult:
    """The same decision on many comments; all or nothing."""
    results = actions.decide_many(
        session,
        comment_ids=payload.ids,
        request=_decision(payload, settings.max_body_chars),
        moderator=moderator.user,
        scope=moderator.scope,
    )
    return BulkResult(results=results)


@router.get("/audit")
def get_audit(
    moderator: CurrentModerator,
    session: SessionDep,
    comment: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    actor: Text = None,
    action: Annotated[str | None, Query(max_length=20)] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> AuditPage:
    """The audit log, newest first; filter by comment, actor (e-mail) or action."""
    request = audit.AuditRequest(
        comment_id=comment, actor=actor or None, action=action or None, cursor=cursor, limit=limit
    )
    return audit.list_entries(session, request=request, scope=moderator.scope)
